// Decoding one v1 batch into event records (Go: loadBatch + parseEvent). A batch runs
// from its Batch header to the next Batch header of any P. Each P keeps its current
// goroutine across its batches; timestamps restart at every batch header. Frequency,
// stack and timer-goroutine records update the tables instead of becoming events.

import { fail } from "../util/error";
import { Vec } from "../util/vec";
import { internString } from "../table/strings";
import {
  RAW_EOF,
  RAW_ERR,
  rawArgs,
  rawMsgLen,
  rawMsgPtr,
  rawOffset,
  rawPos,
  rawType,
  readRaw,
  seekRaw,
} from "./raw";
// deno-lint-ignore verbatim-module-syntax -- AssemblyScript has no `import type`
import { CHUNK, RecVec, writeRec } from "./record";
import { batchEvents, batchNext, batchOff, pidFirst, pids } from "./scan";
import {
  EV_COUNT,
  EvBatch,
  EvCPUSample,
  EvFrequency,
  EvGoBlock,
  EvGoBlockCond,
  EvGoBlockGC,
  EvGoBlockNet,
  EvGoBlockRecv,
  EvGoBlockSelect,
  EvGoBlockSend,
  EvGoBlockSync,
  EvGoEnd,
  EvGoInSyscall,
  EvGoPreempt,
  EvGoSched,
  EvGoSleep,
  EvGoStart,
  EvGoStartLabel,
  EvGoStartLocal,
  EvGoStop,
  EvGoSysBlock,
  EvGoSysExit,
  EvGoWaiting,
  EvNone,
  EvStack,
  EvTimerGoroutine,
  EvUserLog,
  v1ArgCount,
  v1HasStack,
  v1Names,
} from "./specs";
import { defineStack, setTicksPerSec, timerGoids } from "./tables";

const MAX_FRAMES: u64 = 1000;

// What an event does to its P's current goroutine (Go's switch in parseEvent).
// 0: keeps it
const G_START: u8 = 1; // becomes the current goroutine (and the event's G)
const G_STOP: u8 = 2; // the current goroutine stops running here
const G_NAMED: u8 = 3; // the event's G is its first argument
const gEffect = new StaticArray<u8>(EV_COUNT);
gEffect[EvGoStart] = G_START;
gEffect[EvGoStartLocal] = G_START;
gEffect[EvGoStartLabel] = G_START;
const stops: u8[] = [
  EvGoEnd,
  EvGoStop,
  EvGoSched,
  EvGoPreempt,
  EvGoSleep,
  EvGoBlock,
  EvGoBlockSend,
  EvGoBlockRecv,
  EvGoBlockSelect,
  EvGoBlockSync,
  EvGoBlockCond,
  EvGoBlockNet,
  EvGoSysBlock,
  EvGoBlockGC,
];
for (let i = 0; i < stops.length; i++) gEffect[stops[i]] = G_STOP;
gEffect[EvGoSysExit] = G_NAMED;
gEffect[EvGoWaiting] = G_NAMED;
gEffect[EvGoInSyscall] = G_NAMED;

// Per P (indexed like scan.pids): the next batch to decode and the current goroutine;
// where decoding stopped in a batch too long to decode at once, and its time there.
const pidHead = new Vec<i32>();
const pidLastG = new Vec<u64>();
const pidResume = new Vec<i64>(); // file offset, or -1
const pidLastTs = new Vec<i64>();

export function resetBatches(): void {
  pidHead.clear();
  pidLastG.clear();
  pidResume.clear();
  pidLastTs.clear();
  for (let i = 0; i < pids.len; i++) {
    pidHead.push(pidFirst[i]);
    pidLastG.push(0);
    pidResume.push(-1);
    pidLastTs.push(0);
  }
}

export const LOAD_OK: i32 = 0;
export const LOAD_EOF: i32 = 1; // the P has no more batches
export const LOAD_ERR: i32 = 2;

let lastTs: i64 = 0;
let lastG: u64 = 0;
let lastP: i32 = 0;

