// `go tool trace`'s start-up, then the web UI: listen on -http, parse the trace with
// progress, warn about a lost tail, print the URL, open a browser, serve until killed.

import { openTrace, parseTrace, type Trace } from "../core/trace/trace.ts";
import { TraceError } from "../core/trace/error.ts";
import { goOpenError } from "../cli/io.ts";
import { InputError, openInput } from "../cli/open.ts";
import { decodeWorker, PASS_CACHE_BYTES } from "../cli/load.ts";
import { parseProgress } from "../cli/progress.ts";
import { parseListenAddress, serverURL } from "./address.ts";
import { canOpenBrowser, openBrowser } from "./browser.ts";
import { createApp } from "./app.ts";
import { type LogFn, partialTraceLines, stderrLog } from "./startup_log.ts";
import { type Front, listenWith, type ServerLimits } from "./front.ts";

export interface ServeOptions extends ServerLimits {
  addr: string;
  traceFile: string;
  /** The trace's bytes when the caller already read them; otherwise the file is read. */
  bytes?: Uint8Array;
  /** -range: open only these generations. */
  range?: string;
  /** Bytes of decoded events kept in memory (the rest is decoded again when asked). */
  cacheBytes?: number;
  /** Where start-up lines go (Go's log: timestamped, to stderr). */
  log?: LogFn;
  /** Called with the URL once the server answers requests (tests use it). */
  onReady?: (url: string) => void;
  /** Ends the server when aborted; serve then returns 0. */
  signal?: AbortSignal;
}

/** Runs the server; resolves with the exit status when it stops or fails to start. */
export async function serve(opts: ServeOptions): Promise<number> {
  const log = opts.log ?? stderrLog;
  const addr = parseListenAddress(opts.addr);
  if ("error" in addr) return die(`failed to create server socket: ${addr.error}`);

  // Like Go: listen first, so a bad address fails before a long parse. Requests wait
  // for the trace.
  let trace: Trace;
  const app = Promise.withResolvers<(req: Request) => Promise<Response>>();
  let server: Front;
  try {
    server = await listenWith(addr, opts, async (req) => (await app.promise)(req), opts.signal);
  } catch (e) {
    return die(`failed to create server socket: listen tcp ${opts.addr}: ${errorText(e)}`);
  }

  log("Preparing trace for viewer...");
  const progress = parseProgress(log, opts.log === undefined && Deno.stderr.isTerminal());
  try {
    const parseOpts = {
      onProgress: progress.onProgress,
      cacheBytes: opts.cacheBytes ?? PASS_CACHE_BYTES,
    };
    if (opts.bytes) trace = await parseTrace(opts.bytes, parseOpts);
    else {
      // The file stays open while the server runs: big traces are read again on demand.
      const input = await openInput(opts.traceFile, opts.range);
      if (input.note) log(input.note);
      trace = await openTrace(input.src, { ...parseOpts, parallel: decodeWorker });
    }
  } catch (e) {
    progress.finish();
    await server.close();
    if (e instanceof InputError) return die(e.message);
    if (e instanceof TraceError) return die(`failed to create trace reader: ${e.goMessage}`);
    return die(`failed to read trace file: ${goOpenError(opts.traceFile, e)}`);
  }
  progress.finish();
  if (trace.validCount === 0) {
    await server.close();
    return die(`failed to parse any useful part of the trace: ${trace.error?.goMessage}`);
  }
  for (const line of partialTraceLines(trace)) log(line);

  // Go splits the timeline into ~100 MB parts here. Its line stays (scripts wait for
  // these lines); the work is done when a page asks for it.
  log("Splitting trace for viewer...");
  app.resolve(createApp({ trace, file: opts.traceFile, timelineBytes: timelineBudget() }));
  const url = serverURL(server.hostname, server.port);
  // Go's line when a browser can be tried; otherwise say what to do instead.
  const tryBrowser = canOpenBrowser();
  if (tryBrowser) log(`Opening browser. Trace viewer is listening on ${url}`);
  else log(`Open this URL in a browser. Trace viewer is listening on ${url}`);
  opts.onReady?.(url);
  if (tryBrowser) {
    openBrowser(url).then((opened) => {
      if (!opened) log(`Could not start a browser: open ${url} in one.`);
    }, () => {});
  }
  await server.finished;
  return 0;
}

/**
 * The timeline's views may take half of this machine's memory together (the rest is the
 * trace's block cache, the other pages and the system's).
 */
/**
 * Bytes the timeline's models may take together: 512 MiB, or half the machine's memory
 * when that is less. A view bigger than that is shown in parts (timeline/parts.ts), so a
 * big trace's server stays within a few GB whatever page is open.
 */
function timelineBudget(): number {
  const budget = 2 ** 29;
  try {
    return Math.min(budget, Deno.systemMemoryInfo().total / 2);
  } catch {
    return budget;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function die(msg: string): number {
  console.error(msg);
  return 1;
}
