/// <reference lib="webworker" />
// The site's SQL engine: DuckDB-WASM over the trace's Parquet tables held in memory.
// Built on its own (dist/site/sql.js) and imported by the site's worker when the first
// query comes, so the SQL page costs nothing until it is used. DuckDB runs in its own
// worker (duckdb-browser-eh.worker.js and duckdb-eh.wasm, copied beside this file by
// build:site; nothing is fetched from elsewhere). The tables are registered as files,
// schema.sql's views created, then the database is closed to the world: no file but the
// tables, no extension loading, the configuration locked. A query runs like the
// server's (server/http/sql_engine.ts): one SELECT (or EXPLAIN), the rows read up to the
// row limit, and past the time limit DuckDB's worker is terminated (the next query
// starts a fresh one over the same tables). Errors are DuckDB's own message.

import {
  AsyncDuckDB,
  type AsyncDuckDBConnection,
  DuckDBAccessMode,
  VoidLogger,
} from "@duckdb/duckdb-wasm";
import { schemaSql } from "../../server/core/export/views.ts";
import {
  SqlError,
  type SqlLimits,
  type SqlResult,
  type SqlRunner,
} from "../../server/core/pages/sql.ts";

/** The folder the tables are registered in (DuckDB's virtual file system). */
const FOLDER = "traceglass";

interface Running {
  db: AsyncDuckDB;
  conn: AsyncDuckDBConnection;
}

export class SiteSqlEngine implements SqlRunner {
  private running?: Promise<Running>;

  /** `files`: each table's Parquet file by its name (goroutines.parquet…). */
  constructor(readonly files: ReadonlyMap<string, Uint8Array>) {}

  /** Starts DuckDB over the tables (done by the first query; exposed for timings). */
  start(): Promise<Running> {
    if (!this.running) {
      this.running = startDuckDB(this.files);
      this.running.catch(() => this.running = undefined);
    }
    return this.running;
  }

  /** Ends DuckDB's worker (another trace was opened). */
  close(): Promise<void> {
    return this.stop();
  }

