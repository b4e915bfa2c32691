// The event table: one row per event of Go's public event stream, as flat columns.
// Layout and per-type argument meaning: see asm/src/README.md.

import { Vec } from "../util/vec";

export const evTime = new Vec<f64>();
export const evType = new Vec<u8>();
export const evState = new Vec<u8>();
export const evCtx = new Vec<u32>();
export const evStack = new Vec<u32>();
export const evA0 = new Vec<u32>();
export const evA1 = new Vec<u32>();
export const evA2 = new Vec<u32>();

/**
 * Rows whose time is too far from baseTime for the f64 column to hold exactly (only
 * corrupt traces get there): their row indexes and exact absolute times.
 */
export const bigTimeRows = new Vec<i32>();
export const bigTimeValues = new Vec<i64>();

/** Side table for payloads wider than the columns (u64 words). */
export const extra = new Vec<u64>();
/** Raw bytes of experimental batches, referenced from Sync info in `extra`. */
export const expData = new Vec<u8>();

export let baseTime: i64 = 0;
let haveBase = false;

export function resetEvents(): void {
  evTime.clear();
  evType.clear();
  evState.clear();
  evCtx.clear();
  evStack.clear();
  evA0.clear();
  evA1.clear();
  evA2.clear();
  extra.clear();
  extra.push(0); // index 0 unused, so 0 never looks like a valid side-table index
  expData.clear();
  bigTimeRows.clear();
  bigTimeValues.clear();
  baseTime = 0;
  haveBase = false;
  rowBase = 0;
  extraBase = 0;
  expBase = 0;
  count = 0;
  capacity = 0;
  fastLimit = 0;
  cachePointers();
}

/** Rows in the table now (the current block's, see startBlock). */
export function eventCount(): i32 {
  return count;
}

/** Rows handed out in earlier blocks: the global index of this block's first row. */
export let rowBase: i64 = 0;
/** Side-table words and experimental bytes of earlier blocks (their global bases). */
export let extraBase: i64 = 0;
export let expBase: i64 = 0;

/** Rows of the whole stream so far. */
export function totalRows(): i64 {
  return rowBase + <i64> count;
}

/**
 * Starts a new block: the host has taken the rows, side-table words, experimental bytes
 * and big times, which are dropped here; indexes into them stay global (the bases). The
 * columns keep their storage, so the next generation reuses it.
 */
export function startBlock(): void {
  rowBase += <i64> count;
  extraBase += <i64> extra.len;
  expBase += <i64> expData.len;
  count = 0;
  extra.clear();
  expData.clear();
  bigTimeRows.clear();
  bigTimeValues.clear();
}

/** Makes the next row, side-table word and experimental byte these (re-decoding). */
export function setBases(rows: i64, extras: i64, exps: i64): void {
  startBlock();
  rowBase = rows;
  extraBase = extras;
  expBase = exps;
  if (extras == 0) extra.push(0); // as resetEvents: index 0 stays unused
}

/** Reserves room for n more events, so a parse allocates its columns once. */
export function reserveEvents(n: i32): void {
  const total = count + n;
  capacity = total;
  if (haveBase) fastLimit = total;
  evTime.reserveExact(total);
  evType.reserveExact(total);
  evState.reserveExact(total);
  evCtx.reserveExact(total);
  evStack.reserveExact(total);
  evA0.reserveExact(total);
  evA1.reserveExact(total);
  evA2.reserveExact(total);
  cachePointers();
}

// The row count; the column Vecs are only used for their storage.
let count: i32 = 0;
let capacity: i32 = 0;
let fastLimit: i32 = 0; // capacity once baseTime is set, else 0

// Column pointers, cached from the Vecs when they are reserved.
let pTime: usize = 0;
let pType: usize = 0;
let pState: usize = 0;
let pCtx: usize = 0;
let pStack: usize = 0;
let pA0: usize = 0;
let pA1: usize = 0;
let pA2: usize = 0;

function cachePointers(): void {
  pTime = evTime.ptr;
  pType = evType.ptr;
  pState = evState.ptr;
  pCtx = evCtx.ptr;
  pStack = evStack.ptr;
  pA0 = evA0.ptr;
  pA1 = evA1.ptr;
  pA2 = evA2.ptr;
}

/** Appends a row (layout: asm/src/README.md). */
// @inline
export function emit(
  type: u8,
  time: i64,
  ctx: u32,
  stack: u32,
  a0: u32,
  a1: u32,
  a2: u32,
  st: u8,
): void {
  const i = count;
  const rel = time - baseTime;
  // Slow: no room (fastLimit is 0 until the base time is set), or |rel| > 2^53.
  if (i >= fastLimit || <u64> (rel + 9007199254740992) > <u64> 18014398509481984) {
    emitSlow(type, time, ctx, stack, a0, a1, a2, st);
    return;
  }
  storeRow(i, rel, type, ctx, stack, a0, a1, a2, st);
}

/** Writes row i (the next one) into the columns. */
// @inline
function storeRow(
  i: i32,
  rel: i64,
  type: u8,
  ctx: u32,
  stack: u32,
  a0: u32,
  a1: u32,
  a2: u32,
  st: u8,
): void {
  const j = i;
  const i4 = <usize> j << 2;
  store<f64>(pTime + (<usize> j << 3), <f64> rel);
  store<u8>(pType + <usize> j, type);
  store<u8>(pState + <usize> j, st);
  store<u32>(pCtx + i4, ctx);
  store<u32>(pStack + i4, stack);
  store<u32>(pA0 + i4, a0);
  store<u32>(pA1 + i4, a1);
  store<u32>(pA2 + i4, a2);
  count = i + 1;
}

function emitSlow(
  type: u8,
  time: i64,
  ctx: u32,
  stack: u32,
  a0: u32,
  a1: u32,
  a2: u32,
  st: u8,
): void {
  if (!haveBase) {
    haveBase = true;
    baseTime = time;
    fastLimit = capacity;
  }
  const i = count;
  if (i == capacity) reserveEvents(i < 1024 ? 1024 : i >> 1);
  const rel = time - baseTime;
  if (rel > 9007199254740992 || rel < -9007199254740992) {
    while (bigTimeRows.len > 0 && bigTimeRows.last() >= i) {
      bigTimeRows.pop(); // rows dropped by truncateEvents
      bigTimeValues.pop();
    }
    bigTimeRows.push(i); // block-local, like the columns
    bigTimeValues.push(time);
  }
  storeRow(i, rel, type, ctx, stack, a0, a1, a2, st);
}

/** Drops rows from index n on (events Go would not have returned after all). */
export function truncateEvents(n: i32): void {
  if (n >= count) return;
  count = n;
}

/** Appends a side-table word; returns its global index. */
export function addExtra(v: u64): u32 {
  return <u32> (extraBase + <i64> extra.push(v));
}
