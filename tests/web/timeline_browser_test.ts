/// <reference lib="dom" />
// The timeline viewer in real headless Chromium: each view draws a lane for every proc,
// thread or goroutine the analysis names; the wheel and W/S change the visible window;
// clicking a span shows its stacks; dragging shows the selection's totals; flows can be
// followed; goroutines can be found; "?" shows the keys; a link from the MMU page's worst
// windows opens the timeline on that window. Screenshots go to test-output/screenshots/.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  launchChromium,
  screenshot,
  serveTrace,
  watchProblems,
  withPage,
} from "../support/browser.ts";
import { ANNOTATIONS, GC } from "../support/web_app.ts";
import {
  drawnLaneNames,
  frames,
  type Hooked,
  lastFrame,
  openTimeline,
  visibleWindow,
} from "../support/timeline_page.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** The lanes Go's JSON names for a view: its resources (procs, threads or goroutines). */
async function analysisLanes(base: string, query: string): Promise<string[]> {
  const res = await fetch(`${base}/jsontrace?${query}`);
  const doc = await res.json() as {
    traceEvents: { ph: string; name: string; pid: number; tid: number; args: { name: string } }[];
  };
  return doc.traceEvents
    .filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === 0 && e.tid < 1000000)
    .map((e) => e.args.name as string);
}

/** The canvas pixel at page coordinates (x, y). */
function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(([x, y]) => {
    const c = document.querySelector("canvas.tl-canvas") as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    const dpr = c.width / r.width;
    const d = c.getContext("2d")!
      .getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data;
    return [d[0], d[1], d[2]];
  }, [x, y]);
}

