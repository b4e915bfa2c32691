// /sql and /api/sql, for whichever DuckDB runs the queries: the server's
// (@duckdb/node-api, server/http/sql_engine.ts) or the browser-only site's (DuckDB-WASM,
// web/site/sql_engine.ts). The page is the editor with example queries; "/api/sql?q="
// runs one read-only query within the limits and answers with its rows, or with
// DuckDB's error message as a 400. The engine starts on the first query. No Deno APIs.

import { jsonResponse, pageAnswer } from "./respond.ts";
import type { Handler } from "./routes.ts";
import { TABLES } from "../export/schema.ts";
import { EXAMPLE_QUERIES } from "../export/views.ts";
import type { SqlAnswer, SqlPageModel } from "../contract/sql.ts";

export interface SqlLimits {
  /** Rows returned at most (the rest is not read). */
  maxRows: number;
  /** Time a query may take (ms). */
  timeoutMs: number;
}

export const SQL_LIMITS: SqlLimits = { maxRows: 10_000, timeoutMs: 10_000 };

/** The longest query text accepted (it travels in the URL). */
export const MAX_QUERY = 16_384;

export type SqlResult = Extract<SqlAnswer, { columns: string[] }>;

/** A query DuckDB refused or failed (or the limits stopped): its message, for the user. */
export class SqlError extends Error {
  override name = "SqlError";
}

/**
 * Whether `e` is a SqlError, told by name: the site's sql.js bundles its own copy of
 * this module, so its class is another one.
 */
export function isSqlError(e: unknown): e is SqlError {
  return e instanceof Error && e.name === "SqlError";
}

/** The trace_id of a trace's tables: its file's name without the extension. */
export function sqlTraceId(file: string): string {
  return file.split("/").pop()!.replace(/\.[^.]*$/, "") || "trace";
}

/** What runs the queries. */
export interface SqlRunner {
  query(sql: string, limits: SqlLimits): Promise<SqlResult>;
}

export function sqlPageModel(limits: SqlLimits = SQL_LIMITS): SqlPageModel {
  return {
    examples: EXAMPLE_QUERIES,
    tables: TABLES.map((t) => ({
      name: t.name,
      doc: t.doc,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, doc: c.doc })),
    })),
    ...limits,
  };
}

/** The two routes over `engine` (called for each query; it caches its engine). */
export function sqlRoutes(
  engine: () => Promise<SqlRunner>,
  limits: SqlLimits = SQL_LIMITS,
): [string, Handler][] {
  return [
    ["/sql", () => pageAnswer("SQL", { view: "sql", data: sqlPageModel(limits) })],
    ["/api/sql", async (url) => {
      const q = url.searchParams.get("q") ?? "";
      const fail = (error: string) => jsonResponse({ error } satisfies SqlAnswer, 400);
      if (q.trim() === "") return fail("missing parameter q: expected a SQL query");
      if (q.length > MAX_QUERY) return fail(`the query is longer than ${MAX_QUERY} characters`);
      try {
        const answer: SqlAnswer = await (await engine()).query(q, limits);
        return jsonResponse(answer);
      } catch (e) {
        if (isSqlError(e)) return fail(e.message);
        throw e;
      }
    }],
  ];
}
