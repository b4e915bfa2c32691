// A trace as tables (-export=DIR and the /sql page): one Parquet file per table of
// schema.ts, and schema.sql (views.ts). The event tables come from one pass over the
// trace's blocks (events.ts); the goroutines table from Go's goroutine summary when the
// caller has one; stacks and frames from the trace's id tables. Files are written
// through `write`, chunk by chunk in order, so the caller decides where bytes go (the
// CLI appends to files) and memory holds one row group per table. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import type { Summary } from "../summary/summary.ts";
import { isSystemGoroutine } from "../summary/summary.ts";
import { SCHEMA_VERSION, TABLES, tableSpec } from "./schema.ts";
import { idOrNull, NULL, ROW_GROUP_ROWS, TableRows } from "./rows.ts";
import { type Compression, parquetTableWriter } from "./parquet.ts";
import { exportEvents, type GoroutineFacts, type Tables } from "./events.ts";
import { schemaSql } from "./views.ts";

export interface ExportOptions extends PassOptions {
  /** The trace_id column's value. */
  traceId: string;
  /** The trace file as named (the traces table's `file`). */
  file: string;
  /** Go's goroutine summary (summarize), for the goroutines table. */
  summary: Summary;
  compression?: Compression;
  /** Another Parquet writer (the bench compares writers); default parquet.ts's. */
  tableWriter?: typeof parquetTableWriter;
  /** Appends bytes to file `name` of the export (files are written one chunk at a time). */
  write: (name: string, bytes: Uint8Array) => void | Promise<void>;
}

export interface ExportResult {
  /** Rows per table, in schema order. */
  rows: Record<string, number>;
  /** Bytes written per file. */
  bytes: Record<string, number>;
}

/** Writes every table of `trace` and schema.sql. */
export async function exportTrace(trace: Trace, opts: ExportOptions): Promise<ExportResult> {
  const pending: [string, Uint8Array][] = [];
  const bytes: Record<string, number> = {};
  const drain = async () => {
    while (pending.length > 0) {
      const [name, chunk] = pending.shift()!;
      bytes[name] = (bytes[name] ?? 0) + chunk.length;
      await opts.write(name, chunk);
    }
  };
  const tables: Tables = {};
  // Row groups no bigger than the trace needs: a small trace's tables stay small.
  const cap = Math.min(ROW_GROUP_ROWS, Math.max(1024, trace.count, trace.stackFrames.length));
  for (const spec of TABLES) {
    const file = `${spec.name}.parquet`;
    const writer = (opts.tableWriter ?? parquetTableWriter)(
      spec,
      opts.traceId,
      (chunk) => pending.push([file, chunk]),
      opts.compression,
    );
    tables[spec.name] = new TableRows(spec, writer, cap);
  }
  const facts = await exportEvents(trace, tables, { ...opts, afterBlock: drain });
  writeTrace(trace, opts, tables.traces);
  writeGoroutines(trace, facts, opts.summary, tables);
  await drain();
  writeStacks(trace, tables.stacks, tables.frames);
  const rows: Record<string, number> = {};
  for (const spec of TABLES) {
    await tables[spec.name].finish();
    rows[spec.name] = tables[spec.name].total;
    await drain();
  }
  const sql = new TextEncoder().encode(schemaSql());
  await opts.write("schema.sql", sql);
  bytes["schema.sql"] = sql.length;
  return { rows, bytes };
}

function writeTrace(t: Trace, opts: ExportOptions, rows: TableRows): void {
  const r = rows.row(), c = (n: string) => rows.col(n);
  const last = t.count > 0 ? t.blocks[t.blocks.length - 1].endTime : 0;
  c("file")[r] = rows.code(rows.index("file"), opts.file);
  c("go_version")[r] = rows.code(rows.index("go_version"), `1.${t.version}`);
  rows.setBig(rows.index("start_ns"), r, t.baseTime);
  c("duration_ns")[r] = t.count > 0 ? last - t.blocks[0].startTime : 0;
  c("events")[r] = t.count;
  c("valid_events")[r] = t.validCount;
  c("generations")[r] = t.blocks.length;
  c("file_bytes")[r] = t.size;
  c("valid_bytes")[r] = t.validBytes;
  c("goroutines")[r] = Math.max(t.gId.length - 1, 0);
  c("procs")[r] = Math.max(t.pId.length - 1, 0);
  c("threads")[r] = Math.max(t.mId.length - 1, 0);
  c("error")[r] = t.error ? rows.code(rows.index("error"), t.error.goMessage) : NULL;
  c("schema_version")[r] = SCHEMA_VERSION;
}

