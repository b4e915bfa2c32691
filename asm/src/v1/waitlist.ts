// Procs waiting for a goroutine to reach a state (g, status, seq), so the merge re-checks
// a blocked proc only when its event becomes ready. Go re-checks every blocked proc after
// every merged event, which is quadratic on hostile input; waking exactly the procs whose
// precondition now holds gives the same frontier at every step.
//
// A map from the key to a singly linked list of procs (links in `next`, per proc). Keys
// are never removed (an emptied list keeps its slot): there are at most as many keys as
// events that ever had to wait.

import { Vec } from "../util/vec";
import { hash3 } from "../util/idmap";

let keyG = new StaticArray<u64>(64);
let keySeq = new StaticArray<u64>(64);
let keySt = new StaticArray<u8>(64);
let head = new StaticArray<i32>(64); // first proc + 1; 0 = empty list
let used = new StaticArray<bool>(64);
let mask: i32 = 63;
let count: i32 = 0;

/** Per proc: the next proc in the same list, + 1 (0 = end). */
const next = new Vec<i32>();
/** Procs currently waiting. */
export let waiting: i32 = 0;

export function resetWaitlist(procs: i32): void {
  keyG = new StaticArray<u64>(64);
  keySeq = new StaticArray<u64>(64);
  keySt = new StaticArray<u8>(64);
  head = new StaticArray<i32>(64);
  used = new StaticArray<bool>(64);
  mask = 63;
  count = 0;
  waiting = 0;
  next.clear();
  for (let i = 0; i < procs; i++) next.push(0);
}

function slotOf(g: u64, st: u8, seq: u64, insert: bool): i32 {
  let i = hash3(g, seq, <u64> st) & mask;
  while (true) {
    if (!unchecked(used[i])) {
      if (!insert) return -1;
      unchecked(used[i] = true);
      unchecked(keyG[i] = g);
      unchecked(keySeq[i] = seq);
      unchecked(keySt[i] = st);
      unchecked(head[i] = 0);
      count++;
      return i;
    }
    if (unchecked(keyG[i]) == g && unchecked(keySeq[i]) == seq && unchecked(keySt[i]) == st) {
      return i;
    }
    i = (i + 1) & mask;
  }
}

function grow(): void {
  const og = keyG;
  const os = keySeq;
  const ot = keySt;
  const oh = head;
  const ou = used;
  const n = (mask + 1) << 1;
  keyG = new StaticArray<u64>(n);
  keySeq = new StaticArray<u64>(n);
  keySt = new StaticArray<u8>(n);
  head = new StaticArray<i32>(n);
  used = new StaticArray<bool>(n);
  mask = n - 1;
  count = 0;
  for (let j = 0; j < ou.length; j++) {
    if (!unchecked(ou[j])) continue;
    const i = slotOf(unchecked(og[j]), unchecked(ot[j]), unchecked(os[j]), true);
    unchecked(head[i] = unchecked(oh[j]));
  }
}

/** Parks `proc` until goroutine g is in status st with sequence seq. */
export function park(proc: i32, g: u64, st: u8, seq: u64): void {
  if ((count + 1) * 2 > mask + 1) grow();
  const i = slotOf(g, st, seq, true);
  next[proc] = unchecked(head[i]);
  unchecked(head[i] = proc + 1);
  waiting++;
}

/**
 * Removes the procs waiting for exactly (g, st, seq) and appends them to `out`, in the
 * order they were parked.
 */
export function wake(g: u64, st: u8, seq: u64, out: Vec<i32>): void {
  const i = slotOf(g, st, seq, false);
  if (i < 0) return;
  let p = unchecked(head[i]);
  if (p == 0) return;
  unchecked(head[i] = 0);
  const start = out.len;
  while (p != 0) {
    out.push(p - 1);
    waiting--;
    const nx = next[p - 1];
    next[p - 1] = 0;
    p = nx;
  }
  // The list is newest first; reverse the part just added.
  let a = start;
  let b = out.len - 1;
  while (a < b) {
    const t = out[a];
    out[a] = out[b];
    out[b] = t;
    a++;
    b--;
  }
}
