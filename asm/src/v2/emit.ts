// Emission of v2 events into the event table: Go's deferred checks in ReadEvent (table
// ids must resolve in the event's generation, times strictly increase), then the row.
// The ordering engine calls emitEvent as it accepts events, in Go's queue order.

import { fail } from "../util/error";
import { NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { addExtra, emit, eventCount, expData as expArena, SYNC_TYPE } from "../table/events";
import { ctxIndex, goroutines, procs, tasks, threads } from "../table/resources";
import {
  expData,
  expEnd,
  expId,
  expM,
  hasClockSnapshot,
  sampleG,
  sampleM,
  sampleP,
  sampleStack,
  sampleTime,
  snapMono,
  snapNsec,
  snapSec,
  snapTime,
  stacks,
  strings,
  toNs,
} from "./generation";
import * as S from "./specs";
import { beginStack, internPendingStack } from "../table/stacks";

// Go API states (trace.GoState / trace.ProcState) and the wire statuses used here.
const GoStNotExist: u8 = 1;
const GoStRunnable: u8 = 2;
const GoStRunning: u8 = 3;
const GoStWaiting: u8 = 4;
const GoStSyscall: u8 = 5;
const ProcStIdle: u8 = 3;
const ProcStRunning: u8 = 2;
const ProcSyscallAbandoned: u8 = 4;

/** Go: tracev2GoStatus2GoState. */
export function goStatusToState(s: u8): u8 {
  if (s == 1) return GoStRunnable;
  if (s == 2) return GoStRunning;
  if (s == 3) return GoStSyscall;
  if (s == 4) return GoStWaiting;
  return 0;
}

/** Go: tracev2ProcStatus2ProcState (Syscall → Running, SyscallAbandoned → Idle). */
export function procStatusToState(s: u8): u8 {
  if (s == 1 || s == 3) return ProcStRunning;
  if (s == 2 || s == 4) return ProcStIdle;
  return 0;
}

export let lastTs: i64 = 0;
/** Events up to and including the last Sync (cmd/trace keeps these on error). */
export let validEvents: i32 = 0;

export function setLastTs(t: i64): void {
  lastTs = t;
}

export function resetEmit(): void {
  lastTs = 0;
  validEvents = 0;
  ctxCacheIdx.clear();
  ctxCacheP.clear();
  ctxCacheG.clear();
}

// @ts-ignore: decorator
@inline
function bump(t: i64): i64 {
  if (t <= lastTs) t = lastTs + 1;
  lastTs = t;
  return t;
}

// ---- Contexts ---------------------------------------------------------------------

// The context index per M for the last two (P, G) pairs it had: events on a thread
// alternate between "no goroutine" (GoStart) and the running goroutine.
const ctxCacheP = new Vec<i64>(); // 2 entries per M
const ctxCacheG = new Vec<i64>();
const ctxCacheIdx = new Vec<u32>();

/** Context index of (M index, P id, G id). */
export function ctxOf(mi: u32, p: i64, g: i64): u32 {
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
  if (c1 != NONE && ctxCacheP[k + 1] == p && ctxCacheG[k + 1] == g) {
    // Swap so the most recent pair is in slot 0.
    ctxCacheP[k + 1] = ctxCacheP[k];
    ctxCacheG[k + 1] = ctxCacheG[k];
    ctxCacheIdx[k + 1] = c0;
    ctxCacheP[k] = p;
    ctxCacheG[k] = g;
    ctxCacheIdx[k] = c1;
    return c1;
  }
  const idx = ctxIndex(mi, procs.index(p), goroutines.index(g));
  ctxCacheP[k + 1] = ctxCacheP[k];
  ctxCacheG[k + 1] = ctxCacheG[k];
  ctxCacheIdx[k + 1] = c0;
  ctxCacheP[k] = p;
  ctxCacheG[k] = g;
  ctxCacheIdx[k] = idx;
  return idx;
}

// ---- Table ids ----------------------------------------------------------------------

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

// Arguments of the event being emitted, by Go's 1-based position in spec.Args.
let e0: u64 = 0;
let e1: u64 = 0;
let e2: u64 = 0;
let e3: u64 = 0;
let ePos: i64 = 0;

// @ts-ignore: decorator
@inline
function argAt(pos: u8): u64 {
  if (pos == 1) return e0;
  if (pos == 2) return e1;
  if (pos == 3) return e2;
  return e3;
}

// The main stack's global id, found while validating.
let mainStack: u32 = 0;

/** Go: Event.validateTableIDs. */
function validateIds(typ: u8): bool {
  mainStack = 0;
  const st0 = unchecked(S.specStack0[typ]);
  if (st0 != 0) {
    mainStack = stk(argAt(st0));
    if (mainStack == NONE) return badId("stack", argAt(st0), typ);
    const st1 = unchecked(S.specStack1[typ]);
    if (st1 != 0 && stk(argAt(st1)) == NONE) return badId("stack", argAt(st1), typ);
  }
  const s0 = unchecked(S.specStr0[typ]);
  if (s0 != 0) {
    if (str(argAt(s0)) == NONE) return badId("string", argAt(s0), typ);
    const s1 = unchecked(S.specStr1[typ]);
    if (s1 != 0 && str(argAt(s1)) == NONE) return badId("string", argAt(s1), typ);
  }
  return true;
}

function badId(what: string, id: u64, typ: u8): bool {
  return fail(
    "found invalid " + what + " ID " + id.toString() + " for event " + S.specNames[typ],
    ePos,
  );
}

// @ts-ignore: decorator
@inline
function st(old: u8, nw: u8): u8 {
  return (old << 4) | nw;
}

/**
 * Emits one ordered event. `ctx` is its context index; `p`, `g` its context P and G ids
 * (some types take their resource from the context). `x0`/`x1` carry what Go smuggles
 * into events: old states, a TaskEnd's parent and type, an STWEnd's kind.
 * Returns false (error recorded) when a table id does not resolve.
 */
export function emitEvent(
  typ: u8,
  time: i64,
  ctx: u32,
  p: i64,
  g: i64,
  a0: u64,
  a1: u64,
  a2: u64,
  a3: u64,
  x0: u64,
  x1: u32,
  pos: i64,
): bool {
  e0 = a0;
  e1 = a1;
  e2 = a2;
  e3 = a3;
  ePos = pos;
  if (!validateIds(typ)) return false;
  const t = bump(time);
  const stack = mainStack;
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
      c0 = procs.index(p);
      state = st(ProcStRunning, ProcStIdle);
      break;
    case S.EvProcSteal:
      c0 = procs.index(<i64>a0);
      state = st(x0 == <u64>ProcSyscallAbandoned ? ProcStIdle : ProcStRunning, ProcStIdle);
      break;
    case S.EvProcStatus:
      c0 = procs.index(<i64>a0);
      state = st(<u8>x0, procStatusToState(<u8>a1));
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
      c0 = goroutines.index(g);
      state = st(GoStRunning, GoStNotExist);
      break;
    case S.EvGoDestroySyscall:
      c0 = goroutines.index(g);
      state = st(GoStSyscall, GoStNotExist);
      break;
    case S.EvGoStop:
    case S.EvGoBlock:
      c0 = goroutines.index(g);
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
      c0 = goroutines.index(g);
      c2 = stack;
      state = st(GoStRunning, GoStSyscall);
      break;
    case S.EvGoSyscallEnd:
      c0 = goroutines.index(g);
      state = st(GoStSyscall, GoStRunning);
      break;
    case S.EvGoSyscallEndBlocked:
      c0 = goroutines.index(g);
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
      c0 = x1;
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
      c1 = tasks.index(<i64>x0);
      c2 = x1;
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
        if (n > 3) addExtra(a3);
      }
  }
  emit(typ, t, ctx, stack, c0, c1, c2, state);
  return true;
}

/** A Sync event: N-th, at time t; with the generation's clock snapshot and experiment data. */
export function emitSync(t: i64, n: i64, withTable: bool): void {
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
  emit(SYNC_TYPE, bump(t), ctxOf(0, -1, -1), 0, <u32>n, info, 0, 0);
  validEvents = eventCount();
}

/** The global id of the empty stack (a real stack with no frames, not "no stack"). */
function emptyStack(): u32 {
  beginStack();
  return internPendingStack();
}

/** A CPU sample of the current generation (index into the sample vectors). */
export function emitSample(s: i32): bool {
  const id = sampleStack.get(s);
  // Go's CPU sample stack is a handle even for id 0, so it prints an empty "Stack=".
  let stack: u32 = emptyStack();
  if (id != 0) {
    stack = stacks.get(id);
    if (stack == NONE) {
      // Go does not check this and panics when printing the sample; we refuse it.
      return fail("found invalid stack ID " + id.toString() + " for CPU sample", -1);
    }
  }
  const ctx = ctxOf(threads.index(sampleM.get(s)), sampleP.get(s), sampleG.get(s));
  emit(S.EvCPUSample, bump(sampleTime.get(s)), ctx, stack, 0, 0, 0, 0);
  return true;
}
