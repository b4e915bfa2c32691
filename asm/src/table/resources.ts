// Dense indexes for goroutine, proc, thread and task ids, and the (M, P, G) context table.
// Columns store these small indexes; the id tables turn them back into Go's ids.

import { Vec } from "../util/vec";
import { hash3, IdMap, NONE } from "../util/idmap";

export class ResourceTable {
  ids: Vec<i64> = new Vec<i64>();
  private map: IdMap;

  constructor(denseLimit: i32) {
    this.map = new IdMap(denseLimit);
  }

  /** Index 0 is always `none` (-1 for G/P/M, NoTask for tasks). */
  reset(none: i64): void {
    this.ids.clear();
    this.map.clear();
    this.ids.push(none);
    this.map.set(<u64> none, 0);
  }

  index(id: i64): u32 {
    const v = this.map.get(<u64> id);
    if (v != NONE) return v;
    const idx = <u32> this.ids.push(id);
    this.map.set(<u64> id, idx);
    return idx;
  }

  // @ts-ignore: decorator
  @inline
  find(id: i64): u32 {
    return this.map.get(<u64> id);
  }

  // @ts-ignore: decorator
  @inline
  id(idx: u32): i64 {
    return this.ids.get(<i32> idx);
  }

  get count(): i32 {
    return this.ids.len;
  }
}

export const goroutines = new ResourceTable(1 << 22);
export const procs = new ResourceTable(1 << 16);
export const threads = new ResourceTable(1 << 22);
export const tasks = new ResourceTable(1 << 20);

export const ctxM = new Vec<u32>();
export const ctxP = new Vec<u32>();
export const ctxG = new Vec<u32>();
// Hash index over (some of) the contexts: all of them for v1; for v2 those without a
// goroutine and those of goroutines with many contexts (v2/emit.ts keeps the others
// per goroutine).
let ctxSlots = new StaticArray<u32>(256); // ctx index + 1
let ctxMask: u32 = 255;
let ctxHashed: u32 = 0;

export function resetResources(): void {
  goroutines.reset(-1);
  procs.reset(-1);
  threads.reset(-1);
  tasks.reset(-1); // NoTask = 2^64-1
  ctxM.clear();
  ctxP.clear();
  ctxG.clear();
  ctxSlots = new StaticArray<u32>(256);
  ctxMask = 255;
  ctxHashed = 0;
}

/** Index of the context (M, P, G), given as resource indexes: found or added, hashed. */
export function ctxIndex(m: u32, p: u32, g: u32): u32 {
  let i = <u32> hash3(m, p, g) & ctxMask;
  while (true) {
    const s = unchecked(ctxSlots[i]);
    if (s == 0) break;
    const c = <i32> (s - 1);
    if (ctxM.get(c) == m && ctxP.get(c) == p && ctxG.get(c) == g) return s - 1;
    i = (i + 1) & ctxMask;
  }
  const c = ctxAppend(m, p, g);
  unchecked(ctxSlots[i] = c + 1);
  ctxHashed++;
  if (ctxHashed * 2 > ctxMask) growCtx();
  return c;
}

/** Adds a context known to be new, without hashing it. */
export function ctxAppend(m: u32, p: u32, g: u32): u32 {
  const c = <u32> ctxM.push(m);
  ctxP.push(p);
  ctxG.push(g);
  return c;
}

/** Adds an existing, unhashed context to the hash index. */
export function ctxHashAdd(c: u32): void {
  let i = <u32> hash3(ctxM.get(<i32> c), ctxP.get(<i32> c), ctxG.get(<i32> c)) & ctxMask;
  while (unchecked(ctxSlots[i]) != 0) i = (i + 1) & ctxMask;
  unchecked(ctxSlots[i] = c + 1);
  ctxHashed++;
  if (ctxHashed * 2 > ctxMask) growCtx();
}

function growCtx(): void {
  const old = ctxSlots;
  const n = (ctxMask + 1) << 1;
  const next = new StaticArray<u32>(n);
  const mask = n - 1;
  for (let k = 0; k < old.length; k++) {
    const s = unchecked(old[k]);
    if (s == 0) continue;
    const c = <i32> (s - 1);
    let i = <u32> hash3(ctxM.get(c), ctxP.get(c), ctxG.get(c)) & mask;
    while (unchecked(next[i]) != 0) i = (i + 1) & mask;
    unchecked(next[i] = s);
  }
  ctxSlots = next;
  ctxMask = mask;
}

/** Context index from Go ids (-1 = none). */
export function ctxOfIds(m: i64, p: i64, g: i64): u32 {
  return ctxIndex(threads.index(m), procs.index(p), goroutines.index(g));
}

/**
 * Puts every context in the hash index (re-decoding a generation looks contexts up
 * there, so it finds the indexes the first pass gave, whatever the per-goroutine caches
 * hold). Contexts are unique per (M, P, G), so each is added once.
 */
export function hashAllContexts(): void {
  let size: u32 = 256;
  while (size < <u32> ctxM.len * 2 + 2) size <<= 1;
  ctxSlots = new StaticArray<u32>(<i32> size);
  ctxMask = size - 1;
  ctxHashed = 0;
  for (let c = 0; c < ctxM.len; c++) {
    let i = <u32> hash3(ctxM.get(c), ctxP.get(c), ctxG.get(c)) & ctxMask;
    while (unchecked(ctxSlots[i]) != 0) i = (i + 1) & ctxMask;
    unchecked(ctxSlots[i] = <u32> c + 1);
    ctxHashed++;
  }
  if (ctxHashed * 2 > ctxMask) growCtx();
}
