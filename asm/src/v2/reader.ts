// The v2 reader loop (Go: reader.go ReadEvent): generations in, one ordered event
// stream out, written to the event table. Every generation starts with a Sync event;
// the trace ends with one more. Output times are made strictly increasing.

import { errorOffset, fail, takeError } from "../util/error";
import { NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { inputLen, inputPtr } from "../util/input";
import { addExtra, emit, eventCount, expData as expArena, SYNC_TYPE } from "../table/events";
import { ctxIndex, goroutines, procs, tasks, threads } from "../table/resources";
import { Cursor, frontier, heapInsert, heapRemove, heapUpdate, newCursor, nextEvent } from "./cursor";
import {
  expData,
  expEnd,
  expId,
  expM,
  gen,
  GEN_DONE,
  GEN_ERR,
  genEnd,
  hasClockSnapshot,
  hasSpillErr,
  minTs,
  ms,
  nextPos,
  nextSpilled,
  readGeneration,
  readGenerationWithSpill,
  setNextPos,
  sampleG,
  sampleM,
  sampleOrder,
  sampleP,
  sampleStack,
  sampleTime,
  snapMono,
  snapNsec,
  snapSec,
  snapTime,
  spillErr,
  spillErrAt,
  stacks,
  strings,
  toNs,
} from "./generation";
import {
  ADV_ERR,
  ADV_OK,
  advance,
  goStatusToState,
  GoStNotExist,
  GoStRunnable,
  GoStRunning,
  GoStSyscall,
  GoStWaiting,
  ProcStIdle,
  ProcStRunning,
  ProcSyscallAbandoned,
  procStatusToState,
  qA0,
  qA1,
  qA2,
  qA3,
  qG,
  qMi,
  qP,
  qPos,
  qTime,
  qType,
  qX0,
  qX1,
  queueLen,
  queuePop,
  resetOrdering,
  setEvent,
} from "./order";
import * as S from "./specs";
import { sortCursorsByTime } from "./sort";

let version: i32 = 0;
let done = false;
let syncs: i64 = 0;
let lastTs: i64 = 0;
let haveGen = false; // Go: r.gen != nil
let readGenErr = false; // 1.26: generation error to report after its Sync
let readGenErrText = "";
let readGenErrAt: i64 = -1;
let spillErrSync = false;
let pendingSpillErr = false; // Go: r.spillErr != nil
let pendingSpillText = "";
let pendingSpillAt: i64 = -1;
let sampleNext: i32 = 0;
let curGen: u64 = 0;

/** Events up to and including the last Sync, and the bytes read by then (Go: cmd/trace). */
export let validEvents: i32 = 0;
export let validBytes: i64 = 0;

export function beginV2(v: i32, headerLen: usize): void {
  version = v;
  done = false;
  syncs = 0;
  lastTs = 0;
  haveGen = false;
  readGenErr = false;
  spillErrSync = false;
  pendingSpillErr = false;
  sampleNext = 0;
  validEvents = 0;
  validBytes = 0;
  frontier.length = 0;
  ctxCacheIdx.clear();
  ctxCacheP.clear();
  ctxCacheG.clear();
  resetOrdering(v);
  setNextPos(inputPtr + headerLen);
}


export const STEP_MORE: i32 = 0;
export const STEP_DONE: i32 = 1;
export const STEP_ERR: i32 = 2;

/** Reads up to `budget` events. */
export function stepV2(budget: i32): i32 {
  for (let i = 0; i < budget; i++) {
    const r = readEvent();
    if (r == EV_EOF) return STEP_DONE;
    if (r == EV_ERR) return STEP_ERR;
  }
  return STEP_MORE;
}

/** Bytes of the input consumed so far, for progress. */
export function progressV2(): i64 {
  return <i64>(nextPos - inputPtr);
}

const EV_OK: i32 = 0;
const EV_EOF: i32 = 1;
const EV_ERR: i32 = 2;

function readEvent(): i32 {
  if (done) return EV_EOF;
  if (queueLen() > 0) return emitQueued();
  if (frontier.length == 0 && sampleNext >= sampleTime.len) {
    if (version < 26) return nextGenWithSpill();
    if (readGenErr) {
      fail(readGenErrText, readGenErrAt);
      return EV_ERR;
    }
    const r = readGeneration();
    if (r == GEN_ERR) {
      // Emit the Sync owed for the generation, report the error on the next call.
      readGenErr = true;
      readGenErrAt = errorOffset();
      readGenErrText = takeError();
      haveGen = false;
      syncs++;
      return emitSync(lastTs, false);
    }
    return installGen(r == GEN_DONE);
  }
  if (sampleNext < sampleTime.len) {
    const s = sampleOrder.get(sampleNext);
    if (frontier.length == 0 || sampleTime.get(s) < unchecked(frontier[0]).time) {
      sampleNext++;
      return emitSample(s);
    }
  }
  if (frontier.length == 0) {
    fail("broken trace: frontier is empty", -1);
    return EV_ERR;
  }
  const r0 = tryAdvance(0);
  if (r0 == ADV_ERR) return EV_ERR;
  if (r0 != ADV_OK) {
    // Rare: sort the frontier by time (a sorted heap is still a heap), try the rest.
    sortFrontier();
    let success = false;
    for (let i = 1; i < frontier.length; i++) {
      const r = tryAdvance(i);
      if (r == ADV_ERR) return EV_ERR;
      if (r == ADV_OK) {
        success = true;
        break;
      }
    }
    if (!success) return failAdvance();
  }
  return emitQueued();
}

function tryAdvance(i: i32): i32 {
  const c = unchecked(frontier[i]);
  setEvent(c.typ, c.time, c.a0, c.a1, c.a2, c.a3, c.pos);
  const r = advance(c.m, c.mi, curGen);
  if (r != ADV_OK) return r;
  const n = nextEvent(c);
  if (n < 0) return ADV_ERR;
  if (n > 0) heapUpdate(i);
  else heapRemove(i);
  return ADV_OK;
}

function sortFrontier(): void {
  sortCursorsByTime(frontier);
}

function failAdvance(): i32 {
  let dump = "";
  for (let i = 0; i < frontier.length; i++) {
    const c = frontier[i];
    dump += "M " + c.m.toString() + " [" + S.specNames[c.typ] + " time=" + c.time.toString() +
      "]\n";
  }
  fail(
    "broken trace: failed to advance: frontier:\n[gen=" + curGen.toString() + "]\n\n" + dump,
    frontier.length > 0 ? <i64>(frontier[0].pos - inputPtr) : -1,
  );
  return EV_ERR;
}

function nextGenWithSpill(): i32 {
  if (pendingSpillErr) {
    if (spillErrSync) {
      fail(pendingSpillText, pendingSpillAt);
      return EV_ERR;
    }
    spillErrSync = true;
    syncs++;
    return emitSync(lastTs, false);
  }
  if (haveGen && !nextSpilled) {
    done = true;
    syncs++;
    validBytes = <i64>inputLen;
    return emitSync(lastTs, false);
  }
  const r = readGenerationWithSpill(version, haveGen && nextSpilled);
  if (r == GEN_ERR) {
    pendingSpillErr = true;
    pendingSpillAt = errorOffset();
    pendingSpillText = takeError();
    haveGen = false;
    spillErrSync = true;
    syncs++;
    return emitSync(lastTs, false);
  }
  if (hasSpillErr) {
    pendingSpillErr = true;
    pendingSpillText = spillErr;
    pendingSpillAt = spillErrAt;
  }
  return installGen(false);
}

function installGen(none: bool): i32 {
  if (none) {
    haveGen = false;
    done = true;
    syncs++;
    validBytes = <i64>inputLen;
    return emitSync(lastTs, false);
  }
  haveGen = true;
  curGen = gen;
  sampleNext = 0;
  for (let i = 0; i < ms.len; i++) {
    const c = newCursor(ms.get(i), i);
    const n = nextEvent(c);
    if (n < 0) return EV_ERR;
    if (n == 0) continue;
    heapInsert(c);
  }
  syncs++;
  validBytes = <i64>(genEnd - inputPtr);
  return emitSync(toNs(minTs), true);
}

// ---- Emission: Go's deferred checks in ReadEvent, then the event-table row -----------

// @ts-ignore: decorator
@inline
function bump(t: i64): i64 {
  if (t <= lastTs) t = lastTs + 1;
  lastTs = t;
  return t;
}

// The context index per M for the last two (P, G) pairs the M had: events on a thread
// alternate between "no goroutine" (GoStart) and the running goroutine.
const ctxCacheP = new Vec<i64>(); // 2 entries per M
const ctxCacheG = new Vec<i64>();
const ctxCacheIdx = new Vec<u32>();

function ctxOf(mi: u32, p: i64, g: i64): u32 {
  const k = <i32>mi << 1;
  if (k >= ctxCacheIdx.len) {
    while (ctxCacheIdx.len <= k + 1) {
      ctxCacheP.push(0);
      ctxCacheG.push(0);
      ctxCacheIdx.push(NONE);
    }
  }
  const c0 = ctxCacheIdx[k];
  if (c0 != NONE && ctxCacheP[k] == p && ctxCacheG[k] == g) return c0;
  const c1 = ctxCacheIdx[k + 1];
  if (c1 != NONE && ctxCacheP[k + 1] == p && ctxCacheG[k + 1] == g) return c1;
  const idx = ctxIndex(mi, procs.index(p), goroutines.index(g));
  // Keep the most recent pair in slot 0.
  ctxCacheP[k + 1] = ctxCacheP[k];
  ctxCacheG[k + 1] = ctxCacheG[k];
  ctxCacheIdx[k + 1] = c0;
  ctxCacheP[k] = p;
  ctxCacheG[k] = g;
  ctxCacheIdx[k] = idx;
  return idx;
}

function emitSync(t: i64, withTable: bool): i32 {
  let info: u32 = NONE;
  if (withTable) {
    info = addExtra(hasClockSnapshot ? 1 : 0);
    addExtra(<u64>toNs(snapTime));
    addExtra(snapMono);
    addExtra(snapSec);
    addExtra(snapNsec);
    addExtra(<u64>expId.len);
    for (let i = 0; i < expId.len; i++) {
      const start = expData.get(i);
      const len = <i32>(expEnd.get(i) - start);
      const off = expArena.len;
      expArena.reserve(off + len);
      memory.copy(expArena.ptr + <usize>off, start, <usize>len);
      expArena.len = off + len;
      addExtra(<u64>expId.get(i));
      addExtra(<u64>expM.get(i));
      addExtra(<u64>off);
      addExtra(<u64>len);
    }
  }
  emit(SYNC_TYPE, bump(t), ctxOf(0, -1, -1), 0, <u32>syncs, info, 0, 0);
  validEvents = eventCount();
  return EV_OK;
}

function emitSample(s: i32): i32 {
  const id = sampleStack.get(s);
  let stack: u32 = 0;
  if (id != 0) {
    stack = stacks.get(id);
    if (stack == NONE) {
      // Go does not check this and panics when printing the sample; we refuse it.
      fail("found invalid stack ID " + id.toString() + " for CPU sample", -1);
      return EV_ERR;
    }
  }
  const ctx = ctxOf(threads.index(sampleM.get(s)), sampleP.get(s), sampleG.get(s));
  emit(S.EvCPUSample, bump(sampleTime.get(s)), ctx, stack, 0, 0, 0, 0);
  return EV_OK;
}

// @ts-ignore: decorator
@inline
function argOf(slot: i32, pos: u8): u64 {
  // pos is Go's 1-based index into spec.Args (0 is dt).
  if (pos == 1) return unchecked(qA0[slot]);
  if (pos == 2) return unchecked(qA1[slot]);
  if (pos == 3) return unchecked(qA2[slot]);
  return unchecked(qA3[slot]);
}

// @ts-ignore: decorator
@inline
function str(id: u64): u32 {
  return id == 0 ? 0 : strings.get(id);
}

// @ts-ignore: decorator
@inline
function stk(id: u64): u32 {
  return id == 0 ? 0 : stacks.get(id);
}

/** Go: Event.validateTableIDs. */
function validateIds(slot: i32, typ: u8): bool {
  const st0 = unchecked(S.specStack0[typ]);
  if (st0 != 0) {
    if (stk(argOf(slot, st0)) == NONE) return badId(slot, "stack", argOf(slot, st0), typ);
    const st1 = unchecked(S.specStack1[typ]);
    if (st1 != 0 && stk(argOf(slot, st1)) == NONE) {
      return badId(slot, "stack", argOf(slot, st1), typ);
    }
  }
  const s0 = unchecked(S.specStr0[typ]);
  if (s0 != 0) {
    if (str(argOf(slot, s0)) == NONE) return badId(slot, "string", argOf(slot, s0), typ);
    const s1 = unchecked(S.specStr1[typ]);
    if (s1 != 0 && str(argOf(slot, s1)) == NONE) {
      return badId(slot, "string", argOf(slot, s1), typ);
    }
  }
  return true;
}

function badId(slot: i32, what: string, id: u64, typ: u8): bool {
  return fail(
    "found invalid " + what + " ID " + id.toString() + " for event " + S.specNames[typ],
    unchecked(qPos[slot]),
  );
}

// @ts-ignore: decorator
@inline
function st(old: u8, nw: u8): u8 {
  return (old << 4) | nw;
}

function emitQueued(): i32 {
  const slot = queuePop();
  const typ = unchecked(qType[slot]);
  if (!validateIds(slot, typ)) return EV_ERR;
  const t = bump(qTime[slot]);
  const ctx = ctxOf(unchecked(qMi[slot]), unchecked(qP[slot]), unchecked(qG[slot]));
  const a0 = unchecked(qA0[slot]);
  const a1 = unchecked(qA1[slot]);
  const a2 = unchecked(qA2[slot]);
  const st0 = unchecked(S.specStack0[typ]);
  const stack = st0 != 0 ? stk(argOf(slot, st0)) : 0;
  let c0: u32 = 0;
  let c1: u32 = 0;
  let c2: u32 = 0;
  let state: u8 = 0;
  switch (typ) {
    case S.EvProcsChange:
    case S.EvHeapAlloc:
    case S.EvHeapGoal:
      c0 = <u32>a0;
      c1 = <u32>(a0 >> 32);
      break;
    case S.EvProcStart:
      c0 = procs.index(<i64>a0);
      state = st(ProcStIdle, ProcStRunning);
      break;
    case S.EvProcStop:
      c0 = procs.index(qP[slot]);
      state = st(ProcStRunning, ProcStIdle);
      break;
    case S.EvProcSteal:
      c0 = procs.index(<i64>a0);
      state = st(qX0[slot] == <u64>ProcSyscallAbandoned ? ProcStIdle : ProcStRunning, ProcStIdle);
      break;
    case S.EvProcStatus:
      c0 = procs.index(<i64>a0);
      state = st(<u8>unchecked(qX0[slot]), procStatusToState(<u8>a1));
      break;
    case S.EvGoCreate:
    case S.EvGoCreateBlocked:
      c0 = goroutines.index(<i64>a0);
      c2 = stk(a1);
      state = st(GoStNotExist, typ == S.EvGoCreate ? GoStRunnable : GoStWaiting);
      break;
    case S.EvGoCreateSyscall:
      c0 = goroutines.index(<i64>a0);
      state = st(GoStNotExist, GoStSyscall);
      break;
    case S.EvGoStart:
      c0 = goroutines.index(<i64>a0);
      state = st(GoStRunnable, GoStRunning);
      break;
    case S.EvGoDestroy:
      c0 = goroutines.index(qG[slot]);
      state = st(GoStRunning, GoStNotExist);
      break;
    case S.EvGoDestroySyscall:
      c0 = goroutines.index(qG[slot]);
      state = st(GoStSyscall, GoStNotExist);
      break;
    case S.EvGoStop:
    case S.EvGoBlock:
      c0 = goroutines.index(qG[slot]);
      c1 = str(a0);
      c2 = stack;
      state = st(GoStRunning, typ == S.EvGoStop ? GoStRunnable : GoStWaiting);
      break;
    case S.EvGoUnblock:
    case S.EvGoSwitch:
    case S.EvGoSwitchDestroy:
      c0 = goroutines.index(<i64>a0);
      state = st(GoStWaiting, GoStRunnable);
      break;
    case S.EvGoSyscallBegin:
      c0 = goroutines.index(qG[slot]);
      c2 = stack;
      state = st(GoStRunning, GoStSyscall);
      break;
    case S.EvGoSyscallEnd:
      c0 = goroutines.index(qG[slot]);
      state = st(GoStSyscall, GoStRunning);
      break;
    case S.EvGoSyscallEndBlocked:
      c0 = goroutines.index(qG[slot]);
      state = st(GoStSyscall, GoStRunnable);
      break;
    case S.EvGoStatus:
    case S.EvGoStatusStack:
      c0 = goroutines.index(<i64>a0);
      c2 = stack;
      state = st(<u8>(a2 >> 32), goStatusToState(<u8>a2));
      break;
    case S.EvSTWBegin:
      c0 = str(a0);
      break;
    case S.EvSTWEnd:
      c0 = unchecked(qX1[slot]);
      break;
    case S.EvGCSweepActive:
      c0 = procs.index(<i64>a0);
      break;
    case S.EvGCSweepEnd:
      c0 = addExtra(a0);
      addExtra(a1);
      break;
    case S.EvGCMarkAssistActive:
      c0 = goroutines.index(<i64>a0);
      break;
    case S.EvGoLabel:
      c0 = str(a0);
      break;
    case S.EvUserTaskBegin:
      c0 = tasks.index(<i64>a0);
      c1 = tasks.index(<i64>a1);
      c2 = str(a2);
      break;
    case S.EvUserTaskEnd:
      c0 = tasks.index(<i64>a0);
      c1 = tasks.index(<i64>unchecked(qX0[slot]));
      c2 = unchecked(qX1[slot]);
      break;
    case S.EvUserRegionBegin:
    case S.EvUserRegionEnd:
      c0 = tasks.index(<i64>a0);
      c1 = str(a1);
      break;
    case S.EvUserLog:
      c0 = tasks.index(<i64>a0);
      c1 = str(a1);
      c2 = str(a2);
      break;
    default:
      if (typ >= S.EvSpan) {
        const n = <i32>unchecked(S.specArgs[typ]) - 1;
        c0 = addExtra(a0);
        if (n > 1) addExtra(a1);
        if (n > 2) addExtra(a2);
        if (n > 3) addExtra(qA3[slot]);
      }
  }
  emit(typ, t, ctx, stack, c0, c1, c2, state);
  return EV_OK;
}
