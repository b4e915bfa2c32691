// A few events read by global index from a trace held whole or block by block: the
// task and region ends a view draws, the event behind a picked slice. The generator
// reads the trace in order, block by block; what it needs out of order is picked here
// first, each block read once. No Deno APIs.

import type { EventBlock } from "../trace/block.ts";
import type { Trace } from "../trace/trace.ts";

const COLUMNS = ["time", "type", "state", "ctx", "stack", "a0", "a1", "a2"] as const;
type ColumnName = typeof COLUMNS[number];

/** Rows of some events, by their global index. */
export class PickedRows {
  readonly #slot = new Map<number, number>();
  readonly time: Float64Array;
  readonly type: Uint8Array;
  readonly state: Uint8Array;
  readonly ctx: Uint32Array;
  readonly stack: Uint32Array;
  readonly a0: Uint32Array;
  readonly a1: Uint32Array;
  readonly a2: Uint32Array;

  private constructor(events: number[]) {
    const n = events.length;
    events.forEach((e, k) => this.#slot.set(e, k));
    this.time = new Float64Array(n);
    this.type = new Uint8Array(n);
    this.state = new Uint8Array(n);
    this.ctx = new Uint32Array(n);
    this.stack = new Uint32Array(n);
    this.a0 = new Uint32Array(n);
    this.a1 = new Uint32Array(n);
    this.a2 = new Uint32Array(n);
  }

  /** The rows of `events` (indexes outside the trace are left out). */
  static async of(trace: Trace, events: Iterable<number>): Promise<PickedRows> {
    const list = [...new Set(events)].filter((e) => e >= 0 && e < trace.count)
      .sort((a, b) => a - b);
    const out = new PickedRows(list);
    let k = 0;
    while (k < list.length) {
      const b = await trace.block(trace.blockOf(list[k]));
      for (; k < list.length && list[k] < b.first + b.count; k++) {
        out.#copy(k, b, list[k] - b.first);
      }
    }
    return out;
  }

  /** The rows of `events` of a trace held whole, at once. */
  static whole(trace: Trace, events: Iterable<number>): PickedRows {
    const list = [...new Set(events)].filter((e) => e >= 0 && e < trace.count);
    const out = new PickedRows(list);
    const b = trace.wholeBlock();
    list.forEach((e, k) => out.#copy(k, b, e));
    return out;
  }

  #copy(k: number, b: EventBlock, j: number): void {
    for (const c of COLUMNS) (this[c] as Uint32Array)[k] = (b[c] as Uint32Array)[j];
  }

  has(e: number): boolean {
    return this.#slot.has(e);
  }

  /** Slot of event e in the columns (throws if it was not picked: a bug). */
  at(e: number): number {
    const k = this.#slot.get(e);
    if (k === undefined) throw new Error(`event ${e} was not read`);
    return k;
  }

  get(c: ColumnName, e: number): number {
    return this[c][this.at(e)];
  }
}
