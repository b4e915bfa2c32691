// "/": the index page: the trace's summary and links to everything.

import { traceOverview } from "../../analysis/overview.ts";
import { formatFixed } from "../../util/go_float.ts";
import type { AppContext } from "../context.ts";
import type { OverviewModel } from "../models.ts";
import { byteCount } from "../startup_log.ts";
import type { ViewSpec } from "../view_route.ts";

export function overviewModel(ctx: AppContext): OverviewModel {
  return ctx.cached("overview", () => {
    const t = ctx.trace;
    const o = traceOverview(t);
    const lostBytes = o.size - o.validBytes;
    return {
      file: ctx.file,
      ...o,
      lost: t.error
        ? {
          error: t.error.message,
          percent: formatFixed(o.size ? lostBytes / o.size * 100 : 0, 2),
          lostBytes: byteCount(lostBytes),
          totalBytes: byteCount(o.size),
        }
        : undefined,
      // The timeline (issue 6) will split big traces into ranges as Go does.
      timelines: [
        { label: "View trace by proc", href: "/trace?view=proc" },
        { label: "View trace by thread", href: "/trace?view=thread" },
      ],
    };
  });
}

export const OVERVIEW: ViewSpec = {
  path: "/",
  view: "index",
  title: "Overview",
  model: (ctx) => overviewModel(ctx),
};
