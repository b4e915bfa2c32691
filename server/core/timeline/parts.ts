// The parts a big trace's timeline is cut into: runs of whole blocks (generations) whose
// viewer model fits the timeline's memory budget. The viewer shows one part at a time,
// as Go's viewer shows one split range at a time; a trace whose whole model fits is one
// part. No Deno APIs.

import type { Trace } from "../trace/trace.ts";

export interface TimelinePart {
  index: number;
  /** Events [firstEvent, endEvent) (global indexes), blocks [firstBlock, endBlock). */
  firstEvent: number;
  endEvent: number;
  firstBlock: number;
  endBlock: number;
  /** Times of its first and last events (ns since the first event of the trace). */
  startTime: number;
  endTime: number;
}

/**
 * Cuts the trace's valid events into parts of at most `maxEvents` events each (a block
 * bigger than that is a part of its own); one part when they all fit.
 */
export function timelineParts(trace: Trace, maxEvents: number): TimelinePart[] {
  const end = trace.validCount;
  const bs = trace.blocks;
  if (end <= maxEvents || bs.length <= 1) {
    return [{
      index: 0,
      firstEvent: 0,
      endEvent: end,
      firstBlock: 0,
      endBlock: bs.length,
      startTime: 0,
      endTime: trace.validEndTime,
    }];
  }
  const parts: TimelinePart[] = [];
  let b = 0;
  while (b < bs.length && bs[b].first < end) {
    const first = b;
    let n = 0;
    while (b < bs.length && bs[b].first < end) {
      const count = Math.min(bs[b].count, end - bs[b].first);
      // A block of only its Sync (the trace's end) joins the part before it.
      if (b > first && n + count > maxEvents && count > 1) break;
      n += count;
      b++;
    }
    const last = bs[b - 1];
    const endEvent = Math.min(last.first + last.count, end);
    parts.push({
      index: parts.length,
      firstEvent: bs[first].first,
      endEvent,
      firstBlock: first,
      endBlock: b,
      startTime: parts.length === 0 ? 0 : bs[first].startTime,
      endTime: endEvent === last.first + last.count ? last.endTime : last.startTime,
    });
  }
  return parts;
}

/** The part holding time t (ns since the first event): the last one starting by then. */
export function partAt(parts: readonly TimelinePart[], t: number): number {
  let k = 0;
  while (k + 1 < parts.length && parts[k + 1].startTime <= t) k++;
  return k;
}

/** "2.5s–3.1s"-style label of a part's times. */
export function partLabel(p: TimelinePart): string {
  return `${seconds(p.startTime)}–${seconds(p.endTime)}`;
}

function seconds(ns: number): string {
  const s = ns / 1e9;
  return `${s < 10 ? s.toFixed(3) : s.toFixed(2)}s`;
}
