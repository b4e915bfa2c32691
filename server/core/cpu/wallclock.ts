// Where the wall-clock time of a selection went, on and off the CPU, in one picture:
// every stay of a selected goroutine in a state, clipped to the selection, by state and
// by the stack of the event that began the stay (as the blocking profiles count it):
// running (split by the CPU samples taken while it ran), runnable (waiting for a P), in
// a syscall, and blocked, one root per wait reason. Widths are time: the running part
// is the exact execution time the scheduler events give, shared among the sampled
// stacks by their counts. One pass over the blocks, no object per event. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { Ev, GoState, SYNC } from "../trace/kinds.ts";
import { gIndexAt, transitionReason } from "../trace/event.ts";
import { isGoTransition } from "../summary/lifetimes.ts";
import { selectedPart, type Selection, selects } from "./selection.ts";

/** Time of one root and stack. `stack` is -1 for running time no sample explains. */
export interface WallRecord {
  root: number;
  stack: number;
  /** Stays (or CPU samples, under "running"). */
  count: number;
  time: number;
}

export interface WallClock {
  /** Root names: "running", "runnable", "syscall", "blocked: <reason>", … */
  roots: string[];
  records: WallRecord[];
  /** Execution time of the selection, and the CPU samples taken while it ran. */
  running: number;
  samples: number;
}

export const RUNNING = "running";
export const RUNNABLE = "runnable (waiting for a P)";
export const SYSCALL = "syscall";
/** A wait the trace began in: Go records no reason for it. */
export const BLOCKED_BEFORE = "blocked (since before the trace)";

export function blockedRoot(reason: string): string {
  return reason === "" ? BLOCKED_BEFORE : `blocked: ${reason}`;
}

export async function wallClock(
  t: Trace,
  sel: Selection,
  opts: PassOptions = {},
): Promise<WallClock> {
  const nG = t.gId.length;
  const state = new Uint8Array(nG); // GoState; 0 = not in a stay
  const since = new Float64Array(nG);
  const stackOf = new Uint32Array(nG);
  const reasonOf = new Uint32Array(nG);
  const roots: string[] = [RUNNING, RUNNABLE, SYSCALL];
  const rootOfReason = new Map<number, number>();
  const records: WallRecord[] = [];
  const byKey = new Map<number, number>();
  const width = t.stackCount + 1;
  const add = (root: number, stack: number, time: number) => {
    const key = root * width + stack + 1;
    let k = byKey.get(key);
    if (k === undefined) {
      k = records.length;
      records.push({ root, stack, count: 0, time: 0 });
      byKey.set(key, k);
    }
    records[k].count++;
    records[k].time += time;
  };
  const sampleCount = new Map<number, number>(); // stack → samples while running
  let running = 0, samples = 0;
  const close = (g: number, end: number) => {
    const s = state[g];
    if (s === 0) return;
    state[g] = 0;
    const d = selectedPart(sel, g, since[g], end);
    if (d <= 0) return;
    if (s === GoState.Running) running += d;
    else if (s === GoState.Runnable) add(1, stackOf[g], d);
    else if (s === GoState.Syscall) add(2, stackOf[g], d);
    else {
      const reason = reasonOf[g];
      let root = rootOfReason.get(reason);
      if (root === undefined) {
        root = roots.length;
        roots.push(blockedRoot(t.string(reason)));
        rootOfReason.set(reason, root);
      }
      add(root, stackOf[g], d);
    }
  };
  let end = 0, lastSync = 0;
  for await (const b of t.eachBlock(0, t.blocks.length, opts)) {
    const n = Math.min(b.count, t.validCount - b.first);
    const { type, time, a0, stack } = b;
    for (let j = 0; j < n; j++) {
      const typ = type[j];
      if (typ === Ev.CPUSample) {
        const g = gIndexAt(t, b, j);
        if (state[g] === GoState.Running && selects(sel, g, time[j])) {
          samples++;
          sampleCount.set(stack[j], (sampleCount.get(stack[j]) ?? 0) + 1);
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
        // As Go's summary: a state first seen (Undetermined) holds since the last Sync.
        since[g] = from === GoState.Undetermined ? lastSync : time[j];
        stackOf[g] = stack[j];
        reasonOf[g] = transitionReason(b, j);
      }
    }
    if (n > 0) end = time[n - 1];
  }
  // Stays still open at the end last until the last event.
  for (let g = 0; g < nG; g++) close(g, end);
  if (running > 0) {
    if (samples === 0) {
      records.push({ root: 0, stack: -1, count: 0, time: running });
    } else {
      for (const [stack, c] of sampleCount) {
        records.push({ root: 0, stack, count: c, time: running * c / samples });
      }
    }
  }
  return { roots, records, running, samples };
}
