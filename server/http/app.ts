// The web application over one parsed trace: Go's routes (pages and their /api JSON
// twins), the static assets, and the timeline stub, behind the router's guarantees.

import type { Trace } from "../core/trace/trace.ts";
import { AppContext } from "./context.ts";
import { createRouter, type Handler } from "./router.ts";
import { staticHandler } from "./static.ts";
import { viewRoutes } from "./view_route.ts";
import { OVERVIEW } from "./handlers/overview.ts";
import { GOROUTINE, GOROUTINES } from "./handlers/goroutines.ts";
import { profileRoutes } from "./handlers/profiles.ts";
import { USER_TASK, USER_TASKS } from "./handlers/tasks.ts";
import { USER_REGION, USER_REGIONS } from "./handlers/regions.ts";
import { mmuRoutes } from "./handlers/mmu.ts";
import { timelineRoutes } from "./handlers/timeline.ts";
import { cpuRoutes } from "./handlers/cpu.ts";
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
  const exact = new Map<string, Handler>();
  const views = [OVERVIEW, GOROUTINES, GOROUTINE, USER_TASKS, USER_TASK, USER_REGIONS, USER_REGION];
  for (const spec of views) for (const [p, h] of viewRoutes(ctx, spec)) exact.set(p, h);
  exact.set("/api/summary", exact.get("/api/")!);
  exact.delete("/api/");
  for (
    const [p, h] of [
      ...profileRoutes(ctx),
      ...mmuRoutes(ctx),
      ...timelineRoutes(ctx),
      ...cpuRoutes(ctx),
    ]
  ) {
    exact.set(p, h);
  }
  // Pages (not their /api twins, raw profiles or /jsontrace) show progress when slow.
  for (const [p, h] of exact) {
    if (!p.startsWith("/api/") && p !== "/jsontrace") {
      exact.set(p, withProgress(opts.trace, p, h));
    }
  }
  const [pp, ph] = progressRoute(opts.trace);
  exact.set(pp, ph);
  return createRouter({ exact, prefix: [["/static/", staticHandler]] }, opts.log);
}
