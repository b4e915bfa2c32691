// Per-M cursors over a generation's event batches, and the min-heap that orders them
// by the time of their next event (Go: batchcursor.go, with its exact heap moves,
// which decide the order of events with equal times on different Ms).

import { fail } from "../util/error";
import { threads } from "../table/resources";
import { offsetOf } from "../util/input";
import { readUvarint, VARINT_OK, varintNext, varintValue } from "../util/varint";
import { batchData, batchEnd, batchTime, msBatches, msFirst, toNs } from "./generation";
import { NUM_SPECS, specArgs, specTimed } from "./specs";
import { Vec } from "../util/vec";
import { sortByTime } from "./sort";

export class Cursor {
  m: i64 = 0;
  mi: u32 = 0; // resource index of m
  first: i32 = 0; // range of this M's batches in msBatches
  last: i32 = 0;
  idx: i32 = 0; // current batch, as an index into msBatches
  p: usize = 0; // next byte to read in the current batch
  end: usize = 0; // end of the current batch's data
  batchTime: u64 = 0;
  lastTs: i64 = 0;
  // The event just read.
  typ: u8 = 0;
  time: i64 = 0;
  a0: u64 = 0;
  a1: u64 = 0;
  a2: u64 = 0;
  a3: u64 = 0;
  pos: usize = 0; // position of the event's type byte, for error offsets
}

/** Go: batchCursor.nextEvent. Returns 1 if an event was read, 0 at the end, -1 on error. */
export function nextEvent(c: Cursor): i32 {
  return nextEventInline(c);
}

/** nextEvent, inlined into the reader's hot loop. */
// @inline
export function nextEventInline(c: Cursor): i32 {
  const p = c.p;
  const end = c.end;
  if (p >= end) return nextBatchEvent(c);
  return decodeAt(c, p, end);
}

/** nextEvent at the end of a batch: moves to the next non-empty batch of the M first. */
function nextBatchEvent(c: Cursor): i32 {
  let p: usize = 0;
  let end: usize = 0;
  // Go accepts empty batches.
  while (true) {
    c.idx++;
    if (c.idx >= c.last) return 0;
    const b = msBatches.get(c.idx);
    p = batchData.get(b);
    end = batchEnd.get(b);
    c.lastTs = 0;
    if (p < end) break;
  }
  c.end = end;
  c.batchTime = batchTime.get(msBatches.get(c.idx));
  return decodeAt(c, p, end);
}

/** Decodes the event at p (< end) of the cursor's batch. */
// @inline
function decodeAt(c: Cursor, p: usize, end: usize): i32 {
  let lastTs = c.lastTs;
  if (lastTs == 0) lastTs = toNs(c.batchTime);
  const typ = load<u8>(p);
  c.pos = p;
  const nargs = <i32> unchecked(specTimedArgs[typ]); // typ < 256; 0 = invalid or untimed
  if (nargs == 0) return badType(c, typ, p);
  p++;
  // dt, then up to four arguments; most varints are a single byte.
  let dt: u64;
  let b: u32 = p < end ? <u32> load<u8>(p) : 0x80;
  if (b < 0x80) {
    dt = <u64> b;
    p++;
  } else {
    if (readUvarint(p, end) != VARINT_OK) {
      fail("found invalid uvarint for timestamp", offsetOf(p));
      return -1;
    }
    dt = varintValue;
    p = varintNext;
  }
  if (nargs > 1) {
    b = p < end ? <u32> load<u8>(p) : 0x80;
    if (b < 0x80) {
      c.a0 = <u64> b;
      p++;
    } else {
      p = slowArg(p, end);
      if (p == 0) return -1;
      c.a0 = varintValue;
    }
    if (nargs > 2) {
      b = p < end ? <u32> load<u8>(p) : 0x80;
      if (b < 0x80) {
        c.a1 = <u64> b;
        p++;
      } else {
        p = slowArg(p, end);
        if (p == 0) return -1;
        c.a1 = varintValue;
      }
      if (nargs > 3) {
        b = p < end ? <u32> load<u8>(p) : 0x80;
        if (b < 0x80) {
          c.a2 = <u64> b;
          p++;
        } else {
          p = slowArg(p, end);
          if (p == 0) return -1;
          c.a2 = varintValue;
        }
        if (nargs > 4) {
          b = p < end ? <u32> load<u8>(p) : 0x80;
          if (b < 0x80) {
            c.a3 = <u64> b;
            p++;
          } else {
            p = slowArg(p, end);
            if (p == 0) return -1;
            c.a3 = varintValue;
          }
        }
      }
    }
  }
  c.typ = typ;
  const t = toNs(dt) + lastTs;
  c.time = t;
  c.lastTs = t;
  c.p = p;
  return 1;
}

/** A multi-byte (or truncated) argument: its end, value in varintValue; 0 on error. */
// @inline
function slowArg(p: usize, end: usize): usize {
  // Two- and three-byte varints, with room to spare before the end.
  if (p + 3 <= end) {
    const b0 = <u64> load<u8>(p);
    const b1 = <u64> load<u8>(p, 1);
    if (b1 < 0x80) {
      // deno-lint-ignore no-import-assign -- AssemblyScript globals are writable from other modules
      varintValue = (b0 & 0x7f) | (b1 << 7);
      return p + 2;
    }
    const b2 = <u64> load<u8>(p, 2);
    if (b2 < 0x80) {
      // deno-lint-ignore no-import-assign -- AssemblyScript globals are writable from other modules
      varintValue = (b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14);
      return p + 3;
    }
  }
  return slowArgLong(p, end);
}

