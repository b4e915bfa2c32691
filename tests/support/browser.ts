// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; nothing is
// downloaded) and the traceglass app served in-process on a loopback port.

import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";
import { appFor } from "./web_app.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = new URL("../../test-output/screenshots/", import.meta.url);

/** Starts headless Chromium; `env` adds to its environment (e.g. TZ for local times). */
export function launchChromium(env: Record<string, string> = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    env: { ...Deno.env.toObject(), ...env },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface Served extends AsyncDisposable {
  base: string;
}

/** Serves the app for a committed trace on 127.0.0.1 (a free port). */
export async function serveTrace(rel: string): Promise<Served> {
  const app = await appFor(rel);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app);
  return {
    base: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** Problems a page reported: console errors, uncaught exceptions, failed requests, dialogs. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  // A fetch cut short by leaving the page (the overview's diagnosis preview, a timeline window)
  // is the browser's doing, not a failure.
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()}`);
  });
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return problems;
}

/**
 * Runs `fn` on a fresh page (`width` × 900) of headless Chromium over the app serving
 * trace `rel`, then asserts the page reported no problems (see watchProblems).
 */
export async function withPage(
  rel: string,
  width: number,
  fn: (page: Page, base: string) => Promise<void>,
): Promise<void> {
  await using served = await serveTrace(rel);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems = watchProblems(page);
    await fn(page, served.base);
    assert.deepEqual(problems, [], "problems in the page");
  } finally {
    await browser.close();
  }
}

/** Loads `path` and waits until the view has rendered. */
export async function openPage(page: Page, base: string, path: string): Promise<void> {
  await page.goto(base + path, { waitUntil: "load" });
  await page.waitForSelector("#app main", { timeout: 15000 });
}

/** Saves test-output/screenshots/<name>.png: the whole page, or the viewport of long ones. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  const path = new URL(`${name}.png`, SCREENSHOTS).pathname;
  await page.screenshot({ path, fullPage });
  return path;
}

/** GET `path` of a server's JSON API, asserting a 200. */
export async function api<T>(base: string, path: string): Promise<T> {
  const res = await fetch(base + path);
  assert.equal(res.status, 200, path);
  return await res.json() as T;
}
