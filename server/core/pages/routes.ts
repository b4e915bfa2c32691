// Every page and API route of one trace, by Go's exact paths: the model of each page (and
// its /api twin's JSON), pprof downloads, MMU JSON, the timeline's API. The server wraps
// them in its router (HTML pages, progress pages, security headers); the browser-only
// site's worker answers its page's requests with them. One table, so the two cannot
// drift apart. No Deno APIs.

import type { AppContext } from "./context.ts";
import { viewRoutes } from "./view_route.ts";
import { OVERVIEW } from "./overview.ts";
import { GOROUTINE, GOROUTINES } from "./goroutines.ts";
import { profileRoutes } from "./profiles.ts";
import { USER_TASK, USER_TASKS } from "./tasks.ts";
import { USER_REGION, USER_REGIONS } from "./regions.ts";
import { mmuRoutes } from "./mmu.ts";
import { timelineRoutes } from "./timeline.ts";
import { cpuRoutes } from "./cpu.ts";
import { CRITICAL_PATH, DIAGNOSIS } from "./diagnosis.ts";

/** Answers a request for one path (`req` may be absent: the site passes a URL). */
export type Handler = (url: URL, req?: Request) => Response | Promise<Response>;

/** The routes of the app over `ctx`'s trace, by exact path. */
export function pageRoutes(ctx: AppContext): Map<string, Handler> {
  const exact = new Map<string, Handler>();
  const views = [OVERVIEW, GOROUTINES, GOROUTINE, USER_TASKS, USER_TASK, USER_REGIONS, USER_REGION];
  views.push(DIAGNOSIS, CRITICAL_PATH);
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
  return exact;
}
