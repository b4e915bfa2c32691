// Names of the special ranges a goroutine can spend time in (Go's Event.Range().Name),
// as small integer keys for the summarizer's maps. The stop-the-world name carries its
// kind, so its key includes the kind's string id. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import { Ev } from "../trace/kinds.ts";

const MARK = 0, SWEEP = 1, ASSIST = 2, STW_BASE = 3;

export class RangeNames {
  #names = new Map<number, string>();

  constructor(readonly trace: Trace) {}

  /** The key of the name of the range event at row i of block b. */
  keyOf(b: EventBlock, i: number): number {
    return this.keyOfRow(b.type[i], b.a0[i]);
  }

  /** The key for an event of wire type `type` whose first argument is a0. */
  keyOfRow(type: number, a0: number): number {
    switch (type) {
      case Ev.STWBegin:
      case Ev.STWEnd:
        return STW_BASE + a0;
      case Ev.GCSweepBegin:
      case Ev.GCSweepActive:
      case Ev.GCSweepEnd:
        return SWEEP;
      case Ev.GCMarkAssistBegin:
      case Ev.GCMarkAssistActive:
      case Ev.GCMarkAssistEnd:
        return ASSIST;
      default:
        return MARK;
    }
  }

  /** The range name Go shows for a key. */
  name(key: number): string {
    let s = this.#names.get(key);
    if (s === undefined) {
      if (key === MARK) s = "GC concurrent mark phase";
      else if (key === SWEEP) s = "GC incremental sweep";
      else if (key === ASSIST) s = "GC mark assist";
      else s = `stop-the-world (${this.trace.string(key - STW_BASE)})`;
      this.#names.set(key, s);
    }
    return s;
  }
}
