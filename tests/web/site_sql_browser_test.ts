/// <reference lib="dom" />
// /sql in the browser-only site (DuckDB-WASM) in real Chromium, against the server's
// /api/sql (DuckDB in the server) on the same committed trace: the example query shows
// the server's rows; every example query answers the server's JSON (columns, DuckDB type
// names, values); the row limit, DuckDB's error text and the read-only refusal are the
// server's; a query past the time limit is stopped and the next one runs. DuckDB-WASM's
// files are fetched only once the SQL page is opened, and no request leaves the site's
// origin. Screenshot: test-output/screenshots/site-sql.png.

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchChromium, screenshot, serveTrace } from "../support/browser.ts";
import { tracePath } from "../support/web_app.ts";
import { serveStatic } from "../support/static_site.ts";
import { buildSite } from "../../scripts/build_site.ts";
import { EXAMPLE_QUERIES } from "../../server/core/export/views.ts";
import { SQL_LIMITS } from "../../server/core/pages/sql.ts";
import type { SqlAnswer } from "../../server/core/contract/sql.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const SERVICE = "testdata/traces/go1.26/service.trace";

/** An answer without its timing (which differs run to run). */
function untimed(a: SqlAnswer): SqlAnswer {
  if ("error" in a) return a;
  return { ...a, elapsedMs: 0 };
}

/**
 * An answer with its rows in a canonical order: the example queries order by a count or
 * a sum, and rows that tie come in either order.
 */
function unordered(a: SqlAnswer): SqlAnswer {
  if ("error" in a) return a;
  const key = (r: unknown[]) => JSON.stringify(r);
  return { ...untimed(a), rows: a.rows.toSorted((x, y) => key(x) < key(y) ? -1 : 1) } as SqlAnswer;
}

/** /api/sql?q= as the site's page fetches it (its worker answers). */
function siteSql(page: Page, q: string): Promise<SqlAnswer> {
  return page.evaluate(
    async (q) => await (await fetch(`/api/sql?q=${encodeURIComponent(q)}`)).json(),
    q,
  ) as Promise<SqlAnswer>;
}

async function serverSql(base: string, q: string): Promise<SqlAnswer> {
  return await (await fetch(`${base}/api/sql?q=${encodeURIComponent(q)}`)).json() as SqlAnswer;
}

