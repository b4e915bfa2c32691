/// <reference lib="dom" />
// The timeline explains waits, in headless Chromium on requests.trace (main.db holds a
// lock across a 15 ms sleep; requests block on it): hovering a gap on a goroutine lane
// names the wait and the goroutine that unblocked it, and a click links to it; the task
// view gives that goroutine a lane, labels its region rows and counts from 0; "/" moves
// to find without typing it, and find matches functions on stacks; Esc and 0 clear the
// tooltip; a picked slice's flows are drawn; the selection panel's numbers carry units.
// Screenshots go to test-output/screenshots/.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot, withPage } from "../support/browser.ts";
import {
  canvasBox,
  drawnLaneNames,
  frames,
  lastFrame,
  openTimeline,
} from "../support/timeline_page.ts";
import { lockWait, REQUESTS } from "../support/requests_trace.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const tooltip = (page: Page) => page.locator(".tl-tooltip");

/** Hovers the middle of the lane named `G<id> …` at a few places until a gap's tooltip shows. */
async function hoverGap(page: Page, goroutine: number): Promise<{ x: number; y: number }> {
  const frame = await lastFrame(page);
  const lane = frame.lanes.find((l) => l.name.startsWith(`G${goroutine} `));
  assert.ok(lane, `a lane for G${goroutine}: ${frame.labels.join(", ")}`);
  const box = await canvasBox(page);
  const y = lane.y + lane.h / 2;
  // The waiter spent most of its life blocked: the middle of its lane is a gap.
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const x = box.left + 210 + (box.width - 210) * f;
    await page.mouse.move(x, y);
    try {
      await page.waitForFunction(
        () => {
          const t = document.querySelector<HTMLElement>(".tl-tooltip")!;
          return !t.hidden && t.innerText.startsWith("Not running");
        },
        null,
        { timeout: 2000 },
      );
      return { x, y };
    } catch { /* a slice there: try elsewhere */ }
  }
  throw new Error(`no gap found on G${goroutine}'s lane`);
}

Deno.test({
  name:
    "hovering a gap on a goroutine lane names the wait and the goroutine that unblocked it; a click links to it",
  ...opts,
  async fn() {
    const w = await lockWait();
    await withPage(REQUESTS, 1400, async (page, base) => {
      await openTimeline(page, base, `/trace?goid=${w.waiter}`);
      const at = await hoverGap(page, w.waiter);
      const text = await tooltip(page).innerText();
      assert.match(text, /^Not running for \d+(\.\d+)?ms: sync$/m);
      assert.match(text, /stopped in sync\.\(\*Mutex\)\.Lock/);
      assert.ok(text.includes(`unblocked by G${w.holder} main.db`), text);
      assert.match(text, /in sync\.\(\*Mutex\)\.Unlock/);
      await screenshot(page, "timeline-gap-tooltip");
      // The ruler of a goroutine view starts at 0, the goroutine's start.
      assert.equal((await lastFrame(page)).ticks[0], `0 (G${w.waiter} start)`);

      await page.mouse.click(at.x, at.y);
      const details = page.locator("[data-testid=gap-details]");
      await details.waitFor({ timeout: 10_000 });
      const by = page.locator("[data-testid=unblocker] a");
      assert.equal(await by.innerText(), `G${w.holder} main.db`);
      assert.match((await by.getAttribute("href"))!, new RegExp(`^/trace\\?goid=${w.holder}#`));
      assert.match(await page.locator(".tl-panel").innerText(), /Where it stopped/);
      await screenshot(page, "timeline-gap-panel");
      // "show it" goes to the unblocking event on the holder's lane and picks its slice.
      await page.locator("[data-testid=unblocker] button").click();
      await page.locator("[data-testid=slice-details]").waitFor({ timeout: 10_000 });
      assert.match(
        await page.locator(".tl-panel h2").first().innerText(),
        new RegExp(`^G${w.holder} main\\.db`),
      );
    });
  },
});

Deno.test({
  name: "the task view gives the lock holder a lane, labels region rows, and its ruler starts at 0",
  ...opts,
  async fn() {
    const w = await lockWait();
    await withPage(REQUESTS, 1400, async (page, base) => {
      await openTimeline(page, base, `/trace?taskid=${w.task}`);
      const names = await drawnLaneNames(page);
      assert.ok(names.has(`G${w.waiter} main.request`), [...names].join(", "));
      assert.ok(names.has(`G${w.holder} main.db`), "the goroutine that held the lock");
      const frame = await lastFrame(page);
      assert.ok(
        frame.captions.includes(`G${w.waiter} main.request: regions`),
        frame.captions.join(", "),
      );
      assert.ok(frame.spans.some((s) => s.name === "cache.get"), "the region is drawn");
      assert.equal(frame.ticks[0], `0 (task ${w.task} start)`);
      // The waiter's gap here too names the holder.
      const text = (await hoverGap(page, w.waiter), await tooltip(page).innerText());
      assert.ok(text.includes(`G${w.holder} main.db`), text);
      await screenshot(page, "timeline-task-unblocker");
    });
  },
});

