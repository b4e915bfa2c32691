// Row handoff to a copier thread (threads build only: parser_threads.wasm, driven by
// server/core/trace/copier.ts). Writing the event table means touching ~30 bytes of fresh
// memory per event, and on a virtual machine the page faults of that are a quarter of the
// parse. With a copier, the decoder writes rows into a small ring that stays mapped and
// the copier moves full chunks of it into the columns, taking the faults on another core.
//
// Either side may copy a chunk: chunks are claimed in order by compare-and-swap on one
// 64-bit word holding (published, claimed), so a claim is valid for the published count
// it was made against; the decoder never waits on a copier that is slow or gone, only on
// a copy in progress.
// A chunk is published one chunk late, so that truncateEvents (which drops the rows of
// the event being read, a handful) almost never reaches a published chunk; when it does
// (tests use tiny chunks), rewind puts the ring back as it was.

/** Column element sizes, in column order: time, type, state, ctx, stack, a0, a1, a2. */
const SIZES: StaticArray<u8> = [8, 1, 1, 4, 4, 4, 4, 4];
export const COLUMNS = 8;
export const SLOTS = 8;

// Control block, i32 words (mirrored in server/core/trace/copier.ts).
const W_STATE = 0; // i64: published << 32 | claimed. Chunks below `published` are
// complete in the ring; chunks below `claimed` are taken by a copier (or the decoder).
const W_QUIT = 2; // set by the host when the copier should stop
const W_SHIFT = 3; // log2 of rows per chunk
const W_COLUMNS = 4; // COLUMNS column pointers
const W_RING = W_COLUMNS + COLUMNS; // COLUMNS ring pointers
const W_DONE = W_RING + COLUMNS; // SLOTS words: 1 + the last chunk copied out of the slot
const W_COPIER_CHUNKS = W_DONE + SLOTS; // chunks the copier thread copied (for tests, bench)
const W_REWINDS = W_COPIER_CHUNKS + 1; // times rewind un-published chunks (for tests)
const WORDS = W_REWINDS + 1;

export let active = false;
let ctl: usize = 0;
let shift: i32 = 0;
/** Rows per chunk - 1. */
export let chunkMask: i32 = 0;
/** The ring's column pointers, for the row store. */
export const ring = new StaticArray<usize>(COLUMNS);
/** Rows in the ring: SLOTS chunks. */
export let ringMask: i32 = 0;

// @ts-ignore: decorator
@inline
function word(w: i32): usize {
  return ctl + (<usize>w << 2);
}

/**
 * Allocates the ring and control block; returns the control block's address. The
 * caller sets the columns before the first row.
 */
export function start(chunkShift: i32): usize {
  if (!ASC_FEATURE_THREADS) return 0;
  shift = chunkShift;
  chunkMask = (1 << shift) - 1;
  ringMask = (SLOTS << shift) - 1;
  const rows = <usize>(SLOTS << shift);
  let bytes: usize = 0;
  for (let k = 0; k < COLUMNS; k++) bytes += rows * SIZES[k];
  ctl = heap.alloc(<usize>WORDS << 2);
  memory.fill(ctl, 0, <usize>WORDS << 2);
  let p = heap.alloc(bytes); // 16-aligned; columns are in decreasing element size
  for (let k = 0; k < COLUMNS; k++) {
    ring[k] = p;
    store<u32>(word(W_RING + k), <u32>p);
    p += rows * SIZES[k];
  }
  store<i32>(word(W_SHIFT), shift);
  active = true; // the caller then sets the columns (setColumns)
  return ctl;
}

/** Records where the columns are (after they are allocated or moved, drained). */
export function setColumns(columns: StaticArray<usize>): void {
  if (!ASC_FEATURE_THREADS) return;
  for (let k = 0; k < COLUMNS; k++) store<u32>(word(W_COLUMNS + k), <u32>columns[k]);
}

