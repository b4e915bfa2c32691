// Where the page is, for views that read or change it. The server's pages live at Go's
// paths (/goroutine?name=…, the timeline's window in "#start:end"); the browser-only
// site is one page and keeps the same path and query in its hash (#/goroutine?name=…,
// the window after a second "#"), since any static server must be able to serve it.
// Views ask here instead of reading `location`, so both work unchanged.

import { options, type VNode } from "preact";

/** A page's path, query ("?…" or "") and in-page hash ("#…" or ""). */
export interface Route {
  path: string;
  search: string;
  hash: string;
}

let hashRouting = false;

/** Reads a site hash ("#/goroutine?name=x#1:2") as a route. */
export function parseHashRoute(hash: string): Route {
  let s = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!s.startsWith("/")) s = "/" + s;
  const h = s.indexOf("#");
  const inner = h >= 0 ? s.slice(h) : "";
  if (h >= 0) s = s.slice(0, h);
  const q = s.indexOf("?");
  return {
    path: q >= 0 ? s.slice(0, q) : s,
    search: q >= 0 && q < s.length - 1 ? s.slice(q) : "",
    hash: inner === "#" ? "" : inner,
  };
}

/** The current route. */
export function route(): Route {
  if (!hashRouting) {
    return { path: location.pathname, search: location.search, hash: location.hash };
  }
  return parseHashRoute(location.hash);
}

/**
 * A link to an app URL ("/goroutine?name=x", "?offset=5", "#1:2"): as it is on the
 * server; in the site, inside its hash.
 */
export function appHref(url: string): string {
  if (!hashRouting) return url;
  const r = route();
  if (url.startsWith("/") && !url.startsWith("//")) return "#" + url;
  if (url.startsWith("?")) return `#${r.path}${url}`;
  if (url.startsWith("#") && !url.startsWith("#/")) return `#${r.path}${r.search}${url}`;
  return url;
}

/** Goes to an app URL (a new page). */
export function navigate(url: string): void {
  location.href = appHref(url);
}

/** Loads the current page with another query ("a=1&b=2"). */
export function setSearch(search: string): void {
  if (!hashRouting) location.search = search;
  else location.hash = `${route().path}?${search}`;
}

/** Replaces the query shown in the address bar without loading anything. */
export function replaceSearch(search: string): void {
  const s = search === "" || search.startsWith("?") ? search : `?${search}`;
  const r = route();
  history.replaceState(null, "", hashRouting ? `#${r.path}${s}${r.hash}` : `${s}${r.hash}`);
}

/** Replaces the in-page hash ("#start:end") without loading anything. */
export function replaceHash(hash: string): void {
  const r = route();
  history.replaceState(null, "", hashRouting ? `#${r.path}${r.search}${hash}` : hash);
}

/** Whether pages run in the browser-only site (routes in the hash, no server). */
export function inSite(): boolean {
  return hashRouting;
}

/**
 * Switches to the site's routes: every link a view renders to an app URL is rewritten
 * into the hash as it is created (one hook, so no view changes its links).
 */
export function useHashRouting(): void {
  hashRouting = true;
  const prev = options.vnode;
  options.vnode = (v: VNode) => {
    const props = v.props as { href?: unknown };
    if (v.type === "a" && typeof props.href === "string") props.href = appHref(props.href);
    prev?.(v);
  };
}
