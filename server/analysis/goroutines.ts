// The goroutine pages of `go tool trace` as data: /goroutines (goroutines grouped by start
// function) and /goroutine?name=&sortby= (one group, with each goroutine's time
// breakdown). Go's fields, sort orders and column lists (cmd/trace/goroutines.go).
// Go builds both from map iteration, so Go orders ties at random; here ties keep the order
// of first appearance. No Deno APIs.

import { sortFunc } from "../util/go_sort.ts";
import { formatFixed } from "../util/go_float.ts";
import { nonOverlappingStats } from "./exec_stats.ts";
import type { GoroutineSummary } from "./summary.ts";

export interface GoroutineGroup {
  /** Start function; "" for goroutines never seen with a stack. */
  name: string;
  count: number;
  /** Total execution time of the group's goroutines (ns). */
  execTime: number;
}

/** The /goroutines table: groups by start function, most execution time first. */
export function goroutineGroups(goroutines: GoroutineSummary[]): GoroutineGroup[] {
  const byName = new Map<string, GoroutineGroup>();
  for (const g of goroutines) {
    let group = byName.get(g.name);
    if (!group) {
      group = { name: g.name, count: 0, execTime: 0 };
      byName.set(g.name, group);
    }
    group.count++;
    group.execTime += g.execTime;
  }
  const groups = [...byName.values()];
  sortFunc(groups, (a, b) => cmp(b.execTime, a.execTime));
  return groups;
}

export interface GoroutineRow {
  id: number;
  totalTime: number;
  /** Every column of `nonOverlappingStats`, in that order (ns). */
  breakdown: number[];
  /** Every column of `rangeStats`, in that order (ns; 0 when absent). */
  rangeTimes: number[];
  /** Whether the goroutine is listed in the special-ranges table. */
  hasRangeTime: boolean;
}

export interface GoroutineGroupTable {
  /** The group's name, or "" when no goroutine matched. */
  name: string;
  count: number;
  /** The group's share of all execution time, as Go prints it ("12.34%"), "" if none ran. */
  execTimePercent: string;
  /** The longest total time in the group (the 100% of the bar graphs). */
  maxTotal: number;
  /** Breakdown column names: "Execution time" first, then by name. */
  nonOverlappingStats: string[];
  /** Special range column names, sorted. */
  rangeStats: string[];
  goroutines: GoroutineRow[];
}

/** The sort key Go uses when `sortby` names no breakdown column. */
export const DEFAULT_SORT = "Total time";

/**
 * The /goroutine?name=&sortby= page: the goroutines named `name`, sorted by the breakdown
 * column `sortBy` (descending), or by total time when that is no column of this group.
 */
export function goroutineGroupTable(
  goroutines: GoroutineSummary[],
  name: string,
  sortBy = DEFAULT_SORT,
): GoroutineGroupTable {
  interface Member {
    g: GoroutineSummary;
    stats: Map<string, number>;
    hasRangeTime: boolean;
  }
  const members: Member[] = [];
  const columns = new Set<string>();
  const rangeColumns = new Set<string>();
  let totalExecTime = 0, execTime = 0, maxTotal = 0;
  let groupName = "";
  for (const g of goroutines) {
    totalExecTime += g.execTime;
    if (g.name !== name) continue;
    const stats = nonOverlappingStats(g);
    for (const k of stats.keys()) columns.add(k);
    let totalRangeTime = 0;
    for (const [k, dt] of Object.entries(g.rangeTime)) {
      rangeColumns.add(k);
      totalRangeTime += dt;
    }
    members.push({ g, stats, hasRangeTime: totalRangeTime !== 0 });
    groupName = g.name;
    execTime += g.execTime;
    if (maxTotal < g.totalTime) maxTotal = g.totalTime;
  }

  if (columns.has(sortBy)) {
    sortFunc(members, (a, b) => cmp(b.stats.get(sortBy) ?? 0, a.stats.get(sortBy) ?? 0));
  } else {
    sortFunc(members, (a, b) => cmp(b.g.totalTime, a.g.totalTime));
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
    name: groupName,
    count: members.length,
    execTimePercent: totalExecTime > 0 ? formatFixed(execTime / totalExecTime * 100, 2) + "%" : "",
    maxTotal,
    nonOverlappingStats: nonOverlapping,
    rangeStats,
    goroutines: members.map(({ g, stats, hasRangeTime }) => ({
      id: g.id,
      totalTime: g.totalTime,
      breakdown: nonOverlapping.map((k) => stats.get(k) ?? 0),
      rangeTimes: rangeStats.map((k) => g.rangeTime[k] ?? 0),
      hasRangeTime,
    })),
  };
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Go compares strings bytewise (UTF-8); JS compares UTF-16 code units, which orders
// code points above U+FFFF differently. Compare code points, which matches UTF-8 order.
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
