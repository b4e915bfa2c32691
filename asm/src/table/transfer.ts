// Moving the id tables of one decoder into another: a decoder that read the second part
// of a trace exports its strings, frames, stacks, resources and contexts in the order it
// met them; the decoder that read the first part imports them in that order, which is
// the order it would have met them itself reading on (server/core/trace/parallel.ts).
// The maps from the exporter's ids to the importer's are kept for remapping rows.

import { Vec } from "../util/vec";
import {
  getI64,
  getU32,
  getU64,
  loadBytes,
  out,
  putBytes,
  putI32,
  putI64,
  putU32,
  putU64,
} from "../util/snapshot";
import { beginLoad } from "../util/snapshot";
import { internString, stringBytes, stringOffsets } from "./strings";
import {
  addStackFrame,
  beginStack,
  frameFile,
  frameFunc,
  frameLine,
  framePC,
  internFrame,
  internPendingStack,
  stackFrames,
  stackOffsets,
} from "./stacks";
import {
  ctxG,
  ctxIndex,
  ctxM,
  ctxP,
  goroutines,
  procs,
  // deno-lint-ignore verbatim-module-syntax -- AssemblyScript has no `import type`
  ResourceTable,
  tasks,
  threads,
} from "./resources";

/** Writes every table to the snapshot buffer; returns its address (length out.len). */
export function exportTables(): usize {
  out.clear();
  const ns = stringOffsets.len - 1;
  putI32(ns);
  for (let id = 1; id < ns; id++) {
    const a = stringOffsets.get(id), b = stringOffsets.get(id + 1);
    putU32(b - a);
    putBytes(stringBytes.ptr + <usize> a, <usize> (b - a));
  }
  putI32(framePC.len);
  for (let f = 0; f < framePC.len; f++) {
    putU64(framePC.get(f));
    putU32(frameFunc.get(f));
    putU32(frameFile.get(f));
    putU64(frameLine.get(f));
  }
  const nk = stackOffsets.len - 1;
  putI32(nk);
  for (let id = 1; id < nk; id++) {
    const a = stackOffsets.get(id), b = stackOffsets.get(id + 1);
    putU32(b - a);
    putBytes(stackFrames.ptr + (<usize> a << 2), <usize> (b - a) << 2);
  }
  putResources(goroutines);
  putResources(procs);
  putResources(threads);
  putResources(tasks);
  putI32(ctxM.len);
  for (let c = 0; c < ctxM.len; c++) {
    putU32(ctxM.get(c));
    putU32(ctxP.get(c));
    putU32(ctxG.get(c));
  }
  return out.ptr;
}

function putResources(t: ResourceTable): void {
  putI32(t.ids.len);
  for (let i = 0; i < t.ids.len; i++) putI64(t.ids.get(i));
}

// Exporter id → importer id.
export const mapString = new Vec<u32>();
export const mapFrame = new Vec<u32>();
export const mapStack = new Vec<u32>();
export const mapG = new Vec<u32>();
export const mapP = new Vec<u32>();
export const mapM = new Vec<u32>();
export const mapTask = new Vec<u32>();
export const mapCtx = new Vec<u32>();

/** Interns tables written by exportTables (read from p), in their order. */
export function importTables(p: usize): void {
  beginLoad(p);
  const ns = <i32> getU32();
  mapString.clear();
  mapString.push(0);
  const scratch = new Vec<u8>();
  for (let id = 1; id < ns; id++) {
    const n = getU32();
    scratch.reserve(<i32> n);
    loadBytes(scratch.ptr, <usize> n);
    mapString.push(internString(scratch.ptr, <usize> n));
  }
  scratch.free();
  const nf = <i32> getU32();
  mapFrame.clear();
  for (let f = 0; f < nf; f++) {
    const pc = getU64();
    const fn = mapString.get(<i32> getU32());
    const file = mapString.get(<i32> getU32());
    const line = getU64();
    mapFrame.push(internFrame(pc, fn, file, line));
  }
  const nk = <i32> getU32();
  mapStack.clear();
  mapStack.push(0);
  for (let id = 1; id < nk; id++) {
    const n = <i32> getU32();
    beginStack();
    for (let k = 0; k < n; k++) addStackFrame(mapFrame.get(<i32> getU32()));
    mapStack.push(internPendingStack());
  }
  getResources(goroutines, mapG);
  getResources(procs, mapP);
  getResources(threads, mapM);
  getResources(tasks, mapTask);
  const nc = <i32> getU32();
  mapCtx.clear();
  for (let c = 0; c < nc; c++) {
    const m = mapM.get(<i32> getU32());
    const pp = mapP.get(<i32> getU32());
    const g = mapG.get(<i32> getU32());
    mapCtx.push(ctxIndex(m, pp, g));
  }
}

function getResources(t: ResourceTable, map: Vec<u32>): void {
  const n = <i32> getU32();
  map.clear();
  for (let i = 0; i < n; i++) map.push(t.index(getI64()));
}
