// /api/sql and its engine: one read-only statement per request, DuckDB's own message for
// a bad query (a 400, never a 500), the row limit (the rest is not read) and the time
// limit (the query is interrupted); no file outside the trace's tables can be read or
// written.

import assert from "node:assert/strict";
import { appFor, get } from "../support/web_app.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { AppContext } from "../../server/core/pages/context.ts";
import { SqlEngine, SqlError } from "../../server/http/sql_engine.ts";
import { tracePath } from "../support/web_app.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const GC = "testdata/traces/go1.26/gc.trace";

async function sql(q: string) {
  const app = await appFor(GC);
  const res = await get(app, `/api/sql?q=${encodeURIComponent(q)}`);
  return { status: res.status, body: await res.json() };
}

Deno.test({
  name: "/api/sql answers rows, or DuckDB's error as a 400",
  ...opts,
  async fn() {
    const ok = await sql("SELECT trace_id, go_version, events FROM traces");
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.columns, ["trace_id", "go_version", "events"]);
    assert.deepEqual(ok.body.types, ["VARCHAR", "VARCHAR", "BIGINT"]);
    assert.deepEqual(ok.body.rows[0].slice(0, 2), ["gc", "1.26"]);
    assert.equal(ok.body.truncated, false);

    const cases: [string, RegExp][] = [
      ["SELEC 1", /Parser Error: syntax error at or near "SELEC"/],
      ["SELECT nope FROM transitions", /Binder Error.*nope/s],
      ["SELECT 1; SELECT 2", /one statement/],
      ["CREATE TABLE t AS SELECT 1", /only SELECT/],
      ["CREATE TEMP TABLE t AS SELECT 1", /only SELECT/],
      ["COPY (SELECT 1) TO '/tmp/traceglass-sql-test.csv'", /only SELECT|Permission Error/],
      ["SELECT * FROM read_csv('/etc/passwd')", /Permission Error/],
      ["SELECT * FROM read_parquet('/tmp/*.parquet')", /Permission Error/],
      ["SET threads = 1", /only SELECT/],
      ["", /missing parameter q/],
    ];
    for (const [q, want] of cases) {
      const r = await sql(q);
      assert.equal(r.status, 400, q);
      assert.match(r.body.error, want, q);
    }
    // The tables are still there after all that.
    assert.equal((await sql("SELECT count(*) AS n FROM goroutines")).status, 200);
  },
});

Deno.test({
  name: "a query reads at most the row limit and stops at the time limit",
  ...opts,
  async fn() {
    const trace = await parseTrace(await Deno.readFile(tracePath(GC)));
    const engine = await SqlEngine.open(new AppContext(trace, GC));
    const many = await engine.query("SELECT * FROM range(100000)", {
      maxRows: 1000,
      timeoutMs: 10_000,
    });
    assert.equal(many.rows.length, 1000);
    assert.equal(many.truncated, true);
    const exact = await engine.query("SELECT * FROM range(1000)", {
      maxRows: 1000,
      timeoutMs: 10_000,
    });
    assert.equal(exact.truncated, false);

    const start = performance.now();
    await assert.rejects(
      engine.query(
        "SELECT count(*) FROM transitions a, transitions b, transitions c",
        { maxRows: 10, timeoutMs: 300 },
      ),
      (e) => e instanceof SqlError && /longer than 0.3 s, the time limit/.test(e.message),
    );
    assert.ok(performance.now() - start < 5000, "interrupted promptly");
    // The engine still answers.
    const after = await engine.query("SELECT count(*) AS n FROM transitions", {
      maxRows: 10,
      timeoutMs: 10_000,
    });
    assert.ok(Number(after.rows[0][0]) > 1000);
  },
});
