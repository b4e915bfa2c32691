// The ordering and validation state machine (Go: order.go). It emulates the scheduler
// state of goroutines, procs and threads to decide whether an event can happen next
// ("advance"), rejects impossible traces, and queues the events it accepts, with the
// extra information (old states, task names) that Go smuggles into them.

import { fail } from "../util/error";
import { Vec } from "../util/vec";
import {
  getI32,
  getU32,
  getU64,
  getU8,
  getVec,
  outLen,
  patchI32,
  putBytes,
  putI32,
  putI64,
  putU32,
  putU64,
  putU8,
  putVec,
} from "../util/snapshot";
import { sortIndicesByKey } from "../util/go_sort";
import { NONE } from "../util/idmap";
import { offsetOf } from "../util/input";
import { goroutines, procs, tasks, threads } from "../table/resources";
import { stringBytes, stringOffsets } from "../table/strings";
import {
  ctxOf,
  ctxOfIndexes,
  emitEvent,
  goStatusToState,
  procStatusToState,
  row,
  stackId,
  stringId,
} from "./emit";
// deno-lint-ignore verbatim-module-syntax -- AssemblyScript has no `import type`
import { Cursor } from "./cursor";
import { addExtra } from "../table/events";
import {
  GoRunnable,
  GoRunning,
  GoStNotExist,
  GoStRunnable,
  GoStRunning,
  GoStSyscall,
  GoStUndetermined,
  GoStWaiting,
  GoSyscall,
  GoWaiting,
  ProcIdle,
  ProcRunning,
  ProcStIdle,
  ProcStNotExist,
  ProcStRunning,
  ProcStUndetermined,
  ProcSyscall,
  ProcSyscallAbandoned,
} from "../format";
import {
  loadLists,
  newHead,
  rangeAppend,
  rangeFreeAll,
  rangeHas,
  rangeListText,
  rangeNodeDesc,
  rangeNodeGid,
  rangeNodeNext,
  rangeNodeTyp,
  rangeRemoveFirst,
  regionFreeAll,
  regionNodeName,
  regionNodeNext,
  regionNodeTask,
  regionPop,
  regionPush,
  removedGid,
  resetLists,
  saveLists,
} from "./lists";
import { strings } from "./generation";
import {
  ensureG,
  gCount,
  gExists,
  gRanges,
  gRegions,
  gSeqGen,
  gSeqN,
  gSetExists,
  gSetRanges,
  gSetRegions,
  gSetSeqGen,
  gSetSeqN,
  gSetStatus,
  gStatus,
  loadGStates,
  resetGStates,
  saveGStates,
} from "./gstate";
import { IdMap } from "../util/idmap";
import {
  eventName,
  EvGCActive,
  EvGCBegin,
  EvGCEnd,
  EvGCMarkAssistActive,
  EvGCMarkAssistBegin,
  EvGCMarkAssistEnd,
  EvGCSweepActive,
  EvGCSweepBegin,
  EvGCSweepEnd,
  EvGoBlock,
  EvGoCreate,
  EvGoCreateBlocked,
  EvGoCreateSyscall,
  EvGoDestroy,
  EvGoDestroySyscall,
  EvGoLabel,
  EvGoroutineStackFree,
  EvGoStart,
  EvGoStatus,
  EvGoStatusStack,
  EvGoStop,
  EvGoSwitch,
  EvGoSwitchDestroy,
  EvGoSyscallBegin,
  EvGoSyscallEnd,
  EvGoSyscallEndBlocked,
  EvGoUnblock,
  EvHeapAlloc,
  EvHeapGoal,
  EvProcsChange,
  EvProcStart,
  EvProcStatus,
  EvProcSteal,
  EvProcStop,
  EvSpan,
  EvSTWBegin,
  EvSTWEnd,
  EvUserLog,
  EvUserRegionBegin,
  EvUserRegionEnd,
  EvUserTaskBegin,
  EvUserTaskEnd,
  specNames,
  specStart,
} from "./specs";

function goStatusName(s: u8): string {
  if (s == GoRunnable) return "Runnable";
  if (s == GoRunning) return "Running";
  if (s == GoSyscall) return "Syscall";
  if (s == GoWaiting) return "Waiting";
  return "Bad";
}

function procStatusName(s: u8): string {
  if (s == ProcRunning) return "Running";
  if (s == ProcIdle) return "Idle";
  if (s == ProcSyscall) return "Syscall";
  return "Bad";
}

// ---- Resource state, indexed like the resource tables ------------------------------

const pExists = new Vec<bool>();
const pStatus = new Vec<u8>();
const pSeqGen = new Vec<u64>();
const pSeqN = new Vec<u64>();
const pRanges = new Vec<i32>();

// Thread state, one 32-byte record per thread index: @0 P id i64, @8 G id i64 (-1 =
// none), @16 G index u32 and @24 P index u32 (their resource indexes, NONE until looked
// up), @20 ctx u32 (context index of (M, P, G), NONE until computed), @28 exists u8.
// Writing P or G forgets what was derived from them.
const mStates = new Vec<u64>();
let mCount: i32 = 0;

// @inline
function mRec(i: u32): usize {
  return mStates.ptr + (<usize> i << 5);
}
// @inline
function mExists(i: u32): bool {
  return <i32> i < mCount && load<u8>(mRec(i), 28) != 0;
}
// @inline
function mGetP(i: u32): i64 {
  return load<i64>(mRec(i));
}
// @inline
function mGetG(i: u32): i64 {
  return load<i64>(mRec(i), 8);
}
// @inline
function mSetP(i: u32, p: i64): void {
  const r = mRec(i);
  store<i64>(r, p);
  store<u32>(r, NONE, 24);
  store<u32>(r, NONE, 20);
}
// @inline
function mSetG(i: u32, g: i64, gi: u32): void {
  const r = mRec(i);
  store<i64>(r, g, 8);
  store<u32>(r, gi, 16);
  store<u32>(r, NONE, 20);
}
/** Ms with state, in creation order (Go iterates a map; any order is Go-valid). */
const mList = new Vec<u32>();

const taskActive = new Vec<bool>();
const taskName = new Vec<u32>(); // global string id
const taskParent = new Vec<u64>();

let gcSeq: u64 = 0;
const gcUndetermined: u8 = 0;
const gcNotRunning: u8 = 1;
const gcRunning: u8 = 2;
let gcState: u8 = 0;
export let initialGen: u64 = 0;
let traceVersion: i32 = 0;

export function resetOrdering(version: i32): void {
  traceVersion = version;
  resetGStates();
  genIds.clear();
  lastGenValue = 0;
  genId = 0;
  resetLists();
  pExists.clear();
  pStatus.clear();
  pSeqGen.clear();
  pSeqN.clear();
  pRanges.clear();
  mStates.clear();
  mCount = 0;
  mList.clear();
  taskActive.clear();
  taskName.clear();
  taskParent.clear();
  gcSeq = 0;
  gcState = gcUndetermined;
  initialGen = 0;
}

function ensureP(i: u32): void {
  while (pExists.len <= <i32> i) {
    pExists.push(false);
    pStatus.push(0);
    pSeqGen.push(0);
    pSeqN.push(0);
    pRanges.push(-1);
  }
}

function ensureM(i: u32): void {
  if (<i32> i < mCount) return;
  const n = <i32> i + 1;
  mStates.reserve(n * 4);
  for (let k = mCount; k < n; k++) initM(<u32> k, false);
  mStates.len = n * 4;
  mCount = n;
}

