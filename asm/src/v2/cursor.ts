// Per-M cursors over a generation's event batches, and the min-heap that orders them
// by the time of their next event (Go: batchcursor.go, with its exact heap moves,
// which decide the order of events with equal times on different Ms).

import { fail } from "../util/error";
import { threads } from "../table/resources";
import { inputPtr } from "../util/input";
import { readUvarint, VARINT_OK, varintNext, varintValue } from "../util/varint";
import { batchData, batchEnd, batchTime, msBatches, msFirst, toNs } from "./generation";
import { NUM_SPECS, specArgs, specTimed } from "./specs";

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
  let p = c.p;
  let end = c.end;
  if (p >= end) {
    // Next non-empty batch of this M (Go accepts empty batches).
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
  }
  if (c.lastTs == 0) c.lastTs = toNs(c.batchTime);
  const start = p;
  const typ = load<u8>(p);
  c.pos = p;
  if (<i32>typ >= NUM_SPECS) {
    fail("found invalid event type: " + typ.toString(), <i64>(start - inputPtr));
    return -1;
  }
  const nargs = <i32>unchecked(specArgs[typ]);
  if (nargs == 0 || !unchecked(specTimed[typ])) {
    fail("found event without a timestamp: type=" + typ.toString(), <i64>(start - inputPtr));
    return -1;
  }
  p++;
  // dt, then up to four arguments; most varints are a single byte.
  let dt: u64;
  if (p < end && load<u8>(p) < 0x80) {
    dt = <u64>load<u8>(p);
    p++;
  } else {
    if (readUvarint(p, end) != VARINT_OK) {
      fail("found invalid uvarint for timestamp", <i64>(p - inputPtr));
      return -1;
    }
    dt = varintValue;
    p = varintNext;
  }
  for (let i = 1; i < nargs; i++) {
    let v: u64;
    if (p < end && load<u8>(p) < 0x80) {
      v = <u64>load<u8>(p);
      p++;
    } else {
      if (readUvarint(p, end) != VARINT_OK) {
        fail("found invalid uvarint", <i64>(p - inputPtr));
        return -1;
      }
      v = varintValue;
      p = varintNext;
    }
    if (i == 1) c.a0 = v;
    else if (i == 2) c.a1 = v;
    else if (i == 3) c.a2 = v;
    else c.a3 = v;
  }
  c.typ = typ;
  c.time = toNs(dt) + c.lastTs;
  c.lastTs = c.time;
  c.p = p;
  return 1;
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

export const frontier = new Array<Cursor>();

export function heapInsert(c: Cursor): void {
  frontier.push(c);
  siftUp(frontier.length - 1);
}

export function heapUpdate(i: i32): void {
  if (siftUp(i) != i) return;
  siftDown(i);
}

export function heapRemove(i: i32): void {
  while (i > 0) {
    swap((i - 1) / 2, i);
    i = (i - 1) / 2;
  }
  const n = frontier.length;
  swap(0, n - 1);
  frontier.pop();
  siftDown(0);
}

// @ts-ignore: decorator
@inline
function swap(i: i32, j: i32): void {
  const t = unchecked(frontier[i]);
  unchecked((frontier[i] = unchecked(frontier[j])));
  unchecked((frontier[j] = t));
}

function siftUp(i: i32): i32 {
  while (i > 0 && unchecked(frontier[(i - 1) / 2]).time > unchecked(frontier[i]).time) {
    swap((i - 1) / 2, i);
    i = (i - 1) / 2;
  }
  return i;
}

function siftDown(i: i32): void {
  const n = frontier.length;
  while (true) {
    let m = i;
    let minT = i64.MAX_VALUE;
    if (i < n) minT = unchecked(frontier[i]).time;
    const l = 2 * i + 1;
    const r = 2 * i + 2;
    if (l < n) {
      const t = unchecked(frontier[l]).time;
      if (t < minT) {
        minT = t;
        m = l;
      }
    }
    if (r < n) {
      const t = unchecked(frontier[r]).time;
      if (t < minT) {
        minT = t;
        m = r;
      }
    }
    if (m == i) break;
    swap(i, m);
    i = m;
  }
}