  private async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) await (await r).db.terminate().catch(() => {});
  }

  async query(sql: string, limits: SqlLimits): Promise<SqlResult> {
    const started = performance.now();
    const { conn } = await this.start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A statement runs to its end inside DuckDB's worker: only ending the worker
        // stops it. The next query starts DuckDB again.
        void this.stop();
        reject(
          new SqlError(`the query took longer than ${limits.timeoutMs / 1000} s, the time limit`),
        );
      }, limits.timeoutMs);
    });
    try {
      return await Promise.race([run(conn, sql, limits, started), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function startDuckDB(files: ReadonlyMap<string, Uint8Array>): Promise<Running> {
  const worker = new Worker(new URL("./duckdb-browser-eh.worker.js", import.meta.url));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await db.instantiate(new URL("./duckdb-eh.wasm", import.meta.url).href);
    await db.open({
      accessMode: DuckDBAccessMode.READ_WRITE,
      query: { castBigIntToDouble: false },
    });
    for (const [name, bytes] of files) {
      // The buffer moves to DuckDB's worker: give it a copy, the tables outlive it.
      await db.registerFileBuffer(`${FOLDER}/${name}`, bytes.slice());
    }
    const conn = await db.connect();
    await conn.query(
      "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false",
    );
    await conn.query(schemaSql(FOLDER));
    await conn.query(`SET allowed_directories = ['${FOLDER}/']`);
    await conn.query("SET enable_external_access = false");
    await conn.query("SET lock_configuration = true");
    return { db, conn };
  } catch (e) {
    await db.terminate().catch(() => {});
    throw e;
  }
}

/** DuckDB's parse of `sql` as JSON: its statements, or its error. */
interface Parsed {
  error: boolean;
  error_message?: string;
  statements?: unknown[];
}

async function parse(conn: AsyncDuckDBConnection, sql: string): Promise<Parsed> {
  const stmt = await conn.prepare("SELECT json_serialize_sql(?::VARCHAR) AS j");
  try {
    const t = await stmt.query(sql);
    return JSON.parse(String(t.getChildAt(0)!.get(0)));
  } finally {
    await stmt.close();
  }
}

const EXPLAIN = /^\s*EXPLAIN(\s+ANALYZE)?\b/i;

/**
 * Refuses what is not one read-only statement, as the server does: DuckDB's own parser
 * (json_serialize_sql serializes SELECTs only) says what the text is. An EXPLAIN is
 * checked by the statement it explains.
 */
async function checkReadOnly(conn: AsyncDuckDBConnection, sql: string): Promise<boolean> {
  const explain = EXPLAIN.test(sql);
  const p = await parse(conn, explain ? sql.replace(EXPLAIN, "") : sql);
  if (p.error) {
    if (/Only SELECT statements/i.test(p.error_message ?? "")) {
      throw new SqlError(
        `only SELECT (and EXPLAIN) statements run here: the tables are read-only`,
      );
    }
    // A syntax error: the query itself reports it, in DuckDB's words.
    return explain;
  }
  const n = p.statements?.length ?? 0;
  if (n !== 1) {
    throw new SqlError(`expected one statement, got ${n}: run them one at a time`);
  }
  return explain;
}

async function run(
  conn: AsyncDuckDBConnection,
  sql: string,
  limits: SqlLimits,
  started: number,
): Promise<SqlResult> {
  try {
    const explain = await checkReadOnly(conn, sql);
    // DuckDB's names of the result's types (the Arrow ones lose HUGEINT, DECIMAL's kind…).
    const described = explain ? undefined : await conn.query(`DESCRIBE ${sql}`);
    const reader = await conn.send(sql, true);
    const rows: unknown[][] = [];
    let columns: string[] = [], types: string[] = [];
    let truncated = false;
    for await (const batch of reader) {
      if (columns.length === 0) {
        columns = batch.schema.fields.map((f) => f.name);
        types = described
          ? Array.from(
            { length: described.numRows },
            (_, i) => String(described.getChild("column_type")!.get(i)),
          )
          : batch.schema.fields.map((f) => arrowTypeName(String(f.type)));
      }
      const cols = batch.schema.fields.map((_, k) => batch.getChildAt(k)!);
      for (let r = 0; r < batch.numRows; r++) {
        if (rows.length === limits.maxRows) {
          truncated = true;
          break;
        }
        rows.push(cols.map((c, k) => jsonValue(c.get(r), types[k])));
      }
      if (truncated) break;
    }
    if (truncated) await conn.cancelSent().catch(() => {});
    if (columns.length === 0) {
      // No batch: the schema is still the reader's.
      const fields = reader.schema?.fields ?? [];
      columns = fields.map((f) => f.name);
      types = fields.map((f) => arrowTypeName(String(f.type)));
    }
    return {
      columns,
      types,
      rows,
      truncated,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (e instanceof SqlError) throw e;
    throw new SqlError(e instanceof Error ? e.message : String(e));
  }
}

/** A value as the server's JSON has it (@duckdb/node-api's getRowsJson). */
function jsonValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return String(v);
  if (typeof v === "number") {
    if (/^(DECIMAL|HUGEINT|UHUGEINT|BIGINT|UBIGINT)/.test(type)) return decimalText(v, type);
    return Number.isFinite(v) ? v : String(v);
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Uint32Array && /^(DECIMAL|HUGEINT|UHUGEINT)/.test(type)) {
    return decimalText(int128(v), type);
  }
  if (typeof (v as { toJSON?: () => unknown }).toJSON === "function") {
    return plain((v as { toJSON: () => unknown }).toJSON());
  }
  return String(v);
}

function plain(v: unknown): unknown {
  if (typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    const j = typeof (v as { toJSON?: () => unknown }).toJSON === "function"
      ? (v as { toJSON: () => unknown }).toJSON()
      : v;
    if (j !== v) return plain(j);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** A 128-bit two's complement integer from Arrow's four little-endian words. */
function int128(w: Uint32Array): bigint {
  let x = 0n;
  for (let i = 3; i >= 0; i--) x = (x << 32n) | BigInt(w[i]);
  return BigInt.asIntN(128, x);
}

/** DECIMAL(w,s) as DuckDB prints it: the scale's digits always there. */
function decimalText(x: bigint | number, type: string): string {
  const scale = Number(/^DECIMAL\(\d+,(\d+)\)/.exec(type)?.[1] ?? 0);
  const n = typeof x === "bigint" ? x : BigInt(x);
  if (scale === 0) return String(n);
  const neg = n < 0n, digits = String(neg ? -n : n).padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** DuckDB's name for an Arrow type (for EXPLAIN's columns, which DESCRIBE cannot tell). */
function arrowTypeName(t: string): string {
  const names: Record<string, string> = {
    Utf8: "VARCHAR",
    LargeUtf8: "VARCHAR",
    Bool: "BOOLEAN",
    Int8: "TINYINT",
    Int16: "SMALLINT",
    Int32: "INTEGER",
    Int64: "BIGINT",
    Uint8: "UTINYINT",
    Uint16: "USMALLINT",
    Uint32: "UINTEGER",
    Uint64: "UBIGINT",
    Float32: "FLOAT",
    Float64: "DOUBLE",
  };
  return names[t] ?? t.toUpperCase();
}
