// Emission of v2 events into the event table: Go's deferred checks in ReadEvent (table
// ids must resolve in the event's generation, times strictly increase), then the row.
// The ordering engine calls emitEvent as it accepts events, in Go's queue order.

import { fail } from "../util/error";
import { NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { addExtra, emit, expBase, expData as expArena, totalRows } from "../table/events";
import { getI32, getI64, putI32, putI64 } from "../util/snapshot";
import {
  GoStNotExist,
  GoStRunnable,
  GoStRunning,
  GoStSyscall,
  GoStWaiting,
  ProcStIdle,
  ProcStRunning,
  ProcSyscallAbandoned,
  SYNC_TYPE,
} from "../format";
import {
  ctxAppend,
  ctxHashAdd,
  ctxIndex,
  ctxM,
  ctxP,
  goroutines,
  hashAllContexts,
  procs,
  tasks,
  threads,
} from "../table/resources";
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
import { ensureG, gCount, gRec, NO_CTX_KEY } from "./gstate";
import { beginStack, internPendingStack } from "../table/stacks";

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
  mCtx.clear();
  mCtxCount = 0;
  ctxNext.clear();
  replay = false;
}

/**
 * Re-decoding generations: contexts are looked up in the hash index of all contexts
 * (table/resources.ts hashAllContexts), not in the per-goroutine lists, which only
 * describe the state at the end of the first pass.
 */
export let replay = false;

export function enterReplay(): void {
  replay = true;
  hashAllContexts();
}

export function saveEmit(): void {
  putI64(lastTs);
  putI32(validEvents);
}

export function loadEmit(): void {
  lastTs = getI64();
  validEvents = getI32();
  mCtx.clear(); // a cache: emptied, it refills from the hash index
  mCtxCount = 0;
}

// @inline
function bump(t: i64): i64 {
  if (t <= lastTs) t = lastTs + 1;
  lastTs = t;
  return t;
}

/** Appends an event whose table ids are already checked, at time t (made increasing). */
// @inline
export function row(
  typ: u8,
  t: i64,
  ctx: u32,
  stack: u32,
  c0: u32,
  c1: u32,
  c2: u32,
  state: u8,
): void {
  emit(typ, bump(t), ctx, stack, c0, c1, c2, state);
}

/** Global id of a stack id of the current generation (0 stays 0; NONE if unknown). */
// @inline
export function stackId(id: u64): u32 {
  return id == 0 ? 0 : stacks.get(id);
}

/** Global id of a string id of the current generation (0 stays 0; NONE if unknown). */
// @inline
export function stringId(id: u64): u32 {
  return id == 0 ? 0 : strings.get(id);
}

// ---- Contexts ---------------------------------------------------------------------

// Per-M context cache, 32 bytes per M index: @0 P id i64, @8 G id i64, @16 ctx u32 (the
// context of that pair, NONE = empty), @20 P index u32 and @24 ctx u32 of the M's last
// context without a goroutine (NONE = empty). Events on a thread alternate between "no
// goroutine" (GoStart) and the running goroutine, whose own record caches its context.
const mCtx = new Vec<u64>();
let mCtxCount: i32 = 0;

function growMCtx(mi: u32): void {
  const n = <i32> mi + 1;
  mCtx.reserve(n * 4);
  for (let k = mCtxCount; k < n; k++) {
    const r = mCtx.ptr + (<usize> k << 5);
    store<u32>(r, NONE, 16);
    store<u32>(r, NONE, 24);
  }
  mCtx.len = n * 4;
  mCtxCount = n;
}

/** Context index of (M index, P id, G id). */
export function ctxOf(mi: u32, p: i64, g: i64): u32 {
  if (<i32> mi >= mCtxCount) growMCtx(mi);
  const r = mCtx.ptr + (<usize> mi << 5);
  if (load<i64>(r) == p && load<i64>(r, 8) == g && load<u32>(r, 16) != NONE) {
    return load<u32>(r, 16);
  }
  const c = ctxMiss(mi, p, g, r);
  store<i64>(r, p);
  store<i64>(r, g, 8);
  store<u32>(r, c, 16);
  return c;
}