/**
 * Decodes the next batch of P slot `slot` (-1: none) into `out` (cleared first). Real
 * batches hold at most a few thousand events; a longer one comes in parts of CHUNK
 * events, so no buffer grows with the input.
 */
export function loadBatch(slot: i32, out: RecVec): i32 {
  if (slot < 0) return LOAD_EOF;
  out.clear();
  lastP = pids[slot];
  lastG = pidLastG[slot];
  let gotHeader = false;
  if (pidResume[slot] >= 0) {
    seekRaw(pidResume[slot]);
    pidResume[slot] = -1;
    lastTs = pidLastTs[slot];
    gotHeader = true;
    out.reserveExact(CHUNK);
  } else {
    const b = pidHead[slot];
    if (b < 0) return LOAD_EOF;
    pidHead[slot] = batchNext[b];
    seekRaw(batchOff[b]);
    out.reserveExact(min(batchEvents[b], CHUNK));
  }
  while (true) {
    if (out.len == CHUNK) {
      pidResume[slot] = rawOffset();
      pidLastTs[slot] = lastTs;
      break;
    }
    const r = readRaw(0);
    if (r == RAW_EOF) break;
    if (r == RAW_ERR) return LOAD_ERR;
    const typ = rawType;
    if (typ == EvNone || typ == EvCPUSample) continue;
    if (typ == EvBatch) {
      if (gotHeader) break;
      gotHeader = true;
    }
    if (!parseEvent(typ, out)) return LOAD_ERR;
  }
  pidLastG[slot] = lastG;
  return LOAD_OK;
}

function parseEvent(typ: u8, out: RecVec): bool {
  const got = rawArgs.len;
  const want = v1ArgCount(typ, got);
  if (got != want) {
    return fail(
      v1Names[typ] + " has wrong number of arguments: want " + want.toString() + ", got " +
        got.toString(),
      rawPos,
    );
  }
  if (typ == EvBatch) {
    lastTs = <i64> rawArgs[1];
    return true;
  }
  if (typ == EvFrequency) {
    const f = <i64> rawArgs[0];
    setTicksPerSec(f);
    // Go: the likeliest cause is tick skew between CPUs.
    return f > 0 || fail("time stamps out of order", rawPos);
  }
  if (typ == EvTimerGoroutine) {
    timerGoids.set(rawArgs[0], 1);
    return true;
  }
  if (typ == EvStack) return parseStack();
  return parseOrdinary(typ, out);
}

function parseStack(): bool {
  const n = rawArgs.len;
  if (n < 2) {
    return fail(
      "EvStack has wrong number of arguments: want at least 2, got " + n.toString(),
      rawPos,
    );
  }
  const size = rawArgs[1];
  if (size > MAX_FRAMES) {
    return fail("EvStack has bad number of frames: " + size.toString(), rawPos);
  }
  const want = 2 + 4 * size;
  if (<u64> n != want) {
    return fail(
      "EvStack has wrong number of arguments: want " + want.toString() + ", got " + n.toString(),
      rawPos,
    );
  }
  defineStack(rawArgs);
  return true;
}

// [dt, args..., stack?] → a record on the P's current goroutine.
function parseOrdinary(typ: u8, out: RecVec): bool {
  const n = rawArgs.len;
  const ts = lastTs + <i64> rawArgs[0]; // wraps like Go's int64 addition
  lastTs = ts;
  let stk: u32 = 0;
  let last = n;
  if (v1HasStack[typ]) {
    last = n - 1;
    stk = <u32> rawArgs[last];
  }
  const a0 = last > 1 ? rawArgs[1] : 0;
  const a1 = last > 2 ? rawArgs[2] : 0;
  let a2 = last > 3 ? rawArgs[3] : 0;
  let g = lastG;
  const effect = gEffect[typ];
  if (effect == G_START) {
    lastG = a0;
    g = a0;
  } else if (effect == G_STOP) {
    lastG = 0;
  } else if (effect == G_NAMED) {
    g = a0;
  }
  if (typ == EvUserLog) a2 = <u64> internString(rawMsgPtr, rawMsgLen);
  writeRec(out.add(), typ, ts, g, a0, a1, a2, stk, lastP, rawPos);
  return true;
}
