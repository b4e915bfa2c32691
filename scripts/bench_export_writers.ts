// Compares Parquet writers on the export's real tables (the README's "Export" numbers):
// hyparquet-writer (what the export uses) with Snappy and with ZSTD, against parquet-wasm
// (Rust's arrow-rs writer compiled to WebAssembly, fed Arrow record batches one row group
// at a time through its streaming writer) with ZSTD. Each run exports the whole trace
// into a temp folder and reports time and bytes per table.
//
//   deno run -A scripts/bench_export_writers.ts TRACE [-range=START:END] [writer…]
//
// writers: hyparquet-snappy, hyparquet-zstd, parquet-wasm-zstd (default: all three).

import * as arrow from "apache-arrow";
import initParquet, {
  Compression as PwCompression,
  Table as PwTable,
  transformParquetStream,
  WriterPropertiesBuilder,
} from "parquet-wasm/esm";
import { openInput } from "../server/cli/open.ts";
import { decodeWorker } from "../server/cli/load.ts";
import { openTrace } from "../server/core/trace/trace.ts";
import { exportTrace } from "../server/core/export/export.ts";
import { type Compression, parquetTableWriter, SNAPPY } from "../server/core/export/parquet.ts";
import type { RowGroup, TableWriter } from "../server/core/export/rows.ts";
import type { TableSpec } from "../server/core/export/schema.ts";
import { summaryOf, ZSTD } from "../server/cli/export_mode.ts";

const args = Deno.args.filter((a) => !a.startsWith("-range="));
const range = Deno.args.find((a) => a.startsWith("-range="))?.slice(7) ?? "";
const [file, ...which] = args;
if (!file) {
  console.error("usage: bench_export_writers.ts TRACE [-range=START:END] [writer…]");
  Deno.exit(2);
}

await initParquet();

/** parquet-wasm: a record batch per row group into its streaming writer. */
function parquetWasmWriter(spec: TableSpec, traceId: string, out: (b: Uint8Array) => void) {
  const props = new WriterPropertiesBuilder()
    .setCompression(PwCompression.ZSTD)
    .setCreatedBy("traceglass bench")
    .build();
  let controller!: ReadableStreamDefaultController<unknown>;
  const input = new ReadableStream({ start: (c) => void (controller = c) });
  const pump = (async () => {
    const stream = await transformParquetStream(input, props);
    for await (const chunk of stream as ReadableStream<Uint8Array>) out(chunk);
  })();
  const fields = spec.columns.map((c) =>
    new arrow.Field(
      c.name,
      c.type === "BIGINT"
        ? new arrow.Int64()
        : c.type === "INTEGER"
        ? new arrow.Int32()
        : c.type === "BOOLEAN"
        ? new arrow.Bool()
        : new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
      c.nullable,
    )
  );
  const schema = new arrow.Schema(fields);
  const writer: TableWriter = {
    writeRowGroup(g: RowGroup) {
      const children = spec.columns.map((c, k) => {
        const v = g.values[k], n = g.rows, type = fields[k].type;
        let nullCount = 0;
        const valid = new Uint8Array((n + 7) >> 3);
        for (let i = 0; i < n; i++) {
          if (c.name === "trace_id" || v[i] === v[i]) valid[i >> 3] |= 1 << (i & 7);
          else nullCount++;
        }
        const nullBitmap = nullCount > 0 ? valid : undefined;
        if (c.name === "trace_id") {
          const dict = arrow.vectorFromArray([traceId], new arrow.Utf8());
          return arrow.makeData({
            type,
            length: n,
            data: new Int32Array(n),
            dictionary: dict,
          } as never);
        }
        switch (c.type) {
          case "BIGINT": {
            const data = new BigInt64Array(n);
            const halves = new Int32Array(data.buffer);
            for (let i = 0; i < n; i++) {
              const x = v[i] === v[i] ? v[i] : 0;
              halves[2 * i] = x % 4294967296;
              halves[2 * i + 1] = Math.floor(x / 4294967296);
            }
            for (const [i, x] of g.bigs[k]) data[i] = x;
            return arrow.makeData({ type, length: n, nullCount, nullBitmap, data } as never);
          }
          case "INTEGER":
          case "BOOLEAN": {
            if (c.type === "BOOLEAN") {
              const bits = new Uint8Array((n + 7) >> 3);
              for (let i = 0; i < n; i++) if (v[i] === 1) bits[i >> 3] |= 1 << (i & 7);
              return arrow.makeData(
                { type, length: n, nullCount, nullBitmap, data: bits } as never,
              );
            }
            const data = Int32Array.from(v, (x) => x === x ? x : 0);
            return arrow.makeData({ type, length: n, nullCount, nullBitmap, data } as never);
          }
          case "VARCHAR": {
            const data = Int32Array.from(v, (x) => x === x ? x : 0);
            const dictionary = arrow.vectorFromArray(g.dicts[k]!, new arrow.Utf8());
            return arrow.makeData(
              { type, length: n, nullCount, nullBitmap, data, dictionary } as never,
            );
          }
        }
      });
      const struct = arrow.makeData({
        type: new arrow.Struct(fields),
        length: g.rows,
        children,
      } as never);
      const batch = new arrow.RecordBatch(schema, struct as never);
      const ipc = arrow.tableToIPC(new arrow.Table(batch), "stream");
      const t = PwTable.fromIPCStream(ipc);
      for (const b of t.recordBatches()) controller.enqueue(b);
    },
    async finish() {
      controller.close();
      await pump;
    },
  };
  return writer;
}

const WRITERS: Record<string, { compression?: Compression; tableWriter?: never }> = {
  "hyparquet-snappy": { compression: SNAPPY },
  "hyparquet-zstd": { compression: ZSTD },
  "parquet-wasm-zstd": { tableWriter: parquetWasmWriter as never },
  // The export's own pass alone, its rows dropped.
  none: { tableWriter: (() => ({ writeRowGroup() {}, finish() {} })) as never },
};

const input = await openInput(file, range);
const trace = await openTrace(input.src, { parallel: decodeWorker });
const summary = await summaryOf(trace);
console.log(
  `${file}${range ? ` -range=${range}` : ""}: ${trace.count} events, ` +
    `${trace.blocks.length} generations, held whole: ${trace.whole}`,
);
for (const name of which.length ? which : Object.keys(WRITERS)) {
  const w = WRITERS[name];
  const dir = await Deno.makeTempDir({ prefix: "tg-writers-" });
  const files = new Map<string, Deno.FsFile>();
  const t0 = performance.now();
  const res = await exportTrace(trace, {
    traceId: "bench",
    file,
    summary,
    compression: w.compression,
    tableWriter: w.tableWriter ?? parquetTableWriter,
    write: async (n, bytes) => {
      let f = files.get(n);
      if (!f) files.set(n, f = await Deno.open(`${dir}/${n}`, { write: true, create: true }));
      for (let off = 0; off < bytes.length;) off += await f.write(bytes.subarray(off));
    },
  });
  for (const f of files.values()) f.close();
  const secs = (performance.now() - t0) / 1000;
  const total = Object.values(res.bytes).reduce((a, b) => a + b, 0);
  const big = Object.entries(res.bytes).sort((a, b) => b[1] - a[1]).slice(0, 3)
    .map(([n, b]) => `${n} ${(b / 1e6).toFixed(1)} MB`).join(", ");
  console.log(
    `${name.padEnd(18)} ${secs.toFixed(1).padStart(6)} s  ${(total / 1e6).toFixed(1)} MB  ` +
      `(transitions: ${res.rows.transitions} rows; ${big})`,
  );
  await Deno.remove(dir, { recursive: true });
}