Deno.test({
  name: "the site's /sql runs DuckDB-WASM in the browser and answers what the server's /sql does",
  ...opts,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "traceglass-site-sql-" });
    await buildSite(dir);
    const site = serveStatic(dir);
    const siteBase = `http://127.0.0.1:${site.addr.port}`;
    await using srv = await serveTrace(SERVICE);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const foreign: string[] = [], fetched: string[] = [];
      context.on("request", (r) => {
        const u = r.url();
        if (u.startsWith(siteBase + "/")) fetched.push(u.slice(siteBase.length));
        else if (!u.startsWith("blob:") && !u.startsWith("data:")) foreign.push(u);
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
      page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));

      await page.goto(siteBase + "/");
      await page.setInputFiles("#file", tracePath(SERVICE));
      await page.waitForSelector('#app main [data-stat="events"]', { timeout: 30_000 });
      assert.deepEqual(
        fetched.filter((u) => /duckdb|sql\.js/.test(u)),
        [],
        "DuckDB-WASM fetched before the SQL page was opened",
      );

      const example = EXAMPLE_QUERIES.findIndex((q) => q.title === "Top blocking stacks");
      const want = await serverSql(srv.base, EXAMPLE_QUERIES[example].sql);
      assert.ok("rows" in want && want.rows.length > 1, JSON.stringify(want).slice(0, 300));

      await t.step("the example query shows the server's rows", async () => {
        await page.click("header nav a[href='#/sql']");
        await page.waitForSelector("textarea.sql-editor");
        assert.equal(await page.locator("header nav a.active").innerText(), "SQL");
        await page.selectOption("select[aria-label='Example queries']", String(example));
        const t0 = performance.now();
        await page.click("button.primary");
        await page.waitForSelector("table.sql-result tbody tr", { timeout: 60_000 });
        console.log(
          `first query (export + DuckDB-WASM start + query): ${
            Math.round(performance.now() - t0)
          } ms`,
        );
        const rows = page.locator("table.sql-result tbody tr");
        assert.equal(await rows.count(), want.rows.length);
        const cells = await page.locator("table.sql-result tbody").evaluate((tb) =>
          [...tb.querySelectorAll("tr")].map((tr) =>
            [...tr.querySelectorAll("td")].map((td) => td.textContent)
          )
        );
        assert.deepEqual(cells, want.rows.map((r) => r.map(String)));
        assert.deepEqual(
          await page.locator("table.sql-result thead th").allInnerTexts(),
          want.columns,
        );
        assert.equal(
          await page.locator("svg.sql-chart rect.sql-bar").count(),
          Math.min(want.rows.length, 30),
        );
        assert.ok(
          fetched.some((u) => u.endsWith("/duckdb-eh.wasm")),
          "DuckDB-WASM came from the site",
        );
        await screenshot(page, "site-sql");
        // The query is in the site's hash.
        assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/sql\?q=.*leaf_function/s);
      });

      await t.step("every example query answers the server's JSON", async () => {
        for (const q of EXAMPLE_QUERIES) {
          const t0 = performance.now();
          const got = await siteSql(page, q.sql);
          console.log(`${q.title}: ${Math.round(performance.now() - t0)} ms`);
          assert.deepEqual(unordered(got), unordered(await serverSql(srv.base, q.sql)), q.title);
        }
      });

      await t.step("types, the row limit, errors and refusals are the server's", async () => {
        for (
          const q of [
            "SELECT 1::BIGINT AS b, 2::HUGEINT AS h, 1.5::DECIMAL(9,3) AS d, -0.25::DECIMAL(18,4) AS n, " +
            "'x' AS s, true AS t, NULL AS z, 1.5::DOUBLE AS f, 3::INTEGER AS i",
            "SELECT sum(duration_ns) AS total, count(*) AS n FROM transitions",
            `SELECT * FROM range(${SQL_LIMITS.maxRows + 5})`,
            "SELECT no_such_column FROM transitions",
            "SELEC 1",
            "CREATE TABLE x (a INTEGER)",
            "SELECT 1; SELECT 2",
          ]
        ) {
          assert.deepEqual(
            untimed(await siteSql(page, q)),
            untimed(await serverSql(srv.base, q)),
            q,
          );
        }
        const limited = await siteSql(page, `SELECT * FROM range(${SQL_LIMITS.maxRows + 5})`);
        assert.ok(
          "rows" in limited && limited.truncated && limited.rows.length === SQL_LIMITS.maxRows,
        );
        const bad = await siteSql(page, "SELECT no_such_column FROM transitions");
        assert.ok(
          "error" in bad && /Binder Error.*no_such_column/s.test(bad.error),
          JSON.stringify(bad),
        );
        // Files outside the tables, and the configuration, are closed.
        for (
          const q of ["SELECT * FROM read_csv('/etc/passwd')", "SET enable_external_access = true"]
        ) {
          const a = await siteSql(page, q);
          assert.ok("error" in a, `${q}: ${JSON.stringify(a).slice(0, 200)}`);
        }
      });

      await t.step("a query past the time limit stops, and the next one runs", async () => {
        const t0 = performance.now();
        const slow = await siteSql(
          page,
          "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range * b.range = 7",
        );
        const took = performance.now() - t0;
        assert.ok("error" in slow, JSON.stringify(slow).slice(0, 200));
        assert.match(slow.error, /longer than 10 s, the time limit/);
        assert.ok(took < SQL_LIMITS.timeoutMs + 3000, `answered after ${took} ms`);
        const t1 = performance.now();
        const again = await siteSql(page, EXAMPLE_QUERIES[example].sql);
        const loads = fetched.filter((u) => u.endsWith("/duckdb-eh.wasm")).length;
        console.log(`DuckDB-WASM loaded ${loads} times (a second: the query was not cancellable)`);
        console.log(
          `query after a restart of DuckDB-WASM: ${Math.round(performance.now() - t1)} ms`,
        );
        assert.deepEqual(unordered(again), unordered(want));
      });

      assert.deepEqual(foreign, [], "requests that left the site's origin");
      assert.deepEqual(problems, [], "problems in the page");
    } finally {
      await browser.close();
      await site.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