/** Called before row i is stored, when i starts a chunk (i > 0). */
export function atChunkStart(i: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  const k = i >> shift;
  // Publish all but the chunk just finished: it keeps a chunk of margin for truncation.
  if (k >= 2) {
    for (;;) {
      const v = atomic.load<i64>(word(W_STATE));
      if (published(v) >= k - 1) break;
      const next = (<i64>(k - 1) << 32) | (v & 0xffffffff);
      if (atomic.cmpxchg<i64>(word(W_STATE), v, next) == v) {
        atomic.notify(word(W_STATE), 1);
        break;
      }
    }
  }
  // Chunk k reuses the slot of chunk k - SLOTS, which must be copied out first.
  if (k >= SLOTS) ensureCopied(k - SLOTS);
}

/** Returns once chunk c has been copied, copying unclaimed chunks up to it itself. */
function ensureCopied(c: i32): void {
  const done = word(W_DONE + (c & (SLOTS - 1)));
  for (;;) {
    const d = atomic.load<i32>(done);
    if (d > c) return;
    const v = atomic.load<i64>(word(W_STATE));
    const claimed = <i32>v;
    if (claimed <= c) {
      // Chunks up to c are published (c is at least a slot's worth behind the writer).
      if (atomic.cmpxchg<i64>(word(W_STATE), v, v + 1) == v) copyChunk(claimed);
      continue;
    }
    memory.atomic.wait32(done, d, 1000000); // the other side is copying it: ≤ 1 ms naps
  }
}

/** Copies chunk c from its ring slot into the columns and marks it done. */
function copyChunk(c: i32): void {
  const slot = c & (SLOTS - 1);
  copyRows(<usize>c << shift, slot, <usize>(chunkMask + 1), false);
  atomic.store<i32>(word(W_DONE + slot), c + 1);
  atomic.notify(word(W_DONE + slot));
}

/** Copies `rows` rows between the columns (from row `row`) and ring slot `slot`. */
function copyRows(row: usize, slot: i32, rows: usize, toRing: bool): void {
  for (let k = 0; k < COLUMNS; k++) {
    const sz = <usize>SIZES[k];
    const column = <usize>load<u32>(word(W_COLUMNS + k)) + row * sz;
    const inRing = ring[k] + ((<usize>slot << shift) * sz);
    if (toRing) memory.copy(inRing, column, rows * sz);
    else memory.copy(column, inRing, rows * sz);
  }
}

/** Copies or waits for every published chunk; after it, no copier touches the columns. */
export function drain(): void {
  if (!ASC_FEATURE_THREADS) return;
  const pub = published(atomic.load<i64>(word(W_STATE)));
  for (let c = pub - SLOTS; c < pub; c++) if (c >= 0) ensureCopied(c);
}

// @ts-ignore: decorator
@inline
function published(state: i64): i32 {
  return <i32>(state >>> 32);
}

/**
 * Rows from n on were dropped. If some of them were published (only with tiny chunks),
 * un-publish their chunks and refill the first one's slot from the columns.
 */
export function rewind(n: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  const c0 = n >> shift;
  if (c0 >= published(atomic.load<i64>(word(W_STATE)))) return;
  store<i32>(word(W_REWINDS), load<i32>(word(W_REWINDS)) + 1);
  drain();
  copyRows(<usize>c0 << shift, c0 & (SLOTS - 1), <usize>(n & chunkMask), true);
  // Every chunk below c0 is copied, none from c0 on: per slot, its last chunk below c0.
  for (let s = 0; s < SLOTS; s++) {
    const last = c0 - 1 - ((c0 - 1 - s) & (SLOTS - 1));
    atomic.store<i32>(word(W_DONE + s), last + 1 > 0 ? last + 1 : 0);
  }
  // Drained, so claimed == published: no copier can claim until the next publish.
  atomic.store<i64>(word(W_STATE), (<i64>c0 << 32) | <i64>c0);
}

/** At the end of the parse: drains, then copies the unpublished rows below count. */
export function finish(count: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  if (!active) return;
  drain();
  const c0 = published(atomic.load<i64>(word(W_STATE)));
  for (let c = c0; (c << shift) < count; c++) {
    const rows = min(count - (c << shift), chunkMask + 1);
    copyRows(<usize>c << shift, c & (SLOTS - 1), <usize>rows, false);
  }
  atomic.store<i32>(word(W_QUIT), 1);
  atomic.notify(word(W_STATE));
  active = false;
}
