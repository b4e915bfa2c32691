// A port of Go's slices.SortFunc (pattern-defeating quicksort, slices/zsortanyfunc.go).
// The sort is unstable, and Go shows the resulting order of ties in its output, so this
// must make the very same swaps as Go does: same pivots, same thresholds, same xorshift.
// Do not "improve" anything here, quirks included.

/** Comparator with Go's cmp.Compare contract: negative, zero or positive. */
export type Compare<T> = (a: T, b: T) => number;

/** Sorts `a` in place exactly as Go's slices.SortFunc(a, cmp) permutes it. */
export function sortFunc<T>(a: T[], cmp: Compare<T>): void {
  pdqsort(a, 0, a.length, bitsLen(a.length), cmp);
}

const MAX_INSERTION = 12;
const SHORTEST_NINTHER = 50;
const MAX_SWAPS = 4 * 3;

// choosePivot's guess about the order of data[a:b].
const HINT_UNKNOWN = 0, HINT_INCREASING = 1, HINT_DECREASING = 2;

// Go's bits.Len(uint(n)): the number of bits needed to represent n; 0 for 0.
function bitsLen(n: number): number {
  let len = 0;
  while (n >= 2 ** 32) {
    n = Math.floor(n / 2 ** 32);
    len += 32;
  }
  return len + 32 - Math.clz32(n);
}

function swap<T>(data: T[], i: number, j: number): void {
  const t = data[i];
  data[i] = data[j];
  data[j] = t;
}

function insertionSort<T>(data: T[], a: number, b: number, cmp: Compare<T>): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && cmp(data[j], data[j - 1]) < 0; j--) swap(data, j, j - 1);
  }
}

function siftDown<T>(data: T[], lo: number, hi: number, first: number, cmp: Compare<T>): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && cmp(data[first + child], data[first + child + 1]) < 0) child++;
    if (!(cmp(data[first + root], data[first + child]) < 0)) return;
    swap(data, first + root, first + child);
    root = child;
  }
}

function heapSort<T>(data: T[], a: number, b: number, cmp: Compare<T>): void {
  const first = a;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(data, i, hi, first, cmp);
  for (let i = hi - 1; i >= 0; i--) {
    swap(data, first, first + i);
    siftDown(data, 0, i, first, cmp);
  }
}

function pdqsort<T>(data: T[], a: number, b: number, limit: number, cmp: Compare<T>): void {
  let wasBalanced = true; // whether the last partitioning was reasonably balanced
  let wasPartitioned = true; // whether the slice was already partitioned
  for (;;) {
    const length = b - a;
    if (length <= MAX_INSERTION) {
      insertionSort(data, a, b, cmp);
      return;
    }
    // Too many bad pivots: fall back to heapsort.
    if (limit === 0) {
      heapSort(data, a, b, cmp);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(data, a, b);
      limit--;
    }

    let [pivot, hint] = choosePivot(data, a, b, cmp);
    if (hint === HINT_DECREASING) {
      reverseRange(data, a, b);
      // The pivot was pivot-a after the start; now it is pivot-a before the end.
      pivot = (b - 1) - (pivot - a);
      hint = HINT_INCREASING;
    }

    // Probably already sorted.
    if (wasBalanced && wasPartitioned && hint === HINT_INCREASING) {
      if (partialInsertionSort(data, a, b, cmp)) return;
    }

    // Many duplicates of the pivot: split off the run equal to it.
    if (a > 0 && !(cmp(data[a - 1], data[pivot]) < 0)) {
      a = partitionEqual(data, a, b, pivot, cmp);
      continue;
    }

    const [mid, alreadyPartitioned] = partition(data, a, b, pivot, cmp);
    wasPartitioned = alreadyPartitioned;

    const leftLen = mid - a, rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(data, a, mid, limit, cmp);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(data, mid + 1, b, limit, cmp);
      b = mid;
    }
  }
}

function partition<T>(
  data: T[],
  a: number,
  b: number,
  pivot: number,
  cmp: Compare<T>,
): [newPivot: number, alreadyPartitioned: boolean] {
  swap(data, a, pivot);
  let i = a + 1, j = b - 1; // inclusive bounds of what is left to partition
  while (i <= j && cmp(data[i], data[a]) < 0) i++;
  while (i <= j && !(cmp(data[j], data[a]) < 0)) j--;
  if (i > j) {
    swap(data, j, a);
    return [j, true];
  }
  swap(data, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && cmp(data[i], data[a]) < 0) i++;
    while (i <= j && !(cmp(data[j], data[a]) < 0)) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  swap(data, j, a);
  return [j, false];
}

