// The web application over one parsed trace: Go's routes (pages and their /api JSON
// twins, from core/pages), the static assets, and progress pages, behind the router's
// guarantees. Heavy routes go through one lane of limited concurrency (limiter.ts);
// cheap ones never wait behind them.

import type { Trace } from "../core/trace/trace.ts";
import { AppContext } from "../core/pages/context.ts";
import type { CacheLimits } from "../core/pages/cache.ts";
import { pageRoutes } from "../core/pages/routes.ts";
import { createRouter, type Handler } from "./router.ts";
import { staticHandler } from "./static.ts";
import { htmlPages } from "./page.ts";
import { sqlRoutes } from "./sql_routes.ts";
import { progressRoute, withProgress } from "./progress.ts";
import { DEFAULT_LIMITS, type LimiterOptions, WorkLimiter } from "./limiter.ts";

/**
 * Routes whose work or answer grows with the trace (or a big part of it): they run a few
 * at a time. The index, the group, task and region type lists, static files, progress
 * and the timeline's window queries stay in the cheap lane (cheap once their one-time
 * analysis is done).
 */
const HEAVY = new RegExp(
  "^/(api/)?(goroutine|usertask|userregion|trace|jsontrace|mmu|mmuPlot|mmuDetails|" +
    "io|block|syscall|sched|regionio|regionblock|regionsyscall|regionsched|cpu|wallclock|sql)$",
);

/** Whether a path goes through the heavy lane. */
export function isHeavy(path: string): boolean {
  return HEAVY.test(path);
}

export interface AppOptions {
  trace: Trace;
  /** The trace file as named on the command line (shown on the index page). */
  file: string;
  log?: (msg: string) => void;
  /** Concurrency and queue of heavy requests. */
  limits?: LimiterOptions;
  /** Bounds of the result cache. */
  cache?: CacheLimits;
  /** Bytes the timeline's view models may take together (core default otherwise). */
  timelineBytes?: number;
}

const NEVER = new AbortController().signal;

/** The request handler for the server (or a test calling it directly). */
export function createApp(opts: AppOptions): (req: Request) => Promise<Response> {
  const ctx = new AppContext(opts.trace, opts.file, opts.cache, opts.timelineBytes);
  const exact = pageRoutes(ctx);
  // SQL runs DuckDB in this process: a server route, not a core page.
  for (const [p, h] of sqlRoutes(ctx)) exact.set(p, h);
  const limiter = new WorkLimiter(opts.limits ?? DEFAULT_LIMITS);
  for (const [p, h] of exact) {
    // Inside the progress wrapper: a request that waits for its turn shows progress too.
    const laned: Handler = isHeavy(p)
      ? (url, req) => limiter.run(req?.signal ?? NEVER, async () => await h(url, req))
      : h;
    // Pages (not their /api twins, raw profiles or /jsontrace) show progress when slow.
    const page = htmlPages(laned);
    exact.set(
      p,
      !p.startsWith("/api/") && p !== "/jsontrace" ? withProgress(opts.trace, p, page) : page,
    );
  }
  const [pp, ph] = progressRoute(opts.trace);
  exact.set(pp, ph);
  return createRouter({ exact, prefix: [["/static/", staticHandler]] }, opts.log);
}