/** An M with no P and no G. */
function initM(i: u32, exists: bool): void {
  const r = mRec(i);
  store<i64>(r, -1);
  store<i64>(r, -1, 8);
  store<u32>(r, 0, 16);
  store<u32>(r, NONE, 20);
  store<u32>(r, 0, 24);
  store<u32>(r, exists ? 1 : 0, 28);
}

function ensureTask(i: u32): void {
  while (taskActive.len <= <i32> i) {
    taskActive.push(false);
    taskName.push(0);
    taskParent.push(0);
  }
}

/** State index of goroutine id, or NONE if Go's gStates has no entry. */
function findG(id: i64): u32 {
  const i = goroutines.find(id);
  if (i == NONE || <i32> i >= gCount || !gExists(i)) return NONE;
  return i;
}

function findP(id: i64): u32 {
  const i = procs.find(id);
  if (i == NONE || <i32> i >= pExists.len || !pExists[i]) return NONE;
  return i;
}

function findM(id: i64): u32 {
  const i = threads.find(id);
  if (i == NONE || !mExists(i)) return NONE;
  return i;
}

function createG(id: i64, status: u8, _gen: u64): u32 {
  const i = goroutines.index(id);
  ensureG(i);
  gSetExists(i, true);
  gSetStatus(i, status);
  gSetSeqGen(i, genId);
  gSetSeqN(i, 0);
  regionFreeAll(gRegions(i));
  rangeFreeAll(gRanges(i));
  gSetRegions(i, -1);
  gSetRanges(i, -1);
  return i;
}

function deleteG(i: u32): void {
  gSetExists(i, false);
  regionFreeAll(gRegions(i));
  rangeFreeAll(gRanges(i));
  gSetRegions(i, -1);
  gSetRanges(i, -1);
}

function newM(id: i64, g: i64, p: i64): u32 {
  const i = threads.index(id);
  ensureM(i);
  initM(i, true);
  mSetG(i, g, NONE);
  mSetP(i, p);
  mList.push(i);
  return i;
}

// The event being advanced (copied in by the reader from its cursor).
export let evType: u8 = 0;
export let evTime: i64 = 0;
export let evA0: u64 = 0;
export let evA1: u64 = 0;
export let evA2: u64 = 0;
export let evA3: u64 = 0;
export let evPos: usize = 0;

export function setEvent(
  typ: u8,
  time: i64,
  a0: u64,
  a1: u64,
  a2: u64,
  a3: u64,
  pos: usize,
): void {
  evType = typ;
  evTime = time;
  evA0 = a0;
  evA1 = a1;
  evA2 = a2;
  evA3 = a3;
  evPos = pos;
}

let curM: i64 = -1;
let curMi: u32 = 0; // resource index of curM
let curCtx: u32 = NONE; // context index of (curM, curP, curG); NONE until needed
let emitFailed = false; // an accepted event failed the table-id checks

/** Whether the last advance failed only because an accepted event had a bad table id. */
export function lastAdvanceEmitFailed(): bool {
  return emitFailed;
}
let curP: i64 = -1;
let curG: i64 = -1;
let newP: i64 = -1;
let newG: i64 = -1;

/** Emits an accepted event in the current context (Go: o.queue.push). */
function push(typ: u8, a0: u64, a1: u64, a2: u64, a3: u64, x0: u64, x1: u32): void {
  if (curCtx == NONE) curCtx = ctxOf(curMi, curP, curG);
  const pos = offsetOf(evPos);
  if (!emitEvent(typ, evTime, curCtx, curP, curG, a0, a1, a2, a3, x0, x1, pos)) {
    emitFailed = true;
  }
}

/** Queues the event being advanced, unchanged, in the current context. */
// @inline
function pushEv(): void {
  push(evType, evA0, evA1, evA2, evA3, 0, 0);
}

export const ADV_OK: i32 = 1;
export const ADV_NOT_READY: i32 = 0;
export const ADV_ERR: i32 = -1;

function err(msg: string): i32 {
  fail(msg, offsetOf(evPos));
  return ADV_ERR;
}

// Context requirements (Go: schedReqs / validateCtx).
const MustNot: i32 = 0;
const May: i32 = 1;
const Must: i32 = 2;

function validateCtx(m: i32, p: i32, g: i32): bool {
  if (m == Must && curM == -1) return err("expected a thread but didn't have one") > 0;
  if (m == MustNot && curM != -1) return err("expected no thread but had one") > 0;
  if (p == Must && curP == -1) return err("expected a proc but didn't have one") > 0;
  if (p == MustNot && curP != -1) return err("expected no proc but had one") > 0;
  if (g == Must && curG == -1) return err("expected a goroutine but didn't have one") > 0;
  if (g == MustNot && curG != -1) return err("expected no goroutine but had one") > 0;
  return true;
}

// @inline
function userGo(): bool {
  return validateCtx(Must, Must, Must);
}

// @inline
function succeeds(gen: u64, seq: u64, storedGen: u64, storedSeq: u64): bool {
  return gen == storedGen && seq == storedSeq + 1;
}

/** succeeds() for a goroutine's sequence, in the current generation. */
// @inline
function succeedsG(seq: u64, gi: u32): bool {
  return gSeqGen(gi) == genId && seq == gSeqN(gi) + 1;
}

// Goroutine records keep a small id per distinct generation number (equal ids for
// equal numbers) instead of the number, to fit their cache line.
const genIds = new IdMap(1 << 16);
let lastGenValue: u64 = 0;
let genId: u32 = 0;

function genIdOf(gen: u64): u32 {
  let id = genIds.get(gen);
  if (id == NONE) {
    id = <u32> genIds.size + 1;
    genIds.set(gen, id);
  }
  return id;
}

function name(typ: u8): string {
  return eventName(traceVersion, typ);
}

/**
 * Go: ordering.Advance. Tries to advance the current event (setEvent) from thread m.
 * Returns ADV_OK (events queued), ADV_NOT_READY, or ADV_ERR (error recorded).
 */
export function advance(m: i64, mi: u32, gen: u64): i32 {
  if (initialGen == 0) initialGen = gen;
  if (gen != lastGenValue || genId == 0) {
    lastGenValue = gen;
    genId = genIdOf(gen);
  }
  curM = m;
  curMi = mi;
  if (m == -1) {
    curP = -1;
    curG = -1;
  } else {
    if (!mExists(mi)) {
      ensureM(mi);
      initM(mi, true);
      mList.push(mi);
    }
    curP = mGetP(mi);
    curG = mGetG(mi);
  }
  newP = curP;
  newG = curG;
  curCtx = NONE;
  emitFailed = false;
  let r = dispatch(gen);
  if (emitFailed) r = ADV_ERR;
  if (r == ADV_OK && m != -1) {
    if (newP != mGetP(mi)) mSetP(mi, newP);
    if (newG != mGetG(mi)) mSetG(mi, newG, NONE);
  }
  return r;
}

