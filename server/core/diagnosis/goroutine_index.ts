// One block's goroutine state transitions, by goroutine: what a backward walk asks
// ("the last transition of goroutine g before event i") answered by a binary search.
// Built on demand for the blocks a walk reaches, in two counting passes over the block
// (flat arrays, no object per event). Only the goroutines the block mentions have an
// entry (a trace may name hundreds of thousands; a block, thousands), so building an
// index costs the block's rows, not the goroutine table. Mark-assist ranges by goroutine
// come along, to tell assist time apart inside running time. No Deno APIs.

import type { EventBlock } from "../trace/block.ts";
import type { ContextTables } from "../trace/event.ts";
import { gIndexAt, transitionResource } from "../trace/event.ts";
import { Ev, GO_TRANSITIONS } from "../trace/kinds.ts";

const IS_GO_TRANSITION = new Uint8Array(256);
for (const t of GO_TRANSITIONS) IS_GO_TRANSITION[t] = 1;

/** Whether wire type `t` is a goroutine state transition. */
export function isGoTransitionType(t: number): boolean {
  return IS_GO_TRANSITION[t] === 1;
}

// Scratch by goroutine index, shared by builds (one at a time: a build never awaits):
// during a build, first the goroutine's transitions in the block, then its next free row.
let scratch = new Int32Array(0);

export class GoroutineIndex {
  /** The goroutines with transitions in the block (indexes into gIds), ascending. */
  readonly gs: Int32Array;
  /** rows[offsets[e] .. offsets[e+1]) are block-local rows of gs[e]'s transitions, in order. */
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
  /** Mark-assist ranges by goroutine index: [start, end, start, end, …] (ns). */
  readonly assists = new Map<number, number[]>();

  constructor(readonly block: EventBlock, t: ContextTables, gCount: number) {
    const b = block, n = b.count, type = b.type;
    if (scratch.length < gCount) scratch = new Int32Array(gCount);
    const at = scratch;
    // Pass 1: the goroutines and their transitions.
    const seen: number[] = [];
    let total = 0;
    for (let j = 0; j < n; j++) {
      if (IS_GO_TRANSITION[type[j]]) {
        const g = transitionResource(b, j);
        if (g < gCount) {
          if (at[g]++ === 0) seen.push(g);
          total++;
        }
      }
    }
    const gs = this.gs = Int32Array.from(seen).sort();
    const m = gs.length;
    const offsets = this.offsets = new Int32Array(m + 1);
    for (let e = 0, o = 0; e < m; e++) {
      const g = gs[e];
      offsets[e] = o;
      o += at[g];
      at[g] = offsets[e];
    }
    offsets[m] = total;
    // Pass 2: the rows, and the mark assists.
    this.rows = new Int32Array(total);
    const rows = this.rows;
    const open = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      const typ = type[j];
      if (IS_GO_TRANSITION[typ]) {
        const g = transitionResource(b, j);
        if (g < gCount) rows[at[g]++] = j;
      } else if (typ === Ev.GCMarkAssistBegin) {
        open.set(gIndexAt(t, b, j), b.time[j]);
      } else if (typ === Ev.GCMarkAssistActive) {
        // Under way since before the block.
        open.set(b.a0[j], b.time[0]);
      } else if (typ === Ev.GCMarkAssistEnd) {
        const g = gIndexAt(t, b, j);
        this.#assist(g, open.get(g) ?? b.time[0], b.time[j]);
        open.delete(g);
      }
    }
    for (const g of gs) at[g] = 0;
    for (const [g, start] of open) this.#assist(g, start, b.time[n - 1]);
  }

  #assist(g: number, start: number, end: number): void {
    let list = this.assists.get(g);
    if (!list) this.assists.set(g, list = []);
    list.push(start, end);
  }

  /** The entry of goroutine g (into gs and offsets), or -1 if it has no transition here. */
  #entry(g: number): number {
    const gs = this.gs;
    let lo = 0, hi = gs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = gs[mid];
      if (v === g) return mid;
      if (v < g) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The last transition of goroutine g at a block-local row below `row`: a row, or -1. */
  lastBefore(g: number, row: number): number {
    const e = this.#entry(g);
    if (e < 0) return -1;
    let lo = this.offsets[e], hi = this.offsets[e + 1] - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid] < row) {
        found = this.rows[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.gs.byteLength + this.offsets.byteLength + this.rows.byteLength;
  }
}
