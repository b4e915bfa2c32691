// Rows of one exported table, buffered column by column until a row group is full and
// handed to the table's writer (parquet.ts). Every column is a Float64Array: integers
// are exact below 2^53 (times, ids, PCs), a string column holds codes into the table's
// dictionary, and NaN is NULL. The buffers are reused after each row group, so a table
// holds at most one row group whatever the trace's size. No Deno APIs.

import type { ColumnSpec, TableSpec } from "./schema.ts";

/** A full row group, as a writer receives it (valid until the call returns). */
export interface RowGroup {
  rows: number;
  /** Per column of the spec, in order; `trace_id` is filled in by the writer. */
  values: Float64Array[];
  /** Per VARCHAR column, the strings its codes index. */
  dicts: (string[] | undefined)[];
  /** Per column, exact values of rows beyond 2^53 (absolute times), by row. */
  bigs: Map<number, bigint>[];
}

/** Writes a table's row groups; `finish` ends the file. */
export interface TableWriter {
  writeRowGroup(group: RowGroup): void;
  finish(): void | Promise<void>;
}

/** Rows per row group (DuckDB reads a file's row groups in parallel). */
export const ROW_GROUP_ROWS = 1 << 18;

export class TableRows {
  readonly spec: TableSpec;
  /** Rows buffered now. */
  n = 0;
  /** Rows written so far, buffered ones included. */
  total = 0;
  readonly cols: Float64Array[];
  readonly #dicts: (Dictionary | undefined)[];
  readonly #bigs: Map<number, bigint>[];
  readonly #writer: TableWriter;
  readonly #cap: number;

  constructor(spec: TableSpec, writer: TableWriter, cap = ROW_GROUP_ROWS) {
    this.spec = spec;
    this.#writer = writer;
    this.#cap = cap;
    this.cols = spec.columns.map((c) => new Float64Array(c.name === "trace_id" ? 0 : cap));
    this.#dicts = spec.columns.map((c) => c.type === "VARCHAR" ? new Dictionary() : undefined);
    this.#bigs = spec.columns.map(() => new Map());
  }

  /** Sets BIGINT column k of `row` to `v` exactly (values past 2^53). */
  setBig(k: number, row: number, v: bigint): void {
    this.cols[k][row] = Number(v);
    this.#bigs[k].set(row, v);
  }

  /** Index of a column by name. */
  index(name: string): number {
    const k = this.spec.columns.findIndex((c) => c.name === name);
    if (k < 0) throw new Error(`table ${this.spec.name} has no column ${name}`);
    return k;
  }

  /** The column buffer of `name` (the same array for the whole export). */
  col(name: string): Float64Array {
    return this.cols[this.index(name)];
  }

  /** The code of string `s` in VARCHAR column `name`'s dictionary. */
  code(k: number, s: string): number {
    return this.#dicts[k]!.code(s);
  }

  /**
   * A string column's coder by key: `key` is any small integer that names a string
   * (a trace string id), `text` gives the string the first time.
   */
  keyed(name: string, text: (key: number) => string): (key: number) => number {
    const dict = this.#dicts[this.index(name)]!;
    const codes: number[] = [];
    return (key) => codes[key] ??= dict.code(text(key));
  }

  /** Starts a row: its index in the buffers (every column must then be set). */
  row(): number {
    if (this.n === this.#cap) this.flush();
    this.total++;
    return this.n++;
  }

  /** Hands the buffered rows to the writer. */
  flush(): void {
    if (this.n === 0) return;
    const n = this.n;
    this.#writer.writeRowGroup({
      rows: n,
      values: this.cols.map((c) => c.subarray(0, Math.min(n, c.length))),
      dicts: this.#dicts.map((d) => d?.strings),
      bigs: this.#bigs,
    });
    for (const m of this.#bigs) m.clear();
    this.n = 0;
  }

  async finish(): Promise<void> {
    this.flush();
    await this.#writer.finish();
  }
}

class Dictionary {
  readonly strings: string[] = [];
  readonly #codes = new Map<string, number>();

  code(s: string): number {
    let c = this.#codes.get(s);
    if (c === undefined) {
      c = this.strings.length;
      this.strings.push(s);
      this.#codes.set(s, c);
    }
    return c;
  }
}

/** NaN: NULL in a column. */
export const NULL = NaN;

/** A Go id of -1 ("none") as NULL. */
export function idOrNull(id: number): number {
  return id < 0 ? NULL : id;
}

/** A stack id of 0 ("no stack") as NULL. */
export function stackOrNull(id: number): number {
  return id === 0 ? NULL : id;
}

export type { ColumnSpec };
