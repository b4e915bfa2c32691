// -diff old.trace new.trace: open both traces (for the comparison server), and with
// -pprof=TYPE write the difference profile (new minus old) to stdout instead.

import { InputError, openInput } from "./open.ts";
import { goOpenError, writeAllSync } from "./io.ts";
import { errorText } from "./debug_mode.ts";
import { TraceError } from "../core/trace/error.ts";
import { openTrace, type ParseOptions, type Trace } from "../core/trace/trace.ts";
import { summarize } from "../core/summary/summary.ts";
import {
  DIFF_PROFILES,
  type DiffSide,
  isDiffProfileType,
  profileDiff,
  profileUnits,
} from "../core/diff/compare.ts";
import { diffProfile } from "../core/diff/profile_diff.ts";
import { encodeProfile } from "../core/profiles/pprof_encode.ts";

/** A trace of the comparison could not be opened: the message says which and why. */
export class DiffInputError extends Error {}

/** Opens one trace of a comparison (kept open: big traces are read again on demand). */
export async function openDiffTrace(path: string, opts: ParseOptions = {}): Promise<Trace> {
  let trace: Trace;
  try {
    const input = await openInput(path);
    trace = await openTrace(input.src, opts);
  } catch (e) {
    if (e instanceof InputError) throw new DiffInputError(e.message);
    if (e instanceof TraceError) {
      throw new DiffInputError(`${path}: failed to create trace reader: ${errorText(e)}`);
    }
    throw new DiffInputError(`failed to read trace file: ${goOpenError(path, e)}`);
  }
  if (trace.validCount === 0) {
    throw new DiffInputError(
      `${path}: failed to parse any useful part of the trace: ${
        trace.error ? errorText(trace.error) : "<nil>"
      }`,
    );
  }
  return trace;
}

/** A side of the comparison: the trace and its goroutine summary. */
export async function diffSide(file: string, trace: Trace): Promise<DiffSide> {
  return { file, trace, summary: await summarize(trace) };
}

/** -diff -pprof=type old new: the difference profile on stdout; the exit status. */
export async function runDiffPprof(
  type: string,
  oldFile: string,
  newFile: string,
): Promise<number> {
  if (!isDiffProfileType(type)) {
    console.error(`unknown pprof type ${type}: expected one of ${DIFF_PROFILES.join(", ")}`);
    return 2;
  }
  try {
    const before = await diffSide(oldFile, await openDiffTrace(oldFile));
    const after = await diffSide(newFile, await openDiffTrace(newFile));
    const d = await profileDiff(before, after, type);
    writeAllSync(Deno.stdout, await encodeProfile(diffProfile(d, profileUnits(type))));
    return 0;
  } catch (e) {
    if (e instanceof DiffInputError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
