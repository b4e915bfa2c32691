// Test-only wasm entry for asm/src/util/go_sort.ts: tests/compat/go_sort_test.ts writes keys into
// linear memory, sorts, and reads back the permutation. Globals keep both arrays alive
// (and reachable for the GC) between the calls.

import { sortIndicesByKey } from "../src/util/go_sort";

let keys = new StaticArray<i64>(0);
let order = new StaticArray<i32>(0);

/** Makes room for n keys; returns where the host must write them (n little-endian i64). */
export function prepare(n: i32): usize {
  keys = new StaticArray<i64>(n);
  order = new StaticArray<i32>(n);
  return changetype<usize>(keys);
}

/** Sorts 0..n-1 by the keys; returns where the permutation is (n i32). */
export function sortPrepared(): usize {
  for (let i = 0; i < order.length; i++) order[i] = i;
  sortIndicesByKey(order, order.length, keys);
  return changetype<usize>(order);
}
