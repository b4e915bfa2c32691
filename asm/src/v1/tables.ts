// The v1 trace's own tables (Go: parser.strings, stacks, pcs, timerGoids, ticksPerSec),
// filled while batches are decoded, and their resolution onto the global string and
// stack tables (table/) when events are converted. v1 ids are global to the trace.

import { fail } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { internString } from "../table/strings";
import { addStackFrame, beginStack, internFrame, internPendingStack } from "../table/stacks";
import { DENSE_IDS, v1Names } from "./specs";

// v1 string id → global string id.
const strIds = new IdMap(DENSE_IDS);

// Stacks as PC lists: v1 stack id → index into stackStart/stackLen over stackPcs.
const stackIds = new IdMap(DENSE_IDS);
const stackStart = new Vec<i32>();
const stackLen = new Vec<i32>();
const stackPcs = new Vec<u64>();

// The first frame seen for each PC (Go keeps the first, whatever later stacks say).
const pcFrame = new IdMap(1 << 16);
const frameFn = new Vec<u64>(); // v1 string ids
const frameFile = new Vec<u64>();
const frameLine = new Vec<u64>();

// Resolved stacks: v1 stack id → global stack id.
const globalStacks = new IdMap(DENSE_IDS);
let emptyStack: u32 = NONE;

/** Goroutines the runtime declared as timer goroutines (EvTimerGoroutine). */
export const timerGoids = new IdMap(DENSE_IDS);

/** Ticks per second from the (last) EvFrequency; 0 until one is seen. */
export let ticksPerSec: i64 = 0;

export function resetTables(): void {
  strIds.clear();
  stackIds.clear();
  stackStart.clear();
  stackLen.clear();
  stackPcs.clear();
  pcFrame.clear();
  frameFn.clear();
  frameFile.clear();
  frameLine.clear();
  globalStacks.clear();
  emptyStack = NONE;
  timerGoids.clear();
  ticksPerSec = 0;
}

export function setTicksPerSec(v: i64): void {
  ticksPerSec = v;
}

export function hasString(id: u64): bool {
  return strIds.has(id);
}

/** Records string `id` (the caller has checked it is new) with bytes [p, p+n). */
export function defineString(id: u64, p: usize, n: usize): void {
  strIds.set(id, internString(p, n));
}

/** Global id of v1 string `id` ("" for 0), or NONE if the trace never defined it. */
export function resolveString(id: u64): u32 {
  return id == 0 ? 0 : strIds.get(id);
}

/**
 * Go's EvStack handling: `args` holds id, nframes, then {pc, func, file, line} per frame.
 * Ids are truncated to 32 bits; empty stacks and id 0 are not recorded; a repeated id
 * replaces the earlier stack.
 */
export function defineStack(args: Vec<u64>): void {
  const id = <u32> args[0];
  const n = <i32> args[1];
  if (id == 0 || n == 0) return;
  const start = stackPcs.len;
  for (let i = 0; i < n; i++) {
    const k = 2 + i * 4;
    const pc = args[k];
    stackPcs.push(pc);
    if (!pcFrame.has(pc)) {
      pcFrame.set(pc, <u32> frameFn.push(args[k + 1]));
      frameFile.push(args[k + 2]);
      frameLine.push(args[k + 3]);
    }
  }
  stackIds.set(<u64> id, <u32> stackStart.push(start));
  stackLen.push(n);
}

/** Go: len(p.stacks[id]) != 0. */
export function stackExists(id: u32): bool {
  return stackIds.has(<u64> id);
}

/**
 * Global stack id of v1 stack `id` (0 for 0), the stack of an event of v1 type `typ` at
 * file offset `at` (or of the goroutine it creates). Fails (NONE) if the stack is unknown
 * or a frame names a string the trace never defined; Go panics there when printing.
 */
export function resolveStack(id: u64, at: i64, typ: u8, newGoroutine: bool = false): u32 {
  if (id == 0) return 0;
  const cached = globalStacks.get(id);
  if (cached != NONE) return cached;
  const s = id > <u64> u32.MAX_VALUE ? NONE : stackIds.get(id);
  if (s == NONE) {
    const what = newGoroutine ? "the new goroutine of event " : "event ";
    fail("found invalid stack ID " + id.toString() + " for " + what + v1Names[typ], at);
    return NONE;
  }
  const start = stackStart[<i32> s];
  const n = stackLen[<i32> s];
  // Resolve all frames first: table/stacks has a single pending stack.
  for (let i = 0; i < n; i++) {
    const f = <i32> pcFrame.get(stackPcs[start + i]);
    if (resolveString(frameFn[f]) == NONE || resolveString(frameFile[f]) == NONE) {
      const bad = resolveString(frameFn[f]) == NONE ? frameFn[f] : frameFile[f];
      fail("found invalid string ID " + bad.toString() + " in stack " + id.toString(), at);
      return NONE;
    }
  }
  beginStack();
  for (let i = 0; i < n; i++) {
    const pc = stackPcs[start + i];
    const f = <i32> pcFrame.get(pc);
    const fn = resolveString(frameFn[f]);
    const file = resolveString(frameFile[f]);
    addStackFrame(internFrame(pc, fn, file, frameLine[f]));
  }
  const g = internPendingStack();
  globalStacks.set(id, g);
  return g;
}

/**
 * A stack with no frames: Go prints "Stack=" with nothing under it for a CPU sample
 * whose stack id is 0, so such samples get this instead of "no stack".
 */
export function emptyStackId(): u32 {
  if (emptyStack == NONE) {
    beginStack();
    emptyStack = internPendingStack();
  }
  return emptyStack;
}
