// The traceglass web app over a committed trace, in-process (no socket), for tests that
// check routes, headers and page data.

import { parseTrace } from "../../server/core/trace/trace.ts";
import { createApp } from "../../server/http/app.ts";
import { REPO_ROOT } from "./paths.ts";

export type App = (req: Request) => Promise<Response>;

/** A committed trace's path relative to the repo, e.g. "testdata/traces/go1.26/gc.trace". */
export function tracePath(rel: string): string {
  return new URL(rel, REPO_ROOT).pathname;
}

const apps = new Map<string, Promise<App>>();

/** The app serving `rel` (parsed once per test process). */
export function appFor(rel: string, log: (m: string) => void = () => {}): Promise<App> {
  let app = apps.get(rel);
  if (!app) {
    app = (async () => {
      const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
      return createApp({ trace, file: rel, log });
    })();
    apps.set(rel, app);
  }
  return app;
}

export function get(app: App, path: string, init?: RequestInit): Promise<Response> {
  return app(new Request(`http://traceglass.test${path}`, init));
}

/** The JSON a page embeds in its <script type="application/json" id="tg-boot">. */
export function bootOf(html: string): { view: string; data: unknown } {
  const m = html.match(/<script type="application\/json" id="tg-boot">([^<]*)<\/script>/);
  if (!m) throw new Error("page has no boot data");
  return JSON.parse(m[1]);
}

/** A trace with user tasks and regions whose names are hostile HTML. */
export const ANNOTATIONS = "testdata/traces/go1.26/annotations.trace";
/** A trace with several GCs (MMU, sched/sync profiles). */
export const GC = "testdata/traces/go1.26/gc.trace";
