// -export=DIR: writes the trace as Parquet tables (one file per table, ZSTD-compressed)
// and schema.sql into DIR, for DuckDB, Spark, Trino, BigQuery… (server/core/export/).
// The trace_id column is DIR's base name, so many traces exported side by side
// (fleet/<id>/…) are queried together with read_parquet('fleet/*/regions.parquet').

import { basename, resolve } from "node:path";
import { zstdCompressSync } from "node:zlib";
import { InputError, openInput } from "./open.ts";
import { decodeWorker, PASS_CACHE_BYTES } from "./load.ts";
import { goOpenError } from "./io.ts";
import { parseProgress } from "./progress.ts";
import { TraceError } from "../core/trace/error.ts";
import { openTrace, type Trace } from "../core/trace/trace.ts";
import { summarize, type Summary } from "../core/summary/summary.ts";
import { type ExportResult, exportTrace } from "../core/export/export.ts";
import type { Compression } from "../core/export/parquet.ts";
import { byteCount } from "../http/startup_log.ts";

/** ZSTD at its default level, from the runtime's own zstd (Deno's node:zlib). */
export const ZSTD: Compression = {
  codec: "ZSTD",
  compress: (bytes) => new Uint8Array(zstdCompressSync(bytes)),
};

/** Go's goroutine summary, for the goroutines table (a pass over the trace). */
export function summaryOf(trace: Trace): Promise<Summary> {
  return summarize(trace);
}

/**
 * Writes `trace` into `dir` (created if missing; files in it replaced). The files are
 * appended to chunk by chunk, as the export hands them over.
 */
export async function writeExport(
  trace: Trace,
  dir: string,
  opts: {
    file: string;
    traceId?: string;
    summary: Summary;
    onProgress?: (d: number, t: number) => void;
  },
): Promise<ExportResult> {
  await Deno.mkdir(dir, { recursive: true });
  const files = new Map<string, Deno.FsFile>();
  try {
    return await exportTrace(trace, {
      traceId: opts.traceId ?? basename(resolve(dir)),
      file: opts.file,
      summary: opts.summary,
      compression: ZSTD,
      onProgress: opts.onProgress,
      write: async (name, bytes) => {
        let f = files.get(name);
        if (!f) {
          f = await Deno.open(`${dir}/${name}`, { write: true, create: true, truncate: true });
          files.set(name, f);
        }
        for (let off = 0; off < bytes.length;) off += await f.write(bytes.subarray(off));
      },
    });
  } finally {
    for (const f of files.values()) f.close();
  }
}

/** Runs -export=dir on a trace file; returns the exit status. */
export async function runExport(dir: string, traceFile: string, range = ""): Promise<number> {
  let trace: Trace;
  const log = (m: string) => console.error(m);
  const progress = parseProgress(log);
  try {
    const input = await openInput(traceFile, range); // open until the process ends
    if (input.note) log(input.note);
    trace = await openTrace(input.src, {
      parallel: decodeWorker,
      onProgress: progress.onProgress,
      cacheBytes: PASS_CACHE_BYTES,
    });
  } catch (e) {
    progress.finish();
    if (e instanceof InputError) return fail(e.message);
    if (e instanceof TraceError) return fail(`failed to create trace reader: ${e.goMessage}`);
    return fail(`failed to read trace file: ${goOpenError(traceFile, e)}`);
  }
  progress.finish();
  if (trace.validCount === 0) {
    return fail(`failed to parse any useful part of the trace: ${trace.error?.goMessage}`);
  }
  const start = performance.now();
  let result: ExportResult;
  try {
    const summary = await summaryOf(trace);
    result = await writeExport(trace, dir, { file: traceFile, summary });
  } catch (e) {
    return fail(`failed to export to ${dir}: ${e instanceof Error ? e.message : e}`);
  }
  const total = Object.values(result.bytes).reduce((a, b) => a + b, 0);
  const rows = Object.entries(result.rows).map(([t, n]) => `${t} ${n}`).join(", ");
  log(
    `wrote ${Object.keys(result.bytes).length} files, ${byteCount(total)}, to ${dir} in ` +
      `${((performance.now() - start) / 1000).toFixed(1)} s (rows: ${rows})`,
  );
  return 0;
}

function fail(msg: string): number {
  console.error(msg);
  return 1;
}
