// Dispatch by exact path (Go's routes are exact), with the guarantees every response
// shares: security headers, GET/HEAD only, 404 for unknown paths, and no exception ever
// escaping a request (an HttpError keeps its status; anything else is a logged 500).

import { HttpError } from "../core/pages/errors.ts";
import { textResponse } from "../core/pages/respond.ts";
import type { Handler } from "../core/pages/routes.ts";
import { withSecurityHeaders } from "./security.ts";

export type { Handler };

export interface Routes {
  /** Exact paths. */
  exact: Map<string, Handler>;
  /** Path prefixes (e.g. "/static/"), tried in order after the exact paths. */
  prefix: [string, Handler][];
}

export function createRouter(
  routes: Routes,
  log: (msg: string) => void = (m) => console.error(m),
): (req: Request) => Promise<Response> {
  return async (req) => {
    let res: Response;
    try {
      res = await dispatch(routes, req);
    } catch (e) {
      if (e instanceof HttpError) {
        res = textResponse(e.message, e.status);
        for (const [k, v] of Object.entries(e.headers)) res.headers.set(k, v);
      } else {
        log(`traceglass: ${req.method} ${req.url}: ${e instanceof Error ? e.stack : e}`);
        res = textResponse(`internal error: ${e instanceof Error ? e.message : e}`, 500);
      }
    }
    withSecurityHeaders(res.headers);
    if (req.method === "HEAD") {
      // GET's headers, Content-Length included; a streamed body is never produced.
      await res.body?.cancel();
      return new Response(null, { status: res.status, headers: res.headers });
    }
    return res;
  };
}

function dispatch(routes: Routes, req: Request): Response | Promise<Response> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    const res = textResponse(`method ${req.method} not allowed: expected GET`, 405);
    res.headers.set("Allow", "GET, HEAD");
    return res;
  }
  const url = new URL(req.url);
  const h = routes.exact.get(url.pathname) ??
    routes.prefix.find(([p]) => url.pathname.startsWith(p))?.[1];
  if (!h) {
    throw new HttpError(404, `404 page not found: ${url.pathname} is not a traceglass page`);
  }
  return h(url, req);
}
