// "/": the index page: the trace's summary and links to everything.

import { traceOverview } from "../summary/overview.ts";
import { formatFixed } from "../util/go_float.ts";
import type { AppContext } from "./context.ts";
import type { OverviewModel } from "../contract/pages.ts";
import { byteCount } from "../util/byte_count.ts";
import type { ViewSpec } from "./view_route.ts";
import { splitRanges, timelineParts } from "./timeline.ts";
import { partLabel, type TimelinePart } from "../timeline/parts.ts";
import type { SplitRange } from "../timeline/split.ts";

export function overviewModel(ctx: AppContext): Promise<OverviewModel> {
  return ctx.cached("overview", async () => {
    const t = ctx.trace;
    const o = await traceOverview(t);
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
      // Go's ~100 MB split ranges need a pass over the whole trace's JSON; a trace held
      // block by block is big: no ranges then. A timeline too big for the memory budget is
      // shown in parts: a link per part.
      diagnosisPreview: t.whole,
      timelines: timelineParts(ctx).length > 1
        ? partLinks(timelineParts(ctx))
        : timelineLinks(t.whole ? await splitRanges(ctx) : []),
    };
  });
}

/** Go's index links: one per view, or one per split range of a big trace. */
function timelineLinks(ranges: SplitRange[]): OverviewModel["timelines"] {
  return ["proc", "thread"].flatMap((view) =>
    ranges.length === 0
      ? [{ label: `View trace by ${view}`, href: `/trace?view=${view}` }]
      : ranges.map((r) => ({
        label: `View trace by ${view} (${r.name})`,
        href: `/trace?view=${view}&start=${r.start}&end=${r.end}`,
      }))
  );
}

function partLinks(parts: readonly TimelinePart[]): OverviewModel["timelines"] {
  return ["proc", "thread"].flatMap((view) =>
    parts.map((p) => ({
      label: `View trace by ${view} (part ${p.index + 1} of ${parts.length}: ${partLabel(p)})`,
      href: `/trace?view=${view}&part=${p.index}`,
    }))
  );
}

export const OVERVIEW: ViewSpec = {
  path: "/",
  view: "index",
  title: "Overview",
  model: (ctx) => overviewModel(ctx),
};
