// The browser assets, served from the bundle embedded at build time
// (web/build/assets.ts): nothing is read from the filesystem, so no path can escape.

import { APP_CSS, APP_JS } from "../../web/build/assets.ts";
import { bytesResponse } from "../core/pages/respond.ts";
import { notFound } from "../core/pages/errors.ts";
import type { Handler } from "./router.ts";

const encoder = new TextEncoder();

const ASSETS = new Map<string, { body: Uint8Array; type: string }>([
  ["/static/app.js", { body: encoder.encode(APP_JS), type: "text/javascript; charset=utf-8" }],
  ["/static/app.css", { body: encoder.encode(APP_CSS), type: "text/css; charset=utf-8" }],
]);

// A short content hash for cache-busting URLs (FNV-1a over both assets).
function fnv1a(parts: Uint8Array[]): string {
  let h = 0x811c9dc5;
  for (const p of parts) for (const b of p) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16);
}

export const ASSET_VERSION = fnv1a([...ASSETS.values()].map((a) => a.body));

export const staticHandler: Handler = (url) => {
  const asset = ASSETS.get(url.pathname);
  if (!asset) throw notFound(`404 page not found: no static asset ${url.pathname}`);
  const res = bytesResponse(asset.body, asset.type);
  res.headers.set("Cache-Control", "public, max-age=31536000, immutable");
  return res;
};
