/// <reference lib="dom" />
// The browser-only site (deno task build:site) in real Chromium, served by a plain
// static file server: a committed trace given through the file input, every page shows
// what the server shows for the same path and query (the same text, and the numbers of
// the server's /api JSON), the pprof download is the server's profile, links and the
// task search stay in the site, and no request leaves the site's origin. Screenshots
// of each page go to test-output/screenshots/site-*.png.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchChromium, screenshot, serveTrace } from "../support/browser.ts";
import { ANNOTATIONS, GC, tracePath } from "../support/web_app.ts";
import { profileContent } from "../support/pprof_samples.ts";
import { count } from "../../web/lib/format.ts";
import { buildSite } from "../../scripts/build_site.ts";
import { serveStatic } from "../support/static_site.ts";
import type {
  GoroutineModel,
  GoroutinesModel,
  OverviewModel,
  RegionListModel,
  RegionTypesModel,
  TaskListModel,
  TaskTypesModel,
} from "../../server/core/contract/pages.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function api<T>(base: string, path: string): Promise<T> {
  const res = await fetch(base + path);
  assert.equal(res.status, 200, path);
  return await res.json() as T;
}

const rows = (page: Page, sel: string) => page.locator(`${sel} > tbody > tr`).count();

Deno.test({
  name:
    "the browser-only site shows every page as the server does, with nothing leaving the origin",
  ...opts,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "traceglass-site-" });
    await buildSite(dir);
    const site = serveStatic(dir);
    const siteBase = `http://127.0.0.1:${site.addr.port}`;
    await using srv = await serveTrace(ANNOTATIONS);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const foreign: string[] = [];
      context.on("request", (r) => {
        const u = r.url();
        if (!u.startsWith(siteBase + "/") && !u.startsWith("blob:") && !u.startsWith("data:")) {
          foreign.push(u);
        }
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
      page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
      const server = await browser.newPage({ viewport: { width: 1280, height: 900 } });

      await page.goto(siteBase + "/");
      await page.waitForSelector("#file");
      await screenshot(page, "site-picker");
      await page.setInputFiles("#file", tracePath(ANNOTATIONS));
      await page.waitForSelector('#app main [data-stat="events"]', { timeout: 30_000 });

      const file = ANNOTATIONS.slice(ANNOTATIONS.lastIndexOf("/") + 1);
      /** Opens `path` in the site (by its hash) and on the server; compares their text. */
      const check = async (
        path: string,
        shot: string,
        ready: (p: Page) => Promise<unknown>,
        fn: () => Promise<void> = async () => {},
      ) => {
        await t.step(path, async () => {
          await page.evaluate((h) => location.hash = h, `#${path}`);
          await page.waitForFunction((h) => location.hash === h, `#${path}`);
          await ready(page);
          await page.waitForFunction(() => !document.querySelector(".progress-page"));
          await server.goto(srv.base + path);
          await ready(server);
          const norm = (s: string) => s.replaceAll(ANNOTATIONS, file);
          assert.equal(
            norm(await page.innerText("#app main")),
            norm(await server.innerText("#app main")),
            `${path}: the site's page and the server's differ`,
          );
          await fn();
          await screenshot(page, shot);
          assert.deepEqual(problems.splice(0), [], `${path}: problems in the page`);
        });
      };
      const sel = (s: string) => (p: Page) => p.waitForSelector(s, { timeout: 30_000 });

      await check("/", "site-index", sel('[data-stat="events"]'), async () => {
        const m = await api<OverviewModel>(srv.base, "/api/summary");
        const stat = (id: string) => page.locator(`[data-stat="${id}"] .value`).innerText();
        assert.equal(await stat("events"), count(m.events));
        assert.equal(await stat("goroutines"), count(m.goroutines));
        assert.equal(await page.locator("#app main h1").innerText(), file);
      });
      await check("/goroutines", "site-goroutines", sel("#goroutine-groups"), async () => {
        const m = await api<GoroutinesModel>(srv.base, "/api/goroutines");
        assert.equal(await rows(page, "#goroutine-groups"), m.groups.length);
        const counts = await page.locator("#goroutine-groups > tbody > tr > td:nth-child(2)")
          .allInnerTexts();
        assert.deepEqual(counts, m.groups.map((g) => count(g.n)));
      });
      const groups = await api<GoroutinesModel>(srv.base, "/api/goroutines");
      const group = groups.groups.find((g) => g.name.startsWith("main."))!.name;
      const gq = `/goroutine?name=${encodeURIComponent(group)}`;
      await check(gq, "site-goroutine", sel("table.breakdown"), async () => {
        const m = await api<GoroutineModel>(srv.base, `/api${gq}`);
        assert.equal(await rows(page, "table.breakdown:not(.ranges)"), m.goroutines.length);
      });
      await check("/block", "site-profile", sel("#download"), async () => {
        // The pprof download is the server's profile, made in the worker.
        const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
        const got = await Deno.readFile((await dl.path())!);
        const want = new Uint8Array(await (await fetch(`${srv.base}/block?raw=1`)).arrayBuffer());
        assert.deepEqual(await profileContent(got), await profileContent(want));
      });
      await check("/usertasks", "site-tasks", sel("#task-types"), async () => {
        const m = await api<TaskTypesModel>(srv.base, "/api/usertasks");
        assert.equal(await rows(page, "#task-types"), m.types.length);
      });
      const tq = "/usertask?type=request";
      await check(tq, "site-task-list", sel("#tasks"), async () => {
        const m = await api<TaskListModel>(srv.base, `/api${tq}`);
        assert.equal(await page.locator("#tasks tr.first").count(), m.tasks.length);
      });
      await check("/userregions", "site-regions", sel("#region-types"), async () => {
        const m = await api<RegionTypesModel>(srv.base, "/api/userregions");
        assert.equal(await rows(page, "#region-types"), m.regions.length);
      });
      const rq = "/userregion?type=parse";
      await check(rq, "site-region-list", sel("#region-count"), async () => {
        const m = await api<RegionListModel>(srv.base, `/api${rq}`);
        assert.equal(await page.locator("#region-count").innerText(), String(m.total));
      });
      await check("/mmu", "site-mmu", sel('#mmu-plot[data-loading="0"] path.curve'), async () => {
        const d = (p: Page) => p.locator("path.curve").first().getAttribute("d");
        assert.equal(await d(page), await d(server), "the MMU curve");
      });
      await check("/trace", "site-timeline", sel("canvas"), async () => {
        const boot = await api<{ lanes: { name: string }[] }>(srv.base, "/api/trace");
        assert.ok(boot.lanes.length > 0);
        // The timeline drew windows the worker answered: its canvas is not blank.
        const painted = await page.evaluate(() => {
          const c = document.querySelector("canvas")!;
          const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
          const seen = new Set<number>();
          for (let i = 0; i < px.length; i += 4 * 97) {
            seen.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]);
          }
          return seen.size;
        });
        assert.ok(painted > 5, `the timeline's canvas has ${painted} colours`);
      });

      await t.step("links, sorting and the task search stay in the site", async () => {
        await page.evaluate(() => location.hash = "#/goroutines");
        await page.waitForSelector("#goroutine-groups");
        const nav = await page.locator("header nav a").allInnerTexts();
        // Every page of the server, SQL too (DuckDB-WASM: site_sql_browser_test.ts).
        await server.goto(srv.base + "/goroutines");
        assert.deepEqual(nav, await server.locator("header nav a").allInnerTexts(), "site nav");
        assert.ok(nav.includes("SQL"), `site nav: ${nav}`);
        await page.locator("#goroutine-groups a").first().click();
        await page.waitForSelector("table.breakdown");
        assert.match(page.url(), /#\/goroutine\?name=/);
        await page.evaluate(() => location.hash = "#/usertasks");
        await page.waitForSelector("#logtext");
        await page.fill("#logtext", "alert");
        await page.press("#logtext", "Enter");
        await page.waitForFunction(() => location.hash.startsWith("#/usertask?"));
        await page.waitForSelector("#tasks");
        assert.match(page.url(), /^http:\/\/127\.0\.0\.1:\d+\/#\/usertask\?logtext=alert$/);
        assert.deepEqual(problems.splice(0), []);
      });

      await t.step("another trace (gc.trace): its MMU curve and scheduler profile", async () => {
        await using gc = await serveTrace(GC);
        // The trace lives in the tab: a reload asks for a file again, on the same page.
        await page.goto(siteBase + "/#/mmu");
        await page.reload();
        await page.setInputFiles("#file", tracePath(GC));
        const plot = '#mmu-plot[data-loading="0"] path.curve';
        await page.waitForSelector(plot, { timeout: 30_000 });
        await server.goto(gc.base + "/mmu");
        await server.waitForSelector(plot);
        const d = (p: Page) => p.locator("path.curve").first().getAttribute("d");
        assert.equal(await d(page), await d(server), "the MMU curve of a trace with GCs");
        await screenshot(page, "site-mmu-gc");
        await page.evaluate(() => location.hash = "#/sched");
        await page.waitForSelector("#download");
        await server.goto(gc.base + "/sched");
        await server.waitForSelector("#download");
        assert.equal(await page.innerText("#app main"), await server.innerText("#app main"));
        await screenshot(page, "site-sched-gc");
        assert.deepEqual(problems.splice(0), []);
      });

      assert.deepEqual(foreign, [], "requests that left the site's origin");
    } finally {
      await browser.close();
      await site.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
