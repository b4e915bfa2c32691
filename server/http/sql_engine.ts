// The /sql page's engine: the trace exported once to a temporary folder (the Parquet
// tables of -export), and DuckDB over it, read-only: the database holding schema.sql's
// views is opened in read-only mode, file access is limited to that folder and the
// configuration locked, and only one SELECT (or EXPLAIN) runs per request, with a time
// limit (the connection is interrupted) and a row limit (the result is read only that
// far). Errors are DuckDB's own message. DuckDB is loaded on the first query, never at
// start-up.

import type { DuckDBInstance } from "@duckdb/node-api";
import { loadDuckDB } from "./duckdb.ts";
import type { AppContext } from "../core/pages/context.ts";
import { writeExport } from "../cli/export_mode.ts";
import { schemaSql } from "../core/export/views.ts";
import {
  SQL_LIMITS,
  SqlError,
  type SqlLimits,
  type SqlResult,
  type SqlRunner,
  sqlTraceId,
} from "../core/pages/sql.ts";

export { SqlError, type SqlLimits, type SqlResult };

export const DEFAULT_LIMITS: SqlLimits = SQL_LIMITS;

export class SqlEngine implements SqlRunner {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly dir: string,
    /** The statement types a query may be: SELECT and EXPLAIN. */
    readonly allowed: ReadonlySet<number>,
  ) {}

  /** Exports the trace into a temporary folder and opens DuckDB over it. */
  static async open(ctx: AppContext): Promise<SqlEngine> {
    const dir = await Deno.makeTempDir({ prefix: "traceglass-sql-" });
    try {
      const summary = await ctx.summary;
      await writeExport(ctx.trace, dir, { file: ctx.file, traceId: sqlTraceId(ctx.file), summary });
      const { DuckDBInstance, StatementType } = await loadDuckDB();
      const allowed = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);
      const dbFile = `${dir}/views.duckdb`;
      const setup = await DuckDBInstance.create(dbFile);
      const conn = await setup.connect();
      await conn.run(schemaSql(dir));
      conn.closeSync();
      setup.closeSync();
      const instance = await DuckDBInstance.create(dbFile, {
        access_mode: "READ_ONLY",
        threads: "2",
        memory_limit: "1GB",
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "false",
      });
      const lock = await instance.connect();
      await lock.run(`SET allowed_directories = ['${dir}/']`);
      await lock.run("SET enable_external_access = false");
      await lock.run("SET lock_configuration = true");
      lock.closeSync();
      globalThis.addEventListener("unload", () => {
        try {
          Deno.removeSync(dir, { recursive: true });
        } catch { /* gone */ }
      });
      return new SqlEngine(instance, dir, allowed);
    } catch (e) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw e;
    }
  }

  /** Runs one read-only statement within the limits. */
  async query(sql: string, limits: SqlLimits = DEFAULT_LIMITS): Promise<SqlResult> {
    const conn = await this.instance.connect();
    const start = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, limits.timeoutMs);
    try {
      const statements = await conn.extractStatements(sql).catch((e) => {
        throw new SqlError(duckdbMessage(e).replace(/^Failed to extract statements: /, ""));
      });
      if (statements.count !== 1) {
        throw new SqlError(
          `expected one statement, got ${statements.count}: run them one at a time`,
        );
      }
      const prepared = await statements.prepare(0).catch((e) => {
        throw new SqlError(duckdbMessage(e));
      });
      if (!this.allowed.has(prepared.statementType)) {
        throw new SqlError(
          `only SELECT (and EXPLAIN) statements run here: the tables are read-only`,
        );
      }
      const reader = await prepared.streamAndReadUntil(limits.maxRows + 1).catch((e) => {
        throw new SqlError(
          timedOut
            ? `the query took longer than ${limits.timeoutMs / 1000} s, the time limit`
            : duckdbMessage(e),
        );
      });
      const rows = reader.getRowsJson() as unknown[][];
      const truncated = rows.length > limits.maxRows;
      return {
        columns: reader.columnNames(),
        types: reader.columnTypes().map((t) => t.toString()),
        rows: truncated ? rows.slice(0, limits.maxRows) : rows,
        truncated,
        elapsedMs: Math.round(performance.now() - start),
      };
    } finally {
      clearTimeout(timer);
      conn.closeSync();
    }
  }
}

function duckdbMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
