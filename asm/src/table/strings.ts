// The global string table: every distinct byte string once. Id 0 is "".
// Per-generation string ids are mapped onto these ids by the front ends.

import { Vec } from "../util/vec";

export const stringBytes = new Vec<u8>();
export const stringOffsets = new Vec<u32>(); // count + 1 entries

let slots = new StaticArray<u32>(1024); // string id + 1; 0 = empty
let mask: u32 = 1023;

export function resetStrings(): void {
  stringBytes.clear();
  stringOffsets.clear();
  stringOffsets.push(0);
  stringOffsets.push(0); // id 0: ""
  slots = new StaticArray<u32>(1024);
  mask = 1023;
}

export function stringCount(): i32 {
  return stringOffsets.len - 1;
}

function hashBytes(p: usize, n: usize): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i: usize = 0; i < n; i++) {
    h = (h ^ <u32> load<u8>(p + i)) * 0x01000193;
  }
  return h ^ (h >> 15);
}

function sameBytes(id: u32, p: usize, n: usize): bool {
  const start = stringOffsets.get(<i32> id);
  const end = stringOffsets.get(<i32> id + 1);
  if (<usize> (end - start) != n) return false;
  return memory.compare(stringBytes.ptr + start, p, n) == 0;
}

/** Returns the id of the bytes [p, p+n), adding them if new. */
export function internString(p: usize, n: usize): u32 {
  if (n == 0) return 0;
  let i = hashBytes(p, n) & mask;
  while (true) {
    const s = unchecked(slots[i]);
    if (s == 0) break;
    if (sameBytes(s - 1, p, n)) return s - 1;
    i = (i + 1) & mask;
  }
  const id = <u32> stringCount();
  const start = stringBytes.len;
  stringBytes.reserve(start + <i32> n);
  memory.copy(stringBytes.ptr + start, p, n);
  stringBytes.len = start + <i32> n;
  stringOffsets.push(<u32> stringBytes.len);
  unchecked(slots[i] = id + 1);
  if ((id + 1) * 2 > mask) grow();
  return id;
}

/** Interns an AssemblyScript string literal (ASCII), e.g. v1's builtin block reasons. */
export function internLiteral(s: string): u32 {
  const buf = String.UTF8.encode(s);
  return internString(changetype<usize>(buf), <usize> buf.byteLength);
}

function grow(): void {
  const n = (mask + 1) << 1;
  const next = new StaticArray<u32>(n);
  const m = n - 1;
  const count = stringCount();
  for (let id = 1; id < count; id++) {
    const start = stringOffsets.get(id);
    const len = stringOffsets.get(id + 1) - start;
    let i = hashBytes(stringBytes.ptr + start, len) & m;
    while (unchecked(next[i]) != 0) i = (i + 1) & m;
    unchecked(next[i] = id + 1);
  }
  slots = next;
  mask = m;
}