function dispatch(gen: u64): i32 {
  const t = evType;
  if (t >= EvSpan && t <= EvGoroutineStackFree) return advanceAllocFree();
  switch (t) {
    case EvProcsChange:
    case EvGoLabel:
    case EvUserLog:
      return advanceAnnotation();
    case EvProcStart:
      return advanceProcStart(gen);
    case EvProcStop:
      return advanceProcStop();
    case EvProcSteal:
      return advanceProcSteal(gen);
    case EvProcStatus:
      return advanceProcStatus(gen);
    case EvGoCreate:
    case EvGoCreateBlocked:
      return advanceGoCreate(gen);
    case EvGoCreateSyscall:
      return advanceGoCreateSyscall(gen);
    case EvGoStart:
      return advanceGoStart(gen);
    case EvGoDestroy:
    case EvGoStop:
    case EvGoBlock:
      return advanceGoStopExec();
    case EvGoDestroySyscall:
      return advanceGoDestroySyscall();
    case EvGoUnblock:
      return advanceGoUnblock(gen);
    case EvGoSyscallBegin:
      return advanceGoSyscallBegin(gen);
    case EvGoSyscallEnd:
      return advanceGoSyscallEnd();
    case EvGoSyscallEndBlocked:
      return advanceGoSyscallEndBlocked();
    case EvGoStatus:
    case EvGoStatusStack:
      return advanceGoStatus(gen);
    case EvSTWBegin:
    case EvGCMarkAssistBegin:
      return advanceGoRangeBegin();
    case EvSTWEnd:
    case EvGCMarkAssistEnd:
      return advanceGoRangeEnd();
    case EvGCMarkAssistActive:
      return advanceGoRangeActive(gen);
    case EvGCActive:
      return advanceGCActive(gen);
    case EvGCBegin:
      return advanceGCBegin();
    case EvGCEnd:
      return advanceGCEnd();
    case EvGCSweepActive:
      return advanceGCSweepActive(gen);
    case EvGCSweepBegin:
      return advanceGCSweepBegin();
    case EvGCSweepEnd:
      return advanceGCSweepEnd();
    case EvHeapAlloc:
    case EvHeapGoal:
      return advanceHeapMetric();
    case EvUserTaskBegin:
      return advanceUserTaskBegin();
    case EvUserTaskEnd:
      return advanceUserTaskEnd();
    case EvUserRegionBegin:
      return advanceUserRegionBegin();
    case EvUserRegionEnd:
      return advanceUserRegionEnd();
    case EvGoSwitch:
    case EvGoSwitchDestroy:
      return advanceGoSwitch(gen);
  }
  return err("bad event type found while ordering: " + t.toString());
}

// ---- Procs -------------------------------------------------------------------------

function advanceProcStatus(gen: u64): i32 {
  const pid = <i64> evA0;
  const status64 = evA1;
  if (status64 >= 5) {
    return err("invalid status for proc " + pid.toString() + ": " + status64.toString());
  }
  const status = <u8> status64;
  let reported = status; // Go rewrites ev.args[1] when promoting SyscallAbandoned
  let oldState = procStatusToState(status);
  const pi = findP(pid);
  if (pi != NONE) {
    const known = pStatus[pi];
    if (status == ProcSyscallAbandoned && known == ProcSyscall) {
      // Promotion: no information lost, the P is still in the syscall.
      oldState = ProcStRunning;
      reported = ProcSyscall;
    } else if (status == ProcSyscallAbandoned && known == ProcSyscallAbandoned) {
      oldState = ProcStIdle;
    } else if (known != status) {
      return err(
        "inconsistent status for proc " + pid.toString() + ": old " + procStatusName(known) +
          " vs. new " + procStatusName(status),
      );
    }
    pSeqGen[pi] = gen;
    pSeqN[pi] = 0;
  } else {
    const i = procs.index(pid);
    ensureP(i);
    pExists[i] = true;
    pStatus[i] = status;
    pSeqGen[i] = gen;
    pSeqN[i] = 0;
    pRanges[i] = -1;
    oldState = gen == initialGen ? ProcStUndetermined : ProcStNotExist;
  }
  if (status == ProcRunning || status == ProcSyscall) newP = pid;
  // A promoted SyscallAbandoned is reported in the context of the M that holds the P.
  if (status == ProcSyscallAbandoned && oldState == ProcStRunning) {
    let found = false;
    for (let k = 0; k < mList.len; k++) {
      const mi = mList[k];
      if (mExists(mi) && mGetP(mi) == pid) {
        curM = threads.id(mi);
        curMi = mi;
        curP = pid;
        curG = mGetG(mi);
        curCtx = NONE;
        found = true;
      }
    }
    if (!found) {
      return err(
        "failed to find sched context for proc " + pid.toString() + " that's about to be stolen",
      );
    }
  }
  push(EvProcStatus, evA0, <u64> reported, 0, 0, <u64> oldState, 0);
  return ADV_OK;
}

function advanceProcStart(gen: u64): i32 {
  const pid = <i64> evA0;
  const pi = findP(pid);
  if (
    pi == NONE || pStatus[pi] != ProcIdle || !succeeds(gen, evA1, pSeqGen[pi], pSeqN[pi]) ||
    curP != -1
  ) return ADV_NOT_READY;
  if (!validateCtx(Must, MustNot, May)) return ADV_ERR;
  pStatus[pi] = ProcRunning;
  pSeqGen[pi] = gen;
  pSeqN[pi] = evA1;
  newP = pid;
  pushEv();
  return ADV_OK;
}

function advanceProcStop(): i32 {
  const pi = findP(curP);
  if (pi == NONE) {
    return err("event " + name(evType) + " for proc (" + curP.toString() + ") that doesn't exist");
  }
  if (pStatus[pi] != ProcRunning && pStatus[pi] != ProcSyscall) {
    return err(name(evType) + " event for proc that's not Running or Syscall");
  }
  if (!validateCtx(Must, Must, May)) return ADV_ERR;
  pStatus[pi] = ProcIdle;
  newP = -1;
  pushEv();
  return ADV_OK;
}

function advanceProcSteal(gen: u64): i32 {
  const pid = <i64> evA0;
  const pi = findP(pid);
  if (
    pi == NONE || (pStatus[pi] != ProcSyscall && pStatus[pi] != ProcSyscallAbandoned) ||
    !succeeds(gen, evA1, pSeqGen[pi], pSeqN[pi])
  ) return ADV_NOT_READY;
  if (!validateCtx(Must, May, May)) return ADV_ERR;
  const oldStatus = pStatus[pi];
  pStatus[pi] = ProcIdle;
  pSeqGen[pi] = gen;
  pSeqN[pi] = evA1;
  if (oldStatus == ProcSyscallAbandoned) {
    push(evType, evA0, evA1, evA2, 0, <u64> oldStatus, 0);
    return ADV_OK;
  }
  const mid = <i64> evA2;
  if (mid == curM) {
    if (curP != pid) {
      return err(
        "tried to self-steal proc " + pid.toString() + " (thread " + mid.toString() +
          "), but got proc " + curP.toString() + " instead",
      );
    }
    newP = -1;
    push(evType, evA0, evA1, evA2, 0, <u64> oldStatus, 0);
    return ADV_OK;
  }
  const mi = findM(mid);
  if (mi == NONE) return err("stole proc from non-existent thread " + mid.toString());
  if (mGetP(mi) != pid) {
    return err(
      "tried to steal proc " + pid.toString() + " from thread " + mid.toString() +
        ", but got proc " + mGetP(mi).toString() + " instead",
    );
  }
  mSetP(mi, -1);
  push(evType, evA0, evA1, evA2, 0, <u64> oldStatus, 0);
  return ADV_OK;
}

// ---- Goroutines ----------------------------------------------------------------------

