// A table's row groups as a Parquet file, written with hyparquet-writer (pure
// JavaScript, so the export runs wherever the core runs; the choice against parquet-wasm
// is measured in the README). Each row group is encoded as it comes and its bytes handed
// on at once, so memory holds one row group, not the file. Compression is pluggable: the
// Deno side gives ZSTD (node:zlib's), anything else gets hyparquet-writer's own Snappy.
// No Deno APIs.

import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { ColumnSpec, TableSpec } from "./schema.ts";
import type { RowGroup, TableWriter } from "./rows.ts";

/** A Parquet codec with its compressor (hyparquet-writer's own Snappy when omitted). */
export interface Compression {
  codec: "ZSTD" | "SNAPPY" | "GZIP" | "UNCOMPRESSED";
  compress?: (bytes: Uint8Array) => Uint8Array;
}

export const SNAPPY: Compression = { codec: "SNAPPY" };

type SchemaElement = {
  name: string;
  type?: "INT64" | "INT32" | "BYTE_ARRAY" | "BOOLEAN";
  converted_type?: "UTF8";
  repetition_type?: "REQUIRED" | "OPTIONAL";
  num_children?: number;
};

function element(c: ColumnSpec): SchemaElement {
  const repetition_type = c.nullable ? "OPTIONAL" : "REQUIRED";
  switch (c.type) {
    case "BIGINT":
      return { name: c.name, type: "INT64", repetition_type };
    case "INTEGER":
      return { name: c.name, type: "INT32", repetition_type };
    case "BOOLEAN":
      return { name: c.name, type: "BOOLEAN", repetition_type };
    case "VARCHAR":
      return { name: c.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type };
  }
}

// Min/max statistics let a reader skip row groups (a time range, a goroutine); on other
// columns they only cost time.
const STATISTICS = /^(event|time_ns|start_ns|end_ns|goid|trace_id)$/;

/** Hands each encoded row group's bytes on and starts the buffer again. */
class ChunkWriter extends ByteWriter {
  constructor(readonly out: (bytes: Uint8Array) => void) {
    super(1 << 16);
  }
  flush(): void {
    if (this.index === 0) return;
    this.out(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
}

/**
 * A writer of `spec`'s file whose bytes go to `out`, in order. `traceId` fills the
 * trace_id column.
 */
export function parquetTableWriter(
  spec: TableSpec,
  traceId: string,
  out: (bytes: Uint8Array) => void,
  compression: Compression = SNAPPY,
): TableWriter {
  const schema: SchemaElement[] = [
    { name: "root", num_children: spec.columns.length },
    ...spec.columns.map(element),
  ];
  const writer = new ChunkWriter(out);
  const pw = new ParquetWriter({
    writer,
    // deno-lint-ignore no-explicit-any
    schema: schema as any,
    codec: compression.codec,
    compressors: compression.compress ? { [compression.codec]: compression.compress } : {},
    createdBy: "traceglass",
  });
  let wrote = false;
  const write = (group: RowGroup) => {
    const columnData = spec.columns.map((c, k) => ({
      name: c.name,
      statistics: STATISTICS.test(c.name),
      data: c.name === "trace_id"
        ? new Array<string>(group.rows).fill(traceId)
        : columnValues(c, group.values[k], group.dicts[k], group.bigs[k]),
    }));
    // deno-lint-ignore no-explicit-any
    pw.write({ columnData: columnData as any, rowGroupSize: group.rows });
    wrote = true;
  };
  return {
    writeRowGroup: write,
    finish() {
      // An empty table still has its schema (DuckDB reads it as no rows).
      if (!wrote) {
        pw.write({
          // deno-lint-ignore no-explicit-any
          columnData: spec.columns.map((c) => ({ name: c.name, data: [] })) as any,
          rowGroupSize: 1,
        });
      }
      pw.finish();
    },
  };
}

// The values hyparquet-writer takes for a column: bigints for INT64, numbers for INT32,
// strings, booleans; null for NULL (NaN in our buffers).
function columnValues(
  c: ColumnSpec,
  v: Float64Array,
  dict: string[] | undefined,
  bigs: Map<number, bigint>,
): ArrayLike<unknown> {
  const n = v.length;
  switch (c.type) {
    case "BIGINT": {
      if (!c.nullable) {
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) out[i] = BigInt(v[i]);
        for (const [i, x] of bigs) out[i] = x;
        return out;
      }
      const out = new Array<bigint | null>(n);
      for (let i = 0; i < n; i++) out[i] = v[i] === v[i] ? BigInt(v[i]) : null;
      for (const [i, x] of bigs) out[i] = x;
      return out;
    }
    case "INTEGER": {
      if (!c.nullable) return Int32Array.from(v);
      const out = new Array<number | null>(n);
      for (let i = 0; i < n; i++) out[i] = v[i] === v[i] ? v[i] : null;
      return out;
    }
    case "BOOLEAN": {
      const out = new Array<boolean | null>(n);
      for (let i = 0; i < n; i++) out[i] = v[i] === v[i] ? v[i] !== 0 : null;
      return out;
    }
    case "VARCHAR": {
      const out = new Array<string | null>(n);
      for (let i = 0; i < n; i++) out[i] = v[i] === v[i] ? dict![v[i]] : null;
      return out;
    }
  }
}
