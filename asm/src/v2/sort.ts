// Sorting by time as Go's slices.SortFunc does (see util/go_sort).

import { Vec } from "../util/vec";

/** Fills `order` with 0..n-1 permuted so that key[order[i]] is ascending. */
export function sortByTime(order: Vec<i32>, key: Vec<i64>): void {
  const n = key.len;
  order.clear();
  order.reserve(n);
  for (let i = 0; i < n; i++) order.push(i);
  // Placeholder: stable insertion sort (equals Go's pdqsort for n <= 12).
  for (let i = 1; i < n; i++) {
    const v = order.get(i);
    const k = key.get(v);
    let j = i - 1;
    while (j >= 0 && key.get(order.get(j)) > k) {
      order.set(j + 1, order.get(j));
      j--;
    }
    order.set(j + 1, v);
  }
}

import { Cursor } from "./cursor";

/** Sorts the frontier by current event time (Go: slices.SortFunc(frontier, compare)). */
export function sortCursorsByTime(a: Array<Cursor>): void {
  // Placeholder: stable insertion sort (equals Go's pdqsort for n <= 12).
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j].time > v.time) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
