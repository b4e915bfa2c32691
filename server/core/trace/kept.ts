// Rows an analysis keeps for later questions, by their global index: a pass over a big
// trace's blocks sees each event once, but a page may later need a few of them again
// (a task's begin and end, its logs, a region's start stack). Kept in columns in index
// order (passes add them in order), found by binary search. The columns are chunks of
// fixed size, not arrays grown by doubling: a big trace's summary keeps tens of millions
// of rows, and doubling would hold up to twice their bytes, and three times while it
// copies. No Deno APIs.

import type { EventBlock } from "./block.ts";

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS; // rows a chunk
const MASK = CHUNK - 1;

/** Bytes a row takes: index, time, type, state, ctx, stack, a0–a2. */
const ROW_BYTES = 4 + 8 + 1 + 1 + 4 * 5;

export class KeptEvents {
  #n = 0;
  // Chunk c holds rows [c·CHUNK, (c+1)·CHUNK); the last is filled up to #n.
  #index: Uint32Array[] = []; // event indexes (a trace holds fewer than 2^32)
  #time: Float64Array[] = [];
  #type: Uint8Array[] = [];
  #state: Uint8Array[] = [];
  #ctx: Uint32Array[] = [];
  #stack: Uint32Array[] = [];
  #a0: Uint32Array[] = [];
  #a1: Uint32Array[] = [];
  #a2: Uint32Array[] = [];
  // The last index of each full or partial chunk, for the first step of the search.
  #last: number[] = [];

  get size(): number {
    return this.#n;
  }

  /** Bytes held. */
  get bytes(): number {
    let rows = 0;
    for (const c of this.#index) rows += c.length;
    return rows * ROW_BYTES;
  }

  /** Keeps row j of block b (rows come in index order; a row kept twice is kept once). */
  add(b: EventBlock, j: number): void {
    const i = b.first + j;
    if (i > 0xffffffff) throw new Error(`event index ${i} is past what the summary can keep`);
    const n = this.#n;
    if (n > 0) {
      const prev = this.#last[this.#last.length - 1];
      if (prev >= i) {
        if (prev === i) return;
        throw new Error(`kept events must come in order: ${i} after ${prev}`);
      }
    }
    const c = n >> CHUNK_BITS, k = n & MASK;
    if (k === 0 && c > 0) this.#addChunk(CHUNK);
    else if (c === 0 && (n === 0 || k === this.#index[0].length)) this.#growFirst(n * 2 || 64);
    this.#index[c][k] = i;
    this.#time[c][k] = b.time[j];
    this.#type[c][k] = b.type[j];
    this.#state[c][k] = b.state[j];
    this.#ctx[c][k] = b.ctx[j];
    this.#stack[c][k] = b.stack[j];
    this.#a0[c][k] = b.a0[j];
    this.#a1[c][k] = b.a1[j];
    this.#a2[c][k] = b.a2[j];
    this.#last[c] = i;
    this.#n = n + 1;
  }

  #addChunk(size: number): void {
    this.#index.push(new Uint32Array(size));
    this.#time.push(new Float64Array(size));
    this.#type.push(new Uint8Array(size));
    this.#state.push(new Uint8Array(size));
    this.#ctx.push(new Uint32Array(size));
    this.#stack.push(new Uint32Array(size));
    this.#a0.push(new Uint32Array(size));
    this.#a1.push(new Uint32Array(size));
    this.#a2.push(new Uint32Array(size));
    this.#last.push(-1);
  }

  // The first chunk starts small and doubles up to CHUNK (most users keep a few rows).
  #growFirst(size: number): void {
    if (this.#index.length === 0) return this.#addChunk(size);
    const g = <T extends Float64Array | Uint8Array | Uint32Array>(cols: T[]) => {
      const b = new (cols[0].constructor as { new (n: number): T })(size);
      b.set(cols[0]);
      cols[0] = b;
    };
    g(this.#index);
    g(this.#time);
    g(this.#type);
    g(this.#state);
    g(this.#ctx);
    g(this.#stack);
    g(this.#a0);
    g(this.#a1);
    g(this.#a2);
  }

  /** The slot of event i, or -1 when it was not kept. */
  #find(i: number): number {
    // The chunk: the first whose last index is ≥ i.
    const last = this.#last;
    let lo = 0, hi = last.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (last[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    if (last.length === 0 || last[lo] < i) return -1;
    const index = this.#index[lo];
    let a = 0, z = lo === last.length - 1 ? ((this.#n - 1) & MASK) : MASK;
    while (a <= z) {
      const mid = (a + z) >> 1;
      const v = index[mid];
      if (v < i) a = mid + 1;
      else if (v > i) z = mid - 1;
      else return lo << CHUNK_BITS | mid;
    }
    return -1;
  }

  /** The slot of event i; throws when it was not kept (a bug in the analysis). */
  #slot(i: number): number {
    const s = this.#find(i);
    if (s < 0) throw new Error(`event ${i} was not kept`);
    return s;
  }

  has(i: number): boolean {
    return this.#find(i) >= 0;
  }

  time(i: number): number {
    const s = this.#slot(i);
    return this.#time[s >> CHUNK_BITS][s & MASK];
  }
  type(i: number): number {
    const s = this.#slot(i);
    return this.#type[s >> CHUNK_BITS][s & MASK];
  }
  state(i: number): number {
    const s = this.#slot(i);
    return this.#state[s >> CHUNK_BITS][s & MASK];
  }
  ctx(i: number): number {
    const s = this.#slot(i);
    return this.#ctx[s >> CHUNK_BITS][s & MASK];
  }
  stack(i: number): number {
    const s = this.#slot(i);
    return this.#stack[s >> CHUNK_BITS][s & MASK];
  }
  a0(i: number): number {
    const s = this.#slot(i);
    return this.#a0[s >> CHUNK_BITS][s & MASK];
  }
  a1(i: number): number {
    const s = this.#slot(i);
    return this.#a1[s >> CHUNK_BITS][s & MASK];
  }
  a2(i: number): number {
    const s = this.#slot(i);
    return this.#a2[s >> CHUNK_BITS][s & MASK];
  }
}
