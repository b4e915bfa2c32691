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
    this.map.set(<u64>none, 0);
  }

  index(id: i64): u32 {
    const v = this.map.get(<u64>id);
    if (v != NONE) return v;
    const idx = <u32>this.ids.push(id);
    this.map.set(<u64>id, idx);
    return idx;
  }

  find(id: i64): u32 {
    return this.map.get(<u64>id);
  }

  // @ts-ignore: decorator
  @inline
  id(idx: u32): i64 {
    return this.ids.get(<i32>idx);
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
let ctxSlots = new StaticArray<u32>(256); // ctx index + 1
let ctxMask: u32 = 255;

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
}

/** Index of the context (M, P, G), given as resource indexes. */
export function ctxIndex(m: u32, p: u32, g: u32): u32 {
  let i = <u32>hash3(m, p, g) & ctxMask;
  while (true) {
    const s = unchecked(ctxSlots[i]);
    if (s == 0) break;
    const c = <i32>(s - 1);
    if (ctxM.get(c) == m && ctxP.get(c) == p && ctxG.get(c) == g) return s - 1;
    i = (i + 1) & ctxMask;
  }
  const c = <u32>ctxM.push(m);
  ctxP.push(p);
  ctxG.push(g);
  unchecked((ctxSlots[i] = c + 1));
  if ((c + 1) * 2 > ctxMask) growCtx();
  return c;
}

function growCtx(): void {
  const n = (ctxMask + 1) << 1;
  const next = new StaticArray<u32>(n);
  const mask = n - 1;
  for (let c = 0; c < ctxM.len; c++) {
    let i = <u32>hash3(ctxM.get(c), ctxP.get(c), ctxG.get(c)) & mask;
    while (unchecked(next[i]) != 0) i = (i + 1) & mask;
    unchecked((next[i] = <u32>c + 1));
  }
  ctxSlots = next;
  ctxMask = mask;
}

/** Context index from Go ids (-1 = none). */
export function ctxOfIds(m: i64, p: i64, g: i64): u32 {
  return ctxIndex(threads.index(m), procs.index(p), goroutines.index(g));
}
