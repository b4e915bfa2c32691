// Consistency checks over the merged v1 stream (Go: postProcessTrace), with Go's error
// wording: a P runs one goroutine at a time, a goroutine is blocked before it is
// unblocked, GC and STW phases alternate, regions nest. Along the way unblocks of
// goroutines that blocked on the network move to the netpoll P, GC starts move to the GC
// P, and stack ids that name no (or an empty) stack become 0.

import { fail } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { merged } from "./merge";
import {
  recA0,
  recA1,
  recA2,
  recG,
  recP,
  recPos,
  recStk,
  recTs,
  recType,
  setRecP,
  setRecStk,
} from "./record";
import * as S from "./specs";
import { stackExists } from "./tables";

const gDead: u8 = 0;
const gRunnable: u8 = 1;
const gRunning: u8 = 2;
const gWaiting: u8 = 3;

// Goroutines (Go: map[uint64]gdesc). Only state, the type of the last event that set
// g.ev (0: none) and whether a mark assist is open matter to the checks. An entry exists
// once Go would have written it back to its map.
const gIndex = new IdMap(S.DENSE_IDS);
const gState = new Vec<u8>();
const gLastEv = new Vec<u8>();
const gAssist = new Vec<bool>();

// Ps (Go: map[int32]pdesc).
const pIndex = new IdMap(1 << 16);
const pRunning = new Vec<bool>();
const pG = new Vec<u64>();
const pSweep = new Vec<bool>();

// Open regions per goroutine (Go: activeRegions), as linked stacks: per goroutine the
// innermost open region (-1: none); per region its start event and the region below.
const regionIndex = new IdMap(S.DENSE_IDS);
const regionTop = new Vec<i32>();
const regionEv = new Vec<i32>();
const regionPrev = new Vec<i32>();

// Live tasks: task id → slot; the creating event, or -1 once ended.
const taskIndex = new IdMap(S.DENSE_IDS);
const taskEv = new Vec<i32>();

let inGC = false;
let inSTW = false;
let next = 0;

export function resetValidate(): void {
  gIndex.clear();
  gState.clear();
  gLastEv.clear();
  gAssist.clear();
  pIndex.clear();
  pRunning.clear();
  pG.clear();
  pSweep.clear();
  regionIndex.clear();
  regionTop.clear();
  regionEv.clear();
  regionPrev.clear();
  taskIndex.clear();
  taskEv.clear();
  inGC = false;
  inSTW = false;
  next = 0;
  gSlot(0);
  gState[0] = gRunning; // Go: gs[0] = gdesc{state: gRunning}
}

/** Slot of goroutine g, creating its entry (Go's write-back) if needed. */
function gSlot(g: u64): i32 {
  const i = gIndex.get(g);
  if (i != NONE) return <i32> i;
  const k = gState.push(gDead);
  gLastEv.push(0);
  gAssist.push(false);
  gIndex.set(g, <u32> k);
  return k;
}

/** State of g without creating an entry (absent: dead). */
function stateOf(g: u64): u8 {
  const i = gIndex.get(g);
  return i == NONE ? gDead : gState[<i32> i];
}

function pSlot(p: i32): i32 {
  const i = pIndex.get(<u64> <i64> p);
  if (i != NONE) return <i32> i;
  const k = pRunning.push(false);
  pG.push(0);
  pSweep.push(false);
  pIndex.set(<u64> <i64> p, <u32> k);
  return k;
}

export const VALIDATE_MORE: i32 = 0;
export const VALIDATE_DONE: i32 = 1;
export const VALIDATE_ERR: i32 = 2;

/** Checks up to `budget` more events. */
export function validateStep(budget: i32): i32 {
  const end = min(merged.len, next + budget);
  for (; next < end; next++) {
    const r = merged.at(next);
    if (!check(next, r)) return VALIDATE_ERR;
    const stk = recStk(r);
    if (stk != 0 && !stackExists(stk)) setRecStk(r, 0);
  }
  return next == merged.len ? VALIDATE_DONE : VALIDATE_MORE;
}

function err(r: usize, msg: string): bool {
  return fail(msg + " (time " + recTs(r).toString() + ")", recPos(r));
}

// Go's checkRunning: g runs, on this P, and is not g 0 (unless allowed).
function checkRunning(r: usize, allowG0: bool): bool {
  const g = recG(r);
  const name = S.v1Names[recType(r)];
  if (stateOf(g) != gRunning) return err(r, "g " + g.toString() + " is not running while " + name);
  if (pG[pSlot(recP(r))] != g) {
    return err(
      r,
      "p " + recP(r).toString() + " is not running g " + g.toString() + " while " + name,
    );
  }
  if (!allowG0 && g == 0) return err(r, "g 0 did " + name);
  return true;
}

