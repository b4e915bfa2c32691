// Rewrites a Go 1.22+ trace without some of its events, keeping everything else as it
// was: each batch's size is recomputed, and a dropped event's time delta is added to the
// next event of its batch so that no other event moves in time (at the end of a batch,
// to the last event kept, which then moves to the dropped one's time). Tests use it to ask Go
// about the same trace minus events it cannot handle.

import { openRawReader } from "../../server/core/trace/raw_reader.ts";
import { encodeRawTrace, type RawEvent } from "./goport/text_trace.ts";

export interface RawEventView {
  name: string;
  args: bigint[];
  /** The enclosing batch's header arguments. */
  batch: { gen: bigint; m: bigint };
}

/** The trace without the events `drop` selects, and how many were dropped. */
export function withoutEvents(
  bytes: Uint8Array,
  drop: (e: RawEventView) => boolean,
): { bytes: Uint8Array; dropped: number } {
  const r = openRawReader(bytes);
  if (!("next" in r)) throw new Error(`not a Go 1.22+ trace: ${r.message}`);
  // A batch, or a lone event outside any (Go 1.26's EndOfGeneration).
  const batches: { header: RawEvent; events: RawEvent[] }[] = [];
  let inBatch = false;
  let dropped = 0;
  let carry = 0n; // time delta of dropped events, for the next event of the batch
  // At the end of a batch, a dropped event's delta goes to the last kept timed event,
  // so the batch still ends at the same time (Go derives the generation's end from it).
  const flushCarry = () => {
    const last = batches.at(-1)?.events.findLast((e) => r.specs[e.type].args[0] === "dt");
    if (last && carry > 0n) last.args[0] += carry;
    carry = 0n;
  };
  while (r.next()) {
    const spec = r.specs[r.type];
    const args = r.args.slice(0, r.nargs).map(BigInt);
    const ev: RawEvent = { type: r.type, args };
    if (spec.hasData) ev.data = r.data ?? new Uint8Array();
    if (spec.name === "EventBatch" || spec.name === "EndOfGeneration") {
      flushCarry();
      batches.push({ header: ev, events: [] });
      inBatch = spec.name === "EventBatch";
      continue;
    }
    const batch = batches.at(-1);
    if (!batch || !inBatch) throw new Error(`${spec.name} outside a batch`);
    const timed = spec.args[0] === "dt";
    if (
      drop({ name: spec.name, args, batch: { gen: batch.header.args[0], m: batch.header.args[1] } })
    ) {
      dropped++;
      if (timed) carry += args[0];
      continue;
    }
    if (timed) {
      args[0] += carry;
      carry = 0n;
    }
    batch.events.push(ev);
  }
  flushCarry();
  if (r.error) throw new Error(`unreadable trace: ${r.error.message}`);
  const events: RawEvent[] = [];
  for (const b of batches) {
    if (b.header.args.length === 0) {
      events.push(b.header);
      continue;
    }
    const body = encodeRawTrace({ version: r.version, events: b.events });
    const headerLen = `go 1.${r.version} trace\0\0\0`.length;
    b.header.args[3] = BigInt(body.length - headerLen);
    events.push(b.header, ...b.events);
  }
  return { bytes: encodeRawTrace({ version: r.version, events }), dropped };
}
