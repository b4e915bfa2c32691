// The binary frame the timeline's window queries answer with: a little-endian u32 length,
// a JSON header (names, column directory, extras), then typed-array columns, each 8-byte
// aligned so the browser can view them in place. Thousands of spans per request would
// cost far more as JSON text. web/timeline/wire.ts reads it; the column types and the
// window query's names are the contract's (server/core/contract/timeline.ts). No Deno APIs.

import type { WireArray, WireColumn, WireType } from "../contract/timeline.ts";

export type { WireArray, WireColumn };

const TYPE_NAMES = new Map<unknown, WireType>([
  [Float64Array, "f64"],
  [Uint32Array, "u32"],
  [Int32Array, "i32"],
  [Uint8Array, "u8"],
]);

export function encodeWire(
  header: object,
  columns: [string, WireArray][],
): Uint8Array {
  const dir: WireColumn[] = [];
  let offset = 0;
  for (const [key, arr] of columns) {
    dir.push({ key, type: TYPE_NAMES.get(arr.constructor)!, offset, length: arr.length });
    offset += Math.ceil(arr.byteLength / 8) * 8;
  }
  const json = new TextEncoder().encode(JSON.stringify({ ...header, columns: dir }));
  const headLen = Math.ceil((4 + json.length) / 8) * 8;
  const out = new Uint8Array(headLen + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  for (let k = 0; k < columns.length; k++) {
    const arr = columns[k][1];
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), headLen + dir[k].offset);
  }
  return out;
}