function check(i: i32, r: usize): bool {
  const typ = recType(r);
  const g = recG(r);
  switch (typ) {
    case S.EvProcStart: {
      const p = pSlot(recP(r));
      if (pRunning[p]) return err(r, "p " + recP(r).toString() + " is running before start");
      pRunning[p] = true;
      return true;
    }
    case S.EvProcStop: {
      const p = pSlot(recP(r));
      if (!pRunning[p]) return err(r, "p " + recP(r).toString() + " is not running before stop");
      if (pG[p] != 0) {
        return err(
          r,
          "p " + recP(r).toString() + " is running a goroutine " + pG[p].toString() +
            " during stop",
        );
      }
      pRunning[p] = false;
      return true;
    }
    case S.EvGCStart:
      if (inGC) return err(r, "previous GC is not ended before a new one");
      inGC = true;
      setRecP(r, S.GCP); // attributed to the global GC state
      return true;
    case S.EvGCDone:
      if (!inGC) return err(r, "bogus GC end");
      inGC = false;
      return true;
    case S.EvSTWStart:
      if (inSTW) return err(r, "previous STW is not ended before a new one");
      inSTW = true;
      return true;
    case S.EvSTWDone:
      if (!inSTW) return err(r, "bogus STW end");
      inSTW = false;
      return true;
    case S.EvGCSweepStart: {
      const p = pSlot(recP(r));
      if (pSweep[p]) return err(r, "previous sweeping is not ended before a new one");
      pSweep[p] = true;
      return true;
    }
    case S.EvGCSweepDone: {
      const p = pSlot(recP(r));
      if (!pSweep[p]) return err(r, "bogus sweeping end");
      pSweep[p] = false;
      return true;
    }
    case S.EvGCMarkAssistStart: {
      const k = gSlot(g);
      if (gAssist[k]) return err(r, "previous mark assist is not ended before a new one");
      gAssist[k] = true;
      return true;
    }
    case S.EvGCMarkAssistDone:
      // Assists can be in progress when tracing starts: an end alone is fine.
      gAssist[gSlot(g)] = false;
      return true;
    case S.EvGoWaiting:
    case S.EvGoInSyscall: {
      if (stateOf(g) != gRunnable) {
        return err(r, "g " + g.toString() + " is not runnable before Ev" + S.v1Names[typ]);
      }
      const k = gSlot(g);
      gState[k] = gWaiting;
      gLastEv[k] = typ;
      return true;
    }
    case S.EvGoCreate: {
      if (!checkRunning(r, true)) return false;
      const ng = recA0(r);
      if (gIndex.has(ng)) return err(r, "g " + ng.toString() + " already exists");
      const k = gSlot(ng);
      gState[k] = gRunnable;
      gLastEv[k] = typ;
      return true;
    }
    case S.EvGoStart:
    case S.EvGoStartLabel: {
      const p = pSlot(recP(r));
      if (stateOf(g) != gRunnable) {
        return err(r, "g " + g.toString() + " is not runnable before start");
      }
      if (pG[p] != 0) {
        return err(
          r,
          "p " + recP(r).toString() + " is already running g " + pG[p].toString() +
            " while start g " + g.toString(),
        );
      }
      const k = gSlot(g);
      gState[k] = gRunning;
      gLastEv[k] = 0;
      pG[p] = g;
      return true;
    }
    case S.EvGoEnd:
    case S.EvGoStop: {
      if (!checkRunning(r, false)) return false;
      const k = gSlot(g);
      gState[k] = gDead;
      pG[pSlot(recP(r))] = 0;
      if (typ == S.EvGoEnd) dropRegions(g);
      return true;
    }
    case S.EvGoSched:
    case S.EvGoPreempt: {
      if (!checkRunning(r, false)) return false;
      const k = gSlot(g);
      gState[k] = gRunnable;
      gLastEv[k] = typ;
      pG[pSlot(recP(r))] = 0;
      return true;
    }
    case S.EvGoUnblock:
      return checkUnblock(r);
    case S.EvGoSysCall: {
      if (!checkRunning(r, false)) return false;
      gLastEv[gSlot(g)] = typ;
      return true;
    }
    case S.EvGoSysBlock: {
      if (!checkRunning(r, false)) return false;
      gState[gSlot(g)] = gWaiting;
      pG[pSlot(recP(r))] = 0;
      return true;
    }
    case S.EvGoSysExit: {
      if (stateOf(g) != gWaiting) {
        return err(r, "g " + g.toString() + " is not waiting during syscall exit");
      }
      const k = gSlot(g);
      gState[k] = gRunnable;
      gLastEv[k] = typ;
      return true;
    }
    case S.EvGoSleep:
    case S.EvGoBlock:
    case S.EvGoBlockSend:
    case S.EvGoBlockRecv:
    case S.EvGoBlockSelect:
    case S.EvGoBlockSync:
    case S.EvGoBlockCond:
    case S.EvGoBlockNet:
    case S.EvGoBlockGC: {
      if (!checkRunning(r, false)) return false;
      const k = gSlot(g);
      gState[k] = gWaiting;
      gLastEv[k] = typ;
      pG[pSlot(recP(r))] = 0;
      return true;
    }
    case S.EvUserTaskCreate:
      return checkTaskCreate(i, r);
    case S.EvUserTaskEnd: {
      const t = taskIndex.get(recA0(r));
      if (t != NONE) taskEv[<i32> t] = -1;
      return true;
    }
    case S.EvUserRegion:
      return checkRegion(i, r);
  }
  return true;
}

