// What the index page says about a trace: its format, span and a few counts. Counts
// cover the events `go tool trace` keeps (complete generations). No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { Ev } from "../trace/kinds.ts";
import type { Summary } from "./summary.ts";

export interface TraceOverview {
  /** Trace format version, e.g. "1.23". */
  goVersion: string;
  durationNs: number;
  events: number;
  goroutines: number;
  procs: number;
  /** GC cycles that began in the trace. */
  gcs: number;
  userTasks: number;
  userRegions: number;
  size: number;
  validBytes: number;
}

export function traceOverview(t: Trace, summary: Summary): TraceOverview {
  const n = t.validCount;
  let gcs = 0;
  for (let i = 0; i < n; i++) if (t.type[i] === Ev.GCBegin) gcs++;
  let regions = 0;
  for (const g of summary.goroutines) regions += g.regions.length;
  return {
    goVersion: `1.${t.version}`,
    durationNs: n > 0 ? t.time[n - 1] - t.time[0] : 0,
    events: n,
    goroutines: summary.goroutines.length,
    procs: Math.max(t.pIds.length - 1, 0),
    gcs,
    userTasks: summary.tasks.length,
    userRegions: regions,
    size: t.size,
    validBytes: t.validBytes,
  };
}
