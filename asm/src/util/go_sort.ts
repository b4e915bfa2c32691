// Go's slices.SortFunc (pattern-defeating quicksort, slices/zsortanyfunc.go) for an index
// permutation ordered by an i64 key, as Go sorts cursors and CPU samples by time with
// cmp.Compare. Unstable: ties end up wherever Go's exact swap sequence leaves them, and
// Go's output shows that, so this mirrors it step by step (quirks included). The
// TypeScript twin is server/core/util/go_sort.ts; tests check both against Go.
// AssemblyScript has no closures, hence the key array instead of a comparator. The core
// works on raw pointers so that both StaticArrays and util/vec buffers can use it.
// (Its asserts carry their line numbers into the build.)

const MAX_INSERTION: i32 = 12;
const SHORTEST_NINTHER: i32 = 50;
const MAX_SWAPS: i32 = 4 * 3;

const HINT_UNKNOWN: i32 = 0;
const HINT_INCREASING: i32 = 1;
const HINT_DECREASING: i32 = 2;

// Second results of partition and choosePivot (no tuples here); read right after each call.
let alreadyPartitioned = false;
let pivotHint: i32 = HINT_UNKNOWN;
// Inversions seen while choosing the current pivot.
let swaps: i32 = 0;

/**
 * Sorts idx[0:n] so that key[idx[i]] ascends, leaving ties in exactly the order Go's
 * slices.SortFunc(idx[:n], func(a, b int32) int { return cmp.Compare(key[a], key[b]) })
 * leaves them. Aborts if n or an index is out of range.
 */
export function sortIndicesByKey(idx: StaticArray<i32>, n: i32, key: StaticArray<i64>): void {
  assert(n >= 0 && n <= idx.length, "sortIndicesByKey: n out of range");
  for (let i = 0; i < n; i++) {
    const k = unchecked(idx[i]);
    assert(k >= 0 && k < key.length, "sortIndicesByKey: index out of range");
  }
  sortIndicesByKeyRaw(changetype<usize>(idx), n, changetype<usize>(key));
}

/**
 * As sortIndicesByKey over raw buffers: `idx` holds n i32 indexes into the i64 array at
 * `key` (e.g. Vec<i32>.ptr and Vec<i64>.ptr). Nothing is bounds-checked.
 */
export function sortIndicesByKeyRaw(idx: usize, n: i32, key: usize): void {
  pdqsort(idx, 0, n, bitsLen(n), key);
}

// data[i] of the index buffer.
// @inline
function at(data: usize, i: i32): i32 {
  return load<i32>(data + (<usize> i << 2));
}

// cmp(data[i], data[j]) < 0
// @inline
function less(data: usize, i: i32, j: i32, key: usize): bool {
  return load<i64>(key + (<usize> at(data, i) << 3)) < load<i64>(key + (<usize> at(data, j) << 3));
}

// @inline
function swap(data: usize, i: i32, j: i32): void {
  const pi = data + (<usize> i << 2);
  const pj = data + (<usize> j << 2);
  const t = load<i32>(pi);
  store<i32>(pi, load<i32>(pj));
  store<i32>(pj, t);
}

// Go's bits.Len(uint(n)).
function bitsLen(n: i32): i32 {
  return 32 - <i32> clz<u32>(<u32> n);
}

function insertionSort(data: usize, a: i32, b: i32, key: usize): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(data, j, j - 1, key); j--) swap(data, j, j - 1);
  }
}

function siftDown(data: usize, lo: i32, hi: i32, first: i32, key: usize): void {
  let root = lo;
  while (true) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && less(data, first + child, first + child + 1, key)) child++;
    if (!less(data, first + root, first + child, key)) return;
    swap(data, first + root, first + child);
    root = child;
  }
}

function heapSort(data: usize, a: i32, b: i32, key: usize): void {
  const first = a;
  const hi = b - a;
  for (let i = (hi - 1) / 2; i >= 0; i--) siftDown(data, i, hi, first, key);
  for (let i = hi - 1; i >= 0; i--) {
    swap(data, first, first + i);
    siftDown(data, 0, i, first, key);
  }
}