function advanceGoStatus(gen: u64): i32 {
  const gid = <i64> evA0;
  const mid = <i64> evA1;
  const status64 = evA2;
  if (status64 >= 5) {
    return err("invalid status for goroutine " + gid.toString() + ": " + status64.toString());
  }
  const status = <u8> status64;
  let oldState = goStatusToState(status);
  const gi = findG(gid);
  if (gi != NONE) {
    if (gStatus(gi) != status) {
      return err(
        "inconsistent status for goroutine " + gid.toString() + ": old " +
          goStatusName(gStatus(gi)) + " vs. new " + goStatusName(status),
      );
    }
    gSetSeqGen(gi, genId);
    gSetSeqN(gi, 0);
  } else if (gen == initialGen) {
    createG(gid, status, gen);
    oldState = GoStUndetermined;
  } else {
    return err(
      "found goroutine status for new goroutine after the first generation: id=" +
        gid.toString() + " status=" + goStatusName(status),
    );
  }
  if (status == GoRunning) {
    newG = gid;
  } else if (status == GoSyscall) {
    if (mid == -1) {
      return err("found goroutine " + gid.toString() + " in syscall without a thread");
    }
    if (mid == curM) {
      if (gen != initialGen && curG != gid) {
        return err(
          "inconsistent thread for syscalling goroutine " + gid.toString() +
            ": thread has goroutine " + curG.toString(),
        );
      }
      newG = gid;
    } else {
      const mi = findM(mid);
      if (mi != NONE) {
        if (mGetG(mi) != gid) {
          return err(
            "inconsistent thread for syscalling goroutine " + gid.toString() +
              ": thread has goroutine " + mGetG(mi).toString(),
          );
        }
        curG = mGetG(mi);
      } else {
        newM(mid, gid, -1);
      }
      curM = mid;
      curMi = threads.index(mid);
      curCtx = NONE;
    }
  }
  push(evType, evA0, evA1, (<u64> oldState << 32) | <u64> status, evA3, 0, 0);
  return ADV_OK;
}

function advanceGoCreate(gen: u64): i32 {
  if (!validateCtx(Must, Must, May)) return ADV_ERR;
  const ci = findG(curG);
  if (ci != NONE && gStatus(ci) != GoRunning) {
    return err(name(evType) + " event for goroutine that's not Running");
  }
  const newgid = <i64> evA0;
  if (findG(newgid) != NONE) {
    return err("tried to create goroutine (" + newgid.toString() + ") that already exists");
  }
  createG(newgid, evType == EvGoCreateBlocked ? GoWaiting : GoRunnable, gen);
  pushEv();
  return ADV_OK;
}

function advanceGoStopExec(): i32 {
  if (!userGo()) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "event " + name(evType) + " for goroutine (" + curG.toString() + ") that doesn't exist",
    );
  }
  if (gStatus(gi) != GoRunning) {
    return err(name(evType) + " event for goroutine that's not Running");
  }
  if (evType == EvGoDestroy) deleteG(gi);
  else if (evType == EvGoStop) gSetStatus(gi, GoRunnable);
  else gSetStatus(gi, GoWaiting);
  newG = -1;
  pushEv();
  return ADV_OK;
}

function advanceGoStart(_gen: u64): i32 {
  const gid = <i64> evA0;
  const gi = findG(gid);
  if (gi == NONE || gStatus(gi) != GoRunnable || !succeedsG(evA1, gi)) {
    return ADV_NOT_READY;
  }
  if (!validateCtx(Must, Must, MustNot)) return ADV_ERR;
  gSetStatus(gi, GoRunning);
  gSetSeqGen(gi, genId);
  gSetSeqN(gi, evA1);
  newG = gid;
  pushEv();
  return ADV_OK;
}

function advanceGoUnblock(_gen: u64): i32 {
  const gid = <i64> evA0;
  const gi = findG(gid);
  if (gi == NONE || gStatus(gi) != GoWaiting || !succeedsG(evA1, gi)) {
    return ADV_NOT_READY;
  }
  gSetStatus(gi, GoRunnable);
  gSetSeqGen(gi, genId);
  gSetSeqN(gi, evA1);
  pushEv();
  return ADV_OK;
}

function advanceGoSwitch(_gen: u64): i32 {
  if (!userGo()) return ADV_ERR;
  const ci = findG(curG);
  if (ci == NONE) {
    return err(
      "event " + name(evType) + " for goroutine (" + curG.toString() + ") that doesn't exist",
    );
  }
  if (gStatus(ci) != GoRunning) {
    return err(name(evType) + " event for goroutine that's not Running");
  }
  const nextg = <i64> evA0;
  const ni = findG(nextg);
  if (ni == NONE || gStatus(ni) != GoWaiting || !succeedsG(evA1, ni)) {
    return ADV_NOT_READY;
  }
  pushEv();
  if (evType == EvGoSwitch) {
    gSetStatus(ci, GoWaiting);
    push(EvGoBlock, 0, 0, 0, 0, 0, 0); // no reason, no stack
  } else {
    deleteG(ci);
    push(EvGoDestroy, 0, 0, 0, 0, 0, 0);
  }
  gSetStatus(ni, GoRunning);
  gSetSeqGen(ni, genId);
  gSetSeqN(ni, evA1);
  newG = nextg;
  curG = -1; // the started goroutine's event has no goroutine in its context
  curCtx = NONE;
  push(EvGoStart, <u64> nextg, evA1, 0, 0, 0, 0);
  return ADV_OK;
}

function advanceGoSyscallBegin(gen: u64): i32 {
  if (!userGo()) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "event " + name(evType) + " for goroutine (" + curG.toString() + ") that doesn't exist",
    );
  }
  if (gStatus(gi) != GoRunning) {
    return err(name(evType) + " event for goroutine that's not Running");
  }
  gSetStatus(gi, GoSyscall);
  const pi = findP(curP);
  if (pi == NONE) {
    return err("uninitialized proc " + curP.toString() + " found during " + name(evType));
  }
  pStatus[pi] = ProcSyscall;
  if (!succeeds(gen, evA0, pSeqGen[pi], pSeqN[pi])) {
    return err(
      "failed to advance " + name(evType) + ": can't make sequence: " + pSeqN[pi].toString() +
        " (gen=" + pSeqGen[pi].toString() + ") -> " + evA0.toString() + " (gen=" +
        gen.toString() + ")",
    );
  }
  pSeqGen[pi] = gen;
  pSeqN[pi] = evA0;
  pushEv();
  return ADV_OK;
}

function advanceGoSyscallEnd(): i32 {
  if (!userGo()) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "event " + name(evType) + " for goroutine (" + curG.toString() + ") that doesn't exist",
    );
  }
  if (gStatus(gi) != GoSyscall) {
    return err(name(evType) + " event for goroutine that's not Running");
  }
  gSetStatus(gi, GoRunning);
  const pi = findP(curP);
  if (pi == NONE) {
    return err("uninitialized proc " + curP.toString() + " found during " + name(evType));
  }
  if (pStatus[pi] != ProcSyscall) {
    return err(
      "expected proc " + curP.toString() + " in state Syscall, but got " +
        procStatusName(pStatus[pi]) + " instead",
    );
  }
  pStatus[pi] = ProcRunning;
  pushEv();
  return ADV_OK;
}

function advanceGoSyscallEndBlocked(): i32 {
  if (curP != -1) {
    const pi = findP(curP);
    if (pi == NONE) {
      return err("uninitialized proc " + curP.toString() + " found during " + name(evType));
    }
    if (pStatus[pi] == ProcSyscall) return ADV_NOT_READY;
  }
  if (!validateCtx(Must, May, Must)) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "event " + name(evType) + " for goroutine (" + curG.toString() + ") that doesn't exist",
    );
  }
  if (gStatus(gi) != GoSyscall) {
    return err(name(evType) + " event for goroutine that's not Running");
  }
  newG = -1;
  gSetStatus(gi, GoRunnable);
  pushEv();
  return ADV_OK;
}

