// Reads the binary frames of the timeline's window queries (server/core/timeline/
// wire.ts): a u32 header length, the JSON header, then 8-byte aligned
// typed-array columns viewed in place. The column types are the contract's.

import type { WireArray, WireColumn, WireType } from "../../server/core/contract/timeline.ts";

export type { WireArray };

export interface WireFrame {
  header: Record<string, unknown>;
  columns: Map<string, WireArray>;
}

const CTORS: Record<WireType, { new (b: ArrayBuffer, o: number, n: number): WireArray }> = {
  f64: Float64Array,
  u32: Uint32Array,
  i32: Int32Array,
  u8: Uint8Array,
};

export function decodeWire(buf: ArrayBuffer): WireFrame {
  const len = new DataView(buf).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, len)));
  const base = Math.ceil((4 + len) / 8) * 8;
  const columns = new Map<string, WireArray>();
  for (const c of header.columns as WireColumn[]) {
    columns.set(c.key, new CTORS[c.type](buf, base + c.offset, c.length));
  }
  return { header, columns };
}
