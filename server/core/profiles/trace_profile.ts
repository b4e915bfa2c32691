// A whole trace's profile as pprof bytes: `go tool trace -pprof=TYPE` (the four blocking
// profiles of every goroutine) and our `-pprof=cpu` (the CPU profiler's samples in the
// trace). The CLI and the library's Trace.profile both write it. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { goroutineLifetimes } from "../summary/lifetimes.ts";
import { allGoroutineIntervals, computePprof, type PprofType } from "./pprof.ts";
import { buildProfile, encodeProfile } from "./pprof_encode.ts";
import { CPU_UNITS, cpuProfile } from "../cpu/samples.ts";
import { wholeTrace } from "../cpu/selection.ts";

/**
 * The gzipped profile of every goroutine; an Error (Go's text after "failed to generate
 * pprof: ") when Go's own would fail.
 */
export async function traceProfile(
  trace: Trace,
  type: PprofType | "cpu",
): Promise<Uint8Array | Error> {
  if (type === "cpu") {
    const records = await cpuProfile(trace, wholeTrace());
    return await encodeProfile(buildProfile(trace, records, CPU_UNITS));
  }
  // Go summarizes every event it decoded, but profiles only complete generations. Of
  // the summary, the profile of all goroutines needs only their lifetimes.
  const intervals = allGoroutineIntervals(trace, await goroutineLifetimes(trace));
  if (intervals instanceof Error) return intervals;
  const records = await computePprof(trace, type, intervals);
  return await encodeProfile(buildProfile(trace, records));
}
