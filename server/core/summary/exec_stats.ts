// Goroutine execution statistics over a period (Go: internal/trace GoroutineExecStats).
// The summarizer keeps a goroutine's column by column (StatsTable: one row per goroutine;
// millions in a large trace): durations in ns, and the keyed times — block time per
// reason and time per special range — as short [key, ns] runs in one shared arena
// (KeyedArena), keyed by small integers (reason string ids, range keys) that become
// names only when a row is turned into plain data. Regions' rows, tens of millions, are
// packed as bytes instead (packed_stats.ts); both are read as StatsRows. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { compareStrings, sortFunc } from "../util/go_sort.ts";
import type { RangeNames } from "./range_names.ts";

/**
 * [key, ns] pairs of many rows, a run per row. A key ≥ 0 is a block reason (string id);
 * a key < 0 is the special range −1 − key (see RangeNames). Runs keep insertion order.
 */
export class KeyedArena {
  keys: Int32Array;
  vals: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.keys = new Int32Array(Math.max(capacity, 16));
    this.vals = new Float64Array(this.keys.length);
  }

  /** Room for n more pairs; returns the offset of the first. */
  alloc(n: number): number {
    const off = this.length;
    if (off + n > this.keys.length) {
      const cap = Math.max(off + n, Math.ceil(this.keys.length * 1.5));
      const keys = new Int32Array(cap), vals = new Float64Array(cap);
      keys.set(this.keys.subarray(0, off));
      vals.set(this.vals.subarray(0, off));
      this.keys = keys;
      this.vals = vals;
    }
    this.length = off + n;
    return off;
  }
}

/** Block reason key of a string id, and range key of a RangeNames key, in the arena. */
export const rangeKey = (key: number): number => -1 - key;

/** One row of exec stats; its keyed times are keys/vals[off, off + len). */
export interface StatsRow {
  exec: number;
  schedWait: number;
  syscall: number;
  syscallBlock: number;
  total: number;
  keys: Int32Array;
  vals: Float64Array;
  off: number;
  len: number;
}

/** A zero row with no keyed times (a scratch row to fill). */
export function newStatsRow(
  keys: Int32Array = new Int32Array(0),
  vals: Float64Array = new Float64Array(0),
): StatsRow {
  return {
    exec: 0,
    schedWait: 0,
    syscall: 0,
    syscallBlock: 0,
    total: 0,
    keys,
    vals,
    off: 0,
    len: 0,
  };
}

/** Rows of exec stats however they are stored (StatsTable, PackedStats). */
export interface StatsRows {
  /** Row i, valid until the next call. */
  at(i: number): StatsRow;
}

/** Exec stats rows: Go's GoroutineExecStats fields as columns. */
export class StatsTable implements StatsRows {
  exec: Float64Array;
  schedWait: Float64Array;
  syscall: Float64Array;
  syscallBlock: Float64Array;
  total: Float64Array;
  /** The row's run of keyed times in the arena. */
  kOff: Uint32Array;
  kLen: Uint32Array;

  constructor(capacity: number, public arena: KeyedArena) {
    this.exec = new Float64Array(capacity);
    this.schedWait = new Float64Array(capacity);
    this.syscall = new Float64Array(capacity);
    this.syscallBlock = new Float64Array(capacity);
    this.total = new Float64Array(capacity);
    this.kOff = new Uint32Array(capacity);
    this.kLen = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.exec.length;
  }

  readonly #row: StatsRow = newStatsRow();

  at(i: number): StatsRow {
    const r = this.#row;
    r.exec = this.exec[i];
    r.schedWait = this.schedWait[i];
    r.syscall = this.syscall[i];
    r.syscallBlock = this.syscallBlock[i];
    r.total = this.total[i];
    r.keys = this.arena.keys;
    r.vals = this.arena.vals;
    r.off = this.kOff[i];
    r.len = this.kLen[i];
    return r;
  }

  grow(capacity: number): void {
    const f = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const u = (a: Uint32Array) => {
      const b = new Uint32Array(capacity);
      b.set(a);
      return b;
    };
    this.exec = f(this.exec);
    this.schedWait = f(this.schedWait);
    this.syscall = f(this.syscall);
    this.syscallBlock = f(this.syscallBlock);
    this.total = f(this.total);
    this.kOff = u(this.kOff);
    this.kLen = u(this.kLen);
  }
}

/** Exec stats as plain data (Go's GoroutineExecStats field by field). */
export interface ExecStatsData {
  execTime: number;
  schedWaitTime: number;
  /** Block time by reason; "" is a reason too (goroutines first seen blocked). */
  blockTimeByReason: Record<string, number>;
  syscallTime: number;
  syscallBlockTime: number;
  /** Time the goroutine was present in the trace; overlaps the others. */
  totalTime: number;
  /** Time in special ranges ("GC mark assist", "stop-the-world (…)", …); overlaps too. */
  rangeTime: Record<string, number>;
}

/** Go's UnknownTime: the part of the total no other non-overlapping stat accounts for. */
export function unknownTime(s: ExecStatsData): number {
  let sum = s.execTime + s.schedWaitTime + s.syscallTime + s.syscallBlockTime;
  for (const dt of Object.values(s.blockTimeByReason)) sum += dt;
  return sum < s.totalTime ? s.totalTime - sum : 0;
}

