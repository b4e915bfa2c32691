/// <reference lib="dom" />
// A trace too big for the timeline's memory budget is shown a part at a time: the viewer
// opens on the part asked for, keeps its window within the part, names the part in its
// toolbar and moves to the next one.

import assert from "node:assert/strict";
import { launchChromium, screenshot, watchProblems } from "../support/browser.ts";
import { tracePath } from "../support/web_app.ts";
import { openTimeline, visibleWindow } from "../support/timeline_page.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { MODEL_BYTES_PER_EVENT } from "../../server/core/timeline/service.ts";
import { createApp } from "../../server/http/app.ts";

const GENERATIONS = "testdata/traces/go1.26/generations.trace";

Deno.test({
  name: "a timeline in parts opens on its part, names it and moves to the next one",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const trace = await parseTrace(await Deno.readFile(tracePath(GENERATIONS)));
    // Half the whole model's bytes: the timeline comes in parts.
    const app = createApp({
      trace,
      file: GENERATIONS,
      timelineBytes: trace.validCount * MODEL_BYTES_PER_EVENT / 2,
    });
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app);
    const base = `http://127.0.0.1:${server.addr.port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const problems = watchProblems(page);
      const boot = await (await fetch(`${base}/api/trace?view=proc&part=1`)).json();
      const n = boot.parts.list.length;
      assert.ok(n >= 3);
      await openTimeline(page, base, "/trace?view=proc&part=1");
      const w = await visibleWindow(page);
      assert.equal(w.t0, boot.parts.list[1].t0);
      assert.equal(w.t1, boot.parts.list[1].t1);
      const label = await page.evaluate(() => {
        const s = document.querySelector(".tl-parts select") as HTMLSelectElement;
        return s.options[s.selectedIndex].text;
      });
      assert.equal(label, `Part 2 of ${n}: ${boot.parts.list[1].name}`);
      // Zoomed out as far as it goes, the window stays about the part.
      for (let i = 0; i < 12; i++) await page.keyboard.press("s");
      const out = await visibleWindow(page);
      const span = boot.parts.list[1].t1 - boot.parts.list[1].t0;
      assert.ok(out.t0 >= boot.parts.list[1].t0 - span * 0.06 - 1000, `${out.t0}`);
      assert.ok(out.t1 <= boot.parts.list[1].t1 + span * 0.06 + 1000, `${out.t1}`);
      await screenshot(page, "timeline-part");
      assert.deepEqual(problems, []);
      // Leaving the page may cut its window fetches short: those are not problems.
      await page.click('.tl-parts button[aria-label="Next part"]');
      await page.waitForURL(/part=2/);
      await openTimeline(page, base, new URL(page.url()).pathname + new URL(page.url()).search);
      const next = await visibleWindow(page);
      assert.equal(next.t0, boot.parts.list[2].t0);
      // A link to a moment in another part ("#a:b" in ms, as the MMU page and the
      // diagnosis write them) opens that part on that window.
      const p3 = boot.parts.list[3] ?? boot.parts.list[n - 1];
      const a = (p3.t0 + 1e6) / 1e6, b = (p3.t0 + 3e6) / 1e6;
      await openTimeline(page, base, `/trace?view=proc&part=0#${a}:${b}`);
      await page.waitForURL(/part=[1-9]/);
      await openTimeline(
        page,
        base,
        new URL(page.url()).pathname + new URL(page.url()).search + `#${a}:${b}`,
      );
      const moved = await page.evaluate(() => new URL(location.href).searchParams.get("part"));
      assert.equal(moved, String(boot.parts.list.indexOf(p3)));
      const w3 = await visibleWindow(page);
      assert.ok(
        Math.abs(w3.t0 - a * 1e6) < 1e3 && Math.abs(w3.t1 - b * 1e6) < 1e3,
        JSON.stringify(w3),
      );
      assert.deepEqual((problems as string[]).filter((p) => !p.startsWith("request failed")), []);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
