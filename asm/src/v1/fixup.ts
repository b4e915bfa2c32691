// After the merge (Go: the end of parseEventBatches, then Parse): the stream must be
// sorted by time; each GoSysExit gets its real exit time and the stream is sorted again,
// stably; ticks become nanoseconds since the first event; timer unblocks and syscall exits
// move to fake Ps.

import { fail } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { inputLen } from "../util/input";
import { Vec } from "../util/vec";
import { merged } from "./merge";
import {
  FLAG_MOVED,
  REC_SIZE,
  recA2,
  RecChunks,
  recFlags,
  recG,
  recPos,
  recTs,
  recType,
  setRecFlags,
  setRecP,
  setRecTs,
} from "./record";
import {
  DENSE_IDS,
  EvGoInSyscall,
  EvGoSysBlock,
  EvGoSysExit,
  EvGoUnblock,
  SyscallP,
  TimerP,
} from "./specs";
import { ticksPerSec, timerGoids } from "./tables";

const TIME_ORDER = "time stamps out of order";

/** Runs all the steps; false with the error set if the trace is rejected. */
export function fixup(): bool {
  const n = merged.len;
  for (let i = 1; i < n; i++) {
    if (recTs(merged.at(i)) < recTs(merged.at(i - 1))) {
      return fail(TIME_ORDER, recPos(merged.at(i)));
    }
  }
  const moved = realExitTimes();
  if (moved < 0) return false;
  if (moved > 0) resort(moved);
  // The frequency is written last: without it the trace was probably cut short.
  if (ticksPerSec == 0) return fail("no EvFrequency event", <i64> inputLen);
  if (n > 0) toNanoseconds();
  return true;
}

// The real time of a syscall exit (its third argument) was taken before the event was
// written; Go moves the exit there unless it is 0. GoSysExitLocal kept its real time
// in the second argument, so after renaming it is ignored, as in Go.
function realExitTimes(): i32 {
  const lastBlockOf = new IdMap(DENSE_IDS);
  const lastBlock = new Vec<i64>();
  let moved = 0;
  for (let i = 0; i < merged.len; i++) {
    const r = merged.at(i);
    const typ = recType(r);
    if (typ == EvGoSysBlock || typ == EvGoInSyscall) {
      const k = lastBlockOf.get(recG(r));
      if (k == NONE) lastBlockOf.set(recG(r), <u32> lastBlock.push(recTs(r)));
      else lastBlock[<i32> k] = recTs(r);
    } else if (typ == EvGoSysExit) {
      const ts = <i64> recA2(r);
      if (ts == 0) continue;
      const k = lastBlockOf.get(recG(r));
      const block: i64 = k == NONE ? 0 : lastBlock[<i32> k];
      if (block == 0) {
        fail("stray syscall exit", recPos(r));
        return -1;
      }
      if (ts < block) {
        fail(TIME_ORDER, recPos(r));
        return -1;
      }
      setRecTs(r, ts);
      setRecFlags(r, recFlags(r) | FLAG_MOVED);
      moved++;
    }
  }
  lastBlock.free();
  return moved;
}

/**
 * Go's sort.Stable by time. Only moved exits can be out of place: take them out, sort
 * them stably, and merge them back from the end. A moved event goes after an unmoved one
 * with the same time exactly when it came after it before.
 */
function resort(m: i32): void {
  const n = merged.len;
  const out = new RecChunks();
  const orig = new Vec<i32>(); // index in merged before extraction
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = merged.at(i);
    if ((recFlags(r) & FLAG_MOVED) != 0) {
      out.push(r);
      orig.push(i);
    } else {
      if (k != i) memory.copy(merged.at(k), r, REC_SIZE);
      k++;
    }
  }
  const order = new Vec<i32>();
  const keys = new Vec<i64>();
  for (let e = 0; e < m; e++) {
    order.push(e);
    keys.push(recTs(out.at(e)));
  }
  stableSortByKey(order, keys);
  let i = k - 1; // last unmoved event
  let w = n - 1;
  for (let j = m - 1; j >= 0; j--) {
    const e = order[j];
    const t = keys[e];
    const before = orig[e] - e; // unmoved events that preceded this one
    while (i >= 0) {
      const ti = recTs(merged.at(i));
      if (t > ti || (t == ti && i < before)) break;
      memory.copy(merged.at(w), merged.at(i), REC_SIZE);
      i--;
      w--;
    }
    memory.copy(merged.at(w), out.at(e), REC_SIZE);
    w--;
  }
  out.free();
  orig.free();
  order.free();
  keys.free();
}

/** Sorts idx so that key[idx[i]] ascends, keeping equal keys in order (merge sort). */
function stableSortByKey(idx: Vec<i32>, key: Vec<i64>): void {
  const n = idx.len;
  const tmp = new Vec<i32>();
  tmp.reserve(n);
  tmp.len = n;
  let src = idx.ptr;
  let dst = tmp.ptr;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let a = lo;
      let b = mid;
      for (let o = lo; o < hi; o++) {
        let take: i32;
        if (a < mid && (b >= hi || key[at(src, b)] >= key[at(src, a)])) take = at(src, a++);
        else take = at(src, b++);
        store<i32>(dst + (<usize> o << 2), take);
      }
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != idx.ptr) memory.copy(idx.ptr, src, <usize> n << 2);
  tmp.free();
}

// @inline
function at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize> i << 2));
}

const TWO63: f64 = 9223372036854775808.0;

/**
 * Go's Timestamp(float64(ts-minTs) * (1e9/float64(ticksPerSec))). Out-of-range results
 * are undefined in Go; amd64 yields the minimum int64, and so do we (never a trap).
 */
function toNanoseconds(): void {
  const minTs = recTs(merged.at(0));
  const freq = 1e9 / <f64> ticksPerSec;
  for (let i = 0; i < merged.len; i++) {
    const r = merged.at(i);
    const x = <f64> (recTs(r) - minTs) * freq;
    setRecTs(r, x >= -TWO63 && x < TWO63 ? <i64> x : i64.MIN_VALUE);
    const typ = recType(r);
    if (typ == EvGoUnblock && timerGoids.has(recG(r))) setRecP(r, TimerP);
    if (typ == EvGoSysExit) setRecP(r, SyscallP);
  }
}
