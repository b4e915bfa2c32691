/// <reference lib="dom" />
// The pages a user opens to find the slow request, in headless Chromium, on traces made
// for them: requests.trace (1,600 tasks of one type, the slowest sleeping 60 ms and
// logging "slowest"; requests blocking on a lock held across a sleep) and bigtask.trace
// (one task of 104,054 events). The task list puts the slowest first and pages through
// everything, no page growing with one task's events; each type links its slowest
// instance's timeline; breakdown tables fit 1280 px with a summary per row; numbers show
// 3 significant digits and the exact value on hover and copy. Screenshots go to
// test-output/screenshots/.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { api, openPage, screenshot, withPage } from "../support/browser.ts";
import { parseDuration } from "../../server/core/util/go_duration.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";
import type {
  GoroutineModel,
  RegionListModel,
  RegionTypesModel,
  TaskListModel,
} from "../../server/core/contract/pages.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const REQUESTS = "testdata/traces/go1.26/requests.trace";
const BIGTASK = "testdata/traces/go1.26/bigtask.trace";

// What the programs make (testdata/programs/requests and bigtask).
const REQUEST_TASKS = 1600;
const SLOWEST_SLEEP = 60e6;
const BIGTASK_EVENTS = 52000 * 2 + 52000 / 1000 + 2; // region begin/end, logs, task begin/end

/** The most events a /usertask page lists (server/core/pages/tasks.ts), and the size we promise. */
const EVENTS_PER_PAGE = 5000;
const MAX_PAGE_BYTES = 1_000_000;

/** Per task row on the page: its id, the exact elapsed time (title), and its event texts. */
function taskRows(page: Page) {
  return page.evaluate(() => {
    const out: { id: number; elapsed: string; events: string[] }[] = [];
    for (const tr of document.querySelectorAll<HTMLTableRowElement>("#tasks tbody tr")) {
      if (tr.classList.contains("first")) {
        const num = tr.querySelector<HTMLElement>("td.elapsed .num")!;
        out.push({ id: Number(tr.dataset.task), elapsed: num.title, events: [] });
      } else if (out.length > 0 && !tr.classList.contains("events-note")) {
        out[out.length - 1].events.push(tr.cells[3].innerText);
      }
    }
    return out;
  });
}

Deno.test({
  name:
    "/usertask lists the slowest task first, Go's shortest-first order is a click away, and pages reach every task",
  ...opts,
  async fn() {
    await withPage(REQUESTS, 1280, async (page, base) => {
      await openPage(page, base, "/usertask?type=request");
      const rows = await taskRows(page);
      // The first row is the request that slept 60 ms and logged "slowest".
      assert.ok(rows[0].events.some((e) => e === 'log "slowest"'), rows[0].events.join("|"));
      assert.ok(parseDuration(rows[0].elapsed) >= SLOWEST_SLEEP, rows[0].elapsed);
      const ns = rows.map((r) => parseDuration(r.elapsed));
      for (let i = 1; i < ns.length; i++) assert.ok(ns[i] <= ns[i - 1], "longest first");
      assert.equal(await page.locator("#task-count").innerText(), String(REQUEST_TASKS));
      assert.equal(
        await page.locator("th[data-col=duration]").getAttribute("aria-sort"),
        "descending",
      );
      await screenshot(page, "usertask-longest-first", false);

      // Every task is on some page; no page lists more than its share of events.
      const seen = new Set<number>();
      for (let pages = 1;; pages++) {
        const here = await taskRows(page);
        for (const r of here) seen.add(r.id);
        const events = here.reduce((n, r) => n + r.events.length, 0);
        assert.ok(events <= EVENTS_PER_PAGE, `${events} events on page ${pages}`);
        const next = page.locator("#pages-bottom a.next");
        if (await next.count() === 0) break;
        assert.ok(pages < 20, "paging ends");
        await next.click();
        await page.waitForLoadState("load");
        await page.waitForSelector("#tasks");
      }
      assert.equal(seen.size, REQUEST_TASKS);

      // Go's order, one click from the first page.
      await openPage(page, base, "/usertask?type=request");
      await page.click("#go-order");
      await page.waitForSelector("#longest-first");
      assert.match(page.url(), /sortby=duration&order=asc/);
      const asc = (await taskRows(page)).map((r) => parseDuration(r.elapsed));
      for (let i = 1; i < asc.length; i++) assert.ok(asc[i] >= asc[i - 1], "shortest first");
      assert.equal(
        await page.locator("th[data-col=duration]").getAttribute("aria-sort"),
        "ascending",
      );
      // The headers sort: by start time.
      await page.click("th[data-col=start] a");
      await page.waitForURL(/sortby=start/);
      const when = await page.locator("#tasks tr.first td.when").allInnerTexts();
      for (let i = 1; i < when.length; i++) {
        assert.ok(parseFloat(when[i]) >= parseFloat(when[i - 1]));
      }
      await screenshot(page, "usertask-shortest-first", false);
    });
  },
});