Deno.test({
  name:
    '"/" focuses find without typing it, and find matches a function on the goroutines\' stacks',
  ...opts,
  async fn() {
    const w = await lockWait();
    await withPage(REQUESTS, 1400, async (page, base) => {
      await openTimeline(page, base, "/trace");
      await page.mouse.move(700, 500);
      await page.keyboard.press("/");
      const input = page.locator(".tl-find input");
      assert.ok(await input.evaluate((el) => el === document.activeElement), "find has the focus");
      assert.equal(await input.inputValue(), "");
      await page.keyboard.type("Mutex).Lock");
      assert.equal(await input.inputValue(), "Mutex).Lock");
      await page.keyboard.press("Enter");
      const item = page.locator(".tl-found li", { hasText: `G${w.waiter} main.request` });
      await item.waitFor({ timeout: 10_000 });
      assert.equal(await item.locator(".tl-why").innerText(), "stack: sync.(*Mutex).Lock");
      await screenshot(page, "timeline-find-stack");
      // A region name finds the goroutines that ran it.
      await input.fill("cache.get");
      await page.keyboard.press("Enter");
      await page.locator(".tl-found .tl-why", { hasText: 'region "cache.get"' }).first()
        .waitFor({ timeout: 10_000 });
    });
  },
});

Deno.test({
  name:
    "Esc and 0 clear the tooltip; a picked slice's flows are drawn, and with arrows on only they are",
  ...opts,
  async fn() {
    const w = await lockWait();
    await withPage(REQUESTS, 1400, async (page, base) => {
      await openTimeline(page, base, `/trace?goid=${w.waiter}`);
      const gap = await hoverGap(page, w.waiter);
      await page.keyboard.press("Escape");
      assert.ok(await tooltip(page).isHidden(), "Esc hides the tooltip");
      await hoverGap(page, w.waiter);
      await page.keyboard.press("0");
      assert.ok(await tooltip(page).isHidden(), "0 hides the tooltip");
      await frames(page);

      // The slice after the wait was started by the holder's unblock: pick the holder's
      // slice that unblocked it through the gap panel, then the waiter's next slice.
      await page.mouse.click(gap.x, gap.y);
      await page.locator("[data-testid=unblocker] button").click();
      await page.locator("[data-testid=slice-details]").waitFor({ timeout: 10_000 });
      await page.waitForFunction(() =>
        ((globalThis as unknown as { __timeline: { last: { pickedArrows: number } } }).__timeline
          .last.pickedArrows) > 0
      );
      let frame = await lastFrame(page);
      assert.equal(frame.arrows, frame.pickedArrows, "flow arrows off: only the pick's");
      // Arrows on: still only the picked slice's flows.
      await page.keyboard.press("l");
      await frames(page);
      await page.waitForTimeout(300);
      await frames(page);
      frame = await lastFrame(page);
      assert.ok(frame.pickedArrows > 0);
      assert.equal(frame.arrows, frame.pickedArrows, "with a pick, its flows only");
      await screenshot(page, "timeline-picked-flows");
      // Nothing picked: every flow in view (thinned per pixel column).
      await page.keyboard.press("Escape");
      await page.waitForTimeout(300);
      await frames(page);
      frame = await lastFrame(page);
      assert.equal(frame.pickedArrows, 0);
      assert.ok(frame.arrows > 0, "the flows in view");
    });
  },
});

Deno.test({
  name: "numbers in the selection panel carry units: durations, and the heap in bytes",
  ...opts,
  async fn() {
    await withPage(REQUESTS, 1400, async (page, base) => {
      await openTimeline(page, base, "/trace");
      const box = await canvasBox(page);
      await page.mouse.move(box.left + 260, box.top + 300);
      await page.mouse.down();
      await page.mouse.move(box.left + box.width - 40, box.top + 320, { steps: 6 });
      await page.mouse.up();
      const heap = page.locator("table[data-counter=Heap]");
      await heap.waitFor({ timeout: 10_000 });
      const heapCells = await heap.locator("td .num").allInnerTexts();
      assert.equal(heapCells.length, 4, "mean and max of Allocated and NextGC");
      for (const c of heapCells) assert.match(c, /^\d{1,4}(\.\d+)? (B|KiB|MiB|GiB)$/);
      for (
        const title of await heap.locator("td .num").evaluateAll((els) =>
          els.map((e) => e.getAttribute("title"))
        )
      ) {
        assert.match(title!, /^[\d,]+ B$/);
      }
      const totals = page.locator("[data-testid=selection-totals] td .num");
      for (const c of await totals.allInnerTexts()) {
        assert.match(c, /^(0s|\d{1,3}(\.\d+)?(ns|µs|ms|s))$/);
      }
      // Counts of goroutines are plain numbers.
      for (
        const c of await page.locator("table[data-counter=Goroutines] td .num").allInnerTexts()
      ) {
        assert.match(c, /^[\d,]+(\.\d+)?$/);
      }
      // The selected range and its zoom link do not run together.
      const range = (await page.locator(".tl-range > span").boundingBox())!;
      const zoom = (await page.locator(".tl-range button").boundingBox())!;
      assert.ok(range.x + range.width < zoom.x || range.y + range.height <= zoom.y, "apart");
      await screenshot(page, "timeline-selection-units");
    });
  },
});