/**
 * Go's NonOverlappingStats: the columns of the goroutine breakdown. A block reason of
 * "syscall" lands in the same column as the syscall block time.
 */
export function nonOverlappingStats(s: ExecStatsData): Map<string, number> {
  const stats = new Map<string, number>([
    ["Execution time", s.execTime],
    ["Sched wait time", s.schedWaitTime],
    ["Syscall execution time", s.syscallTime],
    ["Block time (syscall)", s.syscallBlockTime],
    ["Unknown time", unknownTime(s)],
  ]);
  for (const [reason, dt] of Object.entries(s.blockTimeByReason)) {
    const k = `Block time (${reason})`;
    stats.set(k, (stats.get(k) ?? 0) + dt);
  }
  return stats;
}

const FIXED_COLUMNS = [
  "Execution time",
  "Sched wait time",
  "Syscall execution time",
  "Block time (syscall)",
  "Unknown time",
];

/** Names of the keyed times of stats rows, and rows as plain data. */
export class StatsReader {
  #blockColumns: (string | undefined)[] = [];

  constructor(readonly trace: Trace, readonly ranges: RangeNames) {}

  /** Row i of `stats` as plain data (same-named keys add up, in insertion order). */
  data(stats: StatsRows, i: number): ExecStatsData {
    const t = this.trace, row = stats.at(i), { keys, vals } = row;
    const block: Record<string, number> = {};
    const range: Record<string, number> = {};
    for (let k = row.off, end = k + row.len; k < end; k++) {
      const key = keys[k];
      if (key >= 0) {
        const name = t.string(key);
        block[name] = (block[name] ?? 0) + vals[k];
      } else {
        const name = this.ranges.name(-1 - key);
        range[name] = (range[name] ?? 0) + vals[k];
      }
    }
    return {
      execTime: row.exec,
      schedWaitTime: row.schedWait,
      blockTimeByReason: block,
      syscallTime: row.syscall,
      syscallBlockTime: row.syscallBlock,
      totalTime: row.total,
      rangeTime: range,
    };
  }

  /** The breakdown column of block reason `id` ("Block time (reason)"). */
  blockColumn(id: number): string {
    return this.#blockColumns[id] ??= `Block time (${this.trace.string(id)})`;
  }

  /**
   * Go's breakdown table over `rows` of `stats` (in Go's order): its columns, special
   * range columns, the largest total, and the positions in `rows` sorted by column
   * `sortBy` (descending; by total time when no row has that column) with `cmp`: the
   * order sorting the rows themselves gives, ties included.
   */
  table(
    stats: StatsRows,
    rows: number[],
    sortBy: string,
    cmp: (a: number, b: number) => number,
  ): { columns: string[]; rangeColumns: string[]; maxTotal: number; order: number[] } {
    const columns = new Set<string>(), rangeColumns = new Set<string>();
    let maxTotal = 0;
    for (const i of rows) {
      const row = stats.at(i), { keys } = row;
      for (let k = row.off, end = k + row.len; k < end; k++) {
        const key = keys[k];
        if (key >= 0) columns.add(this.blockColumn(key));
        else rangeColumns.add(this.ranges.name(-1 - key));
      }
      if (maxTotal < row.total) maxTotal = row.total;
    }
    if (rows.length > 0) { for (const c of FIXED_COLUMNS) columns.add(c); }

    // Sort keys first, then positions by key: the same swaps as sorting the rows.
    const byColumn = columns.has(sortBy);
    const key = new Float64Array(rows.length);
    for (let p = 0; p < rows.length; p++) {
      key[p] = byColumn ? this.columnValue(stats, rows[p], sortBy) : stats.at(rows[p]).total;
    }
    const order = Array.from(rows, (_, p) => p);
    sortFunc(order, (a, b) => cmp(key[b], key[a]));

    const nonOverlapping = [...columns];
    sortFunc(nonOverlapping, (a, b) => {
      if (a === b) return 0;
      if (a === "Execution time") return -1;
      if (b === "Execution time") return 1;
      return compareStrings(a, b);
    });
    const rangeStats = [...rangeColumns];
    sortFunc(rangeStats, compareStrings);
    return { columns: nonOverlapping, rangeColumns: rangeStats, maxTotal, order };
  }

  /** nonOverlappingStats(row).get(col) ?? 0, without the map for the plain columns. */
  columnValue(stats: StatsRows, i: number, col: string): number {
    switch (col) {
      case "Execution time":
        return stats.at(i).exec;
      case "Sched wait time":
        return stats.at(i).schedWait;
      case "Syscall execution time":
        return stats.at(i).syscall;
    }
    return nonOverlappingStats(this.data(stats, i)).get(col) ?? 0;
  }

  /** A row of a breakdown table: its value in every column, and its range times. */
  row(
    stats: StatsRows,
    i: number,
    columns: string[],
    rangeColumns: string[],
  ): { breakdown: number[]; rangeTimes: number[]; hasRangeTime: boolean } {
    const data = this.data(stats, i);
    const s = nonOverlappingStats(data);
    let totalRange = 0;
    for (const dt of Object.values(data.rangeTime)) totalRange += dt;
    return {
      breakdown: columns.map((k) => s.get(k) ?? 0),
      rangeTimes: rangeColumns.map((k) => data.rangeTime[k] ?? 0),
      hasRangeTime: totalRange !== 0,
    };
  }
}
