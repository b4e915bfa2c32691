// traceglass: a Go execution-trace analyzer with the flags of `go tool trace`.
//
//   deno run -A server/main.ts [flags] [pkg.test] trace.out
//
// Debug modes (-d=parsed|wire|footprint) and profiles (-pprof=TYPE) print and exit;
// -export=DIR writes the trace as Parquet tables; otherwise the trace is parsed and the web UI served (-http, default localhost:0).

import { parseFlags } from "./cli/flags.ts";
import { USAGE } from "./cli/usage.ts";
import { goOpenError, textSink } from "./cli/io.ts";
import { runDebugMode } from "./cli/debug_mode.ts";
import { InputError, type OpenedInput, openInput } from "./cli/open.ts";
import { DurationError, parseDuration } from "./core/util/go_duration.ts";
import type { ServerLimits } from "./http/front.ts";

/** The flags and their defaults (start.ts reads the same set). */
export const FLAGS = {
  http: "localhost:0",
  pprof: "",
  d: "",
  range: "",
  diff: "false",
  export: "",
  timeout: "20s",
  hosts: "",
  diagnose: "false",
};
export const BOOL_FLAGS = new Set(["diff", "diagnose"]);

/** Runs the command; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, FLAGS, BOOL_FLAGS);
  if (!parsed.ok) {
    if (parsed.message) console.error(parsed.message);
    Deno.stderr.writeSync(new TextEncoder().encode(USAGE));
    return 2;
  }
  const { flags, args } = parsed;
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(flags.timeout) / 1e6;
    if (timeoutMs < 0) throw new DurationError("negative");
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    console.error(`invalid value "${flags.timeout}" for flag -timeout: ${e.message}`);
    Deno.stderr.writeSync(new TextEncoder().encode(USAGE));
    return 2;
  }
  const hosts = flags.hosts.split(",").filter((h) => h !== "");
  const limits: ServerLimits = { timeoutMs, hosts };
  if (flags.diff === "true") return await diff(flags, args, limits);
  // Like Go, an optional program binary may precede the trace; it is not needed.
  if (args.length !== 1 && args.length !== 2) {
    Deno.stderr.writeSync(new TextEncoder().encode(USAGE));
    return 2;
  }
  const traceFile = args[args.length - 1];
  if (flags.export !== "") {
    const { runExport } = await import("./cli/export_mode.ts");
    return runExport(flags.export, traceFile, flags.range);
  }
  if (flags.diagnose === "true") {
    const { runDiagnose } = await import("./cli/diagnose_mode.ts");
    return runDiagnose(traceFile, flags.range);
  }
  if (flags.pprof !== "") {
    // Reads the file itself, straight into the decoder.
    const { runPprof } = await import("./cli/pprof_mode.ts");
    return runPprof(flags.pprof, traceFile, flags.range);
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(traceFile);
  } catch (e) {
    return die(`failed to read trace file: ${goOpenError(traceFile, e)}`);
  }
  // Go opens directories fine and then fails to read a header from them.
  const empty = info.isDirectory ? new Uint8Array() : undefined;

  if (flags.d === "") {
    // The web UI reads the file itself, straight into the decoder.
    const { serve } = await import("./http/serve.ts");
    return serve({ addr: flags.http, traceFile, bytes: empty, range: flags.range, ...limits });
  }
  // Streamed from the file: the output of a big trace comes with flat memory, as Go's.
  let input: OpenedInput | undefined;
  try {
    input = empty ? undefined : await openInput(traceFile, flags.range);
  } catch (e) {
    if (e instanceof InputError) return die(e.message);
    return die(`failed to read trace file: ${goOpenError(traceFile, e)}`);
  }
  try {
    if (input?.note) console.error(input.note);
    const src = input?.src ?? empty!;
    return await runDebugMode(flags.d, src, textSink(Deno.stdout), (l) => console.error(l));
  } finally {
    input?.[Symbol.dispose]();
  }
}

/** -diff old.trace new.trace: serve the comparison, or write the -pprof difference. */
async function diff(
  flags: Record<string, string>,
  args: string[],
  limits: ServerLimits,
): Promise<number> {
  if (args.length !== 2) {
    console.error("-diff needs two traces: traceglass -diff old.trace new.trace");
    return 2;
  }
  if (flags.d !== "" || flags.range !== "") {
    console.error("-diff takes -http or -pprof, not -d or -range");
    return 2;
  }
  if (flags.pprof !== "") {
    const { runDiffPprof } = await import("./cli/diff_mode.ts");
    return runDiffPprof(flags.pprof, args[0], args[1]);
  }
  const { serveDiff } = await import("./http/serve_diff.ts");
  return serveDiff({ addr: flags.http, oldFile: args[0], newFile: args[1], ...limits });
}

function die(msg: string): number {
  console.error(msg);
  return 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