function advanceGoCreateSyscall(gen: u64): i32 {
  if (!validateCtx(Must, May, MustNot)) return ADV_ERR;
  const newgid = <i64> evA0;
  if (findG(newgid) != NONE) {
    return err(
      "tried to create goroutine (" + newgid.toString() + ") in syscall that already exists",
    );
  }
  createG(newgid, GoSyscall, gen);
  newG = newgid;
  pushEv();
  return ADV_OK;
}

function advanceGoDestroySyscall(): i32 {
  if (!validateCtx(Must, May, Must)) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "event " + name(evType) + " for goroutine (" + curG.toString() + ") that doesn't exist",
    );
  }
  if (gStatus(gi) != GoSyscall) {
    return err(name(evType) + " event for goroutine that's not Syscall");
  }
  deleteG(gi);
  newG = -1;
  if (curP != -1) {
    const pi = findP(curP);
    if (pi == NONE) {
      return err("found invalid proc " + curP.toString() + " during " + name(evType));
    }
    if (pStatus[pi] != ProcSyscall) {
      return err(
        "proc " + curP.toString() + " in unexpected state " + procStatusName(pStatus[pi]) +
          " during " + name(evType),
      );
    }
    // The thread id may be reused by a new M: forget the P now, with a self-steal.
    pStatus[pi] = ProcSyscallAbandoned;
    newP = -1;
    push(EvProcSteal, <u64> curP, 0, 0, 0, <u64> ProcSyscall, 0);
  }
  pushEv();
  return ADV_OK;
}

// ---- Annotations ---------------------------------------------------------------------

function advanceUserTaskBegin(): i32 {
  const id = evA0;
  const ti = tasks.index(<i64> id);
  ensureTask(ti);
  if (taskActive[ti]) return err("task ID conflict: " + id.toString());
  let parent = evA1;
  if (parent == 0) parent = u64.MAX_VALUE; // 0 means no parent, not the background task
  const nameId = evA2;
  let nameGid: u32 = 0;
  if (nameId != 0) {
    nameGid = strings.get(nameId);
    if (nameGid == NONE) {
      return err("invalid string ID " + nameId.toString() + " for " + evType.toString() + " event");
    }
  }
  taskActive[ti] = true;
  taskName[ti] = nameGid;
  taskParent[ti] = parent;
  if (!userGo()) return ADV_ERR;
  push(evType, evA0, parent, evA2, evA3, 0, 0);
  return ADV_OK;
}

function advanceUserTaskEnd(): i32 {
  const ti = tasks.find(<i64> evA0);
  let parent = u64.MAX_VALUE;
  let nameGid: u32 = 0;
  if (ti != NONE && <i32> ti < taskActive.len && taskActive[ti]) {
    parent = taskParent[ti];
    nameGid = taskName[ti];
    taskActive[ti] = false;
  }
  if (!userGo()) return ADV_ERR;
  push(evType, evA0, evA1, evA2, evA3, parent, nameGid);
  return ADV_OK;
}

function regionName(): u32 {
  const nameId = evA1;
  if (nameId == 0) return 0;
  const g = strings.get(nameId);
  if (g == NONE) {
    err("invalid string ID " + nameId.toString() + " for " + evType.toString() + " event");
  }
  return g;
}

function advanceUserRegionBegin(): i32 {
  if (!userGo()) return ADV_ERR;
  const nm = regionName();
  if (nm == NONE) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "encountered EvUserRegionBegin without known state for current goroutine " +
        curG.toString(),
    );
  }
  gSetRegions(gi, regionPush(gRegions(gi), evA0, nm));
  pushEv();
  return ADV_OK;
}

function text(gid: u32): string {
  const start = stringOffsets.get(<i32> gid);
  const end = stringOffsets.get(<i32> gid + 1);
  return String.UTF8.decodeUnsafe(stringBytes.ptr + start, <usize> (end - start));
}

function advanceUserRegionEnd(): i32 {
  if (!userGo()) return ADV_ERR;
  const nm = regionName();
  if (nm == NONE) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "encountered EvUserRegionEnd without known state for current goroutine " + curG.toString(),
    );
  }
  const top = gRegions(gi);
  if (top != -1) {
    const topTask = regionNodeTask(top);
    const topName = regionNodeName(top);
    if (topTask != evA0 || topName != nm) {
      return err(
        "misuse of region in goroutine " + curG.toString() + ": region end {" +
          evA0.toString() + " " + text(nm) +
          "} when the inner-most active region start event is {" +
          topTask.toString() + " " + text(topName) + "}",
      );
    }
    gSetRegions(gi, regionPop(top));
  } else {
    logRegionEnd(curG, evA0, nm);
  }
  pushEv();
  return ADV_OK;
}

function advanceAnnotation(): i32 {
  if (!userGo()) return ADV_ERR;
  pushEv();
  return ADV_OK;
}

function advanceHeapMetric(): i32 {
  if (!validateCtx(Must, Must, May)) return ADV_ERR;
  pushEv();
  return ADV_OK;
}

function advanceAllocFree(): i32 {
  if (!validateCtx(Must, May, May)) return ADV_ERR;
  pushEv();
  return ADV_OK;
}

// ---- GC ---------------------------------------------------------------------------

function advanceGCActive(gen: u64): i32 {
  const seq = evA0;
  if (gen == initialGen) {
    if (gcState != gcUndetermined) {
      return err("GCActive in the first generation isn't first GC event");
    }
    gcSeq = seq;
    gcState = gcRunning;
    pushEv();
    return ADV_OK;
  }
  if (seq != gcSeq + 1) return ADV_NOT_READY;
  if (gcState != gcRunning) return err("encountered GCActive while GC was not in progress");
  gcSeq = seq;
  if (!userGo()) return ADV_ERR;
  pushEv();
  return ADV_OK;
}

function advanceGCBegin(): i32 {
  const seq = evA0;
  if (gcState == gcUndetermined) {
    gcSeq = seq;
    gcState = gcRunning;
    pushEv();
    return ADV_OK;
  }
  if (seq != gcSeq + 1) return ADV_NOT_READY;
  if (gcState == gcRunning) return err("encountered GCBegin while GC was already in progress");
  gcSeq = seq;
  gcState = gcRunning;
  if (!userGo()) return ADV_ERR;
  pushEv();
  return ADV_OK;
}

function advanceGCEnd(): i32 {
  const seq = evA0;
  if (seq != gcSeq + 1) return ADV_NOT_READY;
  if (gcState == gcNotRunning) return err("encountered GCEnd when GC was not in progress");
  if (gcState == gcUndetermined) {
    return err("encountered GCEnd when GC was in an undetermined state");
  }
  gcSeq = seq;
  gcState = gcNotRunning;
  if (!userGo()) return ADV_ERR;
  pushEv();
  return ADV_OK;
}

// ---- Special ranges (Go: rangeState) --------------------------------------------------

/** Go: makeRangeType — an end or active event names its begin event. */
function rangeTypeOf(typ: u8): u8 {
  const s = unchecked(specStart[typ]);
  return s != 0 ? s : typ;
}

/** Go: rangeState.beginRange. Returns the new list head, or -2 on error. */
function beginRange(head: i32, typ: u8, desc: u64, gid: u32): i32 {
  if (rangeHas(head, typ, desc)) {
    err("discovered event already in-flight for when starting event " + specNames[typ]);
    return -2;
  }
  return rangeAppend(head, typ, desc, gid);
}

/** Go: rangeState.activeRange. Returns the new list head, or -2 on error. */
function activeRange(head: i32, typ: u8, initial: bool): i32 {
  if (initial) {
    if (rangeHas(head, typ, 0)) {
      err("found named active range already in first gen: {" + typ.toString() + " 0}");
      return -2;
    }
    return rangeAppend(head, typ, 0, 0);
  }
  if (!rangeHas(head, typ, 0)) {
    err("resource is missing active range: " + specNames[typ] + " " + rangeListText(head));
    return -2;
  }
  return head;
}

