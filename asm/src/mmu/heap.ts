// Go's container/heap (Init, Push, Pop, Remove) over any type with len/less/swap/
// removeLast. The MMU search pops bands in heap order and keeps its worst windows in a
// heap whose array order decides which overlapping window is found first, so ties and
// array layout must come out exactly as Go's sift sequence leaves them.
// (Generic functions are specialized per heap type at compile time: no closures needed.)

export function heapInit<H>(h: H): void {
  const n = h.len();
  for (let i = (n >> 1) - 1; i >= 0; i--) down<H>(h, i, n);
}

/** The caller has appended the new element; restores the heap. */
export function heapFixPushed<H>(h: H): void {
  up<H>(h, h.len() - 1);
}

/** Moves the least element to the end; the caller reads it there and removes it. */
export function heapPopToEnd<H>(h: H): void {
  const n = h.len() - 1;
  h.swap(0, n);
  down<H>(h, 0, n);
}

/** Moves element i to the end, restoring the heap over the rest; the caller removes it. */
export function heapRemoveToEnd<H>(h: H, i: i32): void {
  const n = h.len() - 1;
  if (n != i) {
    h.swap(i, n);
    if (!down<H>(h, i, n)) up<H>(h, i);
  }
}

function up<H>(h: H, j: i32): void {
  while (true) {
    const i = (j - 1) / 2; // parent; Go's division truncates, so the root is its own parent
    if (i == j || !h.less(j, i)) break;
    h.swap(i, j);
    j = i;
  }
}

function down<H>(h: H, i0: i32, n: i32): bool {
  let i = i0;
  while (true) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && h.less(j2, j1)) j = j2;
    if (!h.less(j, i)) break;
    h.swap(i, j);
    i = j;
  }
  return i > i0;
}
