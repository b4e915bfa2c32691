// "/diagnosis": the findings, ranked; "/criticalpath?taskid=N" and
// "/criticalpath?goid=N&time=T": the critical path of a task, or of a goroutine up to a
// moment (T: a Go duration since the trace's start, such as 1.5s or 462ms; default its
// end). Both are pages with /api twins; neither is in Go.

import type { AppContext } from "./context.ts";
import type { Query } from "./query.ts";
import type { ViewSpec } from "./view_route.ts";
import type { CriticalPathModel, DiagnosisModel } from "../contract/diagnosis.ts";
import {
  diagnose,
  goroutineCriticalPath,
  PathError,
  taskCriticalPath,
} from "../diagnosis/diagnosis.ts";
import { badRequest, notFound } from "./errors.ts";

export const DIAGNOSIS: ViewSpec = {
  path: "/diagnosis",
  view: "diagnosis",
  title: "Diagnosis",
  model: (ctx): Promise<DiagnosisModel> =>
    ctx.cached("diagnosis", async () => diagnose(await ctx.facts)),
};

/** The critical path a query names (taskid, or goid with an optional time). */
export function criticalPathModel(ctx: AppContext, q: Query): Promise<CriticalPathModel> {
  const task = q.uint("taskid");
  const goid = q.uint("goid");
  const time = q.duration("time");
  if ((task === undefined) === (goid === undefined)) {
    throw badRequest("expected taskid=N, or goid=N with an optional time=T (a Go duration)");
  }
  if (task !== undefined && time !== undefined) {
    throw badRequest("time= goes with goid=, not with taskid=");
  }
  const key = `criticalpath\0${task}\0${goid}\0${time}`;
  return ctx.cached(key, async () => {
    const facts = await ctx.pathFacts;
    try {
      return task !== undefined
        ? await taskCriticalPath(ctx.trace, facts, task)
        : await goroutineCriticalPath(
          ctx.trace,
          facts,
          goid!,
          time === undefined ? undefined : facts.start + time,
        );
    } catch (e) {
      if (e instanceof PathError) throw notFound(e.message);
      throw e;
    }
  });
}

export const CRITICAL_PATH: ViewSpec = {
  path: "/criticalpath",
  view: "criticalpath",
  title: "Critical path",
  model: criticalPathModel,
};
