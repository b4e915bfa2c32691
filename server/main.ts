// traceglass: a Go execution-trace analyzer with the flags of `go tool trace`.
//
//   deno run -A server/main.ts [flags] [pkg.test] trace.out
//
// Debug modes (-d=parsed|wire|footprint) and profiles (-pprof=TYPE) print and exit;
// otherwise the trace is parsed and the web UI served (-http, default localhost:0).

import { parseFlags } from "./cli/flags.ts";
import { USAGE } from "./cli/usage.ts";
import { goOpenError, textSink } from "./cli/io.ts";
import { parseTrace } from "./trace/trace.ts";
import { printParsed } from "./trace/event_string.ts";
import { printWire } from "./trace/wire.ts";
import { printFootprint } from "./trace/footprint.ts";
import { TraceError } from "./trace/error.ts";

const FLAGS = { http: "localhost:0", pprof: "", d: "" };

/** Runs the command; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) {
    if (parsed.message) console.error(parsed.message);
    Deno.stderr.writeSync(new TextEncoder().encode(USAGE));
    return 2;
  }
  const { flags, args } = parsed;
  // Like Go, an optional program binary may precede the trace; it is not needed.
  if (args.length !== 1 && args.length !== 2) {
    Deno.stderr.writeSync(new TextEncoder().encode(USAGE));
    return 2;
  }
  const traceFile = args[args.length - 1];
  let bytes: Uint8Array;
  try {
    const info = await Deno.stat(traceFile);
    // Go opens directories fine and then fails to read a header from them.
    bytes = info.isDirectory ? new Uint8Array() : await Deno.readFile(traceFile);
  } catch (e) {
    return die(`failed to read trace file: ${goOpenError(traceFile, e)}`);
  }

  if (flags.pprof !== "") {
    const { runPprof } = await import("./cli/pprof_mode.ts");
    return runPprof(flags.pprof, bytes);
  }
  if (flags.d !== "") return debugMode(flags.d, bytes);

  const { serve } = await import("./http/serve.ts");
  return serve({ addr: flags.http, traceFile, bytes });
}

async function debugMode(mode: string, bytes: Uint8Array): Promise<number> {
  const out = textSink(Deno.stdout);
  switch (mode) {
    case "parsed": {
      let trace;
      try {
        trace = await parseTrace(bytes);
      } catch (e) {
        return die(errorText(e));
      }
      printParsed(trace, out);
      return trace.error ? die(errorText(trace.error)) : 0;
    }
    case "wire":
    case "footprint": {
      const err = (mode === "wire" ? printWire : printFootprint)(bytes, out);
      return err ? die(err.message) : 0;
    }
  }
  return die(`invalid debug mode ${mode}, want one of: parsed, wire, footprint`);
}

/** Go's error text first (scripts match on it), then where it happened. */
export function errorText(e: unknown): string {
  if (e instanceof TraceError) {
    return e.offset >= 0
      ? `${e.goMessage}\ntraceglass: at byte offset ${e.offset} of ${e.size}`
      : e.goMessage;
  }
  return e instanceof Error ? e.message : String(e);
}

function die(msg: string): number {
  console.error(msg);
  return 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
