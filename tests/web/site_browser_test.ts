/// <reference lib="dom" />
// The browser-only site (deno task build:site) in real Chromium, served by a plain
// static file server: a committed trace given through the file input, every page shows
// what the server shows for the same path and query (the same text, and the numbers of
// the server's /api JSON), the pprof download is the server's profile, links and the
// task search stay in the site, the diagnosis and the critical paths (their page and the
// task page's panel) show /api/diagnosis's and /api/criticalpath's findings, evidence and
// hops, and no request leaves the site's origin. Screenshots of each page go to
// test-output/screenshots/site-*.png.

import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { api, launchChromium, screenshot, serveTrace } from "../support/browser.ts";
import { ANNOTATIONS, GC, tracePath } from "../support/web_app.ts";
import { profileContent } from "../support/pprof_samples.ts";
import { count, dur, durFull } from "../../web/lib/format.ts";
import { formatFloatV } from "../../server/core/util/go_format_float.ts";
import { REQUESTS } from "../support/requests_trace.ts";
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
import type {
  CriticalPathModel,
  DiagnosisModel,
  Evidence,
} from "../../server/core/contract/diagnosis.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const rows = (page: Page, sel: string) => page.locator(`${sel} > tbody > tr`).count();

/** A number of a finding's evidence as the JSON says it, in the page's units. */
function evidenceText(e: Evidence): string {
  const tenth = (v: number) => formatFloatV(Math.round(v * 10) / 10);
  switch (e.unit) {
    case "ns":
      return dur(e.value);
    case "percent":
      return `${tenth(e.value)}%`;
    case "rate":
      return `${count(Math.round(e.value))}/s`;
    case "ratio":
      return `${tenth(e.value)}×`;
    default:
      return count(e.value);
  }
}

/** The exact durations (ns) of the Dur elements in `at`: their copied text. */
const exact = (at: Locator) =>
  at.locator(".num[data-copy]").evaluateAll((els) => els.map((e) => e.getAttribute("data-copy")));

/**
 * Asserts a critical path shown in `at` (the page's or the task page's panel) is `p`:
 * the subject, the categories with their totals, and each hop's goroutine, start and time.
 */
