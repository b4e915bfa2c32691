// Pages whose data takes long to compute (a pass over a big trace's blocks) answer
// first with a progress page, never a hanging request: the work goes on, its result is
// cached, and the page polls /api/progress and reloads when no pass is running.

import type { Trace } from "../core/trace/trace.ts";
import { pageResponse } from "./page.ts";
import { jsonResponse } from "../core/pages/respond.ts";
import type { Handler } from "./router.ts";
import type { ProgressModel } from "../core/contract/pages.ts";

/** Where the passes running now are listed: a trace (or both traces of a comparison). */
export type PassSource = Pick<Trace, "passes">;

/** After this long without an answer, a page shows progress instead. */
export const PROGRESS_AFTER_MS = 1500;

/** A page handler that answers with a progress page when its work is slow. */
export function withProgress(
  trace: PassSource,
  title: string,
  h: Handler,
  after = PROGRESS_AFTER_MS,
): Handler {
  return async (url, req) => {
    // A download (?raw=1) is not a page: it waits for its data.
    if (url.searchParams.has("raw")) return h(url, req);
    const work = Promise.resolve(h(url, req));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<"slow">((r) => timer = setTimeout(() => r("slow"), after));
    try {
      const first = await Promise.race([work, slow]);
      if (first !== "slow") return first;
    } finally {
      clearTimeout(timer);
    }
    // The work goes on and caches its result; a failure shows when the page reloads.
    work.then((res) => res.body?.cancel(), () => {});
    const data: ProgressModel = { passes: trace.passes };
    const res = pageResponse(`${title} (working)`, { view: "progress", data });
    res.headers.set("Cache-Control", "no-store");
    return res;
  };
}

/** /api/progress: the passes running now. */
export function progressRoute(trace: PassSource): [string, Handler] {
  return ["/api/progress", () => {
    const res = jsonResponse({ passes: trace.passes } satisfies ProgressModel);
    res.headers.set("Cache-Control", "no-store");
    return res;
  }];
}