function checkUnblock(r: usize): bool {
  const g = recG(r);
  if (stateOf(g) != gRunning) return err(r, "g " + g.toString() + " is not running while unpark");
  if (recP(r) != S.TimerP && pG[pSlot(recP(r))] != g) {
    return err(
      r,
      "p " + recP(r).toString() + " is not running g " + g.toString() + " while unpark",
    );
  }
  const target = recA0(r);
  if (stateOf(target) != gWaiting) {
    return err(r, "g " + target.toString() + " is not waiting before unpark");
  }
  const k = gSlot(target);
  if (gLastEv[k] == S.EvGoBlockNet) setRecP(r, S.NetpollP);
  gState[k] = gRunnable;
  gLastEv[k] = S.EvGoUnblock;
  return true;
}

function checkTaskCreate(i: i32, r: usize): bool {
  const id = recA0(r);
  const t = taskIndex.get(id);
  if (t != NONE && taskEv[<i32> t] >= 0) {
    const prev = merged.at(taskEv[<i32> t]);
    return fail(
      "task id conflicts (id:" + id.toString() + "), " + quoted(r) + " vs " + quoted(prev),
      recPos(r),
    );
  }
  if (t == NONE) taskIndex.set(id, <u32> taskEv.push(i));
  else taskEv[<i32> t] = i;
  return true;
}

function dropRegions(g: u64): void {
  const k = regionIndex.get(g);
  if (k != NONE) regionTop[<i32> k] = -1;
}

function checkRegion(i: i32, r: usize): bool {
  const mode = recA1(r);
  const g = recG(r);
  if (mode == 0) {
    let k = regionIndex.get(g);
    if (k == NONE) {
      k = <u32> regionTop.push(-1);
      regionIndex.set(g, k);
    }
    regionPrev.push(regionTop[<i32> k]);
    regionTop[<i32> k] = regionEv.push(i);
    return true;
  }
  if (mode != 1) return fail("invalid user region mode: " + quoted(r), recPos(r));
  const k = regionIndex.get(g);
  if (k == NONE || regionTop[<i32> k] < 0) return true; // its start is not in the trace
  const top = regionTop[<i32> k];
  const s = merged.at(regionEv[top]);
  if (recA0(s) != recA0(r) || recA2(s) != recA2(r)) {
    return fail(
      "misuse of region in goroutine " + g.toString() + ": span end " + quoted(r) +
        " when the inner-most active span start event is " + quoted(s),
      recPos(r),
    );
  }
  regionTop[<i32> k] = regionPrev[top];
  return true;
}

/** Go's %q of tracev1 Event.String(): "<ts> <Name> p=<p> g=<g> stk=<stk> <arg>=<v>...". */
function quoted(r: usize): string {
  const typ = recType(r);
  let s = recTs(r).toString() + " " + S.v1Names[typ] + " p=" + recP(r).toString() + " g=" +
    recG(r).toString() + " stk=" + recStk(r).toString();
  const names = S.v1ArgNames[typ];
  if (names.length > 0) {
    const list = names.split(" ");
    for (let k = 0; k < list.length; k++) {
      const v = k == 0 ? recA0(r) : k == 1 ? recA1(r) : recA2(r);
      s += " " + list[k] + "=" + v.toString();
    }
  }
  return '"' + s + '"';
}
