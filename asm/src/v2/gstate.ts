// Goroutine state of the ordering engine (Go: order.go gStates), one 32-byte record per
// goroutine resource index, so a lookup touches one cache line:
//   @0 seqN u64, @8 seqGen u32 (generation id, see genId), @12 region-stack top i32,
//   @16 ranges head i32, @20 ctx u32 + @24 ctxKey u32 (the context index last used with
//   this goroutine and its (M, P) indexes as m << 16 | p, or NO_CTX_KEY), @28 status u8,
//   @29 exists u8, @30 u8: its contexts are hashed, @31 u8: its number of contexts (up
//   to a few; see ctxLookup in emit.ts).
// Goroutines (by index) below gCount have a record.

import { Vec } from "../util/vec";
import { getI32, getU32, loadBytes, putBytes, putI32, putU32 } from "../util/snapshot";

const gStates = new Vec<u64>(); // 4 words per goroutine
export const G_STRIDE: usize = 32;
export let gCount: i32 = 0;
/** ctxKey of a record with no cached context. */
export const NO_CTX_KEY: u32 = 0xffffffff;

// @inline
export function gRec(i: u32): usize {
  return gStates.ptr + <usize> i * G_STRIDE;
}
// @inline
export function gSeqN(i: u32): u64 {
  return load<u64>(gRec(i));
}
// @inline
export function gSetSeqN(i: u32, v: u64): void {
  store<u64>(gRec(i), v);
}
// @inline
export function gSeqGen(i: u32): u32 {
  return load<u32>(gRec(i), 8);
}
// @inline
export function gSetSeqGen(i: u32, v: u32): void {
  store<u32>(gRec(i), v, 8);
}
// @inline
export function gRegions(i: u32): i32 {
  return load<i32>(gRec(i), 12);
}
// @inline
export function gSetRegions(i: u32, v: i32): void {
  store<i32>(gRec(i), v, 12);
}
// @inline
export function gRanges(i: u32): i32 {
  return load<i32>(gRec(i), 16);
}
// @inline
export function gSetRanges(i: u32, v: i32): void {
  store<i32>(gRec(i), v, 16);
}
// @inline
export function gStatus(i: u32): u8 {
  return load<u8>(gRec(i), 28);
}
// @inline
export function gSetStatus(i: u32, v: u8): void {
  store<u8>(gRec(i), v, 28);
}
// @inline
export function gExists(i: u32): bool {
  return load<u8>(gRec(i), 29) != 0;
}
// @inline
export function gSetExists(i: u32, v: bool): void {
  store<u8>(gRec(i), v ? 1 : 0, 29);
}

export function resetGStates(): void {
  gStates.clear();
  gCount = 0;
}

/** Makes sure goroutine index i has a record (new ones: no state, no lists, no ctx). */
export function ensureG(i: u32): void {
  if (<i32> i < gCount) return;
  const n = <i32> i + 1;
  gStates.reserve(n * 4);
  for (let k = gCount; k < n; k++) {
    const r = gRec(<u32> k);
    store<u64>(r, 0);
    store<u32>(r, 0, 8);
    store<i32>(r, -1, 12);
    store<i32>(r, -1, 16);
    store<u32>(r, 0xffffffff, 20); // no context yet
    store<u32>(r, NO_CTX_KEY, 24);
    store<u32>(r, 0, 28);
  }
  gStates.len = n * 4;
  gCount = n;
}

// ---- Saving between generations (v2/snapshot.ts) -----------------------------------

/**
 * Saves the goroutines Go's ordering knows (gStates entries): those that exist or still
 * hold regions or ranges. The others are in the state ensureG gives, on loading.
 */
export function saveGStates(): void {
  let n: u32 = 0;
  for (let i = 0; i < gCount; i++) if (gLive(<u32> i)) n++;
  putI32(gCount);
  putU32(n);
  for (let i = 0; i < gCount; i++) {
    if (!gLive(<u32> i)) continue;
    putU32(<u32> i);
    putBytes(gRec(<u32> i), G_STRIDE);
  }
}

function gLive(i: u32): bool {
  return gExists(i) || gRegions(i) != -1 || gRanges(i) != -1;
}

export function loadGStates(): void {
  const count = getI32();
  // Every record back to "never seen", keeping the storage.
  const max = count > gCount ? count : gCount;
  gCount = 0;
  if (max > 0) ensureG(<u32> (max - 1));
  const n = getU32();
  for (let k: u32 = 0; k < n; k++) {
    const i = getU32();
    ensureG(i);
    loadBytes(gRec(i), G_STRIDE);
  }
}