function pdqsort(data: usize, a: i32, b: i32, limit: i32, key: usize): void {
  let wasBalanced = true; // whether the last partitioning was reasonably balanced
  let wasPartitioned = true; // whether the slice was already partitioned
  while (true) {
    const length = b - a;
    if (length <= MAX_INSERTION) {
      insertionSort(data, a, b, key);
      return;
    }
    // Too many bad pivots: fall back to heapsort.
    if (limit == 0) {
      heapSort(data, a, b, key);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(data, a, b);
      limit--;
    }

    let pivot = choosePivot(data, a, b, key);
    let hint = pivotHint;
    if (hint == HINT_DECREASING) {
      reverseRange(data, a, b);
      // The pivot was pivot-a after the start; now it is pivot-a before the end.
      pivot = (b - 1) - (pivot - a);
      hint = HINT_INCREASING;
    }

    // Probably already sorted.
    if (wasBalanced && wasPartitioned && hint == HINT_INCREASING) {
      if (partialInsertionSort(data, a, b, key)) return;
    }

    // Many duplicates of the pivot: split off the run equal to it.
    if (a > 0 && !less(data, a - 1, pivot, key)) {
      a = partitionEqual(data, a, b, pivot, key);
      continue;
    }

    const mid = partition(data, a, b, pivot, key);
    wasPartitioned = alreadyPartitioned;

    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = length / 8;
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(data, a, mid, limit, key);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(data, mid + 1, b, limit, key);
      b = mid;
    }
  }
}

function partition(data: usize, a: i32, b: i32, pivot: i32, key: usize): i32 {
  swap(data, a, pivot);
  let i = a + 1;
  let j = b - 1; // inclusive bounds of what is left to partition
  while (i <= j && less(data, i, a, key)) i++;
  while (i <= j && !less(data, j, a, key)) j--;
  if (i > j) {
    swap(data, j, a);
    alreadyPartitioned = true;
    return j;
  }
  swap(data, i, j);
  i++;
  j--;
  while (true) {
    while (i <= j && less(data, i, a, key)) i++;
    while (i <= j && !less(data, j, a, key)) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  swap(data, j, a);
  alreadyPartitioned = false;
  return j;
}

// Splits data[a:b] into elements equal to data[pivot], then greater ones.
function partitionEqual(data: usize, a: i32, b: i32, pivot: i32, key: usize): i32 {
  swap(data, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (true) {
    while (i <= j && !less(data, a, i, key)) i++;
    while (i <= j && less(data, a, j, key)) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  return i;
}

// Fixes up to 5 adjacent inversions; true if data[a:b] ends up sorted.
function partialInsertionSort(data: usize, a: i32, b: i32, key: usize): bool {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !less(data, i, i - 1, key)) i++;
    if (i == b) return true;
    if (b - a < shortestShifting) return false;
    swap(data, i, i - 1);
    // Shift the smaller one left. Go stops at index 1, not a; with a consistent comparator
    // that changes nothing (all before a is no greater), but the comparator calls match.
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!less(data, j, j - 1, key)) break;
        swap(data, j, j - 1);
      }
    }
    // Shift the greater one right.
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!less(data, j, j - 1, key)) break;
        swap(data, j, j - 1);
      }
    }
  }
  return false;
}

// Swaps three elements around the middle with pseudo-random ones; Go's xorshift is seeded
// with the length, so it is deterministic.
function breakPatterns(data: usize, a: i32, b: i32): void {
  const length = b - a;
  if (length < 8) return;
  let random = <u64> length;
  const mask = (<u64> 1 << <u64> bitsLen(length)) - 1; // nextPowerOfTwo(length) - 1
  const mid = a + (length / 4) * 2;
  for (let idx = mid - 1; idx <= mid + 1; idx++) {
    random ^= random << 13;
    random ^= random >> 7;
    random ^= random << 17;
    let other = <i32> (random & mask);
    if (other >= length) other -= length;
    swap(data, idx, a + other);
  }
}

function choosePivot(data: usize, a: i32, b: i32, key: usize): i32 {
  const l = b - a;
  const quarter = l / 4;
  swaps = 0;
  let i = a + quarter;
  let j = a + quarter * 2;
  let k = a + quarter * 3;
  if (l >= 8) {
    if (l >= SHORTEST_NINTHER) {
      // Tukey's ninther.
      i = median(data, i - 1, i, i + 1, key);
      j = median(data, j - 1, j, j + 1, key);
      k = median(data, k - 1, k, k + 1, key);
    }
    j = median(data, i, j, k, key);
  }
  pivotHint = swaps == 0 ? HINT_INCREASING : swaps == MAX_SWAPS ? HINT_DECREASING : HINT_UNKNOWN;
  return j;
}

// Go's medianCmpFunc: three order2 steps on indexes, counting inversions.
function median(data: usize, a: i32, b: i32, c: i32, key: usize): i32 {
  if (less(data, b, a, key)) {
    swaps++;
    const t = a;
    a = b;
    b = t;
  }
  if (less(data, c, b, key)) {
    swaps++;
    const t = b;
    b = c;
    c = t;
  }
  if (less(data, b, a, key)) {
    swaps++;
    const t = a;
    a = b;
    b = t;
  }
  return b;
}

function reverseRange(data: usize, a: i32, b: i32): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    swap(data, i, j);
    i++;
    j--;
  }
}