// Splits data[a:b] into elements equal to data[pivot], then greater ones.
function partitionEqual<T>(
  data: T[],
  a: number,
  b: number,
  pivot: number,
  cmp: Compare<T>,
): number {
  swap(data, a, pivot);
  let i = a + 1, j = b - 1;
  for (;;) {
    while (i <= j && !(cmp(data[a], data[i]) < 0)) i++;
    while (i <= j && cmp(data[a], data[j]) < 0) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  return i;
}

// Fixes up to 5 adjacent inversions; true if data[a:b] ends up sorted.
function partialInsertionSort<T>(data: T[], a: number, b: number, cmp: Compare<T>): boolean {
  const maxSteps = 5, shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !(cmp(data[i], data[i - 1]) < 0)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(data, i, i - 1);
    // Shift the smaller one left. Go stops at index 1, not a; with a consistent comparator
    // that changes nothing (all before a is no greater), but the comparator calls match.
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!(cmp(data[j], data[j - 1]) < 0)) break;
        swap(data, j, j - 1);
      }
    }
    // Shift the greater one right.
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!(cmp(data[j], data[j - 1]) < 0)) break;
        swap(data, j, j - 1);
      }
    }
  }
  return false;
}

// Swaps three elements around the middle with pseudo-random ones; the xorshift is seeded
// with the length, so it is deterministic.
function breakPatterns<T>(data: T[], a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  const rng = new XorShift(length);
  const mask = BigInt(2 ** bitsLen(length) - 1); // nextPowerOfTwo(length) - 1
  const mid = a + Math.trunc(length / 4) * 2;
  for (let idx = mid - 1; idx <= mid + 1; idx++) {
    let other = Number(rng.next() & mask);
    if (other >= length) other -= length;
    swap(data, idx, a + other);
  }
}

// Go's xorshift over uint64.
class XorShift {
  #state: bigint;

  constructor(seed: number) {
    this.#state = BigInt(seed);
  }

  next(): bigint {
    let r = this.#state;
    r = BigInt.asUintN(64, r ^ (r << 13n));
    r ^= r >> 7n;
    r = BigInt.asUintN(64, r ^ (r << 17n));
    this.#state = r;
    return r;
  }
}

function choosePivot<T>(
  data: T[],
  a: number,
  b: number,
  cmp: Compare<T>,
): [pivot: number, hint: number] {
  const l = b - a;
  const quarter = Math.trunc(l / 4);
  const swaps = { n: 0 };
  let i = a + quarter, j = a + quarter * 2, k = a + quarter * 3;
  if (l >= 8) {
    if (l >= SHORTEST_NINTHER) {
      // Tukey's ninther.
      i = medianAdjacent(data, i, swaps, cmp);
      j = medianAdjacent(data, j, swaps, cmp);
      k = medianAdjacent(data, k, swaps, cmp);
    }
    j = median(data, i, j, k, swaps, cmp);
  }
  if (swaps.n === 0) return [j, HINT_INCREASING];
  if (swaps.n === MAX_SWAPS) return [j, HINT_DECREASING];
  return [j, HINT_UNKNOWN];
}

type Swaps = { n: number };

// Orders two indexes by their elements, counting a swap when they were inverted.
function order2<T>(
  data: T[],
  a: number,
  b: number,
  swaps: Swaps,
  cmp: Compare<T>,
): [number, number] {
  if (cmp(data[b], data[a]) < 0) {
    swaps.n++;
    return [b, a];
  }
  return [a, b];
}

function median<T>(
  data: T[],
  a: number,
  b: number,
  c: number,
  swaps: Swaps,
  cmp: Compare<T>,
): number {
  [a, b] = order2(data, a, b, swaps, cmp);
  [b, c] = order2(data, b, c, swaps, cmp);
  [a, b] = order2(data, a, b, swaps, cmp);
  return b;
}

function medianAdjacent<T>(data: T[], a: number, swaps: Swaps, cmp: Compare<T>): number {
  return median(data, a - 1, a, a + 1, swaps, cmp);
}

function reverseRange<T>(data: T[], a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) swap(data, i, j);
}

/**
 * Go's string order (bytewise over UTF-8). JavaScript's `<` compares UTF-16 code units, which
 * orders code points above U+FFFF differently; comparing code points matches UTF-8 order.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
