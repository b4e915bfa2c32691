// Converting the v1 stream to v2-model rows of the event table, exactly as Go's
// tracev1.go does (traceV1Converter): block reasons and STW kinds become strings,
// GoStatus events are made up for goroutines that existed when tracing started,
// instantaneous syscalls become 1 ns ranges, task ends learn their parent and name, and
// times are bumped to stay strictly increasing. One Sync precedes everything and one
// follows.

import { fail } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { addExtra, emit } from "../table/events";
import {
  GoStNotExist as GoNotExist,
  GoStRunnable as GoRunnable,
  GoStRunning as GoRunning,
  GoStSyscall as GoSyscall,
  GoStUndetermined as GoUndetermined,
  GoStWaiting as GoWaiting,
  ProcStIdle as ProcIdle,
  ProcStRunning as ProcRunning,
  ProcStUndetermined as ProcUndetermined,
  SYNC_TYPE,
} from "../format";
import { ctxOfIds, goroutines, procs, tasks } from "../table/resources";
import { internLiteral } from "../table/strings";
import * as V2 from "../v2/specs";
import { merged } from "./merge";
import {
  CHUNK,
  FLAG_SYSCALL_BLOCKS,
  recA0,
  recA1,
  recA2,
  recFlags,
  recG,
  recP,
  recPos,
  recStk,
  recTs,
  recType,
  setRecFlags,
} from "./record";
import * as S from "./specs";
import { emptyStackId, resolveStack, resolveString } from "./tables";

// The strings the converter adds (Go: sForever ... sSTWResetDebugLog), in Go's order.
const BUILTINS: string[] = [
  "forever",
  "preempted",
  "runtime.Gosched",
  "sleep",
  "chan send",
  "chan receive",
  "network",
  "sync",
  "sync.(*Cond).Wait",
  "select",
  "",
  "GC mark assist wait for work",
  // STW kinds, indexed by Go's STWReason from here on.
  "",
  "GC mark termination",
  "GC sweep termination",
  "write heap dump",
  "goroutine profile",
  "goroutine profile cleanup",
  "all goroutine stack trace",
  "read mem stats",
  "AllThreadsSyscall",
  "GOMAXPROCS",
  "start trace",
  "stop trace",
  "CountPagesInUse (test)",
  "ReadMetricsSlow (test)",
  "ReadMemStatsSlow (test)",
  "PageCachePagesLeaked (test)",
  "ResetDebugLog (test)",
];
const B_FOREVER = 0;
const B_PREEMPTED = 1;
const B_GOSCHED = 2;
const B_SLEEP = 3;
const B_CHAN_SEND = 4;
const B_CHAN_RECV = 5;
const B_NETWORK = 6;
const B_SYNC = 7;
const B_SYNC_COND = 8;
const B_SELECT = 9;
const B_EMPTY = 10;
const B_MARK_ASSIST_WAIT = 11;
const B_STW = 12; // + STWReason
const NUM_STW_REASONS: u64 = 17;

const builtin = new StaticArray<u32>(29);

// v1 events that stop the running goroutine: the v2 type and reason they become.
const stopType = new StaticArray<u8>(S.EV_COUNT);
const stopReason = new StaticArray<i32>(S.EV_COUNT);

function stop(v1: u8, v2: u8, reason: i32): void {
  stopType[v1] = v2;
  stopReason[v1] = reason;
}

stop(S.EvGoStop, V2.EvGoBlock, B_FOREVER);
stop(S.EvGoSched, V2.EvGoStop, B_GOSCHED);
stop(S.EvGoPreempt, V2.EvGoStop, B_PREEMPTED);
stop(S.EvGoSleep, V2.EvGoBlock, B_SLEEP);
stop(S.EvGoBlock, V2.EvGoBlock, B_EMPTY);
stop(S.EvGoBlockSend, V2.EvGoBlock, B_CHAN_SEND);
stop(S.EvGoBlockRecv, V2.EvGoBlock, B_CHAN_RECV);
stop(S.EvGoBlockSelect, V2.EvGoBlock, B_SELECT);
stop(S.EvGoBlockSync, V2.EvGoBlock, B_SYNC);
stop(S.EvGoBlockCond, V2.EvGoBlock, B_SYNC_COND);
stop(S.EvGoBlockNet, V2.EvGoBlock, B_NETWORK);
stop(S.EvGoBlockGC, V2.EvGoBlock, B_MARK_ASSIST_WAIT);