/** Go: rangeState.endRange. Returns the new list head, or -2 on error. */
function endRange(head: i32, typ: u8): i32 {
  const st = unchecked(specStart[typ]);
  if (!rangeRemoveFirst(head, st)) {
    err("tried to end event " + specNames[st] + ", but not in-flight");
    return -2;
  }
  endedDescGid = removedGid;
  return newHead;
}

let endedDescGid: u32 = 0;

function advanceGoRangeBegin(): i32 {
  if (!userGo()) return ADV_ERR;
  let desc: u64 = 0;
  let gid: u32 = 0;
  if (evType == EvSTWBegin) {
    desc = evA0;
    // Carry the resolved kind so an STW that spans generations keeps its name.
    const g = strings.get(desc);
    gid = g == NONE ? 0 : g;
  }
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "encountered event of type " + evType.toString() +
        " without known state for current goroutine " + curG.toString(),
    );
  }
  const head = beginRange(gRanges(gi), rangeTypeOf(evType), desc, gid);
  if (head == -2) return ADV_ERR;
  gSetRanges(gi, head);
  pushEv();
  return ADV_OK;
}

function advanceGoRangeActive(gen: u64): i32 {
  const gid = <i64> evA0;
  const gi = findG(gid);
  if (gi == NONE) {
    return err("uninitialized goroutine " + gid.toString() + " found during " + name(evType));
  }
  const head = activeRange(gRanges(gi), rangeTypeOf(evType), gen == initialGen);
  if (head == -2) return ADV_ERR;
  gSetRanges(gi, head);
  pushEv();
  return ADV_OK;
}

function advanceGoRangeEnd(): i32 {
  if (!userGo()) return ADV_ERR;
  const gi = findG(curG);
  if (gi == NONE) {
    return err(
      "encountered event of type " + evType.toString() +
        " without known state for current goroutine " + curG.toString(),
    );
  }
  const head = endRange(gRanges(gi), evType);
  if (head == -2) return ADV_ERR;
  gSetRanges(gi, head);
  push(evType, evA0, evA1, evA2, evA3, 0, evType == EvSTWEnd ? endedDescGid : 0);
  return ADV_OK;
}

function advanceGCSweepBegin(): i32 {
  if (!validateCtx(Must, Must, May)) return ADV_ERR;
  const pi = findP(curP);
  // Go dereferences pStates[curCtx.P] without a check; a missing P is an error here.
  if (pi == NONE) return err("GCSweepBegin for unknown proc " + curP.toString());
  const head = beginRange(pRanges[pi], rangeTypeOf(evType), 0, 0);
  if (head == -2) return ADV_ERR;
  pRanges[pi] = head;
  pushEv();
  return ADV_OK;
}

function advanceGCSweepActive(gen: u64): i32 {
  const pid = <i64> evA0;
  const pi = findP(pid);
  if (pi == NONE) return err("encountered GCSweepActive for unknown proc " + pid.toString());
  const head = activeRange(pRanges[pi], rangeTypeOf(evType), gen == initialGen);
  if (head == -2) return ADV_ERR;
  pRanges[pi] = head;
  pushEv();
  return ADV_OK;
}

function advanceGCSweepEnd(): i32 {
  if (!validateCtx(Must, Must, May)) return ADV_ERR;
  const pi = findP(curP);
  if (pi == NONE) return err("GCSweepEnd for unknown proc " + curP.toString());
  const head = endRange(pRanges[pi], evType);
  if (head == -2) return ADV_ERR;
  pRanges[pi] = head;
  pushEv();
  return ADV_OK;
}

// ---- The fast path ------------------------------------------------------------------

// @inline
function stt(old: u8, nw: u8): u8 {
  return (old << 4) | nw;
}

/**
 * Advances the cursor's event directly when it is one of the common kinds and every
 * check passes: it then does exactly what advance and emitEvent would, and returns true.
 * Otherwise it changes nothing and returns false, and the general path (setEvent,
 * advance) decides, with Go's errors and their order.
 */
