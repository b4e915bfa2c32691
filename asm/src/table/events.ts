// The event table: one row per event of Go's public event stream, as flat columns.
// Layout and per-type argument meaning: see asm/src/README.md.

import { Vec } from "../util/vec";

export const SYNC_TYPE: u8 = 255;

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
  count = 0;
  capacity = 0;
}

export function eventCount(): i32 {
  return count;
}

/** Reserves room for n more events, so a parse allocates its columns once. */
export function reserveEvents(n: i32): void {
  const total = count + n;
  capacity = total;
  evTime.reserve(total);
  evType.reserve(total);
  evState.reserve(total);
  evCtx.reserve(total);
  evStack.reserve(total);
  evA0.reserve(total);
  evA1.reserve(total);
  evA2.reserve(total);
}

// The row count; the column Vecs are only used for their storage.
let count: i32 = 0;
let capacity: i32 = 0;

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
  if (!haveBase) {
    haveBase = true;
    baseTime = time;
  }
  const i = count;
  if (i == capacity) reserveEvents(i < 1024 ? 1024 : i >> 1);
  const i4 = <usize>i << 2;
  const rel = time - baseTime;
  if (rel > 9007199254740992 || rel < -9007199254740992) {
    while (bigTimeRows.len > 0 && bigTimeRows.last() >= i) {
      bigTimeRows.pop(); // rows dropped by truncateEvents
      bigTimeValues.pop();
    }
    bigTimeRows.push(i);
    bigTimeValues.push(time);
  }
  store<f64>(evTime.ptr + (<usize>i << 3), <f64>rel);
  store<u8>(evType.ptr + <usize>i, type);
  store<u8>(evState.ptr + <usize>i, st);
  store<u32>(evCtx.ptr + i4, ctx);
  store<u32>(evStack.ptr + i4, stack);
  store<u32>(evA0.ptr + i4, a0);
  store<u32>(evA1.ptr + i4, a1);
  store<u32>(evA2.ptr + i4, a2);
  count = i + 1;
}

/** Drops rows from index n on (events Go would not have returned after all). */
export function truncateEvents(n: i32): void {
  if (n < count) count = n;
}

export function addExtra(v: u64): u32 {
  return <u32>extra.push(v);
}
