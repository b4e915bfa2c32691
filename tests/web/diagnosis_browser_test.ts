/// <reference lib="dom" />
// The diagnosis page, the critical-path page and the task page's critical-path panel in
// headless Chromium: they render with no console error and show the numbers of their
// /api JSON; trace text stays text. Screenshots: diagnosis-*.png, critical-path-*.png.

import assert from "node:assert/strict";
import { api, openPage, screenshot, withPage } from "../support/browser.ts";
import { lastFrame, openTimeline } from "../support/timeline_page.ts";
import type { CriticalPathModel, DiagnosisModel } from "../../server/core/contract/diagnosis.ts";
import { dur } from "../../web/lib/format.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const DIR = "testdata/traces/go1.26/diagnose";

Deno.test({
  name:
    "/diagnosis lists the findings of /api/diagnosis in rank order, with their rules; the overview shows the top ones and links it",
  ...opts,
  async fn() {
    await withPage("testdata/traces/go1.26/requests.trace", 1280, async (page, base) => {
      const d = await api<DiagnosisModel>(base, "/api/diagnosis");
      assert.ok(d.findings.length > 0);
      await openPage(page, base, "/");
      // The overview shows the top findings as it opens.
      await page.waitForSelector("#diagnosis-preview li");
      const preview = await page.locator("#diagnosis-preview li").allInnerTexts();
      assert.deepEqual(
        preview,
        d.findings.slice(0, 3).map((f) => `${f.title}: ${f.subject} (${dur(f.cost)})`),
      );
      await page.click("#diagnosis-link a");
      await page.waitForSelector("#findings");
      const rules = await page.locator("#findings .finding").evaluateAll((els) =>
        els.map((e) => (e as HTMLElement).dataset.rule)
      );
      assert.deepEqual(rules, d.findings.map((f) => f.rule));
      const first = page.locator("#findings .finding").first();
      assert.match(await first.locator("h2").innerText(), new RegExp(`${d.findings[0].subject}`));
      assert.match(await first.locator(".cost").innerText(), new RegExp(dur(d.findings[0].cost)));
      assert.equal(await page.locator("#rules tbody tr").count(), d.rules.length);
      await screenshot(page, "diagnosis-requests");
    });
  },
});

Deno.test({
  name:
    "the task page shows the slowest task's critical path (category bar, chain with links); /criticalpath shows it alone",
  ...opts,
  async fn() {
    await withPage(`${DIR}/critpath.trace`, 1280, async (page, base) => {
      const p = await api<CriticalPathModel>(base, "/api/criticalpath?taskid=1");
      await openPage(page, base, "/usertask?type=request");
      await page.waitForSelector(".cp-panel .cp-chain tbody tr");
      const chain = page.locator(".cp-panel .cp-chain tbody tr");
      assert.equal(await chain.count(), p.hops.length);
      const goids = await chain.evaluateAll((els) =>
        els.map((e) => Number((e as HTMLElement).dataset.goroutine))
      );
      assert.deepEqual(goids, p.hops.map((h) => h.goroutine));
      // The legend: sleep is the biggest category, with the path's total.
      const legend = page.locator(".cp-panel .cp-legend li").first();
      assert.equal(await legend.getAttribute("data-cat"), "sleep");
      assert.match(await legend.innerText(), new RegExp(dur(p.totals.sleep)));
      // Each hop links its goroutine on the timeline and its group.
      const links = await chain.nth(1).locator("a").evaluateAll((els) =>
        els.map((a) => (a as HTMLAnchorElement).getAttribute("href"))
      );
      assert.ok(links[0]?.startsWith(`/trace?goid=${p.hops[1].goroutine}#`), String(links));
      assert.equal(links[1], `/goroutine?name=${encodeURIComponent(p.hops[1].name)}`);
      await screenshot(page, "critical-path-task-page");

      await openPage(page, base, "/criticalpath?taskid=1");
      assert.equal(await page.locator(".cp-chain tbody tr").count(), p.hops.length);
      await screenshot(page, "critical-path-page");
    });
  },
});

Deno.test({
  name:
    "the timeline with criticalpath=1 frames each goroutine's stretch of the path and draws an arrow at each hand-off",
  ...opts,
  async fn() {
    await withPage(`${DIR}/critpath.trace`, 1280, async (page, base) => {
      const p = await api<CriticalPathModel>(base, "/api/criticalpath?taskid=1");
      await openPage(page, base, "/criticalpath?taskid=1");
      const href = await page.locator("a.cp-timeline").getAttribute("href");
      assert.ok(href?.startsWith("/trace?taskid=1&criticalpath=1#"), String(href));
      await page.click("a.cp-timeline");
      await page.waitForSelector("#chain-note");
      // The task view has a lane for each goroutine of the chain (main, A, B, C).
      assert.equal(
        await page.locator("#chain-note").innerText(),
        `critical path: ${p.hops.length} stretches framed`,
      );
      const drawn = await page.waitForFunction(() => {
        // deno-lint-ignore no-explicit-any
        const r = (globalThis as any).__timeline?.last;
        return r && r.chainSpans > 0 ? { spans: r.chainSpans, arrows: r.chainArrows } : null;
      });
      const { spans, arrows } = await drawn.jsonValue() as { spans: number; arrows: number };
      assert.equal(spans, p.hops.length);
      assert.equal(arrows, p.hops.length - 1);
      await screenshot(page, "critical-path-timeline", false);
    });
  },
});

Deno.test({
  name:
    "a goroutine's slice on the timeline links the goroutine's critical path up to the slice's end",
  ...opts,
  async fn() {
    await withPage(`${DIR}/critpath.trace`, 1280, async (page, base) => {
      const task = await api<CriticalPathModel>(base, "/api/criticalpath?taskid=1");
      const c = task.hops[3]; // C: it runs a few µs at the end of its sleep, then replies
      const ms = (ns: number) => ns / 1e6;
      await openTimeline(page, base, `/trace?taskid=1#${ms(c.end - 40e3)}:${ms(c.end + 20e3)}`);
      const frame = await lastFrame(page);
      const lane = frame.lanes.find((l) => l.name.startsWith(`G${c.goroutine} `));
      assert.ok(lane, JSON.stringify(frame.lanes.map((l) => l.name)));
      const span = frame.spans.find((s) => s.lane === lane.lane);
      assert.ok(span, JSON.stringify(frame.spans));
      await page.mouse.click(span.x + span.w / 2, span.y + span.h / 2);
      const link = page.locator("a.tl-critical-path");
      await link.waitFor({ timeout: 10_000 });
      assert.match(
        String(await link.getAttribute("href")),
        new RegExp(`^/criticalpath\\?goid=${c.goroutine}&time=`),
      );
      await link.click();
      await page.waitForSelector(".cp-chain");
      const goids = await page.locator(".cp-chain tbody tr").evaluateAll((els) =>
        els.map((e) => Number((e as HTMLElement).dataset.goroutine))
      );
      // Back from C through B and A to main, which created C.
      assert.deepEqual(goids.slice(-3), task.hops.slice(1, 4).map((h) => h.goroutine));
      await screenshot(page, "critical-path-goroutine");
    });
  },
});