function slowArgLong(p: usize, end: usize): usize {
  if (readUvarint(p, end) != VARINT_OK) {
    fail("found invalid uvarint", offsetOf(p));
    return 0;
  }
  return varintNext;
}

function badType(_c: Cursor, typ: u8, p: usize): i32 {
  if (<i32> typ >= NUM_SPECS) {
    fail("found invalid event type: " + typ.toString(), offsetOf(p));
  } else {
    fail("found event without a timestamp: type=" + typ.toString(), offsetOf(p));
  }
  return -1;
}

/** Per byte value: the number of wire arguments (dt included) of a timed event type, else 0. */
const specTimedArgs = new StaticArray<u8>(256);
for (let i = 0; i < NUM_SPECS; i++) {
  if (unchecked(specTimed[i])) unchecked(specTimedArgs[i] = specArgs[i]);
}

export function newCursor(m: i64, local: i32): Cursor {
  const c = new Cursor();
  c.m = m;
  c.mi = threads.index(m);
  c.first = msFirst.get(local);
  c.last = msFirst.get(local + 1);
  // Start "before" the first batch: nextEvent moves to the first non-empty one.
  c.idx = c.first - 1;
  c.p = 0;
  c.end = 0;
  return c;
}

// ---- The frontier heap (Go: heapInsert, heapUpdate, heapRemove) -------------------

// The heap as two parallel arrays: cursors and their current event times (the key, so
// sifting compares without dereferencing cursors).
const heapCur = new Vec<usize>();
const heapKey = new Vec<i64>();

/** Number of cursors in the frontier. */
// @inline
export function frontierLen(): i32 {
  return heapKey.len;
}

/** The i-th cursor of the frontier (0 = the heap's minimum). */
// @inline
export function frontierAt(i: i32): Cursor {
  return changetype<Cursor>(heapCur.get(i));
}

/** Time of the event of the frontier's first cursor. */
// @inline
export function frontierMinTime(): i64 {
  return heapKey.get(0);
}

export function clearFrontier(): void {
  heapCur.clear();
  heapKey.clear();
}

export function heapInsert(c: Cursor): void {
  heapCur.push(changetype<usize>(c));
  heapKey.push(c.time);
  siftUp(heapKey.len - 1);
}

/** After frontierAt(i) read its next event. */
export function heapUpdate(i: i32): void {
  heapKey.set(i, frontierAt(i).time);
  if (siftUp(i) != i) return;
  siftDown(i);
}

/** heapUpdate(0), inlined: the first cursor read its next event, at time t. */
// @inline
export function heapUpdateTop(t: i64): void {
  const pk = heapKey.ptr;
  store<i64>(pk, t);
  const n = heapKey.len;
  if (n > 1) {
    if (load<i64>(pk, 8) < t || (n > 2 && load<i64>(pk, 16) < t)) siftDown(0);
  }
}

export function heapRemove(i: i32): void {
  while (i > 0) {
    swap((i - 1) / 2, i);
    i = (i - 1) / 2;
  }
  const n = heapKey.len;
  swap(0, n - 1);
  heapCur.len = n - 1;
  heapKey.len = n - 1;
  siftDown(0);
}

const sortIdx = new Vec<i32>();
const sortKeys = new Vec<i64>();

/** Sorts the frontier by current event time (Go: slices.SortFunc(frontier, compare)). */
export function sortFrontierByTime(): void {
  const n = frontierLen();
  sortKeys.clear();
  for (let i = 0; i < n; i++) sortKeys.push(frontierAt(i).time);
  sortByTime(sortIdx, sortKeys);
  permuteFrontier(sortIdx);
}

/** Reorders the frontier as given: order[k] is the old position of the new k-th cursor. */
export function permuteFrontier(order: Vec<i32>): void {
  const n = heapKey.len;
  permCur.clear();
  for (let k = 0; k < n; k++) permCur.push(heapCur.get(order.get(k)));
  for (let k = 0; k < n; k++) {
    const c = permCur.get(k);
    heapCur.set(k, c);
    heapKey.set(k, changetype<Cursor>(c).time);
  }
}
const permCur = new Vec<usize>();

// @inline
function swap(i: i32, j: i32): void {
  const pc = heapCur.ptr;
  const pk = heapKey.ptr;
  const ci = load<usize>(pc + (<usize> i << alignof<usize>()));
  const cj = load<usize>(pc + (<usize> j << alignof<usize>()));
  store<usize>(pc + (<usize> i << alignof<usize>()), cj);
  store<usize>(pc + (<usize> j << alignof<usize>()), ci);
  const ki = load<i64>(pk + (<usize> i << 3));
  const kj = load<i64>(pk + (<usize> j << 3));
  store<i64>(pk + (<usize> i << 3), kj);
  store<i64>(pk + (<usize> j << 3), ki);
}

function siftUp(i: i32): i32 {
  while (i > 0 && heapKey.get((i - 1) / 2) > heapKey.get(i)) {
    swap((i - 1) / 2, i);
    i = (i - 1) / 2;
  }
  return i;
}

/** Go: heapSiftDown (the smaller child, the left one on ties, if smaller than i). */
function siftDown(i: i32): void {
  const n = heapKey.len;
  const pk = heapKey.ptr;
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const kl = load<i64>(pk + (<usize> l << 3));
    let m = l;
    let km = kl;
    if (l + 1 < n) {
      const kr = load<i64>(pk + (<usize> (l + 1) << 3));
      const right = kr < kl;
      m = select<i32>(l + 1, l, right);
      km = select<i64>(kr, kl, right);
    }
    if (!(km < load<i64>(pk + (<usize> i << 3)))) break;
    swap(i, m);
    i = m;
  }
}
