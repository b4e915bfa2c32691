/// <reference lib="webworker" />
// The site's SQL engine: the trace exported in memory (the -export pass, its tables as
// Arrow IPC streams: arrow_tables.ts) and DuckDB-WASM over them. Built on its own
// (dist/site/sql.js) and imported by the site's worker when the SQL page is first
// opened, so the page costs nothing until then. DuckDB runs in its own worker (duckdb-browser-eh.worker.js and
// duckdb-eh.wasm, copied beside this file by build:site; nothing is fetched from
// elsewhere). The tables are created with the schema's types and filled, schema.sql's
// views created, then DuckDB is closed to the world: no file access, no extension
// loading, the configuration locked. A query runs as the server's does
// (server/http/sql_engine.ts): one SELECT (or EXPLAIN), the rows read up to the row
// limit, and past the time limit it is cancelled, or DuckDB's worker terminated (the next query starts a
// fresh one over the same tables). It runs in a transaction that is rolled back, so
// nothing it could change stays. Errors are DuckDB's own message.

import { AsyncDuckDB, type AsyncDuckDBConnection, VoidLogger } from "@duckdb/duckdb-wasm";
import { joinViewsSql } from "../../server/core/export/views.ts";
import { TABLES } from "../../server/core/export/schema.ts";
import {
  isSqlError,
  SqlError,
  type SqlLimits,
  type SqlResult,
  type SqlRunner,
  sqlTraceId,
} from "../../server/core/pages/sql.ts";

import { arrowTableWriter } from "./arrow_tables.ts";
import { exportTrace } from "../../server/core/export/export.ts";
import type { Trace } from "../../server/core/trace/trace.ts";
import type { Summary } from "../../server/core/summary/summary.ts";

interface Running {
  db: AsyncDuckDB;
  conn: AsyncDuckDBConnection;
}

export class SiteSqlEngine implements SqlRunner {
  private running?: Promise<Running>;
  private queue: Promise<void> = Promise.resolve();

  /** `tables`: each table's rows as an Arrow IPC stream, by table name (none if empty). */
  constructor(readonly tables: ReadonlyMap<string, Uint8Array>) {}

  /** Exports `trace` into memory (the -export pass, Arrow tables) for an engine over it. */
  static async export(
    trace: Trace,
    opts: { file: string; summary: Summary },
  ): Promise<SiteSqlEngine> {
    const chunks = new Map<string, Uint8Array[]>();
    await exportTrace(trace, {
      traceId: sqlTraceId(opts.file),
      file: opts.file,
      summary: opts.summary,
      tableWriter: arrowTableWriter,
      write: (name, bytes) => {
        const table = name.replace(/\.parquet$/, "");
        if (table !== name) chunks.set(table, [...chunks.get(table) ?? [], bytes]);
      },
    });
    const tables = new Map<string, Uint8Array>();
    for (const [name, parts] of chunks) tables.set(name, concat(parts));
    return new SiteSqlEngine(tables);
  }

