// "/userregions" and "/userregion?type=&pc=&latmin=&latmax=&sortby=".

import { regionTable, regionTypes } from "../annotations/regions.ts";
import type { AppContext } from "./context.ts";
import type { RegionListModel, RegionTypesModel } from "../contract/pages.ts";
import type { Query } from "./query.ts";
import type { ViewSpec } from "./view_route.ts";
import { histogramModel, urlQueryEscape } from "./histogram.ts";
import { goQuoteString } from "../util/go_quote.ts";
import { regionFilterOf } from "./profiles.ts";
import { sortByParam } from "./sort_param.ts";
import { timelineHash } from "./timeline_hash.ts";
import { requireRegionType } from "./annotation_types.ts";

export const USER_REGIONS: ViewSpec = {
  path: "/userregions",
  view: "userregions",
  title: "Regions",
  model: (ctx): Promise<RegionTypesModel> =>
    ctx.cached("userregions", async () => ({
      regions: regionTypes(ctx.trace, await ctx.summary).map((s) => {
        const pc = s.frame.pc.toString(16);
        return {
          type: s.type,
          quoted: goQuoteString(s.type),
          func: s.frame.func,
          pc,
          file: s.frame.file,
          line: s.frame.line,
          count: s.histogram.count,
          slowest: {
            duration: s.slowest.duration,
            id: s.slowest.goroutine,
            href: `/trace?goid=${s.slowest.goroutine}#${timelineHash(s.slowest)}`,
          },
          histogram: histogramModel(
            s.histogram,
            (min, max) =>
              `/userregion?type=${urlQueryEscape(s.type)}&pc=${pc}&latmin=${
                urlQueryEscape(min)
              }&latmax=${urlQueryEscape(max)}`,
          ),
        };
      }),
    })),
};

async function regionListModel(ctx: AppContext, q: Query): Promise<RegionListModel> {
  const f = regionFilterOf(q);
  const sortBy = sortByParam(q);
  const limit = q.limit();
  const offset = q.offset();
  await requireRegionType(ctx, f.type);
  const key = JSON.stringify({ ...f, pc: f.pc?.toString(16) });
  return ctx.cached(`userregion\0${key}\0${sortBy}\0${limit}\0${offset}`, async () => {
    const t = regionTable(ctx.trace, await ctx.summary, f, sortBy, limit, offset);
    const cols = t.nonOverlappingStats, ranges = t.rangeStats;
    return {
      name: t.name,
      filterParams: t.filterParams,
      maxTotal: t.maxTotal,
      nonOverlappingStats: cols,
      rangeStats: ranges,
      sortBy: cols.includes(sortBy) ? sortBy : "Total time",
      total: t.count,
      shown: t.regions.length,
      offset,
      regions: t.regions.map((r) => ({
        goroutine: r.goroutine,
        taskId: r.taskId < 0 ? 0 : r.taskId,
        totalTime: r.totalTime,
        stats: Object.fromEntries(cols.map((c, i) => [c, r.breakdown[i]])),
        rangeTime: Object.fromEntries(ranges.map((c, i) => [c, r.rangeTimes[i]])),
      })),
    };
  });
}

export const USER_REGION: ViewSpec = {
  path: "/userregion",
  view: "userregion",
  title: "Regions",
  model: regionListModel,
};
