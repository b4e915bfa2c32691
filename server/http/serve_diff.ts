// `-diff old.trace new.trace`: listen on -http, open both traces, print the URL and
// serve the comparison until killed (the start-up of serve.ts, for two traces).

import { parseListenAddress, serverURL } from "./address.ts";
import { type Front, listenWith, type ServerLimits } from "./front.ts";
import { openBrowser } from "./browser.ts";
import { createDiffApp } from "./diff_app.ts";
import { type LogFn, partialTraceLines, stderrLog } from "./startup_log.ts";
import { DiffInputError, diffSide, openDiffTrace } from "../cli/diff_mode.ts";
import type { Trace } from "../core/trace/trace.ts";

export interface ServeDiffOptions extends ServerLimits {
  addr: string;
  oldFile: string;
  newFile: string;
  log?: LogFn;
  /** Called with the URL once the server answers requests (tests use it). */
  onReady?: (url: string) => void;
  /** Ends the server when aborted; serveDiff then returns 0. */
  signal?: AbortSignal;
}

export async function serveDiff(opts: ServeDiffOptions): Promise<number> {
  const log = opts.log ?? stderrLog;
  const addr = parseListenAddress(opts.addr);
  if ("error" in addr) return die(`failed to create server socket: ${addr.error}`);
  const app = Promise.withResolvers<(req: Request) => Promise<Response>>();
  let server: Front;
  try {
    server = await listenWith(addr, opts, async (req) => (await app.promise)(req), opts.signal);
  } catch (e) {
    return die(`failed to create server socket: listen tcp ${opts.addr}: ${e}`);
  }
  const traces: Trace[] = [];
  for (const file of [opts.oldFile, opts.newFile]) {
    log(`Preparing ${file}...`);
    try {
      // Two traces share the memory one would have: half the block cache each.
      const t = await openDiffTrace(file, { wholeBytes: 512 << 20, cacheBytes: 512 << 20 });
      for (const line of partialTraceLines(t)) log(`${file}: ${line}`);
      traces.push(t);
    } catch (e) {
      await server.close();
      if (e instanceof DiffInputError) return die(e.message);
      throw e;
    }
  }
  app.resolve(createDiffApp({
    // The summaries are made on the first request, not before the URL is printed.
    before: lazy(() => diffSide(opts.oldFile, traces[0])),
    after: lazy(() => diffSide(opts.newFile, traces[1])),
    progress: {
      get passes() {
        return [...traces[0].passes, ...traces[1].passes];
      },
    },
  }));
  const url = serverURL(server.hostname, server.port);
  log(`Opening browser. Trace comparison is listening on ${url}`);
  opts.onReady?.(url);
  openBrowser(url).catch(() => {});
  await server.finished;
  return 0;
}

/** A promise-like that starts its work when first awaited. */
function lazy<T>(make: () => Promise<T>): PromiseLike<T> {
  let p: Promise<T> | undefined;
  return { then: (ok, fail) => (p ??= make()).then(ok, fail) };
}

function die(msg: string): number {
  console.error(msg);
  return 1;
}
