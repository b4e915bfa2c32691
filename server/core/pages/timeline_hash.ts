// The "#startMs:endMs" of a timeline link, as Go writes it on its task pages: ms since
// the trace start, printed with %v.

import { formatFloatV } from "../util/go_format_float.ts";

export function msV(ns: number): string {
  return formatFloatV(ns / 1e6);
}

/** The hash of a span given in ns since the trace start. */
export function timelineHash(span: { start: number; end: number }): string {
  return `${msV(span.start)}:${msV(span.end)}`;
}
