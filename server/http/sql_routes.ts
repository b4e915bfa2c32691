// "/sql": SQL over the trace's tables (the -export schema), run by DuckDB in the server.
// The page is an editor with example queries; "/api/sql?q=" runs one read-only query
// within a time and a row limit and answers with its rows, or with DuckDB's error
// message as a 400. The engine (and DuckDB) starts on the first query: the trace is
// exported once to a temporary folder (sql_engine.ts).

import type { AppContext } from "../core/pages/context.ts";
import { pageResponse } from "./page.ts";
import { jsonResponse } from "../core/pages/respond.ts";
import type { Handler } from "../core/pages/routes.ts";
import { TABLES } from "../core/export/schema.ts";
import { EXAMPLE_QUERIES } from "../core/export/views.ts";
import type { SqlAnswer, SqlPageModel } from "../core/contract/sql.ts";
import type { SqlEngine, SqlLimits } from "./sql_engine.ts";

const LIMITS: SqlLimits = { maxRows: 10_000, timeoutMs: 10_000 };

/** The longest query text accepted (it travels in the URL). */
const MAX_QUERY = 16_384;

const engines = new WeakMap<AppContext, Promise<SqlEngine>>();

function engine(ctx: AppContext): Promise<SqlEngine> {
  let e = engines.get(ctx);
  if (!e) {
    e = import("./sql_engine.ts").then((m) => m.SqlEngine.open(ctx));
    // A failure to start is retried by the next query.
    e.catch(() => engines.delete(ctx));
    engines.set(ctx, e);
  }
  return e;
}

export function sqlPageModel(): SqlPageModel {
  return {
    examples: EXAMPLE_QUERIES,
    tables: TABLES.map((t) => ({
      name: t.name,
      doc: t.doc,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, doc: c.doc })),
    })),
    ...LIMITS,
  };
}

export function sqlRoutes(ctx: AppContext): [string, Handler][] {
  return [
    ["/sql", () => pageResponse("SQL", { view: "sql", data: sqlPageModel() })],
    ["/api/sql", async (url) => {
      const q = url.searchParams.get("q") ?? "";
      const fail = (error: string) => jsonResponse({ error } satisfies SqlAnswer, 400);
      if (q.trim() === "") return fail("missing parameter q: expected a SQL query");
      if (q.length > MAX_QUERY) return fail(`the query is longer than ${MAX_QUERY} characters`);
      const { SqlError } = await import("./sql_engine.ts");
      try {
        const answer: SqlAnswer = await (await engine(ctx)).query(q, LIMITS);
        return jsonResponse(answer);
      } catch (e) {
        if (e instanceof SqlError) return fail(e.message);
        throw e;
      }
    }],
  ];
}
