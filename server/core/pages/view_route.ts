// A page and its /api twin from one model function: the page embeds the model and names
// the view that renders it; /api/<path> serves the same model as JSON. The query is
// validated (and the model computed) before the page is sent, so a bad parameter is a
// 400 on both.

import type { AppContext } from "./context.ts";
import { Query } from "./query.ts";
import { pageAnswer } from "./respond.ts";
import { jsonResponse } from "./respond.ts";
import type { Handler } from "./routes.ts";
import type { ViewName } from "../contract/views.ts";

export interface ViewSpec {
  /** Go's path, e.g. "/goroutines". */
  path: string;
  /** The web view that renders the model (web/main.ts). */
  view: ViewName;
  title: string;
  model: (ctx: AppContext, q: Query) => unknown | Promise<unknown>;
}

/** [path, handler] pairs for the page and its /api twin. */
export function viewRoutes(ctx: AppContext, spec: ViewSpec): [string, Handler][] {
  return [
    [spec.path, async (url) => {
      const data = await spec.model(ctx, Query.of(url));
      return pageAnswer(spec.title, { view: spec.view, data });
    }],
    [`/api${spec.path}`, async (url) => jsonResponse(await spec.model(ctx, Query.of(url)))],
  ];
}
