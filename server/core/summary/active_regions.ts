// The regions that are open while the summary is built, each with the snapshot of its
// goroutine's stats taken when it began (Go keeps that snapshot in the region until it
// ends, then replaces it with the difference). Open regions are few at any moment (a
// goroutine's nesting), so they live in reusable slots, not in columns by region: the
// snapshots are the rows of a StatsTable, and a goroutine's open regions a stack of slots
// (top first, through `next`). Freed slots leave their keyed times behind in the table's
// arena, which is compacted when they fill it. No Deno APIs.

import { KeyedArena, type StatsRow, StatsTable } from "./exec_stats.ts";

export class ActiveRegions {
  region: Int32Array; // slot → region index, −1 for a free slot
  next: Int32Array; // the slot below on its goroutine's stack, −1 none
  /** The snapshots, by slot. */
  readonly stats: StatsTable;
  #live = 0; // keyed times still in a slot's run
  #count = 0; // slots ever used
  #free: number[] = [];

  constructor(capacity = 256) {
    this.region = new Int32Array(capacity).fill(-1);
    this.next = new Int32Array(capacity);
    this.stats = new StatsTable(capacity, new KeyedArena(1 << 16));
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
    this.#set(s, 0, 0, 0, 0, 0);
    this.stats.kLen[s] = 0;
    return s;
  }

  /** Sets slot s's snapshot to a copy of `r`. */
  set(s: number, r: StatsRow): void {
    this.#set(s, r.exec, r.schedWait, r.syscall, r.syscallBlock, r.total);
    const st = this.stats, n = r.len;
    this.#live -= st.kLen[s];
    st.kLen[s] = 0;
    if (st.arena.length + n > st.arena.keys.length) this.#compact(n);
    const arena = st.arena, at = arena.alloc(n), { keys, vals } = arena;
    // A loop, not set(subarray): no object made per region.
    for (let j = 0; j < n; j++) {
      keys[at + j] = r.keys[r.off + j];
      vals[at + j] = r.vals[r.off + j];
    }
    st.kOff[s] = at;
    st.kLen[s] = n;
    this.#live += n;
  }

  /** Frees slot s. */
  close(s: number): void {
    this.#live -= this.stats.kLen[s];
    this.stats.kLen[s] = 0;
    this.region[s] = -1;
    this.#free.push(s);
  }

  #set(s: number, exec: number, sched: number, sys: number, sysBlock: number, total: number) {
    const st = this.stats;
    st.exec[s] = exec;
    st.schedWait[s] = sched;
    st.syscall[s] = sys;
    st.syscallBlock[s] = sysBlock;
    st.total[s] = total;
  }

  // Moves the live runs to the front of an arena with room for n more: at least 64 Ki
  // more, and twice the live ones, so that compactions (a scan of every slot) are rare.
  #compact(n: number): void {
    const st = this.stats, old = st.arena;
    const arena = new KeyedArena(Math.max(this.#live + n + (1 << 16), 2 * (this.#live + n)));
    for (let s = 0; s < this.#count; s++) {
      const len = st.kLen[s];
      if (this.region[s] < 0 || len === 0) continue;
      const off = st.kOff[s], at = arena.alloc(len);
      arena.keys.set(old.keys.subarray(off, off + len), at);
      arena.vals.set(old.vals.subarray(off, off + len), at);
      st.kOff[s] = at;
    }
    st.arena = arena;
  }

  #grow(cap: number): void {
    const region = new Int32Array(cap).fill(-1), next = new Int32Array(cap);
    region.set(this.region);
    next.set(this.next);
    this.region = region;
    this.next = next;
    this.stats.grow(cap);
  }
}