let version: i32 = 0;
let lastTs: i64 = -1;
let lastStwReason: u32 = 0;
let next = 0;

/** Time of the last converted event (Go: it.lastTs), for the final Sync. */
export function convertLastTs(): i64 {
  return lastTs;
}

// Goroutines created before the first Gomaxprocs that have not been seen to start, wait
// or sit in a syscall (Go: createdPreInit). Go iterates that map to emit their GoStatus
// events, so their order is Go's map order: while the map is small (≤ 8 entries) that is
// its slot order from a random starting slot; we start at slot 0, Go's likeliest choice.
let preInit = true;
const createdIndex = new IdMap(S.DENSE_IDS); // goroutine → entry
const createdG = new Vec<u64>(); // entries in insertion order
const createdLive = new Vec<bool>();
const createdSlot = new Vec<i32>(); // small-map slot, or -1
const smallSlots = new StaticArray<i32>(8); // entry + 1; 0 = free
let createdCount = 0;
let createdGrown = false; // more than 8 at once: Go's map became a table

const seenProcs = new IdMap(1 << 16);
const procMIndex = new IdMap(1 << 16); // P → slot
const procM = new Vec<i64>();
const procHasM = new Vec<bool>();

// Tasks seen to begin: the parent (as given, 0 included) and the type string.
const taskIndex = new IdMap(S.DENSE_IDS);
const taskParent = new Vec<u64>();
const taskName = new Vec<u32>();
const taskLive = new Vec<bool>();

export function beginConvert(v: i32): void {
  version = v;
  lastTs = -1;
  lastStwReason = 0;
  next = 0;
  preInit = true;
  createdIndex.clear();
  createdG.clear();
  createdLive.clear();
  createdSlot.clear();
  for (let i = 0; i < 8; i++) smallSlots[i] = 0;
  createdCount = 0;
  createdGrown = false;
  seenProcs.clear();
  procMIndex.clear();
  procM.clear();
  procHasM.clear();
  taskIndex.clear();
  taskParent.clear();
  taskName.clear();
  taskLive.clear();
  for (let i = 0; i < BUILTINS.length; i++) builtin[i] = internLiteral(BUILTINS[i]);
  markBlockingSyscalls();
}

/**
 * Go decides whether a GoSysCall blocked by scanning forward for the next event of the
 * same goroutine: blocking if that is a GoSysBlock. One backward pass gives the answer
 * for every GoSysCall, and counts the rows conversion can produce at most.
 */
function markBlockingSyscalls(): void {
  const nextOf = new IdMap(S.DENSE_IDS);
  const nextType = new Vec<u8>();
  let rows: i64 = <i64> merged.len + 2; // one per event, and the two Syncs
  for (let i = merged.len - 1; i >= 0; i--) {
    const r = merged.at(i);
    const g = recG(r);
    const typ = recType(r);
    const k = nextOf.get(g);
    if (typ == S.EvGoSysCall) {
      if (k != NONE && nextType[<i32> k] == S.EvGoSysBlock) {
        setRecFlags(r, recFlags(r) | FLAG_SYSCALL_BLOCKS);
      } else {
        rows++; // a begin/end pair
      }
    }
    if (typ == S.EvGoStartLabel) rows++; // GoStart and GoLabel
    if (k == NONE) nextOf.set(g, <u32> nextType.push(typ));
    else nextType[<i32> k] = typ;
  }
  nextType.free();
  // GoCreates in the initial state each become at most one GoStatus, so are counted.
  rowBound = rows > 0x7fffffff ? 0x7fffffff : <i32> rows;
}

