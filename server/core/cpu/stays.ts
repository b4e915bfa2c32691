// Every goroutine's stays in a state, from the state transitions: running, runnable,
// in a syscall, or waiting (with the reason and the stack of the event that began the
// wait), each from its start to its end (a state the trace begins in holds since the
// last Sync, as in Go's summary; a stay still open at the end lasts to the last event).
// Also the CPU samples, with the state of the goroutine they interrupted. One pass over
// the blocks; no object per event. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { Ev, GoState, SYNC } from "../trace/kinds.ts";
import { gIndexAt, transitionReason } from "../trace/event.ts";
import { isGoTransition } from "../summary/lifetimes.ts";

export interface StayVisitor {
  /**
   * A stay of goroutine `g` (index) in `state` (GoState) over [start, end]; `reason` is
   * the wait's reason (string id, 0 if none) and `stack` the stack of the event that
   * began the stay.
   */
  stay(g: number, state: number, reason: number, stack: number, start: number, end: number): void;
  /** A CPU sample of goroutine `g` (0: none) in `state` (0: not in a stay). */
  sample?(g: number, state: number, stack: number, time: number): void;
}

export async function eachStay(t: Trace, v: StayVisitor, opts: PassOptions = {}): Promise<void> {
  const nG = t.gId.length;
  const state = new Uint8Array(nG); // GoState; 0 = not in a stay
  const since = new Float64Array(nG);
  const stackOf = new Uint32Array(nG);
  const reasonOf = new Uint32Array(nG);
  const close = (g: number, end: number) => {
    const s = state[g];
    if (s === 0) return;
    state[g] = 0;
    v.stay(g, s, reasonOf[g], stackOf[g], since[g], end);
  };
  let end = 0, lastSync = 0;
  for await (const b of t.eachSlice(0, t.blocks.length, opts)) {
    // Complete generations only, as `go tool trace` keeps.
    const n = Math.min(b.count, t.validCount - b.first);
    const { type, time, a0, stack } = b;
    for (let j = 0; j < n; j++) {
      const typ = type[j];
      if (typ === Ev.CPUSample) {
        if (v.sample) {
          const g = gIndexAt(t, b, j);
          v.sample(g, state[g], stack[j], time[j]);
        }
        continue;
      }
      if (typ === SYNC) lastSync = time[j];
      if (isGoTransition[typ] === 0) continue;
      const g = a0[j];
      const from = b.state[j] >> 4, to = b.state[j] & 15;
      if (to === state[g]) continue; // Still in the same stay (a status restated).
      close(g, time[j]);
      if (
        to === GoState.Running || to === GoState.Runnable || to === GoState.Syscall ||
        to === GoState.Waiting
      ) {
        state[g] = to;
        since[g] = from === GoState.Undetermined ? lastSync : time[j];
        stackOf[g] = stack[j];
        reasonOf[g] = transitionReason(b, j);
      }
    }
    if (n > 0) end = time[n - 1];
  }
  for (let g = 0; g < nG; g++) close(g, end);
}
