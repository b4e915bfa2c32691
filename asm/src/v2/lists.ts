// Small per-resource lists in pooled, unmanaged storage: the in-flight special ranges
// of goroutines and procs (Go: rangeState.inFlight) and goroutines' region stacks
// (Go: gState.regions). Nodes are reused, so no allocation per event.

import { Vec } from "../util/vec";
import { getI32, getVec, putI32, putVec } from "../util/snapshot";

const EMPTY: i32 = -1;

// Range nodes, linked in insertion order.
const rTyp = new Vec<u8>();
const rDesc = new Vec<u64>();
const rGid = new Vec<u32>();
const rNext = new Vec<i32>();
let rFree: i32 = EMPTY;

// Region nodes, linked from the top of the stack down.
const gTask = new Vec<u64>();
const gName = new Vec<u32>();
const gNext = new Vec<i32>();
let gFree: i32 = EMPTY;

export function resetLists(): void {
  rTyp.clear();
  rDesc.clear();
  rGid.clear();
  rNext.clear();
  rFree = EMPTY;
  gTask.clear();
  gName.clear();
  gNext.clear();
  gFree = EMPTY;
}

// ---- Ranges ------------------------------------------------------------------------

export function rangeHas(head: i32, typ: u8, desc: u64): bool {
  for (let n = head; n != EMPTY; n = rNext[n]) {
    if (rTyp[n] == typ && rDesc[n] == desc) return true;
  }
  return false;
}

/** Appends a range; returns the (possibly new) head. */
export function rangeAppend(head: i32, typ: u8, desc: u64, gid: u32): i32 {
  let n: i32;
  if (rFree != EMPTY) {
    n = rFree;
    rFree = rNext[n];
    rTyp[n] = typ;
    rDesc[n] = desc;
    rGid[n] = gid;
    rNext[n] = EMPTY;
  } else {
    n = rTyp.push(typ);
    rDesc.push(desc);
    rGid.push(gid);
    rNext.push(EMPTY);
  }
  if (head == EMPTY) return n;
  let t = head;
  while (rNext[t] != EMPTY) t = rNext[t];
  rNext[t] = n;
  return head;
}

/** Set by rangeRemoveFirst: the removed range's carried string id. */
export let removedGid: u32 = 0;
/** Set by rangeRemoveFirst: the new head of the list. */
export let newHead: i32 = EMPTY;

/**
 * Removes the first range of type `typ` the way Go's swap-remove does (the last range
 * takes its place). Returns false if there is none.
 */
export function rangeRemoveFirst(head: i32, typ: u8): bool {
  let found = EMPTY;
  for (let n = head; n != EMPTY; n = rNext[n]) {
    if (rTyp[n] == typ) {
      found = n;
      break;
    }
  }
  if (found == EMPTY) return false;
  removedGid = rGid[found];
  // Find the last node and its predecessor.
  let prev = EMPTY;
  let last = head;
  while (rNext[last] != EMPTY) {
    prev = last;
    last = rNext[last];
  }
  if (last != found) {
    rTyp[found] = rTyp[last];
    rDesc[found] = rDesc[last];
    rGid[found] = rGid[last];
  }
  if (prev == EMPTY) head = EMPTY;
  else rNext[prev] = EMPTY;
  rNext[last] = rFree;
  rFree = last;
  newHead = head;
  return true;
}

export function rangeFreeAll(head: i32): void {
  while (head != EMPTY) {
    const next = rNext[head];
    rNext[head] = rFree;
    rFree = head;
    head = next;
  }
}

/** Go's %v of the in-flight list, e.g. "[{32 0} {26 5}]". */
export function rangeListText(head: i32): string {
  let s = "[";
  for (let n = head; n != EMPTY; n = rNext[n]) {
    if (n != head) s += " ";
    s += "{" + rTyp[n].toString() + " " + rDesc[n].toString() + "}";
  }
  return s + "]";
}

// ---- Region stacks ------------------------------------------------------------------

/** Pushes a region; returns the new top. */
export function regionPush(top: i32, task: u64, name: u32): i32 {
  let n: i32;
  if (gFree != EMPTY) {
    n = gFree;
    gFree = gNext[n];
    gTask[n] = task;
    gName[n] = name;
  } else {
    n = gTask.push(task);
    gName.push(name);
    gNext.push(EMPTY);
  }
  gNext[n] = top;
  return n;
}

export function regionNodeTask(n: i32): u64 {
  return gTask[n];
}

export function regionNodeName(n: i32): u32 {
  return gName[n];
}

/** Pops the top region; returns the new top. */
export function regionPop(top: i32): i32 {
  const next = gNext[top];
  gNext[top] = gFree;
  gFree = top;
  return next;
}

export function regionFreeAll(top: i32): void {
  while (top != EMPTY) top = regionPop(top);
}

// ---- Saving between generations (v2/snapshot.ts) -----------------------------------

export function saveLists(): void {
  putVec<u8>(rTyp);
  putVec<u64>(rDesc);
  putVec<u32>(rGid);
  putVec<i32>(rNext);
  putI32(rFree);
  putVec<u64>(gTask);
  putVec<u32>(gName);
  putVec<i32>(gNext);
  putI32(gFree);
}

export function loadLists(): void {
  getVec<u8>(rTyp);
  getVec<u64>(rDesc);
  getVec<u32>(rGid);
  getVec<i32>(rNext);
  rFree = getI32();
  getVec<u64>(gTask);
  getVec<u32>(gName);
  getVec<i32>(gNext);
  gFree = getI32();
}

// ---- Reading lists (v2/canon.ts) ----------------------------------------------------

export function rangeNodeNext(n: i32): i32 {
  return rNext[n];
}
export function rangeNodeTyp(n: i32): u8 {
  return rTyp[n];
}
export function rangeNodeDesc(n: i32): u64 {
  return rDesc[n];
}
export function rangeNodeGid(n: i32): u32 {
  return rGid[n];
}
export function regionNodeNext(n: i32): i32 {
  return gNext[n];
}