  /** Starts DuckDB over the tables (done by the first query; exposed for timings). */
  start(): Promise<Running> {
    if (!this.running) {
      this.running = startDuckDB(this.tables);
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

  /** Runs one query within the limits, after those asked before it (one connection). */
  query(sql: string, limits: SqlLimits): Promise<SqlResult> {
    const next = this.queue.then(() => this.runOne(sql, limits));
    // The queue waits for the answer (which the time limit bounds), not for DuckDB.
    this.queue = next.then(() => {}, () => {});
    return next;
  }

  private async runOne(sql: string, limits: SqlLimits): Promise<SqlResult> {
    const { db, conn } = await this.start();
    const started = performance.now();
    const running = run(db, conn, sql, limits, started);
    const tooLong = () =>
      new SqlError(`the query took longer than ${limits.timeoutMs / 1000} s, the time limit`);
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = new Promise<never>((_, reject) => {
      timer = setTimeout(async () => {
        // A cancel is asked first (DuckDB-WASM polls a query step by step); a query still
        // running a second later is stopped by ending DuckDB's worker (the next query
        // starts a fresh one over the same tables). The test's cross join needs the latter.
        timedOut = true;
        const settled = running.then(() => true, () => true);
        // Not awaited: a busy worker answers the cancel only after its step.
        void conn.cancelSent().catch(() => false);
        if (!await Promise.race([settled, sleep(CANCEL_GRACE_MS).then(() => false)])) {
          await this.stop();
          reject(tooLong());
        }
      }, limits.timeoutMs);
    });
    try {
      return await Promise.race([running, ended]);
    } catch (e) {
      throw timedOut ? tooLong() : e;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** How long a cancelled query may take to stop before DuckDB's worker is ended. */
const CANCEL_GRACE_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function startDuckDB(tables: ReadonlyMap<string, Uint8Array>): Promise<Running> {
  const worker = new Worker(new URL("./duckdb-browser-eh.worker.js", import.meta.url));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await db.instantiate(new URL("./duckdb-eh.wasm", import.meta.url).href);
    await db.open({ query: { castBigIntToDouble: false } });
    const conn = await db.connect();
    await conn.query("SET autoinstall_known_extensions = false");
    await conn.query("SET autoload_known_extensions = false");
    for (const t of TABLES) {
      const cols = t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? "" : " NOT NULL"}`);
      await conn.query(`CREATE TABLE ${t.name} (${cols.join(", ")})`);
      const rows = tables.get(t.name);
      // The bytes move to DuckDB's worker: a copy, since a restart needs them again.
      if (rows) {
        await conn.insertArrowFromIPCStream(rows.slice(), { name: t.name, create: false });
      }
    }
    await conn.query(joinViewsSql());
    await conn.query("SET enable_external_access = false");
    await conn.query("SET lock_configuration = true");
    return { db, conn };
  } catch (e) {
    await db.terminate().catch(() => {});
    throw e;
  }
}

/** The statements a query may start with: what DuckDB plans as a SELECT, and EXPLAIN. */
const READING = new Set([
  "SELECT",
  "WITH",
  "FROM",
  "VALUES",
  "TABLE",
  "PIVOT",
  "UNPIVOT",
  "DESCRIBE",
  "SUMMARIZE",
  "SHOW",
  "EXPLAIN",
]);

const KEYWORD = 4, OPERATOR = 3;

/**
 * Refuses what is not one read-only statement, with the server's words: DuckDB's
 * tokenizer (comments and strings understood) gives the statements and the keyword each
 * begins with. Text it cannot tell goes on to DuckDB, whose parser reports it; the
 * transaction the query runs in is rolled back in any case. Returns whether it is an
 * EXPLAIN.
 */
async function checkReadOnly(db: AsyncDuckDB, sql: string): Promise<boolean> {
  const { offsets, types } = await db.tokenize(sql);
  // Offsets count UTF-8 bytes.
  const bytes = new TextEncoder().encode(sql), decoder = new TextDecoder();
  const text = (k: number) =>
    decoder.decode(bytes.subarray(offsets[k], offsets[k + 1] ?? bytes.length)).trim();
  let statements = offsets.length > 0 ? 1 : 0;
  for (let k = 0; k + 1 < offsets.length; k++) {
    if (types[k] === OPERATOR && text(k) === ";") statements++;
  }
  if (statements > 1) {
    throw new SqlError(`expected one statement, got ${statements}: run them one at a time`);
  }
  const first = offsets.length > 0 ? text(0).toUpperCase() : "";
  if (types[0] === KEYWORD && !READING.has(first)) {
    throw new SqlError(`only SELECT (and EXPLAIN) statements run here: the tables are read-only`);
  }
  return first === "EXPLAIN";
}

async function run(
  db: AsyncDuckDB,
  conn: AsyncDuckDBConnection,
  sql: string,
  limits: SqlLimits,
  started: number,
): Promise<SqlResult> {
  const explain = await checkReadOnly(db, sql);
  await conn.query("BEGIN TRANSACTION");
  try {
    const reader = await conn.send(sql, true);
    const raw: unknown[][] = [];
    let truncated = false;
    let fields = reader.schema?.fields ?? [];
    for await (const batch of reader) {
      fields = batch.schema.fields;
      const cols = batch.schema.fields.map((_, k) => batch.getChildAt(k)!);
      for (let r = 0; r < batch.numRows; r++) {
        if (raw.length === limits.maxRows) {
          truncated = true;
          break;
        }
        raw.push(cols.map((c) => c.get(r)));
      }
      if (truncated) break;
    }
    if (truncated) await conn.cancelSent().catch(() => {});
    if (fields.length === 0) fields = reader.schema?.fields ?? [];
    const columns = fields.map((f) => f.name);
    // DuckDB's names of the result's types (Arrow's lose HUGEINT, DECIMAL's kind…).
    let types = fields.map((f) => arrowTypeName(String(f.type)));
    if (!explain) {
      const d = await conn.query(`DESCRIBE ${sql}`).catch(() => undefined);
      const named = d?.getChild("column_type");
      if (named && d!.numRows === columns.length) {
        types = Array.from({ length: d!.numRows }, (_, i) => String(named.get(i)));
      }
    }
    return {
      columns,
      types,
      rows: raw.map((r) => r.map((v, k) => jsonValue(v, types[k]))),
      truncated,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (isSqlError(e)) throw e;
    throw new SqlError(duckdbMessage(e));
  } finally {
    await conn.query("ROLLBACK").catch(() => {});
  }
}

/**
 * DuckDB's message as the server shows it. DuckDB-WASM passes some errors on as
 * DuckDB's JSON form ({"exception_type":"Parser","exception_message":…}); DuckDB's
 * own text for those is "<type> Error: <message>".
 */
function duckdbMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (!m.startsWith("{")) return m;
  try {
    const j = JSON.parse(m) as { exception_type?: string; exception_message?: string };
    if (j.exception_type && j.exception_message !== undefined) {
      return `${j.exception_type} Error: ${j.exception_message}`;
    }
  } catch { /* not JSON after all */ }
  return m;
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
