// Small constructors for the answers handlers return: Responses (a web standard, so the
// server sends them and the browser-only site's worker reads them alike), and a page: its
// view's name and model, which the server wraps in HTML and the site renders itself.

import type { PageBoot, ViewName } from "../contract/views.ts";

export type { PageBoot };

const encoder = new TextEncoder();

/** JSON in Go's encoding/json spelling: a trailing newline, as json.Encoder writes. */
export function jsonResponse(value: unknown, status = 200): Response {
  return jsonTextResponse(JSON.stringify(value) + "\n", status);
}

/** JSON already serialized. */
export function jsonTextResponse(json: string, status = 200): Response {
  return fixedResponse(encoder.encode(json), "application/json", status);
}

export function textResponse(text: string, status = 200): Response {
  const body = encoder.encode(text.endsWith("\n") ? text : text + "\n");
  return fixedResponse(body, "text/plain; charset=utf-8", status);
}

export function htmlResponse(html: string, status = 200): Response {
  return fixedResponse(encoder.encode(html), "text/html; charset=utf-8", status);
}

export function bytesResponse(bytes: Uint8Array, contentType: string): Response {
  return fixedResponse(bytes, contentType, 200);
}

// Bodies are bytes with their Content-Length, so HEAD answers with the headers GET sends.
function fixedResponse(body: Uint8Array, contentType: string, status: number): Response {
  return new Response(body as Uint8Array<ArrayBuffer>, {
    status,
    headers: { "Content-Type": contentType, "Content-Length": String(body.length) },
  });
}

/**
 * A pprof file to save (`?raw=1`): Go sends no file name, so a browser shows the bytes;
 * with Content-Disposition it saves `name`.
 */
export function pprofDownload(bytes: Uint8Array, name: string): Response {
  const res = bytesResponse(bytes, "application/octet-stream");
  res.headers.set("Content-Disposition", `attachment; filename=${name}`);
  return res;
}

/**
 * A page as a handler answers it: the title and boot data, not yet HTML (the server's
 * page.ts makes that; the site's worker posts the data to its page).
 */
export class PageAnswer extends Response {
  constructor(readonly title: string, readonly boot: PageBoot) {
    super(null, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

/**
 * A page answer whose model is view V's (ViewModels[V]): a mismatch fails to compile. Generic
 * so that viewRoutes can pass one view's spec; TypeScript cannot see that one view's boot is
 * a member of the union, hence the cast.
 */
export function pageAnswer<V extends ViewName>(title: string, boot: PageBoot<V>): PageAnswer {
  return new PageAnswer(title, boot as PageBoot);
}
