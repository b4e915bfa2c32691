// Every page in real headless Chromium: it renders with no console error, its key
// numbers equal the /api JSON, and its interactions work. Screenshots of each page go
// to test-output/screenshots/.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  api,
  launchChromium,
  openPage,
  screenshot,
  serveTrace,
  watchProblems,
  withPage,
} from "../support/browser.ts";
import { ANNOTATIONS, GC } from "../support/web_app.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";
import { count, dur } from "../../web/lib/format.ts";
import { buildFlameTree } from "../../web/flame/model.ts";
import type {
  GoroutineModel,
  GoroutinesModel,
  OverviewModel,
  ProfileModel,
  RegionListModel,
  RegionTypesModel,
  TaskListModel,
  TaskTypesModel,
} from "../../server/core/contract/pages.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const text = (page: Page, sel: string) => page.locator(sel).first().innerText();
const rows = (page: Page, sel: string) => page.locator(`${sel} > tbody > tr`).count();

Deno.test({
  name: "every page renders in Chromium with the numbers of its /api JSON",
  ...opts,
  async fn(t) {
    await using gcSrv = await serveTrace(GC);
    await using annSrv = await serveTrace(ANNOTATIONS);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems = watchProblems(page);
      const check = async (base: string, path: string, shot: string, fn: () => Promise<void>) => {
        await t.step(`${path} (${shot})`, async () => {
          await openPage(page, base, path);
          await fn();
          await screenshot(page, shot);
          assert.deepEqual(problems.splice(0), [], `${path}: problems in the page`);
        });
      };

      await check(gcSrv.base, "/", "index", async () => {
        const s = await api<OverviewModel>(gcSrv.base, "/api/summary");
        const card = (id: string) => text(page, `[data-stat=${id}] .value`);
        assert.equal(await card("goroutines"), s.goroutines.toLocaleString("en-US"));
        assert.equal(await card("events"), s.events.toLocaleString("en-US"));
        assert.equal(await card("gcs"), String(s.gcs));
        assert.equal(await card("duration"), dur(s.durationNs));
        assert.equal(
          await page.locator("[data-stat=duration] .value").getAttribute("title"),
          formatDuration(s.durationNs),
        );
        assert.equal(await card("goVersion"), `Go ${s.goVersion}`);
      });

      await check(gcSrv.base, "/goroutines", "goroutines", async () => {
        const g = await api<GoroutinesModel>(gcSrv.base, "/api/goroutines");
        assert.equal(await rows(page, "#goroutine-groups"), g.groups.length);
        const first = page.locator("#goroutine-groups tbody tr").first();
        assert.equal(await first.locator("td").nth(2).innerText(), dur(g.groups[0].execTime));
        assert.equal(
          await first.locator("td").nth(2).locator(".num").getAttribute("title"),
          formatDuration(g.groups[0].execTime),
        );
        assert.equal(await first.locator("td").nth(1).innerText(), String(g.groups[0].n));
      });

      const groups = await api<GoroutinesModel>(gcSrv.base, "/api/goroutines");
      const name = encodeURIComponent(groups.groups[0].name);
      await check(gcSrv.base, `/goroutine?name=${name}`, "goroutine", async () => {
        const g = await api<GoroutineModel>(gcSrv.base, `/api/goroutine?name=${name}`);
        assert.equal(await text(page, "#group-count"), String(g.n));
        assert.match(await text(page, "#group-exec"), new RegExp(`^${g.execTimePercent}`));
        assert.equal(await rows(page, "table.breakdown:not(.ranges)"), g.goroutines.length);
        const header = page.locator("table.breakdown thead th[data-col]");
        assert.equal(await header.count(), g.nonOverlappingStats.length + 1);
        // Sorting by a column reorders the rows and records ?sortby= in the URL.
        await page.locator('table.breakdown th[data-col="Execution time"]').click();
        assert.match(page.url(), /sortby=Execution\+time/);
        const exec = [...g.goroutines].sort((a, b) =>
          (b.stats["Execution time"] ?? 0) - (a.stats["Execution time"] ?? 0)
        )[0];
        assert.equal(
          await page.locator("table.breakdown tbody tr").first().locator("td").first().innerText(),
          String(exec.id),
        );
      });

      for (const kind of ["io", "block", "syscall", "sched"]) {
        await check(gcSrv.base, `/${kind}`, `profile-${kind}`, async () => {
          const p = await api<ProfileModel>(gcSrv.base, `/api/${kind}`);
          const sum = p.samples.reduce((s, x) => s + x.count, 0);
          assert.equal(await text(page, "[data-stat=contentions] .value"), count(sum));
          assert.equal(await text(page, "[data-stat=stacks] .value"), count(p.samples.length));
          assert.equal(await page.locator("#download").getAttribute("href"), `/${kind}?raw=1`);
        });
      }

      await check(gcSrv.base, "/regionsched", "profile-regionsched", async () => {
        assert.equal(await text(page, "h1"), "Scheduler latency profile");
      });

      await check(annSrv.base, "/usertasks", "usertasks", async () => {
        const m = await api<TaskTypesModel>(annSrv.base, "/api/usertasks");
        assert.equal(await rows(page, "#task-types"), m.types.length);
        // A hostile task name is shown as its characters, never run.
        const cells = await page.locator("#task-types td.task-type").allInnerTexts();
        assert.ok(cells.includes("<script>alert(1)</script>"), cells.join("|"));
        assert.equal(await page.locator("script").count(), 2);
        const histLinks = await page.locator("#task-types .histogram a").count();
        const nonEmpty = m.types.reduce(
          (n, ty) => n + ty.histogram.rows.filter((r) => r.href).length,
          0,
        );
        assert.equal(histLinks, nonEmpty);
      });

      const taskPath = "/usertask?type=request";
      await check(annSrv.base, taskPath, "usertask", async () => {
        const m = await api<TaskListModel>(annSrv.base, `/api${taskPath}`);
        assert.equal(await text(page, "#task-count"), String(m.total));
        assert.equal(await page.locator("#tasks tr.first").count(), m.tasks.length);
        assert.equal(await text(page, "#task-filter"), m.name);
      });

      await check(annSrv.base, "/usertask?logtext=alert", "usertask-hostile", async () => {
        const m = await api<TaskListModel>(annSrv.base, "/api/usertask?logtext=alert");
        assert.ok(m.tasks.length > 0);
        const whats = await page.locator("#tasks td.pre").allInnerTexts();
        assert.ok(whats.some((w) => w.includes("<script>alert(1)</script>")), whats.join("|"));
      });

      await check(annSrv.base, "/userregions", "userregions", async () => {
        const m = await api<RegionTypesModel>(annSrv.base, "/api/userregions");
        assert.equal(await rows(page, "#region-types"), m.regions.length);
        const types = await page.locator("#region-types .region-type").allInnerTexts();
        assert.ok(types.includes('"<script>alert(1)</script>"'), types.join("|"));
      });

      await check(annSrv.base, "/userregion?type=parse", "userregion", async () => {
        const m = await api<RegionListModel>(annSrv.base, "/api/userregion?type=parse");
        assert.equal(await text(page, "#region-count"), String(m.total));
        assert.equal(await rows(page, "table.breakdown:not(.ranges)"), m.regions.length);
      });

      await check(gcSrv.base, "/mmu", "mmu", async () => {
        await page.waitForSelector("path.curve");
        await page.waitForSelector('#mmu-plot[data-loading="0"]');
      });
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "the flame graph zooms to a frame on click and back out with reset",
  ...opts,
  async fn() {
    await withPage(GC, 1280, async (page, base) => {
      const p = await api<ProfileModel>(base, "/api/sched");
      const root = buildFlameTree(p, "time");
      assert.ok(root.children.length > 0, "the sched profile of gc.trace is not empty");
      await openPage(page, base, "/sched");
      const canvas = page.locator("#flame");
      assert.equal(await canvas.getAttribute("data-focus"), "root");
      // Row 1 starts with the heaviest child of the root, at the left edge.
      await canvas.click({ position: { x: 4, y: 18 + 9 } });
      assert.equal(await canvas.getAttribute("data-focus"), root.children[0].name);
      assert.match(
        await text(page, "#flame-crumbs"),
        new RegExp(`root › ${escape(root.children[0].name)}`),
      );
      await screenshot(page, "profile-sched-zoomed");
      await page.locator("#flame-reset").click();
      assert.equal(await canvas.getAttribute("data-focus"), "root");
      // Search highlights and reports the matched share.
      await page.locator("#flame-search").fill(root.children[0].name);
      assert.match(await text(page, "#flame-matched"), /^matched \d+\.\d\d%$/);
      // The top table lists every function.
      await page.locator("#tab-top").click();
      assert.ok(await rows(page, "#top-table") > 0);
    });
  },
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test({
  name: "the MMU options change the curve and a click lists the worst windows with timeline links",
  ...opts,
  async fn() {
    await withPage(GC, 1280, async (page, base) => {
      await openPage(page, base, "/mmu");
      const ready = () => page.waitForSelector('#mmu-plot[data-loading="0"] path.curve');
      await ready();
      const curve = () => page.locator('path.curve[data-series="0"]').getAttribute("d");
      const system = await curve();
      assert.equal(
        await page.locator("#mmu-plot").getAttribute("data-flags"),
        "system|stw|background|assist",
      );

      await page.locator("#perProc").check();
      await page.waitForSelector(
        '#mmu-plot[data-flags="perProc|stw|background|assist"][data-loading="0"]',
      );
      const perProc = await curve();
      assert.notEqual(perProc, system, "per-goroutine MMU differs from system MMU on gc.trace");

      await page.locator("#mut").check();
      await page.waitForSelector(
        '#mmu-plot[data-flags="perProc|stw|background|assist|mut"][data-loading="0"]',
      );
      assert.equal(await page.locator("path.curve").count(), 4); // MMU, p99.9, p99, p95
      await page.locator("#system").check();
      await page.locator("#mut").uncheck();
      await page.waitForSelector(
        '#mmu-plot[data-flags="system|stw|background|assist"][data-loading="0"]',
      );
      assert.equal(await curve(), system);

      // The chart's curve equals Go-shaped plot JSON the server serves.
      const plot = await api<{ curve: number[][] }>(
        base,
        "/mmu?mode=plot&flags=system|stw|background|assist",
      );
      assert.equal(plot.curve.length, 100);

      // A click in the middle of the chart lists the worst windows of that size.
      const hit = page.locator("#mmu-hit");
      const box = (await hit.boundingBox())!;
      await hit.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await page.waitForSelector("#details ol.worst li");
      const anchors = page.locator("#details ol.worst a");
      const links: (string | null)[] = [];
      for (let i = 0; i < await anchors.count(); i++) {
        links.push(await anchors.nth(i).getAttribute("href"));
      }
      assert.ok(links.length > 0 && links.length <= 10);
      for (const l of links) {
        assert.match(l!, /^\/trace\?view=proc&start=\d+&end=\d+#[0-9.e+]+:[0-9.e+]+$/);
      }
      await screenshot(page, "mmu-details");
    });
  },
});

Deno.test({
  name: "pages follow the system's dark colour scheme",
  ...opts,
  async fn() {
    await using srv = await serveTrace(GC);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({
        colorScheme: "dark",
        viewport: { width: 1280, height: 900 },
      });
      await openPage(page, srv.base, "/");
      const bg = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      assert.equal(bg, "rgb(20, 23, 28)");
      await screenshot(page, "index-dark");
    } finally {
      await browser.close();
    }
  },
});
