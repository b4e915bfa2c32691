// One block's goroutine state transitions, by goroutine: what a backward walk asks
// ("the last transition of goroutine g before event i") answered by a binary search.
// Built on demand for the blocks a walk reaches, in one counting pass over the block
// (flat arrays, no object per event). Mark-assist ranges by goroutine come along, to
// tell assist time apart inside running time. No Deno APIs.

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

export class GoroutineIndex {
  /** rows[offsets[g] .. offsets[g+1]) are block-local rows of g's transitions, in order. */
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
  /** Mark-assist ranges by goroutine index: [start, end, start, end, …] (ns). */
  readonly assists = new Map<number, number[]>();

  constructor(readonly block: EventBlock, t: ContextTables, gCount: number) {
    const b = block, n = b.count;
    const counts = new Int32Array(gCount + 1);
    let total = 0;
    for (let j = 0; j < n; j++) {
      if (IS_GO_TRANSITION[b.type[j]]) {
        const g = transitionResource(b, j);
        if (g < gCount) {
          counts[g + 1]++;
          total++;
        }
      }
    }
    for (let g = 0; g < gCount; g++) counts[g + 1] += counts[g];
    this.offsets = counts.slice();
    const fill = counts;
    this.rows = new Int32Array(total);
    const open = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      const typ = b.type[j];
      if (IS_GO_TRANSITION[typ]) {
        const g = transitionResource(b, j);
        if (g < gCount) this.rows[fill[g]++] = j;
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
    for (const [g, start] of open) this.#assist(g, start, b.time[n - 1]);
  }

  #assist(g: number, start: number, end: number): void {
    let list = this.assists.get(g);
    if (!list) this.assists.set(g, list = []);
    list.push(start, end);
  }

  /** The last transition of goroutine g at a block-local row below `row`: a row, or -1. */
  lastBefore(g: number, row: number): number {
    if (g + 1 >= this.offsets.length) return -1;
    let lo = this.offsets[g], hi = this.offsets[g + 1] - 1, found = -1;
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
    return this.offsets.byteLength + this.rows.byteLength;
  }
}
