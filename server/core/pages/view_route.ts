// A page and its /api twin from one model function: the page embeds the model and names
// the view that renders it; /api/<path> serves the same model as JSON. The query is
// validated (and the model computed) before the page is sent, so a bad parameter is a
// 400 on both.

import type { AppContext } from "./context.ts";
import { Query } from "./query.ts";
import { pageAnswer } from "./respond.ts";
import { jsonResponse } from "./respond.ts";
import type { Handler } from "./routes.ts";
import type { ViewModels, ViewName } from "../contract/views.ts";

/** A page of view V: its model function must produce V's model (ViewModels[V]). */
export interface ViewSpecOf<V extends ViewName> {
  /** Go's path, e.g. "/goroutines". */
  path: string;
  /** The web view that renders the model (web/app.ts). */
  view: V;
  title: string;
  model: (ctx: AppContext, q: Query) => ViewModels[V] | Promise<ViewModels[V]>;
}

/** A page of any view: the union, so a spec's `view` picks the model type it is checked with. */
export type ViewSpec = { [V in ViewName]: ViewSpecOf<V> }[ViewName];

/** [path, handler] pairs for the page and its /api twin. */
export function viewRoutes<V extends ViewName>(
  ctx: AppContext,
  spec: ViewSpecOf<V>,
): [string, Handler][] {
  return [
    [spec.path, async (url) => {
      const data = await spec.model(ctx, Query.of(url));
      return pageAnswer(spec.title, { view: spec.view, data });
    }],
    [`/api${spec.path}`, async (url) => jsonResponse(await spec.model(ctx, Query.of(url)))],
  ];
}
