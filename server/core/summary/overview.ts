// What the index page says about a trace: its format, span and a few counts. Counts
// cover the events `go tool trace` keeps (complete generations), straight from the event
// columns: the index must not wait for the goroutine summary on a big trace. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { Ev } from "../trace/kinds.ts";

export interface TraceOverview {
  /** Trace format version, e.g. "1.23". */
  goVersion: string;
  durationNs: number;
  events: number;
  /** Distinct goroutine ids seen. */
  goroutines: number;
  procs: number;
  /** GC cycles that began in the trace. */
  gcs: number;
  /** Distinct task ids seen. */
  userTasks: number;
  /** Regions begun in the trace. */
  userRegions: number;
  /** CPU profile samples (StackSample events): 0 when the CPU profiler was not on. */
  cpuSamples: number;
  size: number;
  validBytes: number;
}

/** The overview, from the blocks' event counts: no pass over the events. */
export async function traceOverview(t: Trace): Promise<TraceOverview> {
  const n = t.validCount;
  // The blocks' counts; a block without them, or cut by validCount (a damaged trace), is
  // counted row by row: only that block is read again.
  const counts = new Uint32Array(256);
  for (const b of t.blocks) {
    if (b.first >= n) break;
    if (b.first + b.count <= n && b.typeCounts) {
      for (let k = 0; k < 256; k++) counts[k] += b.typeCounts[k];
      continue;
    }
    for await (const blk of t.eachBlock(b.index, b.index + 1)) {
      const m = Math.min(blk.count, n - blk.first);
      for (let i = 0; i < m; i++) counts[blk.type[i]]++;
    }
  }
  return {
    goVersion: `1.${t.version}`,
    durationNs: n > 0 ? t.validEndTime - t.startTime : 0,
    events: n,
    goroutines: Math.max(t.gId.length - 1, 0),
    procs: Math.max(t.pIds.length - 1, 0),
    gcs: counts[Ev.GCBegin],
    userTasks: Math.max(t.taskId.length - 1, 0),
    userRegions: counts[Ev.UserRegionBegin],
    cpuSamples: counts[Ev.CPUSample],
    size: t.size,
    validBytes: t.validBytes,
  };
}