function ctxMiss(mi: u32, p: i64, g: i64, r: usize): u32 {
  const pi = p == -1 ? 0 : procs.index(p);
  if (g != -1) return ctxLookup(mi, pi, goroutines.index(g));
  return ctxNoG(mi, pi, r);
}

/** Context index of (M, P, none), through the M's cache of its last such context. */
function ctxNoG(mi: u32, pi: u32, r: usize): u32 {
  if (load<u32>(r, 24) != NONE && load<u32>(r, 20) == pi) return load<u32>(r, 24);
  const c = ctxIndex(mi, pi, 0);
  store<u32>(r, pi, 20);
  store<u32>(r, c, 24);
  return c;
}

/** Context index of (M, P, G) given as resource indexes. */
export function ctxOfIndexes(mi: u32, pi: u32, gi: u32): u32 {
  if (gi != 0) return ctxLookup(mi, pi, gi);
  if (<i32> mi >= mCtxCount) growMCtx(mi);
  return ctxNoG(mi, pi, mCtx.ptr + (<usize> mi << 5));
}

/**
 * Context index of (M, P, G) indexes, G not none. Each goroutine's contexts form a
 * circular list (ctxNext) reached from its state record, which also caches the last one
 * used: a goroutine usually runs in one or two contexts, so this costs no hashing and
 * touches no random memory. A goroutine with more than CIRCLE_MAX contexts has them all
 * put in the hash index instead, which bounds the walks on hostile input.
 */
function ctxLookup(mi: u32, pi: u32, gi: u32): u32 {
  if (<i32> gi >= gCount) ensureG(gi);
  const rec = gRec(gi);
  const key = mi < 0xffff && pi < 0xffff ? (mi << 16) | pi : NO_CTX_KEY;
  const cached = load<u32>(rec, 20);
  if (key != NO_CTX_KEY && load<u32>(rec, 24) == key) return cached;
  let c: u32;
  if (replay) {
    // Decoding again: every context exists, in the hash index; the record caches it.
    c = ctxIndex(mi, pi, gi);
  } else if (cached == NONE) {
    c = ctxAppend(mi, pi, gi);
    setCtxNext(c, c);
    store<u8>(rec, 1, 31);
  } else if (load<u8>(rec, 30) != 0) {
    c = ctxIndex(mi, pi, gi);
  } else {
    c = cached;
    do {
      if (ctxM.get(<i32> c) == mi && ctxP.get(<i32> c) == pi) break;
      c = ctxNext.get(<i32> c);
    } while (c != cached);
    if (c == cached && !(ctxM.get(<i32> c) == mi && ctxP.get(<i32> c) == pi)) {
      c = ctxAppend(mi, pi, gi);
      setCtxNext(c, ctxNext.get(<i32> cached));
      ctxNext.set(<i32> cached, c);
      const size = <u32> load<u8>(rec, 31) + 1;
      store<u8>(rec, <u8> size, 31);
      if (size > CIRCLE_MAX) {
        store<u8>(rec, 1, 30);
        let k = c;
        do {
          ctxHashAdd(k);
          k = ctxNext.get(<i32> k);
        } while (k != c);
      }
    }
  }
  store<u32>(rec, c, 20);
  store<u32>(rec, key, 24);
  return c;
}

const CIRCLE_MAX: u32 = 8;
/** Next context of the same goroutine (circular), for contexts with a goroutine. */
const ctxNext = new Vec<u32>();

function setCtxNext(c: u32, next: u32): void {
  if (<i32> c >= ctxNext.len) {
    ctxNext.reserve(<i32> c + 1);
    ctxNext.len = <i32> c + 1;
  }
  ctxNext.set(<i32> c, next);
}

// ---- Table ids ----------------------------------------------------------------------

// @inline
function str(id: u64): u32 {
  return id == 0 ? 0 : strings.get(id);
}

