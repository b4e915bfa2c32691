// The web application over one parsed trace: Go's routes (pages and their /api JSON
// twins, from core/pages), the static assets, and progress pages, behind the router's
// guarantees.

import type { Trace } from "../core/trace/trace.ts";
import { AppContext } from "../core/pages/context.ts";
import { pageRoutes } from "../core/pages/routes.ts";
import { createRouter } from "./router.ts";
import { staticHandler } from "./static.ts";
import { htmlPages } from "./page.ts";
import { sqlRoutes } from "./sql_routes.ts";
import { progressRoute, withProgress } from "./progress.ts";

export interface AppOptions {
  trace: Trace;
  /** The trace file as named on the command line (shown on the index page). */
  file: string;
  log?: (msg: string) => void;
}

/** The request handler for `Deno.serve` (or a test calling it directly). */
export function createApp(opts: AppOptions): (req: Request) => Promise<Response> {
  const ctx = new AppContext(opts.trace, opts.file);
  const exact = pageRoutes(ctx);
  // SQL runs DuckDB in this process: a server route, not a core page.
  for (const [p, h] of sqlRoutes(ctx)) exact.set(p, h);
  for (const [p, h] of exact) {
    // Pages (not their /api twins, raw profiles or /jsontrace) show progress when slow.
    const page = htmlPages(h);
    exact.set(
      p,
      !p.startsWith("/api/") && p !== "/jsontrace" ? withProgress(opts.trace, p, page) : page,
    );
  }
  const [pp, ph] = progressRoute(opts.trace);
  exact.set(pp, ph);
  return createRouter({ exact, prefix: [["/static/", staticHandler]] }, opts.log);
}
