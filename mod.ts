/**
 * traceglass: Go execution traces read in any JavaScript runtime (Deno, browsers, Web
 * Workers, Node 20). The decoder is WebAssembly embedded in the module: nothing is
 * fetched, nothing leaves the machine.
 *
 * ```ts
 * import { openTrace } from "./mod.ts";
 *
 * const trace = await openTrace(await Deno.readFile("testdata/sample.trace"));
 * console.log(trace.goVersion, trace.eventCount, trace.duration);
 * for (const g of await trace.goroutines()) console.log(g.id, g.name, g.execTime);
 * const pprof = await trace.profile("sched"); // gzipped pprof, as go tool trace -pprof=sched
 * const text = await trace.debug("parsed"); // go tool trace -d=parsed, byte for byte
 * ```
 *
 * @module
 */

export { openTrace } from "./server/core/api/open.ts";
export type {
  DebugMode,
  EventExperimental,
  EventKind,
  EventLabel,
  EventLog,
  EventMetric,
  EventRange,
  EventRegion,
  EventSync,
  EventTask,
  ExecStats,
  GoroutineSummary,
  MMUFlag,
  MMUPoint,
  OpenOptions,
  ProfileType,
  RangeScope,
  RegionSummary,
  StackFrame,
  StateTransition,
  TaskLog,
  TaskSummary,
  Trace,
  TraceEvent,
  TraceInput,
} from "./server/core/api/types.ts";