export function fastAdvance(c: Cursor, gen: u64): bool {
  const mi = c.mi;
  if (mi == 0 || initialGen == 0 || gen != lastGenValue || genId == 0) return false;
  if (!mExists(mi)) return false;
  const r = mRec(mi);
  const p = load<i64>(r);
  const g = load<i64>(r, 8);
  const typ = c.typ;
  switch (typ) {
    case EvGoStart: {
      if (p == -1 || g != -1) return false;
      const gid = <i64> c.a0;
      const gi = findG(gid);
      if (gi == NONE || gStatus(gi) != GoRunnable || !succeedsG(c.a1, gi)) return false;
      const ctx = mCtx(r, mi, p, g);
      gSetStatus(gi, GoRunning);
      gSetSeqGen(gi, genId);
      gSetSeqN(gi, c.a1);
      mSetG(mi, gid, gi);
      row(typ, c.time, ctx, 0, gi, 0, 0, stt(GoStRunnable, GoStRunning));
      return true;
    }
    case EvGoStop:
    case EvGoBlock: {
      if (p == -1 || g == -1) return false;
      const gi = mG(r, g);
      if (gi == NONE || gStatus(gi) != GoRunning) return false;
      const stack = stackId(c.a1);
      if (stack == NONE) return false;
      const reason = stringId(c.a0);
      if (reason == NONE) return false;
      const ctx = mCtx(r, mi, p, g);
      const stop = typ == EvGoStop;
      gSetStatus(gi, stop ? GoRunnable : GoWaiting);
      mSetG(mi, -1, 0);
      row(
        typ,
        c.time,
        ctx,
        stack,
        gi,
        reason,
        stack,
        stt(GoStRunning, stop ? GoStRunnable : GoStWaiting),
      );
      return true;
    }
    case EvGoUnblock: {
      const gi = findG(<i64> c.a0);
      if (gi == NONE || gStatus(gi) != GoWaiting || !succeedsG(c.a1, gi)) return false;
      const stack = stackId(c.a2);
      if (stack == NONE) return false;
      gSetStatus(gi, GoRunnable);
      gSetSeqGen(gi, genId);
      gSetSeqN(gi, c.a1);
      row(typ, c.time, mCtx(r, mi, p, g), stack, gi, 0, 0, stt(GoStWaiting, GoStRunnable));
      return true;
    }
    case EvGoSyscallBegin: {
      if (p == -1 || g == -1) return false;
      const gi = mG(r, g);
      if (gi == NONE || gStatus(gi) != GoRunning) return false;
      const pi = mP(r, p);
      if (pi == NONE || !succeeds(gen, c.a0, pSeqGen[pi], pSeqN[pi])) return false;
      const stack = stackId(c.a1);
      if (stack == NONE) return false;
      gSetStatus(gi, GoSyscall);
      pStatus[pi] = ProcSyscall;
      pSeqGen[pi] = gen;
      pSeqN[pi] = c.a0;
      row(typ, c.time, mCtx(r, mi, p, g), stack, gi, 0, stack, stt(GoStRunning, GoStSyscall));
      return true;
    }
    case EvGoSyscallEnd: {
      if (p == -1 || g == -1) return false;
      const gi = mG(r, g);
      if (gi == NONE || gStatus(gi) != GoSyscall) return false;
      const pi = mP(r, p);
      if (pi == NONE || pStatus[pi] != ProcSyscall) return false;
      gSetStatus(gi, GoRunning);
      pStatus[pi] = ProcRunning;
      row(typ, c.time, mCtx(r, mi, p, g), 0, gi, 0, 0, stt(GoStSyscall, GoStRunning));
      return true;
    }
    case EvHeapAlloc:
    case EvHeapGoal: {
      if (p == -1) return false;
      const v = c.a0;
      row(typ, c.time, mCtx(r, mi, p, g), 0, <u32> v, <u32> (v >> 32), 0, 0);
      return true;
    }
    case EvUserRegionBegin: {
      if (p == -1 || g == -1) return false;
      const nm = stringId(c.a1);
      if (nm == NONE) return false;
      const gi = mG(r, g);
      if (gi == NONE) return false;
      const stack = stackId(c.a2);
      if (stack == NONE) return false;
      gSetRegions(gi, regionPush(gRegions(gi), c.a0, nm));
      const ctx = mCtx(r, mi, p, g);
      row(typ, c.time, ctx, stack, tasks.index(<i64> c.a0), nm, 0, 0);
      return true;
    }
    case EvUserRegionEnd: {
      if (p == -1 || g == -1) return false;
      const nm = stringId(c.a1);
      if (nm == NONE) return false;
      const gi = mG(r, g);
      if (gi == NONE) return false;
      const top = gRegions(gi);
      if (top != -1 && (regionNodeTask(top) != c.a0 || regionNodeName(top) != nm)) return false;
      const stack = stackId(c.a2);
      if (stack == NONE) return false;
      if (top != -1) gSetRegions(gi, regionPop(top));
      else logRegionEnd(g, c.a0, nm);
      const ctx = mCtx(r, mi, p, g);
      row(typ, c.time, ctx, stack, tasks.index(<i64> c.a0), nm, 0, 0);
      return true;
    }
    case EvGCSweepBegin: {
      if (p == -1) return false;
      const pi = mP(r, p);
      if (pi == NONE) return false;
      const head = pRanges[pi];
      if (rangeHas(head, EvGCSweepBegin, 0)) return false;
      const stack = stackId(c.a0);
      if (stack == NONE) return false;
      pRanges[pi] = rangeAppend(head, EvGCSweepBegin, 0, 0);
      row(typ, c.time, mCtx(r, mi, p, g), stack, 0, 0, 0, 0);
      return true;
    }
    case EvGCSweepEnd: {
      if (p == -1) return false;
      const pi = mP(r, p);
      if (pi == NONE) return false;
      if (!rangeRemoveFirst(pRanges[pi], EvGCSweepBegin)) return false;
      pRanges[pi] = newHead;
      const ctx = mCtx(r, mi, p, g);
      const x = addExtra(c.a0);
      addExtra(c.a1);
      row(typ, c.time, ctx, 0, x, 0, 0, 0);
      return true;
    }
    case EvGoCreate:
    case EvGoCreateBlocked: {
      if (p == -1) return false;
      const ci = mG(r, g);
      if (ci != NONE && gStatus(ci) != GoRunning) return false;
      const newgid = <i64> c.a0;
      if (findG(newgid) != NONE) return false;
      const stack = stackId(c.a2);
      if (stack == NONE) return false;
      const newStack = stackId(c.a1);
      if (newStack == NONE) return false;
      const blocked = typ == EvGoCreateBlocked;
      const gi = createG(newgid, blocked ? GoWaiting : GoRunnable, gen);
      row(
        typ,
        c.time,
        mCtx(r, mi, p, g),
        stack,
        gi,
        0,
        newStack,
        stt(GoStNotExist, blocked ? GoStWaiting : GoStRunnable),
      );
      return true;
    }
    case EvGoDestroy: {
      if (p == -1 || g == -1) return false;
      const gi = mG(r, g);
      if (gi == NONE || gStatus(gi) != GoRunning) return false;
      const ctx = mCtx(r, mi, p, g);
      deleteG(gi);
      mSetG(mi, -1, 0);
      row(typ, c.time, ctx, 0, gi, 0, 0, stt(GoStRunning, GoStNotExist));
      return true;
    }
  }
  return false;
}

/** findG of the M's goroutine g (record r), through the record's cached index. */
// @inline
function mG(r: usize, g: i64): u32 {
  let i = load<u32>(r, 16);
  if (i == NONE) {
    i = goroutines.find(g);
    store<u32>(r, i, 16);
  }
  if (i == NONE || <i32> i >= gCount || !gExists(i)) return NONE;
  return i;
}

/** findP of the M's proc p (record r), through the record's cached index. */
// @inline
function mP(r: usize, p: i64): u32 {
  let i = load<u32>(r, 24);
  if (i == NONE) {
    i = procs.find(p);
    store<u32>(r, i, 24);
  }
  if (i == NONE || <i32> i >= pExists.len || !pExists[i]) return NONE;
  return i;
}

/** Context index of the M's current (M, P, G) (record r), cached in the record. */
// @inline
function mCtx(r: usize, mi: u32, p: i64, g: i64): u32 {
  let c = load<u32>(r, 20);
  if (c == NONE) c = mCtxMiss(r, mi, p, g);
  return c;
}

function mCtxMiss(r: usize, mi: u32, p: i64, g: i64): u32 {
  let gi: u32 = 0;
  if (g != -1) {
    gi = load<u32>(r, 16);
    if (gi == NONE) gi = goroutines.index(g);
  }
  let pi: u32 = 0;
  if (p != -1) {
    pi = load<u32>(r, 24);
    if (pi == NONE) pi = procs.index(p);
  }
  const c = ctxOfIndexes(mi, pi, gi);
  store<u32>(r, c, 20);
  return c;
}

// ---- Saving between generations (v2/snapshot.ts) -----------------------------------

/**
 * Saves what Go's ordering carries from one generation to the next: goroutine, proc
 * and thread states, in-flight ranges and regions, active tasks, the GC state. The id
 * tables (resources, strings, stacks) are not saved: they only grow, and re-decoding a
 * generation finds its ids in them.
 */
export function saveOrder(): void {
  putI32(traceVersion);
  putU64(gcSeq);
  putU8(gcState);
  putU64(initialGen);
  putU64(lastGenValue);
  putU32(genId);
  saveGStates();
  saveLists();
  putVec<bool>(pExists);
  putVec<u8>(pStatus);
  putVec<u64>(pSeqGen);
  putVec<u64>(pSeqN);
  putVec<i32>(pRanges);
  putI32(mCount);
  putVec<u64>(mStates);
  putVec<u32>(mList);
  // Active tasks only: ended ones are never looked up again.
  let n: u32 = 0;
  for (let i = 0; i < taskActive.len; i++) if (taskActive[i]) n++;
  putI32(taskActive.len);
  putU32(n);
  for (let i = 0; i < taskActive.len; i++) {
    if (!taskActive[i]) continue;
    putU32(<u32> i);
    putU32(taskName[i]);
    putU64(taskParent[i]);
  }
}

export function loadOrder(): void {
  traceVersion = getI32();
  gcSeq = getU64();
  gcState = getU8();
  initialGen = getU64();
  lastGenValue = getU64();
  genId = getU32();
  loadGStates();
  loadLists();
  getVec<bool>(pExists);
  getVec<u8>(pStatus);
  getVec<u64>(pSeqGen);
  getVec<u64>(pSeqN);
  getVec<i32>(pRanges);
  mCount = getI32();
  getVec<u64>(mStates);
  getVec<u32>(mList);
  const len = getI32();
  for (let i = 0; i < taskActive.len; i++) taskActive[i] = false;
  if (len > 0) ensureTask(<u32> (len - 1));
  const n = getU32();
  for (let k: u32 = 0; k < n; k++) {
    const i = <i32> getU32();
    taskActive[i] = true;
    taskName[i] = getU32();
    taskParent[i] = getU64();
  }
  curM = -1;
  curMi = 0;
  curCtx = NONE;
  emitFailed = false;
}

