// The HTML shell of every page: the stylesheet, the bundled script, and the page's data
// as JSON in a <script type="application/json"> element (read with textContent; the CSP
// forbids inline scripts). Trace text only ever reaches the page inside that JSON.

import { htmlResponse, PageAnswer, type PageBoot } from "../core/pages/respond.ts";
import { ASSET_VERSION } from "./static.ts";
import type { Handler } from "../core/pages/routes.ts";

export type { PageBoot };

/** JSON that cannot close the <script> element or start a comment inside it. */
export function scriptSafeJSON(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function pageResponse(title: string, boot: PageBoot): Response {
  return htmlResponse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHTML(title)} · traceglass</title>
<link rel="stylesheet" href="/static/app.css?v=${ASSET_VERSION}">
<script type="module" src="/static/app.js?v=${ASSET_VERSION}"></script>
</head>
<body>
<script type="application/json" id="tg-boot">${scriptSafeJSON(boot)}</script>
<div id="app"><p class="loading">Loading…</p></div>
</body>
</html>
`);
}

/** The handler with its page answers (core/pages) made HTML pages. */
export function htmlPages(h: Handler): Handler {
  return async (url, req) => {
    const res = await h(url, req);
    return res instanceof PageAnswer ? pageResponse(res.title, res.boot) : res;
  };
}
