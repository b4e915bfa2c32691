// "/goroutines" and "/goroutine?name=&sortby=": goroutine groups and one group's breakdown.

import { goroutineGroups, goroutineGroupTable } from "../summary/goroutines.ts";
import type { AppContext } from "./context.ts";
import { notFound } from "./errors.ts";
import type { GoroutineModel, GoroutinesModel } from "../contract/pages.ts";
import type { Query } from "./query.ts";
import type { ViewSpec } from "./view_route.ts";
import { goQuoteString } from "../util/go_quote.ts";
import { sortByParam } from "./sort_param.ts";

export const GOROUTINES: ViewSpec = {
  path: "/goroutines",
  view: "goroutines",
  title: "Goroutines",
  model: (ctx): Promise<GoroutinesModel> =>
    ctx.cached("goroutines", async () => ({
      groups: goroutineGroups(await ctx.summary).map((g) => ({
        name: g.name,
        n: g.count,
        execTime: g.execTime,
      })),
    })),
};

function goroutineModel(ctx: AppContext, q: Query): Promise<GoroutineModel> {
  const name = q.required("name", "the start function of a goroutine group, from /goroutines");
  const sortBy = sortByParam(q);
  const limit = q.limit();
  const offset = q.offset();
  return ctx.cached(`goroutine\0${name}\0${sortBy}\0${limit}\0${offset}`, async () => {
    const t = goroutineGroupTable(await ctx.summary, name, sortBy, limit, offset);
    if (t.count === 0) {
      throw notFound(`no goroutines with start function ${goQuoteString(name)}; see /goroutines`);
    }
    const cols = t.nonOverlappingStats, ranges = t.rangeStats;
    return {
      name: t.name,
      n: t.count,
      execTimePercent: t.execTimePercent,
      maxTotal: t.maxTotal,
      nonOverlappingStats: cols,
      rangeStats: ranges,
      sortBy: cols.includes(sortBy) ? sortBy : "Total time",
      total: t.count,
      shown: t.goroutines.length,
      offset,
      goroutines: t.goroutines.map((g) => ({
        id: g.id,
        totalTime: g.totalTime,
        stats: Object.fromEntries(cols.map((c, i) => [c, g.breakdown[i]])),
        rangeTime: Object.fromEntries(ranges.map((c, i) => [c, g.rangeTimes[i]])),
      })),
    };
  });
}

export const GOROUTINE: ViewSpec = {
  path: "/goroutine",
  view: "goroutine",
  title: "Goroutine group",
  model: goroutineModel,
};
