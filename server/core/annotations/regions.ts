// The region pages of `go tool trace` as data (cmd/trace/regions.go): /userregions
// (regions grouped by type and starting frame, with duration histograms) and
// /userregion (the regions a filter selects, with the goroutine breakdown columns).
// Filtering and intervals are the profiles' (pprof.ts), so a region page and its
// region profiles always select the same regions. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { compareStrings, sortFunc } from "../util/go_sort.ts";
import { formatDuration } from "../util/go_duration.ts";
import { goQuoteString } from "../util/go_quote.ts";
import { addSample, newHistogram, type TimeHistogram } from "../summary/histogram.ts";
import { type RegionFilter, regionFrom, regionMatcher, regionTo } from "../profiles/pprof.ts";
import type { Summary } from "../summary/summary.ts";

export interface RegionFrame {
  pc: bigint;
  func: string;
  file: string;
  line: number;
}

export interface RegionTypeStats {
  type: string;
  /** The outermost frame of the region's start stack (Go's regionTopStackFrame). */
  frame: RegionFrame;
  /** All regions of the kind, complete or not (they count with the trace's bounds). */
  histogram: TimeHistogram;
  /** The longest region of the kind: its goroutine and span (ns since the trace start). */
  slowest: { goroutine: number; duration: number; start: number; end: number };
}

const NO_FRAME: RegionFrame = { pc: 0n, func: "", file: "", line: 0 };

// Go's regionTopStackFrame: the last (outermost) frame of a start stack, -1 if none.
function rootFrame(t: Trace, stack: number): number {
  if (stack < 0) return -1;
  const lo = t.stackOffsets[stack], hi = t.stackOffsets[stack + 1];
  return hi > lo ? t.stackFrames[hi - 1] : -1;
}

function frameOf(t: Trace, f: number): RegionFrame {
  if (f < 0) return NO_FRAME;
  return {
    pc: t.framePC[f],
    func: t.string(t.frameFunc[f]),
    file: t.string(t.frameFile[f]),
    line: Number(t.frameLine[f]),
  };
}

/** /userregions: region kinds by type, then PC. */
export function regionTypes(t: Trace, summary: Summary): RegionTypeStats[] {
  // Kinds by Go's key (type and frame, as values); the same key by type string id and
  // frame id, to look most regions up without making the key.
  const byKey = new Map<string, RegionTypeStats>();
  const byIds = new Map<number, Map<number, RegionTypeStats>>();
  const t0 = t.validCount > 0 ? t.startTime : 0;
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    for (const r of summary.regionsOf(g)) {
      const frameId = rootFrame(t, summary.regionStartStack(r));
      const nameId = summary.regionNameId(r);
      let byFrame = byIds.get(nameId);
      if (!byFrame) byIds.set(nameId, byFrame = new Map());
      let s = byFrame.get(frameId);
      if (!s) {
        const name = summary.regionName(r);
        const frame = frameOf(t, frameId);
        const key = JSON.stringify([name, String(frame.pc), frame.func, frame.file, frame.line]);
        s = byKey.get(key);
        if (!s) {
          const slowest = { goroutine: -1, duration: -1, start: 0, end: 0 };
          byKey.set(key, s = { type: name, frame, histogram: newHistogram(), slowest });
        }
        byFrame.set(frameId, s);
      }
      const from = regionFrom(summary, r), to = regionTo(summary, r);
      addSample(s.histogram, to - from);
      if (to - from > s.slowest.duration) {
        s.slowest = {
          goroutine: summary.goroutineId(g),
          duration: to - from,
          start: from - t0,
          end: to - t0,
        };
      }
    }
  }
  const out = [...byKey.values()];
  sortFunc(out, (a, b) => compareStrings(a.type, b.type) || cmpBig(a.frame.pc, b.frame.pc));
  return out;
}

/** The filter's description, as Go's page title spells it. */
export function regionFilterName(f: RegionFilter): string {
  const name: string[] = [];
  if (f.type !== undefined) name.push(goQuoteString(f.type));
  if (f.pc !== undefined) name.push(`@ 0x${f.pc.toString(16)}`);
  if (f.latMin !== undefined) name.push(`(latency >= ${formatDuration(f.latMin)})`);
  if (f.latMax !== undefined) name.push(`(latency <= ${formatDuration(f.latMax)})`);
  return name.join(" ");
}

/** The filter as Go's url.Values.Encode() of its filterParams (keys sorted). */
export function regionFilterParams(f: RegionFilter): string {
  const p: [string, string][] = [];
  if (f.latMax !== undefined) p.push(["latmax", formatDuration(f.latMax)]);
  if (f.latMin !== undefined) p.push(["latmin", formatDuration(f.latMin)]);
  if (f.pc !== undefined) p.push(["pc", `0x${f.pc.toString(16)}`]);
  if (f.type !== undefined) p.push(["type", f.type]);
  return p.map(([k, v]) => `${k}=${queryEscape(v)}`).join("&");
}

// Go's url.QueryEscape: space as "+", unreserved characters kept.
function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, "+").replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

export interface RegionRow {
  goroutine: number;
  /** Task id; -1 when the region belongs to no task. */
  taskId: number;
  totalTime: number;
  /** Every column of `nonOverlappingStats`, in that order (ns). */
  breakdown: number[];
  /** Every column of `rangeStats`, in that order (ns; 0 when absent). */
  rangeTimes: number[];
  hasRangeTime: boolean;
}

export interface RegionTable {
  name: string;
  filterParams: string;
  maxTotal: number;
  nonOverlappingStats: string[];
  rangeStats: string[];
  /** Regions matching (all of them, even when `regions` is cut short). */
  count: number;
  /** The regions of the page (`limit` from `offset`) in sort order. */
  regions: RegionRow[];
}

/**
 * /userregion: the matching regions, by `sortBy` (descending) or total time. Rows are
 * made for `limit` regions from `offset` only.
 */
export function regionTable(
  _t: Trace, // summary.trace (the signature of the other page functions)
  summary: Summary,
  f: RegionFilter,
  sortBy = "Total time",
  limit = Infinity,
  offset = 0,
): RegionTable {
  const members: number[] = [], owners: number[] = []; // regions and their goroutines
  const matches = regionMatcher(summary, f);
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    for (const r of summary.regionsOf(g)) {
      if (!matches(r)) continue;
      members.push(r);
      owners.push(g);
    }
  }
  const stats = summary.regionStats;
  const table = summary.stats.table(stats, members, sortBy, (a, b) => a - b);
  const { columns, rangeColumns } = table;
  return {
    name: regionFilterName(f),
    filterParams: regionFilterParams(f),
    maxTotal: table.maxTotal,
    nonOverlappingStats: columns,
    rangeStats: rangeColumns,
    count: members.length,
    regions: table.order.slice(offset, offset + limit).map((p) => {
      const r = members[p];
      return {
        goroutine: summary.goroutineId(owners[p]),
        taskId: summary.regionTaskId(r),
        totalTime: stats.at(r).total,
        ...summary.stats.row(stats, r, columns, rangeColumns),
      };
    }),
  };
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
