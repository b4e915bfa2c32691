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

export function traceOverview(t: Trace): TraceOverview {
  const n = t.validCount;
  let gcs = 0, regions = 0, samples = 0;
  for (let i = 0; i < n; i++) {
    const typ = t.type[i];
    if (typ === Ev.GCBegin) gcs++;
    else if (typ === Ev.UserRegionBegin) regions++;
    else if (typ === Ev.CPUSample) samples++;
  }
  return {
    goVersion: `1.${t.version}`,
    durationNs: n > 0 ? t.time[n - 1] - t.time[0] : 0,
    events: n,
    goroutines: Math.max(t.gId.length - 1, 0),
    procs: Math.max(t.pIds.length - 1, 0),
    gcs,
    userTasks: Math.max(t.taskId.length - 1, 0),
    userRegions: regions,
    cpuSamples: samples,
    size: t.size,
    validBytes: t.validBytes,
  };
}