Deno.test({
  name: "each timeline view draws a lane for every proc, thread and goroutine the analysis names",
  ...opts,
  async fn(t) {
    await using gc = await serveTrace(GC);
    await using ann = await serveTrace(ANNOTATIONS);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const problems = watchProblems(page);
      const cases: [string, string, string][] = [
        [gc.base, "view=proc", "timeline-proc"],
        [gc.base, "view=thread", "timeline-thread"],
        [gc.base, "goid=1", "timeline-goroutine"],
        [ann.base, "taskid=3", "timeline-task-goroutines"],
        [ann.base, "focustask=3", "timeline-focustask"],
      ];
      for (const [base, query, shot] of cases) {
        await t.step(query, async () => {
          await openTimeline(page, base, `/trace?${query}`);
          const want = await analysisLanes(base, query);
          assert.ok(want.length > 0, `${query}: the analysis names lanes`);
          const drawn = await drawnLaneNames(page);
          for (const name of want) assert.ok(drawn.has(name), `${query}: lane ${name} not drawn`);
          // Something was drawn on the lanes: the widest span shows its colour.
          const w = (await lastFrame(page)).widest;
          assert.ok(w, `${query}: no span drawn`);
          const px = await pixelAt(page, w.x + w.w / 2, w.y + w.h / 2);
          assert.notDeepEqual(px, [255, 255, 255], `${query}: span pixels are background`);
          await screenshot(page, shot);
          assert.deepEqual(problems.splice(0), [], `${query}: problems in the page`);
        });
      }
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "the timeline zooms and pans with the wheel and W/A/S/D, and keeps the window in the hash",
  ...opts,
  async fn() {
    await withPage(GC, 1400, async (page, base) => {
      await openTimeline(page, base, "/trace");
      const w0 = await visibleWindow(page);
      await page.mouse.move(800, 400);
      for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
      await frames(page);
      const w1 = await visibleWindow(page);
      assert.ok(w1.t1 - w1.t0 < (w0.t1 - w0.t0) * 0.5, "the wheel zoomed in");
      await page.keyboard.down("s");
      await page.waitForTimeout(400);
      await page.keyboard.up("s");
      const w2 = await visibleWindow(page);
      assert.ok(w2.t1 - w2.t0 > w1.t1 - w1.t0, "S zoomed out");
      await page.keyboard.down("d");
      await page.waitForTimeout(300);
      await page.keyboard.up("d");
      const w3 = await visibleWindow(page);
      assert.ok(w3.t0 > w2.t0, "D panned later");
      assert.ok(Math.abs((w3.t1 - w3.t0) - (w2.t1 - w2.t0)) < 1, "panning keeps the zoom");
      await page.waitForTimeout(500);
      const hash = await page.evaluate(() => location.hash);
      const [a, b] = hash.slice(1).split(":").map(Number);
      assert.ok(Math.abs(a * 1e6 - w3.t0) < 1000 && Math.abs(b * 1e6 - w3.t1) < 1000, hash);
      await screenshot(page, "timeline-zoomed");
    });
  },
});

Deno.test({
  name: "clicking a span shows its times and stacks, and its flows can be followed",
  ...opts,
  async fn() {
    await withPage(GC, 1400, async (page, base) => {
      await openTimeline(page, base, "/trace?goid=1");
      const w = (await lastFrame(page)).widest!;
      await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
      const details = page.locator("[data-testid=slice-details]");
      await details.waitFor({ timeout: 10_000 });
      const title = await page.locator(".tl-panel h2").first().innerText();
      assert.equal(title, w.name);
      const stacks = page.locator(".tl-panel .tl-stack");
      assert.ok(await stacks.count() >= 1, "a stack is shown");
      const frames0 = await page.locator(".tl-panel .tl-stack li").count();
      assert.ok(frames0 > 0, "stack frames listed");
      assert.match(await page.locator(".tl-panel").innerText(), /Duration/);
      await screenshot(page, "timeline-details");
      // A slice something else started: its "Started by" flow leads to the other end.
      let followed = false;
      for (let k = 0; k < 60 && !followed; k++) {
        const spans = (await lastFrame(page)).spans.filter((s) => s.h >= 12);
        const span = spans[k];
        if (!span) break;
        await page.mouse.click(span.x + span.w / 2, span.y + span.h / 2);
        await details.waitFor({ timeout: 10_000 });
        await page.waitForTimeout(150);
        const flow = page.locator(".tl-panel .tl-flows .tl-link").first();
        if (await flow.count() === 0) continue;
        // The other end's time: shown from the view's start, since the trace start on hover.
        const title = await page.locator(".tl-panel .tl-flows li .num").first().getAttribute(
          "title",
        );
        const at = Number(/^([0-9.]+)ms since the trace start$/.exec(title!)![1]) * 1e6;
        await flow.click();
        await frames(page);
        const win = await visibleWindow(page);
        assert.ok(win.t0 <= at && at <= win.t1, `the other end (${at}) is in view`);
        followed = true;
      }
      assert.ok(followed, "some slice on G1's lanes has a flow to follow");
    });
  },
});

Deno.test({
  name: "dragging selects a range and shows its duration and totals per state",
  ...opts,
  async fn() {
    await withPage(GC, 1400, async (page, base) => {
      await openTimeline(page, base, "/trace");
      await page.mouse.move(400, 500);
      await page.mouse.down();
      await page.mouse.move(700, 520, { steps: 5 });
      await page.mouse.up();
      const totals = page.locator("[data-testid=selection-totals]");
      await totals.waitFor({ timeout: 10_000 });
      const text = await totals.innerText();
      assert.match(text, /Running/);
      assert.match(await page.locator(".tl-panel h2").first().innerText(), /^Selection \d/);
      await screenshot(page, "timeline-selection");
    });
  },
});

Deno.test({
  name: "a goroutine is found by id or function, and ? shows the key bindings",
  ...opts,
  async fn() {
    await withPage(GC, 1400, async (page, base) => {
      await openTimeline(page, base, "/trace");
      await page.fill(".tl-find input", "main.main");
      await page.press(".tl-find input", "Enter");
      const result = page.locator(".tl-found .tl-link").first();
      await result.waitFor({ timeout: 10_000 });
      assert.match(await result.innerText(), /^G1 main\.main/);
      await result.click();
      await frames(page);
      await page.keyboard.press("?");
      await page.locator(".tl-help").waitFor();
      assert.match(await page.locator(".tl-help").innerText(), /W \/ S/);
      await screenshot(page, "timeline-help");
      await page.keyboard.press("Escape");
      assert.equal(await page.locator(".tl-help").count(), 0);
    });
  },
});

Deno.test({
  name: "a worst window linked from the MMU page opens the timeline on that window",
  ...opts,
  async fn() {
    await withPage(GC, 1400, async (page, base) => {
      await page.goto(`${base}/mmu`);
      const plot = page.locator("#mmu-plot svg, #mmu-plot canvas").first();
      await plot.waitFor({ timeout: 20_000 });
      const box = (await plot.boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      const link = page.locator("ol.worst a").first();
      await link.waitFor({ timeout: 20_000 });
      const href = (await link.getAttribute("href"))!;
      const [a, b] = href.split("#")[1].split(":").map(Number);
      await link.click();
      await page.waitForFunction(() =>
        ((globalThis as unknown as Hooked).__timeline?.firstPaint ?? 0) > 0
      );
      const baseMs: number = await page.evaluate(() =>
        JSON.parse(document.getElementById("tg-boot")!.textContent!).data.baseTimeMs
      );
      const w = await visibleWindow(page);
      // Go writes absolute milliseconds; the timeline shows them since the trace start.
      const tol = 1e-3 * (b - a) * 1e6 + 1000;
      assert.ok(Math.abs(w.t0 - (a - baseMs) * 1e6) < tol, `${href}: t0 ${w.t0}`);
      assert.ok(Math.abs(w.t1 - (b - baseMs) * 1e6) < tol, `${href}: t1 ${w.t1}`);
      await screenshot(page, "timeline-from-mmu");
    });
  },
});