async function checkPath(at: Locator, p: CriticalPathModel): Promise<void> {
  assert.equal(
    await at.locator(".critical-path").getAttribute("data-subject"),
    `${p.subject.kind}:${p.subject.id}`,
  );
  const ms = (ns: number) => `${formatFloatV(ns / 1e6)} ms`;
  const intro = await at.locator(".critical-path > p").first().innerText();
  assert.ok(intro.includes(`from ${ms(p.start)} to ${ms(p.end)}`), intro);
  assert.ok(intro.includes(`${count(p.hops.length)} step`), intro);
  const cats = Object.entries(p.totals).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const legend = at.locator(".cp-legend li");
  assert.deepEqual(
    await legend.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cat)),
    cats.map(([k]) => k),
  );
  assert.deepEqual(await exact(legend), cats.map(([, v]) => durFull(v)));
  const hops = at.locator(".cp-chain tbody tr");
  assert.equal(await hops.count(), p.hops.length);
  assert.deepEqual(
    await hops.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.goroutine))),
    p.hops.map((h) => h.goroutine),
  );
  assert.deepEqual(
    await hops.locator("td:nth-child(2)").allInnerTexts(),
    p.hops.map((h) => ms(h.start)),
  );
  assert.deepEqual(
    await exact(hops.locator("td:nth-child(3)")),
    p.hops.map((h) => durFull(h.end - h.start)),
  );
  assert.deepEqual(
    await hops.locator("td:nth-child(4) a.mono").allInnerTexts(),
    p.hops.filter((h) => h.name !== "").map((h) => h.name),
  );
  // Who each hop woke or created, and when.
  assert.deepEqual(
    await hops.locator(".cp-woke").allInnerTexts(),
    p.hops.flatMap(({ woke: w }) =>
      w
        ? [
          `→ ${w.created ? "created" : `woke`} G${w.goroutine}${
            w.created ? "" : ` (ending its ${w.reason || "wait"})`
          } at ${ms(w.time)}`,
        ]
        : []
    ),
  );
}

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

      // The overview's diagnosis preview loads after the page: both sides wait for it.
      const indexReady = (p: Page) =>
        sel('[data-stat="events"]')(p).then(() => sel("#diagnosis-preview:not(.muted)")(p));
      await check("/", "site-index", indexReady, async () => {
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

      await t.step(
        "a trace with findings (requests.trace): the diagnosis and critical paths",
        async () => {
          await using req = await serveTrace(REQUESTS);
          const d = await api<DiagnosisModel>(req.base, "/api/diagnosis");
          // Findings of several rules, with every kind of number, a stack and a path's link.
          assert.ok(d.findings.length >= 3, JSON.stringify(d.findings.map((f) => f.rule)));
          await page.goto(siteBase + "/#/diagnosis");
          await page.reload();
          await page.setInputFiles("#file", tracePath(REQUESTS));
          await page.waitForSelector("#findings .finding", { timeout: 30_000 });
          await server.goto(req.base + "/diagnosis");
          await server.waitForSelector("#findings");
          assert.equal(await page.innerText("#app main"), await server.innerText("#app main"));
          const note = await page.locator("#app main p.note").first().innerText();
          for (
            const want of [
              `${count(d.findings.length)} findings`,
              `Trace of ${dur(d.duration)}, ${count(d.goroutines)} goroutines`,
              `GOMAXPROCS ${count(d.gomaxprocs)}`,
            ]
          ) assert.ok(note.includes(want), `${note} lacks ${want}`);
          const cards = page.locator("#findings .finding");
          assert.equal(await cards.count(), d.findings.length);
          let stacks = 0;
          for (const [i, f] of d.findings.entries()) {
            const card = cards.nth(i);
            assert.equal(await card.getAttribute("data-rule"), f.rule);
            assert.equal(
              await card.locator("h2").innerText(),
              `${i + 1}. ${f.title}: ${f.subject}`,
            );
            assert.deepEqual(await exact(card.locator(".cost")), [durFull(f.cost)]);
            const ev = card.locator("table.evidence tbody tr");
            assert.deepEqual(
              await ev.locator("td:first-child").allInnerTexts(),
              f.evidence.map((e) => e.label),
            );
            assert.deepEqual(
              await ev.locator("td:nth-child(2)").allInnerTexts(),
              f.evidence.map(evidenceText),
            );
            assert.deepEqual(
              await exact(ev),
              f.evidence.filter((e) => e.unit === "ns").map((e) => durFull(e.value)),
            );
            const frames = await card.locator("details.stack li").allTextContents();
            assert.deepEqual(
              frames,
              (f.stack ?? []).map((fr) => `${fr.func} ${fr.file}:${fr.line}`),
            );
            stacks += frames.length;
            const links = card.locator(".finding-links a");
            assert.deepEqual(await links.allInnerTexts(), f.links.map((l) => l.label));
            // Hash routes: a link stays in the site.
            assert.deepEqual(
              await links.evaluateAll((els) => els.map((a) => a.getAttribute("href"))),
              f.links.map((l) => `#${l.href}`),
            );
          }
          assert.ok(stacks > 0, "no finding with a stack");
          const found = new Set(d.findings.map((f) => f.rule));
          const ruleRows = page.locator("#rules tbody tr");
          assert.deepEqual(
            await ruleRows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.rule)),
            d.rules.map((r) => r.id),
          );
          assert.deepEqual(
            await ruleRows.locator("td:nth-child(4)").allInnerTexts(),
            d.rules.map((r) => found.has(r.id) ? "yes" : "no"),
          );
          await screenshot(page, "site-diagnosis");
          assert.deepEqual(problems.splice(0), []);

          // The slowest task's critical path, by the finding's link.
          const cp = d.findings.flatMap((f) => f.links).find((l) =>
            l.href.startsWith("/criticalpath?taskid=")
          );
          assert.ok(cp, "no finding links a critical path");
          await page.locator(`#findings a[href="#${cp.href}"]`).first().click();
          await page.waitForFunction((h) => location.hash === h, `#${cp.href}`);
          await page.waitForSelector(".cp-chain tbody tr", { timeout: 30_000 });
          const path = await api<CriticalPathModel>(req.base, `/api${cp.href}`);
          assert.ok(path.hops.length > 1, `${path.hops.length} hops`);
          await checkPath(page.locator("#app main"), path);
          await server.goto(req.base + cp.href);
          await server.waitForSelector(".cp-chain tbody tr");
          assert.equal(await page.innerText("#app main"), await server.innerText("#app main"));
          await screenshot(page, "site-critical-path");
          assert.deepEqual(problems.splice(0), []);

          // The task page's panel: the path of the first task listed.
          const tq = "/usertask?type=request&sortby=duration&order=desc";
          const list = await api<TaskListModel>(req.base, `/api${tq}`);
          await page.evaluate((h) => location.hash = h, `#${tq}`);
          const panel = page.locator("#critical-path .cp-panel");
          await panel.locator(".cp-chain tbody tr").first().waitFor({ timeout: 30_000 });
          assert.equal(await panel.getAttribute("data-task"), String(list.tasks[0].id));
          const first = await api<CriticalPathModel>(
            req.base,
            `/api/criticalpath?taskid=${list.tasks[0].id}`,
          );
          await checkPath(panel, first);
          await server.goto(req.base + tq);
          await server.waitForSelector("#critical-path .cp-chain tbody tr");
          assert.equal(
            await page.innerText("#critical-path"),
            await server.innerText("#critical-path"),
          );
          await page.locator("#critical-path").scrollIntoViewIfNeeded();
          await screenshot(page, "site-task-critical-path", false);
          assert.deepEqual(problems.splice(0), []);
        },
      );

      assert.deepEqual(foreign, [], "requests that left the site's origin");
    } finally {
      await browser.close();
      await site.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
