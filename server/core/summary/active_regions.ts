// The regions that are open while the summary is built, each with the snapshot of its
// goroutine's stats taken when it began (Go keeps that snapshot in the region until it
// ends, then replaces it with the difference). Open regions are few at any moment (a
// goroutine's nesting), so they live in reusable slots, not in columns by region; a
// goroutine's open regions are a stack of slots (top first, through `next`). The keyed
// times of the snapshots share one arena, compacted when freed runs fill it. No Deno APIs.

export class ActiveRegions {
  region: Int32Array; // slot → region index, −1 for a free slot
  next: Int32Array; // the slot below on its goroutine's stack, −1 none
  exec: Float64Array;
  schedWait: Float64Array;
  syscall: Float64Array;
  syscallBlock: Float64Array;
  total: Float64Array;
  kOff: Uint32Array;
  kLen: Uint32Array;
  keys = new Int32Array(1 << 16);
  vals = new Float64Array(1 << 16);
  #used = 0; // arena positions handed out
  #live = 0; // of which still in a slot's run
  #count = 0; // slots ever used
  #free: number[] = [];

  constructor(capacity = 256) {
    this.region = new Int32Array(capacity).fill(-1);
    this.next = new Int32Array(capacity);
    this.exec = new Float64Array(capacity);
    this.schedWait = new Float64Array(capacity);
    this.syscall = new Float64Array(capacity);
    this.syscallBlock = new Float64Array(capacity);
    this.total = new Float64Array(capacity);
    this.kOff = new Uint32Array(capacity);
    this.kLen = new Uint32Array(capacity);
  }

  /** Slots ever used: the live ones are among [0, count). */
  get count(): number {
    return this.#count;
  }

  /** A slot for region r with zero stats and no keyed times, on top of slot `below`. */
  open(r: number, below: number): number {
    let s = this.#free.pop();
    if (s === undefined) {
      s = this.#count++;
      if (s === this.region.length) this.#grow(s * 2);
    }
    this.region[s] = r;
    this.next[s] = below;
    this.exec[s] =
      this.schedWait[s] =
      this.syscall[s] =
      this.syscallBlock[s] =
      this.total[s] =
        0;
    this.kLen[s] = 0;
    return s;
  }

  /** Sets slot s's snapshot: the fixed fields and keyed times keys/vals[0, n). */
  set(
    s: number,
    exec: number,
    schedWait: number,
    syscall: number,
    syscallBlock: number,
    total: number,
    keys: Int32Array,
    vals: Float64Array,
    n: number,
  ): void {
    this.exec[s] = exec;
    this.schedWait[s] = schedWait;
    this.syscall[s] = syscall;
    this.syscallBlock[s] = syscallBlock;
    this.total[s] = total;
    this.#live -= this.kLen[s];
    this.kLen[s] = 0;
    if (this.#used + n > this.keys.length) this.#compact(n);
    const off = this.#used, k = this.keys, v = this.vals;
    // A loop, not set(subarray): no object made per region.
    for (let j = 0; j < n; j++) {
      k[off + j] = keys[j];
      v[off + j] = vals[j];
    }
    this.kOff[s] = off;
    this.kLen[s] = n;
    this.#used += n;
    this.#live += n;
  }

  /** Frees slot s. */
  close(s: number): void {
    this.#live -= this.kLen[s];
    this.kLen[s] = 0;
    this.region[s] = -1;
    this.#free.push(s);
  }

  // Moves the live runs to the front of an arena with room for n more: at least 64 Ki
  // more, and twice the live ones, so that compactions (a scan of every slot) are rare.
  #compact(n: number): void {
    const cap = Math.max(this.#live + n + (1 << 16), 2 * (this.#live + n));
    const keys = new Int32Array(cap);
    const vals = new Float64Array(cap);
    let at = 0;
    for (let s = 0; s < this.#count; s++) {
      const len = this.kLen[s];
      if (this.region[s] < 0 || len === 0) continue;
      const off = this.kOff[s];
      keys.set(this.keys.subarray(off, off + len), at);
      vals.set(this.vals.subarray(off, off + len), at);
      this.kOff[s] = at;
      at += len;
    }
    this.keys = keys;
    this.vals = vals;
    this.#used = at;
  }

  #grow(cap: number): void {
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i = <T extends Int32Array | Uint32Array>(a: T, fill = 0): T => {
      const b = new (a.constructor as { new (n: number): T })(cap);
      b.fill(fill);
      b.set(a);
      return b;
    };
    this.region = i(this.region, -1);
    this.next = i(this.next);
    this.exec = f(this.exec);
    this.schedWait = f(this.schedWait);
    this.syscall = f(this.syscall);
    this.syscallBlock = f(this.syscallBlock);
    this.total = f(this.total);
    this.kOff = i(this.kOff);
    this.kLen = i(this.kLen);
  }
}
