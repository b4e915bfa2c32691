// Sorting by time exactly as Go's slices.SortFunc does (util/go_sort), since the order
// of equal times shows in the output.

import { Vec } from "../util/vec";
import { sortIndicesByKeyRaw } from "../util/go_sort";
import { Cursor } from "./cursor";

/** Fills `order` with 0..n-1 permuted so that key[order[i]] ascends, as Go sorts. */
export function sortByTime(order: Vec<i32>, key: Vec<i64>): void {
  const n = key.len;
  order.clear();
  order.reserve(n);
  for (let i = 0; i < n; i++) order.push(i);
  if (n > 1) sortIndicesByKeyRaw(order.ptr, n, key.ptr);
}

const idx = new Vec<i32>();
const keys = new Vec<i64>();
const tmp = new Array<Cursor>();

/** Sorts the frontier by current event time (Go: slices.SortFunc(frontier, compare)). */
export function sortCursorsByTime(a: Array<Cursor>): void {
  const n = a.length;
  keys.clear();
  for (let i = 0; i < n; i++) keys.push(unchecked(a[i]).time);
  sortByTime(idx, keys);
  tmp.length = 0;
  for (let i = 0; i < n; i++) tmp.push(unchecked(a[idx[i]]));
  for (let i = 0; i < n; i++) unchecked((a[i] = unchecked(tmp[i])));
}