// ---- Canonical state (v2/canon.ts) ---------------------------------------------------

/**
 * The ordering state in a form that does not depend on the decoder's own indexes (Go
 * ids, string bytes, sequence numbers only where current), so two decoders that read
 * different parts of a trace can tell whether they reached the same state. Three parts,
 * each preceded by its length: the state proper; goroutines' region stacks; active
 * tasks. Written to util/snapshot.ts's buffer.
 */
export function canonOrder(): void {
  const mainAt = beginPart();
  putU64(gcSeq);
  putU8(gcState);
  putU64(lastGenValue);
  // Goroutines that exist, by Go id.
  const gs = sortedLive(true);
  putI32(gs.length);
  for (let k = 0; k < gs.length; k++) {
    const gi = <u32> unchecked(gs[k]);
    putI64(goroutines.id(gi));
    putU8(gStatus(gi));
    putU64(gSeqGen(gi) == genId ? gSeqN(gi) : u64.MAX_VALUE);
    putRanges(gRanges(gi));
  }
  // Procs that exist, by id.
  const ps = sortedLive(false);
  putI32(ps.length);
  for (let k = 0; k < ps.length; k++) {
    const pi = unchecked(ps[k]);
    putI64(procs.id(<u32> pi));
    putU8(pStatus[pi]);
    putU64(pSeqGen[pi] == lastGenValue ? pSeqN[pi] : u64.MAX_VALUE);
    putRanges(pRanges[pi]);
  }
  // Threads with state, by id.
  const n = mList.len;
  const ids = new StaticArray<i64>(n);
  const order = new StaticArray<i32>(n);
  let live = 0;
  for (let k = 0; k < n; k++) {
    const mi = mList[k];
    // A thread with no proc and no goroutine is what an unknown one becomes (advance).
    if (!mExists(mi) || (mGetP(mi) == -1 && mGetG(mi) == -1)) continue;
    unchecked(ids[live] = threads.id(mi));
    unchecked(order[live] = <i32> mi);
    live++;
  }
  sortIndicesByKeyFrom(order, ids, live);
  putI32(live);
  for (let k = 0; k < live; k++) {
    const mi = <u32> unchecked(order[k]);
    putI64(threads.id(mi));
    putI64(mGetP(mi));
    putI64(mGetG(mi));
  }
  endPart(mainAt);
  // Region stacks of the goroutines above, top first.
  const regionsAt = beginPart();
  putI32(gs.length);
  for (let k = 0; k < gs.length; k++) {
    const gi = <u32> unchecked(gs[k]);
    putI64(goroutines.id(gi));
    let depth = 0;
    for (let r = gRegions(gi); r != -1; r = regionNodeNext(r)) depth++;
    putI32(depth);
    for (let r = gRegions(gi); r != -1; r = regionNodeNext(r)) {
      putU64(regionNodeTask(r));
      putStringBytes(regionNodeName(r));
    }
  }
  endPart(regionsAt);
  // Active tasks, by id.
  const tasksAt = beginPart();
  let nt = 0;
  for (let i = 0; i < taskActive.len; i++) if (taskActive[i]) nt++;
  const tids = new StaticArray<i64>(nt);
  const torder = new StaticArray<i32>(nt);
  let t = 0;
  for (let i = 0; i < taskActive.len; i++) {
    if (!taskActive[i]) continue;
    unchecked(tids[t] = tasks.id(<u32> i));
    unchecked(torder[t] = i);
    t++;
  }
  sortIndicesByKeyFrom(torder, tids, nt);
  putI32(nt);
  for (let k = 0; k < nt; k++) {
    const ti = unchecked(torder[k]);
    putI64(tasks.id(<u32> ti));
    putStringBytes(taskName[ti]);
    putU64(taskParent[ti]);
  }
  endPart(tasksAt);
}

function beginPart(): i32 {
  putI32(0);
  return outLen() - 4;
}

function endPart(at: i32): void {
  patchI32(at, outLen() - at - 4);
}

// Live goroutine (or proc) indexes, sorted by their Go ids.
function sortedLive(goroutine: bool): StaticArray<i32> {
  let n = 0;
  const count = goroutine ? gCount : pExists.len;
  for (let i = 0; i < count; i++) {
    if (goroutine ? gExists(<u32> i) : pExists[i]) n++;
  }
  const ids = new StaticArray<i64>(n);
  const order = new StaticArray<i32>(n);
  let k = 0;
  for (let i = 0; i < count; i++) {
    if (!(goroutine ? gExists(<u32> i) : pExists[i])) continue;
    unchecked(ids[k] = goroutine ? goroutines.id(<u32> i) : procs.id(<u32> i));
    unchecked(order[k] = i);
    k++;
  }
  sortIndicesByKeyFrom(order, ids, n);
  return order;
}

/** Sorts order[0..n) (indexes) by ids[0..n) (given in the same positions). */
function sortIndicesByKeyFrom(order: StaticArray<i32>, ids: StaticArray<i64>, n: i32): void {
  // The ids are distinct, so any sort gives one order: insertion-free merge via a key
  // array indexed by position.
  const pos = new StaticArray<i32>(n);
  for (let k = 0; k < n; k++) unchecked(pos[k] = k);
  sortIndicesByKey(pos, n, ids);
  const copy = new StaticArray<i32>(n);
  for (let k = 0; k < n; k++) unchecked(copy[k] = order[unchecked(pos[k])]);
  for (let k = 0; k < n; k++) unchecked(order[k] = copy[k]);
}

function putRanges(head: i32): void {
  let n = 0;
  for (let r = head; r != -1; r = rangeNodeNext(r)) n++;
  putI32(n);
  for (let r = head; r != -1; r = rangeNodeNext(r)) {
    putU8(rangeNodeTyp(r));
    putU64(rangeNodeDesc(r));
    putStringBytes(rangeNodeGid(r));
  }
}

function putStringBytes(id: u32): void {
  const a = stringOffsets.get(<i32> id), b = stringOffsets.get(<i32> id + 1);
  putU32(b - a);
  putBytes(stringBytes.ptr + <usize> a, <usize> (b - a));
}

// ---- Region ends with no region known (v2/canon.ts) -----------------------------------

/**
 * When set, region ends met with an empty region stack after the first generation are
 * logged (Go id, task, name): a decoder that began mid-trace cannot know the regions
 * begun before, and the one that read the trace from its start checks that they match
 * its stacks (decoder.ts, parallel first pass).
 */
export let logRegionEnds = false;
const rlG = new Vec<i64>();
const rlTask = new Vec<u64>();
const rlName = new Vec<u32>();

export function setLogRegionEnds(on: bool): void {
  logRegionEnds = on;
  rlG.clear();
  rlTask.clear();
  rlName.clear();
}

function logRegionEnd(g: i64, task: u64, name: u32): void {
  if (!logRegionEnds || lastGenValue == initialGen) return;
  rlG.push(g);
  rlTask.push(task);
  rlName.push(name);
}

/** Writes the log: count, then (Go id, task, name bytes) each. */
export function putRegionEndLog(): void {
  putI32(rlG.len);
  for (let k = 0; k < rlG.len; k++) {
    putI64(rlG[k]);
    putU64(rlTask[k]);
    putStringBytes(rlName[k]);
  }
}
