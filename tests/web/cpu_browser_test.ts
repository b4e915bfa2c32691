/// <reference lib="dom" />
// The CPU pages and the trace comparison in headless Chromium: /cpu and /wallclock draw
// their flame graphs with the numbers of their /api JSON; a trace without samples says
// how to record them; a timeline selection links to the CPU flame graph of its range;
// the comparison page ranks the known changes first and its differential flame graph
// draws. Screenshots go to test-output/screenshots/.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  api,
  launchChromium,
  openPage,
  screenshot,
  watchProblems,
  withPage,
} from "../support/browser.ts";
import { knownChangeTraces } from "../support/known_change.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarize } from "../../server/core/summary/summary.ts";
import { createDiffApp } from "../../server/http/diff_app.ts";
import type { CpuModel } from "../../server/core/contract/pages.ts";
import type { DiffModel } from "../../server/core/contract/diff.ts";
import { dur } from "../../web/lib/format.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const CPUWORK = "testdata/traces/go1.26/cpuwork.trace";

const card = (page: Page, stat: string) =>
  page.locator(`.card[data-stat=${stat}] .value`).innerText();

async function flameDrawn(page: Page): Promise<number> {
  const canvas = page.locator("canvas#flame");
  await canvas.waitFor({ timeout: 10_000 });
  await page.waitForFunction(() =>
    Number(document.querySelector("canvas#flame")?.getAttribute("data-rects")) > 0
  );
  return Number(await canvas.getAttribute("data-rects"));
}

Deno.test({
  name: "/cpu and /wallclock draw the flame graph and top table of their /api data",
  ...opts,
  async fn() {
    await withPage(CPUWORK, 1280, async (page, base) => {
      const q = "?task=render";
      const m = await api<CpuModel>(base, `/api/cpu${q}`);
      await openPage(page, base, `/cpu${q}`);
      assert.ok(await flameDrawn(page) > 3);
      const samples = m.samples.reduce((n, s) => n + s.count, 0);
      assert.equal(await card(page, "samples"), String(samples));
      assert.equal(await card(page, "cpu"), dur(samples * m.periodNs));
      assert.match(await page.locator("#profile-filter").innerText(), /tasks of type "render"/);
      assert.equal(
        await page.locator("#download").getAttribute("href"),
        "/cpu?task=render&raw=1",
      );
      assert.equal(await page.locator("header nav a.active").innerText(), "CPU");
      await screenshot(page, "cpu");
      await page.click("#tab-top");
      const rows = await page.locator("#top-table tbody tr").count();
      assert.ok(rows > 1);
      assert.match(await page.locator("#top-table tbody tr").first().innerText(), /main\./);

      const w = await api<CpuModel>(base, `/api/wallclock${q}`);
      await page.click("nav.subnav a:has-text('On + off CPU')");
      await page.waitForURL(/\/wallclock\?task=render$/);
      assert.ok(await flameDrawn(page) > 3);
      assert.equal(await card(page, "running"), dur(w.running!));
      const roots = w.frames.filter((f) => f.file === "").map((f) => f.func);
      assert.ok(roots.includes("running") && roots.some((r) => r.startsWith("blocked: ")));
      // Hovering the first bar under the root names a state.
      const box = (await page.locator("canvas#flame").boundingBox())!;
      await page.mouse.move(box.x + 5, box.y + 18 + 9);
      assert.match(
        await page.locator(".tooltip strong").innerText(),
        /^(running|runnable|syscall|blocked)/,
      );
      await screenshot(page, "cpu-wallclock");
    });
  },
});

Deno.test({
  name: "a trace without CPU samples says how to record them",
  ...opts,
  async fn() {
    await withPage("testdata/traces/go1.26/gc.trace", 1280, async (page, base) => {
      await openPage(page, base, "/");
      const note = page.locator("#no-cpu-samples");
      assert.match(await note.innerText(), /pprof\.StartCPUProfile\(w\).*trace\.Start/s);
      await openPage(page, base, "/cpu");
      assert.match(await page.locator("#no-cpu-samples").innerText(), /no CPU samples/);
      assert.match(await page.locator("#flame-empty").innerText(), /No CPU samples/);
      await screenshot(page, "cpu-no-samples");
    });
  },
});

Deno.test({
  name: "a timeline selection links to the CPU flame graph of its range",
  ...opts,
  async fn() {
    await withPage(CPUWORK, 1400, async (page, base) => {
      await page.goto(base + "/trace", { waitUntil: "load" });
      await page.waitForSelector("canvas.tl-canvas", { timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.mouse.move(400, 500);
      await page.mouse.down();
      await page.mouse.move(900, 520, { steps: 5 });
      await page.mouse.up();
      const link = page.locator("#selection-cpu");
      await link.waitFor({ timeout: 10_000 });
      const href = (await link.getAttribute("href"))!;
      const m = /^\/cpu\?from=(\d+)&to=(\d+)$/.exec(href);
      assert.ok(m && Number(m[1]) < Number(m[2]), href);
      await link.click();
      await page.waitForURL(/\/cpu\?from=/);
      await page.waitForSelector("#profile-filter");
      assert.match(
        await page.locator("#profile-filter").innerText(),
        new RegExp(`^${m[1]} ns to ${m[2]} ns after the trace start$`),
      );
    });
  },
});

Deno.test({
  name: "the comparison page ranks the known changes first and draws differential flame graphs",
  ...opts,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "traceglass-diffweb-" });
    const browser = await launchChromium();
    try {
      const files = await knownChangeTraces(dir);
      const side = async (file: string) => {
        const trace = await parseTrace(await Deno.readFile(file));
        return { file, trace, summary: await summarize(trace) };
      };
      const app = createDiffApp({ before: side(files.before), after: side(files.after) });
      const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app);
      const base = `http://127.0.0.1:${server.addr.port}`;
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems = watchProblems(page);
        const m = await api<DiffModel>(base, "/api/diff");
        await openPage(page, base, "/");
        const first = page.locator("#changes tbody tr");
        const top2 = [await first.nth(0).innerText(), await first.nth(1).innerText()];
        assert.ok(top2.some((r) => /main\.waiter\s+Block time \(sync/.test(r)), top2.join("\n"));
        assert.ok(top2.some((r) => /main\.allocLoop\s+Execution time/.test(r)), top2.join("\n"));
        assert.equal(
          await page.locator("#changes tbody tr").count(),
          Math.min(20, m.changes.length),
        );
        assert.ok(
          await page.locator("#mmu-overlay").count() +
              await page.locator("text=No GC in either trace").count() > 0,
        );
        assert.equal(await page.locator("#profiles tbody tr").count(), 5);
        await screenshot(page, "diff");

        // Follow the mutex change to its stacks.
        await first.filter({ hasText: "main.waiter" }).first().locator("a").click();
        await page.waitForURL(/\/diffprofile\?type=sync&name=main\.waiter/);
        assert.ok(await flameDrawn(page) >= 3);
        assert.match(await page.locator(".card[data-stat=change] .value").innerText(), /^\+/);
        assert.equal(await page.locator("header nav a.active").innerText(), "Profiles");
        await screenshot(page, "diff-profile");
        await page.click("#tab-top");
        assert.match(
          await page.locator("#diff-top tbody tr").first().innerText(),
          /sync\.\(\*Mutex\)\.Lock/,
        );
        assert.deepEqual(problems, [], "problems in the page");
      } finally {
        await server.shutdown();
      }
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
