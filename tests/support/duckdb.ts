// DuckDB over exported traces, for tests: an in-memory database with an export's
// schema.sql run on it (one trace's folder, or a glob of folders).

import { DuckDBInstance } from "@duckdb/node-api";
import { FILES_VARIABLE } from "../../server/core/export/views.ts";

export interface Db extends AsyncDisposable {
  /** The rows of a query, as JSON-friendly objects (BIGINTs as numbers). */
  rows(sql: string, params?: string[]): Promise<Record<string, unknown>[]>;
}

/** A database whose views read `files` (a folder or glob), with `schemaFile` run on it. */
export async function openExport(files: string, schemaFile: string): Promise<Db> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  await conn.run(`SET VARIABLE ${FILES_VARIABLE} = '${files.replaceAll("'", "''")}'`);
  await conn.run(await Deno.readTextFile(schemaFile));
  return {
    async rows(sql, params) {
      const r = await conn.runAndReadAll(sql, params);
      return r.getRowObjectsJS().map((o) =>
        Object.fromEntries(
          Object.entries(o).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
        )
      );
    },
    [Symbol.asyncDispose]: () => {
      conn.closeSync();
      db.closeSync();
      return Promise.resolve();
    },
  };
}
