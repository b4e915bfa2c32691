// The export's tables as Arrow IPC streams, for DuckDB-WASM. The site cannot hand
// DuckDB-WASM the Parquet files -export writes: its WebAssembly build has no Parquet
// reader inside (DuckDB-WASM loads the parquet extension from DuckDB's extension host
// on first use, a request leaving the site that we do not make), while it reads Arrow
// itself. So the export's pass is the same (export.ts, with this writer in place of
// parquet.ts's) and each row group becomes an Arrow record batch. Columns are built
// from typed arrays directly (Arrow's builders compile code with `new Function`, which a
// strict Content-Security-Policy forbids). This Arrow is the release DuckDB-WASM itself
// depends on, so sql.js holds one copy.

import {
  Bool,
  type Data,
  Field,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
} from "duckdb-wasm-arrow";
import type { ColumnSpec, TableSpec } from "../../server/core/export/schema.ts";
import type { RowGroup, TableWriter } from "../../server/core/export/rows.ts";

const encoder = new TextEncoder();

function arrowType(c: ColumnSpec) {
  switch (c.type) {
    case "BIGINT":
      return new Int64();
    case "INTEGER":
      return new Int32();
    case "BOOLEAN":
      return new Bool();
    case "VARCHAR":
      return new Utf8();
  }
}

/**
 * A writer of `spec`'s table as one Arrow IPC stream, handed to `out` when the table
 * ends (nothing for a table without rows). `traceId` fills the trace_id column.
 */
export function arrowTableWriter(
  spec: TableSpec,
  traceId: string,
  out: (bytes: Uint8Array) => void,
): TableWriter {
  const fields = spec.columns.map((c) => new Field(c.name, arrowType(c), c.nullable));
  const schema = new Schema(fields);
  const batches: RecordBatch[] = [];
  return {
    writeRowGroup(g: RowGroup) {
      const children = spec.columns.map((c, k) =>
        c.name === "trace_id"
          ? constantText(traceId, g.rows)
          : column(c, g.rows, g.values[k], g.dicts[k], g.bigs[k])
      );
      const data = makeData({
        type: new Struct(fields),
        length: g.rows,
        nullCount: 0,
        children,
      });
      batches.push(new RecordBatch(schema, data));
    },
    finish() {
      if (batches.length > 0) out(tableToIPC(new Table(schema, batches), "stream"));
    },
  };
}

/** Validity bits of `v` (NaN is NULL), or undefined when nothing is NULL. */
function validity(v: Float64Array, n: number): { nullCount: number; nullBitmap?: Uint8Array } {
  let nullCount = 0;
  const bits = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    if (v[i] === v[i]) bits[i >> 3] |= 1 << (i & 7);
    else nullCount++;
  }
  return nullCount > 0 ? { nullCount, nullBitmap: bits } : { nullCount };
}

function column(
  c: ColumnSpec,
  n: number,
  v: Float64Array,
  dict: string[] | undefined,
  bigs: Map<number, bigint>,
): Data {
  const nulls = c.nullable ? validity(v, n) : { nullCount: 0 };
  switch (c.type) {
    case "BIGINT": {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) data[i] = v[i] === v[i] ? BigInt(v[i]) : 0n;
      for (const [i, x] of bigs) data[i] = x;
      return makeData({ type: new Int64(), length: n, ...nulls, data });
    }
    case "INTEGER": {
      const data = Int32Array.from(v.subarray(0, n), (x) => x === x ? x : 0);
      return makeData({ type: new Int32(), length: n, ...nulls, data });
    }
    case "BOOLEAN": {
      const data = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (v[i] === 1) data[i >> 3] |= 1 << (i & 7);
      return makeData({ type: new Bool(), length: n, ...nulls, data });
    }
    case "VARCHAR": {
      // Each dictionary entry encoded once; rows copy its bytes.
      const encoded = dict!.map((s) => encoder.encode(s));
      const valueOffsets = new Int32Array(n + 1);
      let size = 0;
      for (let i = 0; i < n; i++) {
        if (v[i] === v[i]) size += encoded[v[i]].length;
        valueOffsets[i + 1] = size;
      }
      const data = new Uint8Array(size);
      for (let i = 0; i < n; i++) if (v[i] === v[i]) data.set(encoded[v[i]], valueOffsets[i]);
      return makeData({ type: new Utf8(), length: n, ...nulls, valueOffsets, data });
    }
  }
}

function constantText(s: string, n: number): Data {
  const b = encoder.encode(s);
  const data = new Uint8Array(b.length * n);
  const valueOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    data.set(b, i * b.length);
    valueOffsets[i + 1] = (i + 1) * b.length;
  }
  return makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets, data });
}
