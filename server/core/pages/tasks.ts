// "/usertasks" and "/usertask?type=&complete=&latmin=&latmax=&logtext=", with our
// "sortby=&order=&offset=&evoffset=&limit=" for sorting and paging the list.

import {
  TASK_SORT_KEYS,
  type TaskFilter,
  taskFilterName,
  taskList,
  type TaskPage,
  type TaskSortKey,
  taskTypes,
} from "../annotations/tasks.ts";
import type { AppContext } from "./context.ts";
import type { TaskListModel, TaskTypesModel } from "../contract/pages.ts";
import type { Query } from "./query.ts";
import type { ViewSpec } from "./view_route.ts";
import { histogramModel, urlQueryEscape } from "./histogram.ts";
import { msV, timelineHash } from "./timeline_hash.ts";
import { requireTaskType } from "./annotation_types.ts";

/** The most task events one page of /usertask lists. */
export const EVENTS_PER_PAGE = 5000;

export const USER_TASKS: ViewSpec = {
  path: "/usertasks",
  view: "usertasks",
  title: "Tasks",
  model: (ctx): Promise<TaskTypesModel> =>
    ctx.cached("usertasks", async () => ({
      types: taskTypes(ctx.trace, await ctx.summary).map((s) => ({
        type: s.type,
        count: s.count,
        // Go's links: complete=true (which Go's filter ignores; the latency bounds
        // select complete tasks anyway).
        histogram: histogramModel(
          s.histogram,
          (min, max) =>
            `/usertask?type=${urlQueryEscape(s.type)}&complete=true&latmin=${
              urlQueryEscape(min)
            }&latmax=${urlQueryEscape(max)}`,
        ),
        slowest: {
          duration: s.slowest.duration,
          id: s.slowest.id,
          href: `/trace?taskid=${s.slowest.id}#${timelineHash(s.slowest)}`,
        },
      })),
    })),
};

/** The filter of a /usertask query; malformed values are a 400. */
export function taskFilterOf(q: Query): TaskFilter {
  const f: TaskFilter = {};
  if (q.has("type")) f.type = q.get("type")!;
  const complete = q.oneOf("complete", ["", "1", "0", "true", "false"] as const);
  if (complete === "1" || complete === "true") f.complete = true;
  if (complete === "0" || complete === "false") f.complete = false;
  const min = q.duration("latmin"), max = q.duration("latmax");
  if (min !== undefined) f.latMin = min;
  if (max !== undefined) f.latMax = max;
  const text = q.get("logtext");
  if (text) f.logText = text;
  return f;
}

// Longest and busiest first; by start and id, earliest first.
const DEFAULT_ORDER: Record<TaskSortKey, "asc" | "desc"> = {
  duration: "desc",
  events: "desc",
  start: "asc",
  id: "asc",
};

/** The page of a /usertask query: sortby, order, offset, evoffset, limit (0: all). */
export function taskPageOf(q: Query): TaskPage {
  const sortBy = q.oneOf("sortby", ["", ...TASK_SORT_KEYS] as const) || "duration";
  const order = q.oneOf("order", ["", "asc", "desc"] as const) || DEFAULT_ORDER[sortBy];
  const limit = q.limit();
  return {
    sortBy,
    order,
    offset: q.offset(),
    eventOffset: q.offset("evoffset"),
    limit,
    // limit=0 asks for everything on one page, as Go shows it.
    eventBudget: limit === Infinity ? Infinity : EVENTS_PER_PAGE,
  };
}

async function taskListModel(ctx: AppContext, q: Query): Promise<TaskListModel> {
  const f = taskFilterOf(q);
  const page = taskPageOf(q);
  await requireTaskType(ctx, f.type);
  return ctx.cached(`usertask\0${JSON.stringify(f)}\0${JSON.stringify(page)}`, async () => {
    const list = await taskList(ctx.trace, await ctx.summary, f, page);
    return {
      name: taskFilterName(f),
      total: list.total,
      shown: list.tasks.length,
      offset: page.offset,
      sortBy: page.sortBy,
      order: page.order,
      eventBudget: page.eventBudget === Infinity ? 0 : page.eventBudget,
      prev: list.prev,
      next: list.next,
      tasks: list.tasks.map((t) => ({
        when: t.when,
        id: t.id,
        duration: t.duration,
        complete: t.complete,
        startMs: msV(t.start),
        endMs: msV(t.end),
        eventCount: t.eventCount,
        eventOffset: t.eventOffset,
        events: t.events,
      })),
    };
  });
}

export const USER_TASK: ViewSpec = {
  path: "/usertask",
  view: "usertask",
  title: "Tasks",
  model: taskListModel,
};