let rowBound: i32 = 0;

/** The most rows conversion will emit (valid after beginConvert). */
export function convertRowBound(): i32 {
  return rowBound;
}

/** Emits the first Sync, at one tick before the first event (Go's reader). */
export function emitFirstSync(): void {
  if (merged.len > 0) {
    emit(SYNC_TYPE, recTs(merged.at(0)) - 1, ctxOfIds(-1, -1, -1), 0, 1, NONE, 0, 0);
  }
}

/** Emits the final Sync (number n) after the last event. */
export function emitLastSync(n: u32): void {
  emit(SYNC_TYPE, lastTs + 1, ctxOfIds(-1, -1, -1), 0, n, NONE, 0, 0);
}

/** Converts up to `budget` more events; returns -1 on error, else the events left. */
export function convertStep(budget: i32): i32 {
  const end = min(merged.len, next + budget);
  for (; next < end; next++) {
    if (!convert(merged.at(next))) return -1;
    // Converted chunks are given back, for the rows still to come.
    if ((next + 1) % CHUNK == 0) merged.release(next / CHUNK);
  }
  return merged.len - next;
}

// @inline
function st(old: u8, nw: u8): u8 {
  return (old << 4) | nw;
}

/** One output row; the time is bumped past the previous one (Go: it.next). */
function out(
  typ: u8,
  t: i64,
  m: i64,
  p: i64,
  g: i64,
  stack: u32,
  a0: u32,
  a1: u32,
  a2: u32,
  s: u8,
): void {
  if (t <= lastTs) t = lastTs + 1;
  lastTs = t;
  emit(typ, t, ctxOfIds(m, p, g), stack, a0, a1, a2, s);
}

function gIdx(g: u64): u32 {
  return goroutines.index(<i64> g);
}

function procThread(p: i32): i64 {
  const k = procMIndex.get(<u64> <i64> p);
  return k != NONE && procHasM[<i32> k] ? procM[<i32> k] : -1;
}

function str(id: u64, r: usize, v2type: u8): u32 {
  const s = resolveString(id);
  if (s == NONE) {
    // Go does not check these ids for v1 traces and panics when printing the event.
    fail(
      "found invalid string ID " + id.toString() + " for event " + V2.specNames[v2type],
      recPos(r),
    );
  }
  return s;
}

