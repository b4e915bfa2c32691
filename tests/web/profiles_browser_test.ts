/// <reference lib="dom" />
// Profile pages in headless Chromium on requests.trace, whose scheduler profile is mostly
// samples without a stack: those are a bar of their own, "(no stack)", not an unlabelled
// gap under the root; clicking a frame lists the goroutines that waited under it, with
// their time windows and links to their timelines; cards and tooltips show 3
// significant digits. Screenshots go to test-output/screenshots/.

import assert from "node:assert/strict";
import { api, openPage, screenshot, withPage } from "../support/browser.ts";
import { REQUESTS } from "../support/requests_trace.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";
import type { FrameGoroutinesModel, ProfileModel } from "../../server/core/contract/pages.ts";
import type { Hooked } from "../support/timeline_page.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name:
    "samples without a stack are a (no stack) bar; a frame lists the goroutines that waited under it",
  ...opts,
  async fn() {
    await withPage(REQUESTS, 1280, async (page, base) => {
      const p: ProfileModel = await api(base, "/api/sched");
      const total = p.samples.reduce((s, x) => s + x.time, 0);
      const stackless = p.samples.filter((s) => s.stack.length === 0)
        .reduce((s, x) => s + x.time, 0);
      assert.ok(stackless / total > 0.5, "most of this profile has no stack");
      await openPage(page, base, "/sched");
      const card = page.locator("[data-stat=delay] .value");
      assert.equal(await card.getAttribute("title"), formatDuration(total));
      assert.match(await card.innerText(), /^\d{1,3}(\.\d+)?(ns|µs|ms|s)$/);
      // The widest child of the root is the first bar of row 1, from the left edge.
      const canvas = page.locator("#flame");
      await canvas.hover({ position: { x: 6, y: 18 + 9 } });
      const tip = page.locator(".flame-wrap .tooltip");
      await tip.waitFor();
      const text = await tip.innerText();
      assert.match(text, /^\(no stack\)\n/);
      const pct = (stackless / total * 100).toFixed(2);
      assert.match(text, new RegExp(`^\\d{1,3}(\\.\\d+)?(ns|µs|ms|s) \\(${pct}%\\)`, "m"));
      await screenshot(page, "profile-sched-no-stack");

      // Its goroutines: all of them, adding up to the bar, with a window each.
      await canvas.click({ position: { x: 6, y: 18 + 9 } });
      assert.equal(await canvas.getAttribute("data-focus"), "(no stack)");
      const list = page.locator("#frame-goroutine-list tbody tr");
      await list.first().waitFor({ timeout: 10_000 });
      const all: FrameGoroutinesModel = await api(
        base,
        `/api/sched/goroutines?frame=${encodeURIComponent("(no stack)")}&limit=0`,
      );
      assert.equal(all.goroutines.length, all.total);
      const sum = all.goroutines.reduce((s, g) => s + g.time, 0);
      assert.ok(Math.abs(sum - stackless) < 1e-6 * stackless, `${sum} vs ${stackless}`);
      assert.equal(await list.count(), Math.min(50, all.total));
      const link = list.first().locator("a").first();
      const href = (await link.getAttribute("href"))!;
      const m = /^\/trace\?goid=(\d+)#([0-9.]+):([0-9.]+)$/.exec(href);
      assert.ok(m, href);
      const g = all.goroutines.find((x) => x.id === Number(m[1]))!;
      assert.ok(Number(m[2]) * 1e6 <= g.start + 1 && Number(m[3]) * 1e6 >= g.end - 1, href);
      await screenshot(page, "profile-frame-goroutines");
      await link.click();
      await page.waitForFunction(() =>
        ((globalThis as unknown as Hooked).__timeline?.firstPaint ?? 0) > 0
      );
      const w = await page.evaluate(() => (globalThis as unknown as Hooked).__timeline!.window());
      assert.ok(
        Math.abs(w.t0 - Number(m[2]) * 1e6) < 1000 && Math.abs(w.t1 - Number(m[3]) * 1e6) < 1000,
      );
      assert.match(await page.locator(".tl-title").innerText(), new RegExp(`G${m[1]} `));
    });
  },
});
