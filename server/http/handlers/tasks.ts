// "/usertasks" and "/usertask?type=&complete=&latmin=&latmax=&logtext=".

import {
  type TaskFilter,
  taskFilterName,
  taskList,
  taskTypes,
} from "../../core/annotations/tasks.ts";
import { formatFloatV } from "../../core/util/go_format_float.ts";
import type { AppContext } from "../context.ts";
import type { TaskListModel, TaskTypesModel } from "../../core/contract/pages.ts";
import type { Query } from "../query.ts";
import type { ViewSpec } from "../view_route.ts";
import { histogramModel, urlQueryEscape } from "./histogram.ts";

export const USER_TASKS: ViewSpec = {
  path: "/usertasks",
  view: "usertasks",
  title: "Tasks",
  model: (ctx): TaskTypesModel =>
    ctx.cached("usertasks", () => ({
      types: taskTypes(ctx.trace, ctx.summary).map((s) => ({
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

function taskListModel(ctx: AppContext, q: Query): TaskListModel {
  const f = taskFilterOf(q);
  const limit = q.limit();
  return ctx.cached(`usertask\0${JSON.stringify(f)}\0${limit}`, () => {
    const { total, tasks } = taskList(ctx.trace, ctx.summary, f, limit);
    return {
      name: taskFilterName(f),
      total,
      shown: tasks.length,
      tasks: tasks.map((t) => ({
        when: t.when,
        id: t.id,
        duration: t.duration,
        complete: t.complete,
        startMs: formatFloatV(t.start / 1e6),
        endMs: formatFloatV(t.end / 1e6),
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
