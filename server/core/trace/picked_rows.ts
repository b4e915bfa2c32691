// A few events read by global index from a trace held whole or block by block: the
// task and region ends a timeline view draws, the event behind a picked slice, the events
// a task page describes. A pass reads the trace in order, block by block; what is needed
// out of order is picked here, each block read once, into KeptEvents columns.
// No Deno APIs.

import { KeptEvents } from "./kept.ts";
import type { Trace } from "./trace.ts";

// The distinct events of `events` inside the trace, in index order (KeptEvents' order).
function sorted(trace: Trace, events: Iterable<number>): number[] {
  return [...new Set(events)].filter((e) => e >= 0 && e < trace.count).sort((a, b) => a - b);
}

/** The rows of `events` (indexes outside the trace are left out). */
export async function pickRows(trace: Trace, events: Iterable<number>): Promise<KeptEvents> {
  const list = sorted(trace, events);
  const out = new KeptEvents();
  let k = 0;
  while (k < list.length) {
    const b = await trace.block(trace.blockOf(list[k]));
    for (; k < list.length && list[k] < b.first + b.count; k++) out.add(b, list[k] - b.first);
  }
  return out;
}

/** The rows of `events` of a trace held whole, at once. */
export function pickRowsWhole(trace: Trace, events: Iterable<number>): KeptEvents {
  const out = new KeptEvents();
  const b = trace.wholeBlock();
  for (const e of sorted(trace, events)) out.add(b, e);
  return out;
}
