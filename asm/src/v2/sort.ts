// Sorting by time exactly as Go's slices.SortFunc does (util/go_sort), since the order
// of equal times shows in the output.

// deno-lint-ignore verbatim-module-syntax -- AssemblyScript has no `import type`
import { Vec } from "../util/vec";
import { sortIndicesByKeyRaw } from "../util/go_sort";

/** Fills `order` with 0..n-1 permuted so that key[order[i]] ascends, as Go sorts. */
export function sortByTime(order: Vec<i32>, key: Vec<i64>): void {
  const n = key.len;
  order.clear();
  order.reserve(n);
  for (let i = 0; i < n; i++) order.push(i);
  if (n > 1) sortIndicesByKeyRaw(order.ptr, n, key.ptr);
}
