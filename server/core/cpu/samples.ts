// The CPU profile inside a trace: since Go 1.19 (format 1.19+; 1.22+ traces too) a
// program that runs the CPU profiler while tracing records each profiler sample in the
// trace, as a StackSample event with the sample's stack and the M, P and goroutine it
// interrupted. This pass counts them by stack, for a selection (selection.ts). One pass
// over the blocks that overlap the selection's time; no object per event. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { Ev } from "../trace/kinds.ts";
import { gIndexAt } from "../trace/event.ts";
import type { ProfileRecord } from "../profiles/pprof.ts";
import { type Selection, selects } from "./selection.ts";

/**
 * The time one sample stands for. The trace does not record the profiler's rate;
 * runtime/pprof's StartCPUProfile runs it at 100 Hz, so a sample is 10 ms of CPU.
 */
export const CPU_PERIOD_NS = 10_000_000;

/** Samples by stack (time = count × CPU_PERIOD_NS), in order of first sample. */
export async function cpuProfile(
  t: Trace,
  sel: Selection,
  opts: PassOptions = {},
): Promise<ProfileRecord[]> {
  const byStack = new Int32Array(t.stackCount + 1); // stack id → record index + 1
  const out: ProfileRecord[] = [];
  const [from, to] = sel.from !== undefined || sel.to !== undefined
    ? t.blocksInTime(sel.from ?? -Infinity, sel.to ?? Infinity)
    : [0, t.blocks.length];
  for await (const b of t.eachBlock(from, to, opts)) {
    // Complete generations only, as `go tool trace` keeps.
    const n = Math.min(b.count, t.validCount - b.first);
    const { type, stack, time } = b;
    for (let j = 0; j < n; j++) {
      if (type[j] !== Ev.CPUSample) continue;
      if (!selects(sel, gIndexAt(t, b, j), time[j])) continue;
      const s = stack[j];
      let k = byStack[s] - 1;
      if (k < 0) {
        k = out.length;
        out.push({ stack: s, count: 0, time: 0 });
        byStack[s] = k + 1;
      }
      out[k].count++;
      out[k].time += CPU_PERIOD_NS;
    }
  }
  return out;
}

/** How many CPU samples the trace holds (complete generations). */
export async function cpuSampleCount(t: Trace, opts: PassOptions = {}): Promise<number> {
  let n = 0;
  for await (const b of t.eachBlock(0, t.blocks.length, opts)) {
    const end = Math.min(b.count, t.validCount - b.first);
    const type = b.type;
    for (let j = 0; j < end; j++) if (type[j] === Ev.CPUSample) n++;
  }
  return n;
}

/** A CPU profile's units, as runtime/pprof writes them. */
export const CPU_UNITS = {
  count: ["samples", "count"] as [string, string],
  time: ["cpu", "nanoseconds"] as [string, string],
  period: ["cpu", "nanoseconds"] as [string, string],
  periodValue: CPU_PERIOD_NS,
};