/** Goroutines as Go's summary has them: its names, lifetimes and times. */
function writeGoroutines(
  t: Trace,
  facts: GoroutineFacts,
  summary: Summary,
  tables: Tables,
): void {
  const rows = tables.goroutines, c = (n: string) => rows.col(n);
  const [goid, name, pc, parent, cstack, created, start, end] = [
    "goid",
    "name",
    "start_pc",
    "parent_goid",
    "create_stack_id",
    "created_ns",
    "start_ns",
    "end_ns",
  ].map(c);
  const [exec, sched, block, sys, sysBlock, unknown, total, system] = [
    "exec_ns",
    "sched_wait_ns",
    "block_ns",
    "syscall_ns",
    "syscall_block_ns",
    "unknown_ns",
    "total_ns",
    "system",
  ].map(c);
  const nameCode = rows.keyed("name", (id) => t.string(id));
  const bt = tables.goroutine_block_times, rt = tables.goroutine_range_times;
  const [btG, btReason, btNs] = ["goid", "reason", "ns"].map((n) => bt.col(n));
  const [rtG, rtRange, rtNs] = ["goid", "range", "ns"].map((n) => rt.col(n));
  const reasonCode = bt.keyed("reason", (id) => t.string(id));
  const rangeCode = rt.keyed("range", (key) => summary.stats.ranges.name(key));
  const stats = summary.goroutineStats, { keys, vals } = stats.arena;
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    const r = rows.row();
    goid[r] = t.gId[g];
    parent[r] = facts.parent[g];
    cstack[r] = facts.createStack[g] === 0 ? NULL : facts.createStack[g];
    name[r] = nameCode(summary.goroutineNameId(g));
    const p = summary.startPC(g);
    pc[r] = p === 0 ? NULL : p;
    created[r] = summary.creationTime(g);
    start[r] = summary.startTime(g) ?? NULL;
    end[r] = summary.endTime(g) ?? NULL;
    exec[r] = stats.exec[g];
    sched[r] = stats.schedWait[g];
    sys[r] = stats.syscall[g];
    sysBlock[r] = stats.syscallBlock[g];
    total[r] = stats.total[g];
    let blocked = 0;
    for (let x = stats.kOff[g], e = x + stats.kLen[g]; x < e; x++) {
      const key = keys[x];
      if (key >= 0) {
        blocked += vals[x];
        const br = bt.row();
        btG[br] = t.gId[g];
        btReason[br] = reasonCode(key);
        btNs[br] = vals[x];
      } else {
        const rr = rt.row();
        rtG[rr] = t.gId[g];
        rtRange[rr] = rangeCode(-1 - key);
        rtNs[rr] = vals[x];
      }
    }
    block[r] = blocked;
    // Go's UnknownTime: what the non-overlapping times leave of the total.
    const sum = stats.exec[g] + stats.schedWait[g] + stats.syscall[g] + stats.syscallBlock[g] +
      blocked;
    unknown[r] = sum < stats.total[g] ? stats.total[g] - sum : 0;
    system[r] = isSystemGoroutine(summary.goroutineName(g)) ? 1 : 0;
  }
}

function writeStacks(t: Trace, stacks: TableRows, frames: TableRows): void {
  const [sid, depth, fid] = ["stack_id", "depth", "frame_id"].map((n) => stacks.col(n));
  for (let s = 1; s < t.stackCount; s++) {
    const f = t.stackFrameIds(s);
    for (let d = 0; d < f.length; d++) {
      const r = stacks.row();
      sid[r] = s;
      depth[r] = d;
      fid[r] = f[d];
    }
  }
  const [id, pc, fn, file, line] = ["frame_id", "pc", "function", "file", "line"].map((n) =>
    frames.col(n)
  );
  const fnCode = frames.keyed("function", (s) => t.string(s));
  const fileCode = frames.keyed("file", (s) => t.string(s));
  for (let f = 0; f < t.framePC.length; f++) {
    const r = frames.row();
    id[r] = f;
    pc[r] = Number(t.framePC[f]);
    fn[r] = fnCode(t.frameFunc[f]);
    file[r] = fileCode(t.frameFile[f]);
    line[r] = Number(t.frameLine[f]);
  }
}

export { idOrNull, tableSpec };