Deno.test({
  name: "a task of 104,054 events is split across pages of at most 5,000 events, each under 1 MB",
  ...opts,
  async fn() {
    await withPage(BIGTASK, 1280, async (page, base) => {
      const path = "/usertask?type=pipeline";
      const html = await (await fetch(base + path)).text();
      assert.ok(html.length < MAX_PAGE_BYTES, `first page ${html.length} bytes`);
      await openPage(page, base, path);
      const rows = await taskRows(page);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].events.length, EVENTS_PER_PAGE);
      assert.match(await page.locator("#tasks tr.first").innerText(), /104,054 events/);
      assert.match(
        await page.locator("tr.events-note td.left").first().innerText(),
        /^Events 1–5,000 of 104,054 of task \d+\. later events →$/,
      );
      await screenshot(page, "usertask-huge-task", false);
      // The next events, in the page after.
      await page.locator("tr.events-note a.next-events").first().click();
      await page.waitForURL(/evoffset=5000/);
      await page.waitForSelector("#tasks");
      assert.match(
        await page.locator("tr.events-note td.left").first().innerText(),
        /^Events 5,001–10,000 of 104,054 of task \d+\. ← earlier events later events →$/,
      );
      const second = await taskRows(page);
      assert.notEqual(second[0].events[0], rows[0].events[0]);

      // All the pages together list each event once, and every page stays small.
      let listed = 0, pages = 0;
      let query: string | null = "type=pipeline";
      while (query !== null) {
        const pageHTML = await (await fetch(`${base}/usertask?${query}`)).text();
        assert.ok(pageHTML.length < MAX_PAGE_BYTES, `${query}: ${pageHTML.length} bytes`);
        const m: TaskListModel = await api(base, `/api/usertask?${query}`);
        listed += m.tasks.reduce((n, t) => n + t.events.length, 0);
        pages++;
        query = m.next
          ? `type=pipeline&offset=${m.next.offset}&evoffset=${m.next.eventOffset}`
          : null;
      }
      assert.equal(listed, BIGTASK_EVENTS);
      assert.equal(pages, Math.ceil(BIGTASK_EVENTS / EVENTS_PER_PAGE));
    });
  },
});

Deno.test({
  name: "/usertasks and /userregions link each type's slowest instance to its timeline",
  ...opts,
  async fn() {
    await withPage(REQUESTS, 1280, async (page, base) => {
      // The slowest request is the first row of its list.
      const list: TaskListModel = await api(base, "/api/usertask?type=request&limit=1");
      const slowest = list.tasks[0];
      await openPage(page, base, "/usertasks");
      const link = page.locator("#task-types a.slowest").first();
      const href = (await link.getAttribute("href"))!;
      assert.equal(href, `/trace?taskid=${slowest.id}#${slowest.startMs}:${slowest.endMs}`);
      assert.match(await link.innerText(), /^\d+(\.\d+)?ms →$/);
      await screenshot(page, "usertasks-slowest");
      await link.click();
      await page.waitForFunction(() =>
        (globalThis as unknown as { __timeline?: { firstPaint: number } }).__timeline
          ?.firstPaint! > 0
      );
      assert.match(await page.locator(".tl-title").innerText(), new RegExp(`task ${slowest.id}`));

      // The longest "cache.get" region: the first row of its list (sorted by total time).
      const kinds: RegionTypesModel = await api(base, "/api/userregions");
      const kind = kinds.regions.find((r) => r.type === "cache.get")!;
      const regions: RegionListModel = await api(
        base,
        `/api/userregion?type=cache.get&pc=${kind.pc}&limit=1`,
      );
      await openPage(page, base, "/userregions");
      const row = page.locator("#region-types tbody tr", { hasText: '"cache.get"' });
      const rlink = row.locator("a.slowest");
      assert.match(
        (await rlink.getAttribute("href"))!,
        new RegExp(`^/trace\\?goid=${regions.regions[0].goroutine}#[0-9.]+:[0-9.]+$`),
      );
      // Type, function and location on lines of their own.
      const boxes = [];
      for (const cls of [".region-type", ".region-func", ".region-loc"]) {
        boxes.push((await row.locator(cls).boundingBox())!);
      }
      assert.ok(boxes[0].y + boxes[0].height <= boxes[1].y + 0.5, "function below the type");
      assert.ok(boxes[1].y + boxes[1].height <= boxes[2].y + 0.5, "location below the function");
      assert.equal(await row.locator(".region-type").innerText(), '"cache.get"');
      assert.match(await row.locator(".region-func").innerText(), /^main\.request @ 0x[0-9a-f]+$/);
      assert.match(await row.locator(".region-loc").innerText(), /requests\/main\.go:\d+$/);
      await screenshot(page, "userregions-lines");
    });
  },
});