function convert(r: usize): bool {
  const typ = recType(r);
  const t = recTs(r);
  const p = recP(r);
  const rawG = recG(r);
  // The usual context: M from the P's last ProcStart, G 0 meaning none.
  const m = p != -1 && typ != S.EvCPUSample ? procThread(p) : -1;
  const g: i64 = rawG == 0 ? -1 : <i64> rawG;
  let stack: u32 = 0;
  const stk = recStk(r);
  // Events Go drops are not resolved (their stacks are never printed).
  const dropped = preInit && (typ == S.EvGoCreate || typ == S.EvGomaxprocs);
  if (stk != 0 && typ != S.EvCPUSample && !dropped) {
    stack = resolveStack(<u64> stk, recPos(r), typ);
    if (stack == NONE) return false;
  }
  const sType = stopType[typ];
  if (sType != 0) {
    const nw = sType == V2.EvGoStop ? GoRunnable : GoWaiting;
    out(sType, t, m, p, g, stack, gIdx(rawG), builtin[stopReason[typ]], stack, st(GoRunning, nw));
    return true;
  }
  switch (typ) {
    case S.EvGomaxprocs:
      if (preInit) {
        // The first one ends the initial state: status events for goroutines that are
        // still just "created".
        preInit = false;
        emitCreatedStatuses(t);
        return true;
      }
      out(V2.EvProcsChange, t, m, p, g, stack, <u32> recA0(r), <u32> (recA0(r) >> 32), 0, 0);
      return true;
    case S.EvProcStart: {
      setProcThread(p, <i64> recA0(r));
      const mm = procThread(p);
      const m2 = p != -1 ? mm : -1;
      if (seenProcs.has(<u64> <i64> p)) {
        out(V2.EvProcStart, t, m2, p, g, 0, procs.index(p), 0, 0, st(ProcIdle, ProcRunning));
      } else {
        seenProcs.set(<u64> <i64> p, 1);
        out(
          V2.EvProcStatus,
          t,
          m2,
          p,
          g,
          0,
          procs.index(p),
          0,
          0,
          st(ProcUndetermined, ProcRunning),
        );
      }
      return true;
    }
    case S.EvProcStop:
      if (seenProcs.has(<u64> <i64> p)) {
        out(V2.EvProcStop, t, m, p, g, 0, procs.index(p), 0, 0, st(ProcRunning, ProcIdle));
      } else {
        seenProcs.set(<u64> <i64> p, 1);
        out(V2.EvProcStatus, t, m, p, g, 0, procs.index(p), 0, 0, st(ProcUndetermined, ProcIdle));
      }
      clearProcThread(p);
      return true;
    case S.EvGCStart:
      out(V2.EvGCBegin, t, m, p, g, stack, 0, 0, 0, 0);
      return true;
    case S.EvGCDone:
      out(V2.EvGCEnd, t, m, p, g, 0, 0, 0, 0, 0);
      return true;
    case S.EvSTWStart:
      lastStwReason = builtin[B_STW + stwReason(recA0(r))];
      out(V2.EvSTWBegin, t, m, p, g, 0, lastStwReason, 0, 0, 0);
      return true;
    case S.EvSTWDone:
      out(V2.EvSTWEnd, t, m, p, g, 0, lastStwReason, 0, 0, 0);
      return true;
    case S.EvGCSweepStart:
      out(V2.EvGCSweepBegin, t, m, p, g, stack, 0, 0, 0, 0);
      return true;
    case S.EvGCSweepDone: {
      const x = addExtra(recA0(r));
      addExtra(recA1(r));
      out(V2.EvGCSweepEnd, t, m, p, g, 0, x, 0, 0, 0);
      return true;
    }
    case S.EvGoCreate: {
      if (preInit) {
        addCreated(recA0(r));
        return true;
      }
      // The transition stack is the new goroutine's start (Go: the v2 new_stack).
      const ns = resolveStack(recA1(r), recPos(r), typ, true);
      if (ns == NONE) return false;
      out(V2.EvGoCreate, t, m, p, g, stack, gIdx(recA0(r)), 0, ns, st(GoNotExist, GoRunnable));
      return true;
    }
    case S.EvGoStart:
      if (preInit) {
        dropCreated(recA0(r));
        out(V2.EvGoStatus, t, m, p, g, 0, gIdx(recA0(r)), 0, 0, st(GoUndetermined, GoRunning));
      } else {
        out(V2.EvGoStart, t, m, p, g, 0, gIdx(recA0(r)), 0, 0, st(GoRunnable, GoRunning));
      }
      return true;
    case S.EvGoStartLabel: {
      // Go builds this pair with its own context: an unknown M reads as 0, G as is.
      const mm = procThreadOrZero(p);
      out(V2.EvGoStart, t, mm, p, <i64> rawG, 0, gIdx(recA0(r)), 0, 0, st(GoRunnable, GoRunning));
      const label = str(recA2(r), r, V2.EvGoLabel); // after the GoStart, as Go prints it
      if (label == NONE) return false;
      out(V2.EvGoLabel, t, mm, p, <i64> rawG, 0, label, 0, 0, 0);
      return true;
    }
    case S.EvGoEnd:
      out(V2.EvGoDestroy, t, m, p, g, 0, gIdx(rawG), 0, 0, st(GoRunning, GoNotExist));
      return true;
    case S.EvGoUnblock:
      out(V2.EvGoUnblock, t, m, p, g, stack, gIdx(recA0(r)), 0, 0, st(GoWaiting, GoRunnable));
      return true;
    case S.EvGoSysCall:
      if ((recFlags(r) & FLAG_SYSCALL_BLOCKS) != 0) {
        out(V2.EvGoSyscallBegin, t, m, p, g, stack, gIdx(rawG), 0, stack, st(GoRunning, GoSyscall));
      } else {
        // An instantaneous syscall: a 1 ns begin/end pair, in Go's own context.
        const mm = procThreadOrZero(p);
        const gg = <i64> rawG;
        out(
          V2.EvGoSyscallBegin,
          t,
          mm,
          p,
          gg,
          stack,
          gIdx(rawG),
          0,
          stack,
          st(GoRunning, GoSyscall),
        );
        out(V2.EvGoSyscallEnd, t + 1, mm, p, gg, 0, gIdx(rawG), 0, 0, st(GoSyscall, GoRunning));
      }
      return true;
    case S.EvGoSysExit:
      out(V2.EvGoSyscallEndBlocked, t, m, p, g, 0, gIdx(rawG), 0, 0, st(GoSyscall, GoRunnable));
      return true;
    case S.EvGoSysBlock:
      return true;
    case S.EvGoWaiting:
    case S.EvGoInSyscall: {
      dropCreated(recA0(r));
      const nw = typ == S.EvGoWaiting ? GoWaiting : GoSyscall;
      out(V2.EvGoStatus, t, m, p, g, 0, gIdx(recA0(r)), 0, 0, st(GoUndetermined, nw));
      return true;
    }
    case S.EvHeapAlloc:
    case S.EvHeapGoal: {
      const v2t = typ == S.EvHeapAlloc ? V2.EvHeapAlloc : V2.EvHeapGoal;
      out(v2t, t, m, p, g, 0, <u32> recA0(r), <u32> (recA0(r) >> 32), 0, 0);
      return true;
    }
    case S.EvGCMarkAssistStart:
      out(V2.EvGCMarkAssistBegin, t, m, p, g, stack, 0, 0, 0, 0);
      return true;
    case S.EvGCMarkAssistDone:
      out(V2.EvGCMarkAssistEnd, t, m, p, g, 0, 0, 0, 0, 0);
      return true;
    case S.EvUserTaskCreate:
      return taskBegin(r, t, m, p, g, stack);
    case S.EvUserTaskEnd:
      return taskEnd(r, t, m, p, g, stack);
    case S.EvUserRegion: {
      // Validation let only modes 0 (begin) and 1 (end) through.
      const v2t = recA1(r) == 0 ? V2.EvUserRegionBegin : V2.EvUserRegionEnd;
      const name = str(recA2(r), r, v2t);
      if (name == NONE) return false;
      out(v2t, t, m, p, g, stack, tasks.index(<i64> recA0(r)), name, 0, 0);
      return true;
    }
    case S.EvUserLog: {
      const category = str(recA1(r), r, V2.EvUserLog);
      if (category == NONE) return false;
      out(
        V2.EvUserLog,
        t,
        m,
        p,
        g,
        stack,
        tasks.index(<i64> recA0(r)),
        category,
        <u32> recA2(r),
        0,
      );
      return true;
    }
    case S.EvCPUSample: {
      // Go's sample stack is a handle even for id 0, printed as an empty "Stack=".
      const s = stk == 0 ? emptyStackId() : resolveStack(<u64> stk, recPos(r), typ);
      if (s == NONE) return false;
      out(V2.EvCPUSample, t, -1, p, g, s, 0, 0, 0, 0);
      return true;
    }
  }
  return fail("unexpected event type " + typ.toString(), recPos(r));
}

