// When each goroutine first ran and when it ended, decided exactly as the summarizer
// (summary.ts, Go's Summarizer) decides StartTime and EndTime, without the rest of the
// summary. The whole-trace profiles (-pprof) need only these, and they come from one
// light pass over the transitions: no per-goroutine objects, no regions.
// Times are ns relative to baseTime; UNSET (= −baseTime, Go's zero time) when unset.
// No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { Ev, GO_TRANSITIONS, GoState } from "../trace/kinds.ts";
import { transitionReason, transitionResource } from "../trace/event.ts";

export interface GoroutineLifetimes {
  /** Go's zero time in relative ns: the value of unset times. */
  unset: number;
  /** Per goroutine index: 1 when the summary has the goroutine. */
  known: Uint8Array;
  /** First transition to running since the goroutine's (latest) creation, or unset. */
  start: Float64Array;
  /** Its last end (death, or blocking forever), or unset. */
  end: Float64Array;
  /** How many goroutines are known. */
  count: number;
}

/** Lifetimes over events [0, end): every decoded event, as the summary (one pass). */
export async function goroutineLifetimes(
  t: Trace,
  end = t.count,
  opts: PassOptions = {},
): Promise<GoroutineLifetimes> {
  const unset = -Number(t.baseTime);
  const nG = t.gId.length;
  const known = new Uint8Array(nG);
  const start = new Float64Array(nG).fill(unset);
  const stop = new Float64Array(nG).fill(unset);
  const forever = foreverReasons(t);
  const ctxG = t.ctxG;
  let count = 0;
  const begin = (g: number) => {
    if (!known[g]) count++;
    known[g] = 1;
    start[g] = unset;
    stop[g] = unset;
  };
  const blocks = end > 0 ? t.blockOf(end - 1) + 1 : 0;
  for await (const b of t.eachSlice(0, blocks, opts)) {
    const { type, state, time, ctx } = b;
    const n = Math.min(b.count, end - b.first);
    for (let i = 0; i < n; i++) {
      const typ = type[i];
      if (typ === Ev.UserRegionBegin || typ === Ev.UserRegionEnd) {
        // The summarizer introduces a goroutine it meets first in a region event.
        const g = ctxG[ctx[i]];
        if (g !== 0 && !known[g]) begin(g);
        continue;
      }
      if (isGoTransition[typ] === 0) continue;
      const st = state[i];
      const from = st >> 4, to = st & 15;
      if (from === to) continue;
      const g = transitionResource(b, i);
      // A (re)creation starts a new summary; a goroutine not seen before gets one too.
      if (from === GoState.Undetermined || from === GoState.NotExist || !known[g]) begin(g);
      if (to === GoState.Running) {
        if (start[g] === unset) start[g] = time[i];
      } else if (
        to === GoState.NotExist ||
        (to === GoState.Waiting && forever[transitionReason(b, i)])
      ) {
        stop[g] = time[i];
      }
    }
  }
  return { unset, known, start, end: stop, count };
}

// Per string id, whether it is the block reason "forever" (blocking that never ends).
function foreverReasons(t: Trace): Uint8Array {
  const out = new Uint8Array(t.stringCount);
  const want = new TextEncoder().encode("forever");
  for (let id = 0; id < out.length; id++) {
    const b = t.stringBytesOf(id);
    out[id] = b.length === want.length && b.every((x, k) => x === want[k]) ? 1 : 0;
  }
  return out;
}

/** Goroutine state transitions (the wire types whose resource is a goroutine). */
export const isGoTransition = new Uint8Array(256);
for (const typ of GO_TRANSITIONS) isGoTransition[typ] = 1;