/** What the summary calls a column ("61% sched wait"). */
function shortName(col: string): string {
  const m = /^Block time \((.*)\)$/.exec(col);
  if (m) return m[1];
  return ({ "Execution time": "running", "Sched wait time": "sched wait" } as Record<
    string,
    string
  >)[col] ?? col;
}

Deno.test({
  name:
    "every breakdown column is visible at 1280 px, each row with a summary of where its time went",
  ...opts,
  async fn(t) {
    await withPage(REQUESTS, 1280, async (page, base) => {
      const kinds: RegionTypesModel = await api(base, "/api/userregions");
      const pc = kinds.regions.find((r) => r.type === "cache.get")!.pc;
      const cases: [string, string][] = [
        ["/goroutine?name=main.request", "goroutine-breakdown-1280"],
        [`/userregion?type=cache.get&pc=${pc}`, "userregion-breakdown-1280"],
      ];
      for (const [path, shot] of cases) {
        await t.step(path, async () => {
          await openPage(page, base, path);
          const m: GoroutineModel | RegionListModel = await api(base, `/api${path}`);
          const heads = page.locator("table.breakdown:not(.ranges) thead th");
          const n = await heads.count();
          // Lead column(s), total, summary, and every stat column.
          assert.ok(n >= m.nonOverlappingStats.length + 3, `${n} headers`);
          assert.ok(m.nonOverlappingStats.length >= 6, "a breakdown worth checking");
          for (let i = 0; i < n; i++) {
            const b = (await heads.nth(i).boundingBox())!;
            const name = await heads.nth(i).innerText();
            assert.ok(b.x >= 0 && b.x + b.width <= 1280, `${name}: ${b.x}+${b.width}`);
          }
          const cells = page.locator("table.breakdown:not(.ranges) tbody tr").first().locator("td");
          for (let i = 0; i < await cells.count(); i++) {
            const b = (await cells.nth(i).boundingBox())!;
            assert.ok(b.x + b.width <= 1280, `cell ${i}`);
          }
          // The first row's summary starts with its largest share.
          const rows = "goroutines" in m ? m.goroutines : m.regions;
          const r = rows[0];
          const [col, v] = Object.entries(r.stats).sort((a, b) => b[1] - a[1])[0];
          const why = await page.locator("table.breakdown .why").first().innerText();
          assert.ok(
            why.startsWith(`${Math.round(v / r.totalTime * 100)}% ${shortName(col)}`),
            `${why} (largest: ${col})`,
          );
          await screenshot(page, shot);
        });
      }
    });
  },
});

Deno.test({
  name: "tables show durations to 3 significant digits, and the exact value on hover and copy",
  ...opts,
  async fn() {
    await withPage(REQUESTS, 1280, async (page, base) => {
      const path = "/goroutine?name=main.request";
      await openPage(page, base, path);
      const m: GoroutineModel = await api(base, `/api${path}&limit=1`);
      const g = m.goroutines[0];
      const row = page.locator("table.breakdown tbody tr").first();
      const total = row.locator("td").nth(1).locator(".num");
      assert.equal(await total.getAttribute("title"), formatDuration(g.totalTime));
      const shown = await total.innerText();
      assert.match(shown, /^\d+(\.\d+)?(ns|µs|ms|s)$/);
      assert.ok(shown.replace(/\D/g, "").replace(/^0+/, "").length <= 3, shown);
      const rel = Math.abs(parseDuration(shown) - g.totalTime) / g.totalTime;
      assert.ok(rel < 0.005, `${shown} vs ${g.totalTime}`);
      for (const text of await page.locator("table.breakdown td .num").allInnerTexts()) {
        assert.match(text, /^(0s|\d{1,3}(\.\d+)?(ns|µs|ms|s))$/);
      }
      // Copying the row copies Go's exact durations.
      const copied = await page.evaluate(() => {
        let text = "";
        document.addEventListener("copy", (e) => text = e.clipboardData!.getData("text/plain"));
        const tr = document.querySelector("table.breakdown tbody tr")!;
        const range = document.createRange();
        range.selectNodeContents(tr);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        document.execCommand("copy");
        return text;
      });
      assert.ok(copied.includes(formatDuration(g.totalTime)), copied);
      for (const [, v] of Object.entries(g.stats)) {
        assert.ok(copied.includes(formatDuration(v)), `${formatDuration(v)} in ${copied}`);
      }
      // The overview's cards too.
      await openPage(page, base, "/");
      const summary = await api<{ durationNs: number }>(base, "/api/summary");
      const card = page.locator("[data-stat=duration] .value");
      assert.equal(await card.getAttribute("title"), formatDuration(summary.durationNs));
      assert.match(await card.innerText(), /^\d{1,3}(\.\d+)?(ns|µs|ms|s)$/);
      assert.ok(await page.locator("#how-to-read").isVisible(), "the overview says how to read it");
      assert.match(await page.locator("#how-to-read").innerText(), /Timeline[\s\S]*Profiles/);
      await screenshot(page, "index-how-to-read");
    });
  },
});
