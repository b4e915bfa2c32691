// A byte buffer for saving the decoder's state between generations and loading it back
// (re-decoding one generation of a Go 1.22+ trace later, see v2/snapshot.ts).

import { Vec } from "./vec";

/** The saved state; the host copies it out (ptr, len). */
export const out = new Vec<u8>();

function put<T>(v: T): void {
  const n = out.len;
  out.reserve(n + <i32> sizeof<T>());
  store<T>(out.ptr + <usize> n, v);
  out.len = n + <i32> sizeof<T>();
}

export function putU8(v: u8): void {
  put<u8>(v);
}
export function putBool(v: bool): void {
  put<u8>(v ? 1 : 0);
}
export function putI32(v: i32): void {
  put<i32>(v);
}
export function putU32(v: u32): void {
  put<u32>(v);
}
export function putI64(v: i64): void {
  put<i64>(v);
}
export function putU64(v: u64): void {
  put<u64>(v);
}

/** Bytes written so far. */
export function outLen(): i32 {
  return out.len;
}

/** Overwrites an i32 written earlier at byte offset at. */
export function patchI32(at: i32, v: i32): void {
  store<i32>(out.ptr + <usize> at, v);
}

/** Appends n raw bytes at p. */
export function putBytes(p: usize, n: usize): void {
  const at = out.len;
  out.reserve(at + <i32> n);
  memory.copy(out.ptr + <usize> at, p, n);
  out.len = at + <i32> n;
}

export function putString(s: string): void {
  const b = String.UTF8.encode(s);
  putU32(<u32> b.byteLength);
  putBytes(changetype<usize>(b), <usize> b.byteLength);
}

/** A vector's length and contents. */
export function putVec<T>(v: Vec<T>): void {
  putI32(v.len);
  putBytes(v.ptr, <usize> v.len * sizeof<T>());
}

// ---- Loading ------------------------------------------------------------------------

let rp: usize = 0;

export function beginLoad(p: usize): void {
  rp = p;
}

function get<T>(): T {
  const v = load<T>(rp);
  rp += sizeof<T>();
  return v;
}

export function getU8(): u8 {
  return get<u8>();
}
export function getBool(): bool {
  return get<u8>() != 0;
}
export function getI32(): i32 {
  return get<i32>();
}
export function getU32(): u32 {
  return get<u32>();
}
export function getI64(): i64 {
  return get<i64>();
}
export function getU64(): u64 {
  return get<u64>();
}

/** Copies the next n saved bytes to p. */
export function loadBytes(p: usize, n: usize): void {
  memory.copy(p, rp, n);
  rp += n;
}

export function getString(): string {
  const n = get<u32>();
  const s = String.UTF8.decodeUnsafe(rp, <usize> n);
  rp += <usize> n;
  return s;
}

/** Replaces a vector's contents with the saved ones. */
export function getVec<T>(v: Vec<T>): void {
  const n = get<i32>();
  v.reserve(n);
  memory.copy(v.ptr, rp, <usize> n * sizeof<T>());
  v.len = n;
  rp += <usize> n * sizeof<T>();
}
