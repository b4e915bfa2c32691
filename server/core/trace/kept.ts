// Rows an analysis keeps for later questions, by their global index: a pass over a big
// trace's blocks sees each event once, but a page may later need a few of them again
// (a task's begin and end, its logs, a region's start stack). Kept in flat columns in
// index order (passes add them in order), found by binary search. No Deno APIs.

import type { EventBlock } from "./block.ts";

export class KeptEvents {
  #n = 0;
  #index = new Uint32Array(64); // event indexes (a trace holds fewer than 2^32)
  #time = new Float64Array(64);
  #type = new Uint8Array(64);
  #state = new Uint8Array(64);
  #ctx = new Uint32Array(64);
  #stack = new Uint32Array(64);
  #a0 = new Uint32Array(64);
  #a1 = new Uint32Array(64);
  #a2 = new Uint32Array(64);

  get size(): number {
    return this.#n;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#index.length * 30;
  }

  /**
   * Makes room for `n` rows at once (a pass that knows how many it will keep): growing
   * by doubling holds the old and the new columns together, twice the rows' bytes.
   */
  reserve(n: number): void {
    if (n > this.#index.length) this.#grow(n);
  }

  /** Keeps row j of block b (rows come in index order; a row kept twice is kept once). */
  add(b: EventBlock, j: number): void {
    const i = b.first + j;
    if (i > 0xffffffff) throw new Error(`event index ${i} is past what the summary can keep`);
    const n = this.#n;
    if (n > 0 && this.#index[n - 1] >= i) {
      if (this.#index[n - 1] === i) return;
      throw new Error(`kept events must come in order: ${i} after ${this.#index[n - 1]}`);
    }
    if (n === this.#index.length) this.#grow(n * 2);
    this.#index[n] = i;
    this.#time[n] = b.time[j];
    this.#type[n] = b.type[j];
    this.#state[n] = b.state[j];
    this.#ctx[n] = b.ctx[j];
    this.#stack[n] = b.stack[j];
    this.#a0[n] = b.a0[j];
    this.#a1[n] = b.a1[j];
    this.#a2[n] = b.a2[j];
    this.#n = n + 1;
  }

  #grow(cap: number): void {
    const g = <T extends Float64Array | Uint8Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(cap);
      b.set(a);
      return b;
    };
    this.#index = g(this.#index);
    this.#time = g(this.#time);
    this.#type = g(this.#type);
    this.#state = g(this.#state);
    this.#ctx = g(this.#ctx);
    this.#stack = g(this.#stack);
    this.#a0 = g(this.#a0);
    this.#a1 = g(this.#a1);
    this.#a2 = g(this.#a2);
  }

  /** The slot of event i; throws when it was not kept (a bug in the analysis). */
  #slot(i: number): number {
    let lo = 0, hi = this.#n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.#index[mid];
      if (v < i) lo = mid + 1;
      else if (v > i) hi = mid - 1;
      else return mid;
    }
    throw new Error(`event ${i} was not kept`);
  }

  has(i: number): boolean {
    try {
      this.#slot(i);
      return true;
    } catch {
      return false;
    }
  }

  time(i: number): number {
    return this.#time[this.#slot(i)];
  }
  type(i: number): number {
    return this.#type[this.#slot(i)];
  }
  state(i: number): number {
    return this.#state[this.#slot(i)];
  }
  ctx(i: number): number {
    return this.#ctx[this.#slot(i)];
  }
  stack(i: number): number {
    return this.#stack[this.#slot(i)];
  }
  a0(i: number): number {
    return this.#a0[this.#slot(i)];
  }
  a1(i: number): number {
    return this.#a1[this.#slot(i)];
  }
  a2(i: number): number {
    return this.#a2[this.#slot(i)];
  }
}
