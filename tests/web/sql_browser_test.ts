/// <reference lib="dom" />
// The /sql page in headless Chromium: an example query runs and its rows and bar chart
// show, with the numbers /api/sql gives; a bad query shows DuckDB's message; the query
// stays in the URL and runs again from it. Screenshot: test-output/screenshots/sql.png.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  launchChromium,
  openPage,
  screenshot,
  serveTrace,
  watchProblems,
} from "../support/browser.ts";
import { EXAMPLE_QUERIES } from "../../server/core/export/views.ts";
import type { SqlAnswer } from "../../server/core/contract/sql.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const SERVICE = "testdata/traces/go1.26/service.trace";

/** withPage, except that the bad query's 400 (asserted below) is no problem. */
async function withSqlPage(fn: (page: Page, base: string) => Promise<void>) {
  await using served = await serveTrace(SERVICE);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await fn(page, served.base);
    const bad = "console: Failed to load resource: the server responded with a status of 400";
    assert.deepEqual(problems.filter((p) => !p.startsWith(bad)), [], "problems in the page");
    assert.equal(problems.length, 1, "the bad query's 400");
  } finally {
    await browser.close();
  }
}

Deno.test({
  name: "/sql runs an example query and shows its rows and chart; bad SQL shows DuckDB's error",
  ...opts,
  async fn() {
    await withSqlPage(async (page, base) => {
      const example = EXAMPLE_QUERIES.findIndex((q) => q.title === "Top blocking stacks");
      const want = await (await fetch(
        `${base}/api/sql?q=${encodeURIComponent(EXAMPLE_QUERIES[example].sql)}`,
      )).json() as SqlAnswer;
      assert.ok("rows" in want && want.rows.length > 1, JSON.stringify(want).slice(0, 300));

      await openPage(page, base, "/sql");
      assert.equal(await page.locator("header nav a.active").innerText(), "SQL");
      await page.selectOption("select[aria-label='Example queries']", String(example));
      await page.click("button.primary");
      await page.waitForSelector("table.sql-result tbody tr");
      const rows = page.locator("table.sql-result tbody tr");
      assert.equal(await rows.count(), want.rows.length);
      const first = await rows.first().locator("td").allInnerTexts();
      assert.deepEqual(first, want.rows[0].map(String));
      assert.deepEqual(
        await page.locator("table.sql-result thead th").allInnerTexts(),
        ["leaf_function", "blocked_ms"],
      );
      // Two columns, a label and a number: a bar per row (up to 30).
      assert.equal(
        await page.locator("svg.sql-chart rect.sql-bar").count(),
        Math.min(want.rows.length, 30),
      );
      assert.match(await page.locator(".sql-status").innerText(), /rows? in \d+ ms/);
      await screenshot(page, "sql");

      // The query is in the URL: a reload runs it again.
      assert.ok(new URL(page.url()).searchParams.get("q")?.includes("leaf_function"));
      await page.reload();
      await page.waitForSelector("table.sql-result tbody tr");
      assert.equal(await rows.count(), want.rows.length);

      // A bad query: DuckDB's own message, and the page stays usable.
      await page.fill("textarea.sql-editor", "SELECT no_such_column FROM transitions");
      await page.keyboard.press("Control+Enter");
      const err = page.locator(".sql-error");
      await err.waitFor();
      assert.match(await err.innerText(), /Binder Error.*no_such_column/s);
      assert.equal(await page.locator("table.sql-result").count(), 0);
      await screenshot(page, "sql-error", false);
    });
  },
});
