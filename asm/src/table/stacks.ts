// Global frame and stack tables, deduplicated across generations. Stack id 0 means
// "no stack"; an empty stack (0 frames) is a distinct, real stack, as in Go.

import { Vec } from "../util/vec";
import { hash3 } from "../util/idmap";

export const framePC = new Vec<u64>();
export const frameFunc = new Vec<u32>();
export const frameFile = new Vec<u32>();
export const frameLine = new Vec<u64>();

export const stackOffsets = new Vec<u32>(); // count + 1 entries
export const stackFrames = new Vec<u32>();

let frameSlots = new StaticArray<u32>(1024);
let frameMask: u32 = 1023;
let stackSlots = new StaticArray<u32>(1024);
let stackMask: u32 = 1023;
const stackHashes = new Vec<u32>();

export function resetStacks(): void {
  framePC.clear();
  frameFunc.clear();
  frameFile.clear();
  frameLine.clear();
  stackOffsets.clear();
  stackFrames.clear();
  stackHashes.clear();
  stackOffsets.push(0);
  stackOffsets.push(0); // id 0: no stack
  stackHashes.push(0);
  frameSlots = new StaticArray<u32>(1024);
  frameMask = 1023;
  stackSlots = new StaticArray<u32>(1024);
  stackMask = 1023;
}

export function stackCount(): i32 {
  return stackOffsets.len - 1;
}

function frameHash(pc: u64, fn: u32, file: u32, line: u64): u32 {
  return <u32> hash3(pc, (<u64> fn << 32) | <u64> file, line);
}

export function internFrame(pc: u64, fn: u32, file: u32, line: u64): u32 {
  let i = frameHash(pc, fn, file, line) & frameMask;
  while (true) {
    const s = unchecked(frameSlots[i]);
    if (s == 0) break;
    const f = <i32> (s - 1);
    if (
      framePC.get(f) == pc && frameFunc.get(f) == fn && frameFile.get(f) == file &&
      frameLine.get(f) == line
    ) return s - 1;
    i = (i + 1) & frameMask;
  }
  const id = <u32> framePC.push(pc);
  frameFunc.push(fn);
  frameFile.push(file);
  frameLine.push(line);
  unchecked(frameSlots[i] = id + 1);
  if ((id + 1) * 2 > frameMask) growFrames();
  return id;
}

function growFrames(): void {
  const n = (frameMask + 1) << 1;
  const next = new StaticArray<u32>(n);
  const m = n - 1;
  for (let f = 0; f < framePC.len; f++) {
    let i = frameHash(framePC.get(f), frameFunc.get(f), frameFile.get(f), frameLine.get(f)) & m;
    while (unchecked(next[i]) != 0) i = (i + 1) & m;
    unchecked(next[i] = <u32> f + 1);
  }
  frameSlots = next;
  frameMask = m;
}

// A stack under construction lives in `pending` until `internPendingStack`.
const pending = new Vec<u32>();

export function beginStack(): void {
  pending.clear();
}

export function addStackFrame(frame: u32): void {
  pending.push(frame);
}

function hashFrames(p: usize, n: i32): u32 {
  let h: u32 = 0x9747b28c ^ <u32> n;
  for (let i = 0; i < n; i++) {
    h = (h ^ load<u32>(p + (<usize> i << 2))) * 0x01000193;
    h ^= h >> 13;
  }
  return h | 1; // never 0, so 0 can mean "unset"
}

/** Returns the global id of the pending frame list, adding it if new. */
export function internPendingStack(): u32 {
  const n = pending.len;
  const h = hashFrames(pending.ptr, n);
  let i = h & stackMask;
  while (true) {
    const s = unchecked(stackSlots[i]);
    if (s == 0) break;
    const id = <i32> s;
    if (stackHashes.get(id) == h) {
      const start = stackOffsets.get(id);
      const len = <i32> (stackOffsets.get(id + 1) - start);
      if (
        len == n &&
        memory.compare(stackFrames.ptr + (<usize> start << 2), pending.ptr, <usize> n << 2) == 0
      ) return <u32> id;
    }
    i = (i + 1) & stackMask;
  }
  const id = stackCount();
  stackFrames.reserve(stackFrames.len + n);
  memory.copy(stackFrames.ptr + (<usize> stackFrames.len << 2), pending.ptr, <usize> n << 2);
  stackFrames.len += n;
  stackOffsets.push(<u32> stackFrames.len);
  stackHashes.push(h);
  unchecked(stackSlots[i] = <u32> id);
  if ((id + 1) * 2 > <i32> stackMask) growStacks();
  return <u32> id;
}

function growStacks(): void {
  const n = (stackMask + 1) << 1;
  const next = new StaticArray<u32>(n);
  const m = n - 1;
  const count = stackCount();
  for (let id = 1; id < count; id++) {
    let i = stackHashes.get(id) & m;
    while (unchecked(next[i]) != 0) i = (i + 1) & m;
    unchecked(next[i] = <u32> id);
  }
  stackSlots = next;
  stackMask = m;
}