// @inline
function stk(id: u64): u32 {
  return id == 0 ? 0 : stacks.get(id);
}

// Arguments of the event being emitted, by Go's 1-based position in spec.Args.
let e0: u64 = 0;
let e1: u64 = 0;
let e2: u64 = 0;
let e3: u64 = 0;
let ePos: i64 = 0;

// @inline
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

// @inline
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
      c0 = <u32> a0;
      c1 = <u32> (a0 >> 32);
      break;
    case S.EvProcStart:
      c0 = procs.index(<i64> a0);
      state = st(ProcStIdle, ProcStRunning);
      break;
    case S.EvProcStop:
      c0 = procs.index(p);
      state = st(ProcStRunning, ProcStIdle);
      break;
    case S.EvProcSteal:
      c0 = procs.index(<i64> a0);
      state = st(x0 == <u64> ProcSyscallAbandoned ? ProcStIdle : ProcStRunning, ProcStIdle);
      break;
    case S.EvProcStatus:
      c0 = procs.index(<i64> a0);
      state = st(<u8> x0, procStatusToState(<u8> a1));
      break;
    case S.EvGoCreate:
    case S.EvGoCreateBlocked:
      c0 = goroutines.index(<i64> a0);
      c2 = stk(a1);
      state = st(GoStNotExist, typ == S.EvGoCreate ? GoStRunnable : GoStWaiting);
      break;
    case S.EvGoCreateSyscall:
      c0 = goroutines.index(<i64> a0);
      state = st(GoStNotExist, GoStSyscall);
      break;
    case S.EvGoStart:
      c0 = goroutines.index(<i64> a0);
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
      c0 = goroutines.index(<i64> a0);
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
      c0 = goroutines.index(<i64> a0);
      c2 = stack;
      state = st(<u8> (a2 >> 32), goStatusToState(<u8> a2));
      break;
    case S.EvSTWBegin:
      c0 = str(a0);
      break;
    case S.EvSTWEnd:
      c0 = x1;
      break;
    case S.EvGCSweepActive:
      c0 = procs.index(<i64> a0);
      break;
    case S.EvGCSweepEnd:
      c0 = addExtra(a0);
      addExtra(a1);
      break;
    case S.EvGCMarkAssistActive:
      c0 = goroutines.index(<i64> a0);
      break;
    case S.EvGoLabel:
      c0 = str(a0);
      break;
    case S.EvUserTaskBegin:
      c0 = tasks.index(<i64> a0);
      c1 = tasks.index(<i64> a1);
      c2 = str(a2);
      break;
    case S.EvUserTaskEnd:
      c0 = tasks.index(<i64> a0);
      c1 = tasks.index(<i64> x0);
      c2 = x1;
      break;
    case S.EvUserRegionBegin:
    case S.EvUserRegionEnd:
      c0 = tasks.index(<i64> a0);
      c1 = str(a1);
      break;
    case S.EvUserLog:
      c0 = tasks.index(<i64> a0);
      c1 = str(a1);
      c2 = str(a2);
      break;
    default:
      if (typ >= S.EvSpan) {
        const n = <i32> unchecked(S.specArgs[typ]) - 1;
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
    addExtra(<u64> toNs(snapTime));
    addExtra(snapMono);
    addExtra(snapSec);
    addExtra(snapNsec);
    addExtra(<u64> expId.len);
    for (let i = 0; i < expId.len; i++) {
      const start = expData.get(i);
      const len = <i32> (expEnd.get(i) - start);
      const off = expArena.len;
      expArena.reserve(off + len);
      memory.copy(expArena.ptr + <usize> off, start, <usize> len);
      expArena.len = off + len;
      addExtra(<u64> expId.get(i));
      addExtra(<u64> expM.get(i));
      addExtra(<u64> (<i64> off + expBase)); // global offset: blocks hand the arena out in parts
      addExtra(<u64> len);
    }
  }
  emit(SYNC_TYPE, bump(t), ctxOf(0, -1, -1), 0, <u32> n, info, 0, 0);
  validEvents = <i32> totalRows();
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
