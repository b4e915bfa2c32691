// `go tool trace -d=footprint`: bytes and counts per event type, as Go's
// debugEventsFootprint prints them, byte for byte. All 256 type rows appear, sorted by
// bytes with Go's unstable pdqsort, so the order of equal rows is Go's too.

import { formatFixed } from "../util/go_float.ts";
import { sortFunc } from "../util/go_sort.ts";
import { TabWriter } from "../util/tabwriter.ts";
import { isHeaderError } from "./header.ts";
import { openRawReader, type SyncBytes } from "./raw_reader.ts";
import type { WireError } from "./wire.ts";

interface TypeStats {
  type: number;
  count: number;
  bytes: number;
}

/**
 * Writes the -d=footprint table to `out`, or returns the error Go would exit with (Go
 * prints nothing on stdout then).
 */
export function printFootprint(
  bytes: Uint8Array | SyncBytes,
  out: (chunk: string) => void,
  /** Bytes of the file held at a time when streaming from a source (tests). */
  window?: number,
): WireError | null {
  const reader = openRawReader(bytes, window);
  if (isHeaderError(reader)) return reader;
  const stats: TypeStats[] = Array.from(
    { length: 256 },
    (_, type) => ({ type, count: 0, bytes: 0 }),
  );
  let events = 0;
  while (reader.next()) {
    const s = stats[reader.type];
    s.count++;
    // Sizes as re-encoded with minimal varints, not the bytes the file spent.
    s.bytes += reader.encodedSize();
    events++;
  }
  if (reader.error) return { message: reader.error.message, offset: reader.error.offset };

  sortFunc(stats, (a, b) => b.bytes < a.bytes ? -1 : b.bytes > a.bytes ? 1 : 0);
  // Go divides by everything its reader pulled from the file: the whole file, header
  // included, since the stream ended at EOF.
  const total = bytes instanceof Uint8Array ? bytes.length : bytes.size;
  const specs = reader.specs;
  const w = new TabWriter({ minwidth: 3, tabwidth: 8, padding: 2, padchar: " " }, out);
  w.write("Event\tBytes\t%\tCount\t%\n");
  w.write("-\t-\t-\t-\t-\n");
  for (const s of stats) {
    const name = s.type < specs.length ? specs[s.type].name : `<unknown (${s.type})>`;
    // With no events the count share is 0/0: Go prints NaN.
    const bytesPct = formatFixed(s.bytes / total * 100, 2);
    const countPct = formatFixed(s.count / events * 100, 2);
    w.write(`${name}\t${s.bytes}\t${bytesPct}%\t${s.count}\t${countPct}%\n`);
  }
  w.flush();
  return null;
}