// Go's trace.STWReason: before 1.21 only two kinds existed, numbered from 0.
function stwReason(kind: u64): i32 {
  if (version < 21) return kind == 0 || kind == 1 ? <i32> kind + 1 : 0;
  return kind < NUM_STW_REASONS ? <i32> kind : 0;
}

function taskBegin(r: usize, t: i64, m: i64, p: i32, g: i64, stack: u32): bool {
  const id = recA0(r);
  const parent = recA1(r);
  const name = str(recA2(r), r, V2.EvUserTaskBegin);
  if (name == NONE) return false;
  let k = taskIndex.get(id);
  if (k == NONE) {
    k = <u32> taskParent.push(parent);
    taskName.push(name);
    taskLive.push(true);
    taskIndex.set(id, k);
  } else {
    taskParent[<i32> k] = parent;
    taskName[<i32> k] = name;
    taskLive[<i32> k] = true;
  }
  const shownParent: i64 = parent == 0 ? -1 : <i64> parent; // 0 → NoTask
  out(
    V2.EvUserTaskBegin,
    t,
    m,
    p,
    g,
    stack,
    tasks.index(<i64> id),
    tasks.index(shownParent),
    name,
    0,
  );
  return true;
}

// The end carries what the begin said: the parent as given (0 stays 0), and the name;
// NoTask and "" if the begin was not seen.
function taskEnd(r: usize, t: i64, m: i64, p: i32, g: i64, stack: u32): bool {
  const id = recA0(r);
  const k = taskIndex.get(id);
  let parent: i64 = -1;
  let name: u32 = 0;
  if (k != NONE && taskLive[<i32> k]) {
    taskLive[<i32> k] = false;
    parent = <i64> taskParent[<i32> k];
    name = taskName[<i32> k];
  }
  out(V2.EvUserTaskEnd, t, m, p, g, stack, tasks.index(<i64> id), tasks.index(parent), name, 0);
  return true;
}

