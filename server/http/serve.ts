// `go tool trace`'s start-up, then the web UI: listen on -http, parse the trace with
// progress, warn about a lost tail, print the URL, open a browser, serve until killed.

import { parseTrace, type Trace } from "../core/trace/trace.ts";
import { TraceError } from "../core/trace/error.ts";
import { parseTraceFile } from "../cli/load.ts";
import { goOpenError } from "../cli/io.ts";
import { parseListenAddress, serverURL } from "./address.ts";
import { openBrowser } from "./browser.ts";
import { createApp } from "./app.ts";
import { prepareTimeline } from "./timeline.ts";
import { type LogFn, partialTraceLines, progressReporter, stderrLog } from "./startup_log.ts";

export interface ServeOptions {
  addr: string;
  traceFile: string;
  /** The trace's bytes when the caller already read them; otherwise the file is read. */
  bytes?: Uint8Array;
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
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: addr.hostname,
      port: addr.port,
      signal: opts.signal,
      onListen: () => {},
    }, async (req) => {
      return (await app.promise)(req);
    });
  } catch (e) {
    return die(`failed to create server socket: listen tcp ${opts.addr}: ${errorText(e)}`);
  }

  log("Preparing trace for viewer...");
  try {
    const parseOpts = { onProgress: progressReporter(log) };
    trace = opts.bytes
      ? await parseTrace(opts.bytes, parseOpts)
      : await parseTraceFile(opts.traceFile, parseOpts);
  } catch (e) {
    await server.shutdown();
    if (e instanceof TraceError) return die(`failed to create trace reader: ${e.goMessage}`);
    return die(`failed to read trace file: ${goOpenError(opts.traceFile, e)}`);
  }
  if (trace.validCount === 0) {
    await server.shutdown();
    return die(`failed to parse any useful part of the trace: ${trace.error?.goMessage}`);
  }
  for (const line of partialTraceLines(trace)) log(line);

  // Go splits the timeline into ~100 MB parts before serving; the index links to them.
  log("Splitting trace for viewer...");
  await prepareTimeline(trace);

  app.resolve(createApp({ trace, file: opts.traceFile }));
  const url = serverURL(server.addr.hostname, server.addr.port);
  log(`Opening browser. Trace viewer is listening on ${url}`);
  opts.onReady?.(url);
  openBrowser(url).catch(() => {});
  await server.finished;
  return 0;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function die(msg: string): number {
  console.error(msg);
  return 1;
}
