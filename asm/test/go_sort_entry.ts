// Test-only wasm entry for asm/src/util/go_sort.ts: lets tests/go_sort_test.ts run the
// AssemblyScript sort on keys chosen by the host and read back the permutation.

import { sortIndicesByKey } from "../src/util/go_sort";

/** The permutation of 0..keys.length-1 that the sort produces for `keys`. */
export function sortedPermutation(keys: StaticArray<i64>): StaticArray<i32> {
  const n = keys.length;
  const idx = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  sortIndicesByKey(idx, n, keys);
  return idx;
}
