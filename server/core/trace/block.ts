// A block: the events of one generation (the whole trace for Go 1.11–1.21), as flat
// columns. The trace is read and kept block by block, so its size is not bounded by one
// array or by the decoder's memory. Indexes stay global: a block's rows are events
// first .. first+count-1 of the whole trace, and side-table and experimental-data
// indexes in its rows are global too (the block holds its part from extraBase/expBase).
// Layout of rows: asm/src/README.md. No Deno APIs.

export interface EventBlock {
  /** Block number. */
  readonly index: number;
  /** Global index of row 0. */
  readonly first: number;
  readonly count: number;
  /** ns since the trace's baseTime. */
  readonly time: Float64Array;
  readonly type: Uint8Array;
  readonly state: Uint8Array;
  readonly ctx: Uint32Array;
  readonly stack: Uint32Array;
  readonly a0: Uint32Array;
  readonly a1: Uint32Array;
  readonly a2: Uint32Array;
  /** Side-table words extraBase .. extraBase+extra.length-1. */
  readonly extraBase: number;
  readonly extra: BigUint64Array;
  /** Experimental-batch bytes expBase .. expBase+expData.length-1. */
  readonly expBase: number;
  readonly expData: Uint8Array;
  /** Exact absolute times of rows (block-local index) the f64 column cannot hold. */
  readonly bigTimes: Map<number, bigint>;
}

/** Where a block is, and what it takes to decode it again. */
export interface BlockInfo {
  index: number;
  first: number;
  count: number;
  /** Times of its first and last rows (ns since baseTime). */
  startTime: number;
  endTime: number;
  /** The file bytes it is decoded from. */
  fileStart: number;
  fileEnd: number;
  extraBase: number;
  expBase: number;
  /** The decoder's state before it; none when it cannot be decoded alone (kept instead). */
  state?: Uint8Array;
  /**
   * Its state comes from decoding the block before it (a block another decoder read in
   * a parallel first pass): until then `state` is missing but it can be decoded again.
   */
  derived?: boolean;
  /** Its size in memory when held. */
  bytes: number;
  /** How many of its rows have each wire type, and its first row's (a Sync, 255). */
  typeCounts?: Uint32Array;
  firstType?: number;
}

/** The decoder's tables (asm/src/parser.ts tablePtr/tableLen); the ids live in format.ts. */
export { TableKind } from "./format.ts";

/** The block holding global event i (blocks in order); -1 if none does. */
export function blockOfEvent(blocks: readonly BlockInfo[], i: number): number {
  let lo = 0, hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid];
    if (i < b.first) hi = mid - 1;
    else if (i >= b.first + b.count) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Rows [j0, j1) of block b as a block of their own: column views, the same side tables
 * (rows point into them by absolute offsets), `first` moved on. A pass fed a big block in
 * such slices lets the event loop run between them.
 */
export function subBlock(b: EventBlock, j0: number, j1: number): EventBlock {
  if (j0 === 0 && j1 === b.count) return b;
  let bigTimes = b.bigTimes;
  if (bigTimes.size > 0) {
    bigTimes = new Map();
    for (const [r, v] of b.bigTimes) if (r >= j0 && r < j1) bigTimes.set(r - j0, v);
  }
  return {
    ...b,
    first: b.first + j0,
    count: j1 - j0,
    time: b.time.subarray(j0, j1),
    type: b.type.subarray(j0, j1),
    state: b.state.subarray(j0, j1),
    ctx: b.ctx.subarray(j0, j1),
    stack: b.stack.subarray(j0, j1),
    a0: b.a0.subarray(j0, j1),
    a1: b.a1.subarray(j0, j1),
    a2: b.a2.subarray(j0, j1),
    bigTimes,
  };
}