function setProcThread(p: i32, m: i64): void {
  const key = <u64> <i64> p;
  let k = procMIndex.get(key);
  if (k == NONE) {
    k = <u32> procM.push(m);
    procHasM.push(true);
    procMIndex.set(key, k);
  } else {
    procM[<i32> k] = m;
    procHasM[<i32> k] = true;
  }
}

function clearProcThread(p: i32): void {
  const k = procMIndex.get(<u64> <i64> p);
  if (k != NONE) procHasM[<i32> k] = false;
}

// Go's it.procMs[P] lookup without the ok check: a P with no thread reads as thread 0.
function procThreadOrZero(p: i32): i64 {
  const k = procMIndex.get(<u64> <i64> p);
  return k != NONE && procHasM[<i32> k] ? procM[<i32> k] : 0;
}

function addCreated(g: u64): void {
  const k = createdIndex.get(g);
  if (k != NONE && createdLive[<i32> k]) return;
  const e = createdG.push(g);
  createdLive.push(true);
  createdIndex.set(g, <u32> e);
  let slot = -1;
  if (!createdGrown && createdCount == 8) createdGrown = true;
  if (!createdGrown) {
    for (slot = 0; slot < 8 && smallSlots[slot] != 0; slot++) {
      // the first free slot
    }
    smallSlots[slot] = e + 1;
  }
  createdSlot.push(slot);
  createdCount++;
}

function dropCreated(g: u64): void {
  if (!preInit) return; // Go has dropped the map by then
  const k = createdIndex.get(g);
  if (k == NONE || !createdLive[<i32> k]) return;
  createdLive[<i32> k] = false;
  createdCount--;
  const slot = createdSlot[<i32> k];
  if (slot >= 0) smallSlots[slot] = 0;
}

function emitCreatedStatuses(t: i64): void {
  const s = st(GoUndetermined, GoRunnable);
  if (!createdGrown) {
    for (let slot = 0; slot < 8; slot++) {
      const e = smallSlots[slot];
      if (e != 0) out(V2.EvGoStatus, t, -1, -1, -1, 0, gIdx(createdG[e - 1]), 0, 0, s);
    }
    return;
  }
  for (let e = 0; e < createdG.len; e++) {
    if (createdLive[e]) out(V2.EvGoStatus, t, -1, -1, -1, 0, gIdx(createdG[e]), 0, 0, s);
  }
}
