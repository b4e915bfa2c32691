// -pprof=TYPE: writes one of the blocking profiles (net, sync, syscall, sched), or the CPU
// profile inside the trace (cpu, traceglass only), of the whole trace to stdout as a
// gzipped pprof profile, with `go tool trace`'s errors and exit statuses. Go parses the
// trace before looking at TYPE, so a bad trace wins over a bad type; a few of Go's
// messages end in a blank line, which is kept.

import { InputError, openInput } from "./open.ts";
import { decodeWorker, PASS_CACHE_BYTES } from "./load.ts";
import { goOpenError, writeAllSync } from "./io.ts";
import { errorText } from "./debug_mode.ts";
import { TraceError } from "../core/trace/error.ts";
import { openTrace, parseTrace, type Trace } from "../core/trace/trace.ts";
import { isPprofType } from "../core/profiles/pprof.ts";
import { traceProfile } from "../core/profiles/trace_profile.ts";

/** Runs -pprof=type on a trace file, writing to stdout/stderr; returns the exit status. */
export async function runPprof(type: string, traceFile: string, range = ""): Promise<number> {
  return await pprofCommand(
    type,
    async () => {
      // Go opens directories fine and then fails to read a header from them.
      const info = await Deno.stat(traceFile).catch(() => null);
      if (info?.isDirectory) return parseTrace(new Uint8Array());
      const input = await openInput(traceFile, range); // open until the process ends
      return openTrace(input.src, { parallel: decodeWorker, cacheBytes: PASS_CACHE_BYTES });
    },
    (bytes) => writeAllSync(Deno.stdout, bytes),
    (line) => console.error(line),
    traceFile,
  );
}

/**
 * The -pprof mode with its input and outputs as callbacks (tests run it in-process):
 * `load` parses the trace, `out` receives the profile, `err` Go's error text.
 */
export async function pprofCommand(
  type: string,
  load: () => Promise<Trace>,
  out: (bytes: Uint8Array) => void,
  err: (text: string) => void,
  traceFile = "",
): Promise<number> {
  let trace: Trace;
  try {
    trace = await load();
  } catch (e) {
    if (e instanceof InputError) err(e.message);
    else if (e instanceof TraceError) err(`failed to create trace reader: ${errorText(e)}`);
    else if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
      err(`failed to read trace file: ${goOpenError(traceFile, e)}`);
    } else err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  // Go reads v1 traces whole when it creates its reader, so their errors surface there.
  if (trace.error && trace.version < 22) {
    err(`failed to create trace reader: ${errorText(trace.error)}`);
    return 1;
  }
  if (trace.validCount === 0) {
    // With no error Go prints its nil error as "<nil>".
    err(
      `failed to parse any useful part of the trace: ${
        trace.error ? errorText(trace.error) : "<nil>"
      }`,
    );
    return 1;
  }
  if (type !== "cpu" && !isPprofType(type)) {
    err(`unknown pprof type ${type}\n`);
    return 1;
  }
  const bytes = await traceProfile(trace, type);
  if (bytes instanceof Error) {
    err(`failed to generate pprof: ${bytes.message}\n`);
    return 1;
  }
  out(bytes);
  return 0;
}
