// The region pages of `go tool trace` as data (cmd/trace/regions.go): /userregions
// (regions grouped by type and starting frame, with duration histograms) and
// /userregion (the regions a filter selects, with the goroutine breakdown columns).
// Filtering and intervals are the profiles' (pprof.ts), so a region page and its
// region profiles always select the same regions. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { sortFunc } from "../util/go_sort.ts";
import { formatDuration } from "../util/go_duration.ts";
import { goQuoteString } from "../util/go_quote.ts";
import { addSample, newHistogram, type TimeHistogram } from "./histogram.ts";
import { nonOverlappingStats } from "./exec_stats.ts";
import { matchesRegion, type RegionFilter, regionInterval } from "./pprof.ts";
import type { RegionSummary, Summary } from "./summary.ts";
import { compareStrings } from "./tasks.ts";

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
}

const NO_FRAME: RegionFrame = { pc: 0n, func: "", file: "", line: 0 };

/** Go's regionTopStackFrame: the last frame of the start event's stack. */
export function regionFrame(t: Trace, r: RegionSummary): RegionFrame {
  if (r.start === null) return NO_FRAME;
  const frames = t.stackFrameIds(t.stack[r.start]);
  if (frames.length === 0) return NO_FRAME;
  const f = frames[frames.length - 1];
  return {
    pc: t.framePC[f],
    func: t.string(t.frameFunc[f]),
    file: t.string(t.frameFile[f]),
    line: Number(t.frameLine[f]),
  };
}

/** /userregions: region kinds by type, then PC. */
export function regionTypes(t: Trace, summary: Summary): RegionTypeStats[] {
  const byKey = new Map<string, RegionTypeStats>();
  for (const g of summary.goroutines) {
    for (const r of g.regions) {
      const frame = regionFrame(t, r);
      const key = JSON.stringify([r.name, String(frame.pc), frame.func, frame.file, frame.line]);
      let s = byKey.get(key);
      if (!s) byKey.set(key, s = { type: r.name, frame, histogram: newHistogram() });
      const [start, end] = regionInterval(t, r);
      addSample(s.histogram, end - start);
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
  regions: RegionRow[];
}

/** /userregion: the matching regions, by `sortBy` (descending) or total time. */
export function regionTable(
  t: Trace,
  summary: Summary,
  f: RegionFilter,
  sortBy = "Total time",
): RegionTable {
  interface Member {
    goroutine: number;
    r: RegionSummary;
    stats: Map<string, number>;
    hasRangeTime: boolean;
  }
  const members: Member[] = [];
  const columns = new Set<string>(), rangeColumns = new Set<string>();
  let maxTotal = 0;
  for (const g of summary.goroutines) {
    for (const r of g.regions) {
      if (!matchesRegion(t, f, r)) continue;
      const stats = nonOverlappingStats(r);
      for (const k of stats.keys()) columns.add(k);
      let totalRange = 0;
      for (const [k, dt] of Object.entries(r.rangeTime)) {
        rangeColumns.add(k);
        totalRange += dt;
      }
      members.push({ goroutine: g.id, r, stats, hasRangeTime: totalRange !== 0 });
      if (maxTotal < r.totalTime) maxTotal = r.totalTime;
    }
  }
  if (columns.has(sortBy)) {
    sortFunc(members, (a, b) => (b.stats.get(sortBy) ?? 0) - (a.stats.get(sortBy) ?? 0));
  } else {
    sortFunc(members, (a, b) => b.r.totalTime - a.r.totalTime);
  }
  const nonOverlapping = [...columns];
  sortFunc(nonOverlapping, (a, b) => {
    if (a === b) return 0;
    if (a === "Execution time") return -1;
    if (b === "Execution time") return 1;
    return compareStrings(a, b);
  });
  const rangeStats = [...rangeColumns];
  sortFunc(rangeStats, compareStrings);
  return {
    name: regionFilterName(f),
    filterParams: regionFilterParams(f),
    maxTotal,
    nonOverlappingStats: nonOverlapping,
    rangeStats,
    regions: members.map(({ goroutine, r, stats, hasRangeTime }) => ({
      goroutine,
      taskId: r.taskId,
      totalTime: r.totalTime,
      breakdown: nonOverlapping.map((k) => stats.get(k) ?? 0),
      rangeTimes: rangeStats.map((k) => r.rangeTime[k] ?? 0),
      hasRangeTime,
    })),
  };
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
