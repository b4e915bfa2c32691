// The goroutine pages of `go tool trace` as data: /goroutines (goroutines grouped by start
// function) and /goroutine?name=&sortby= (one group, with each goroutine's time
// breakdown). Go's fields, sort orders and column lists (cmd/trace/goroutines.go).
// Go builds both from map iteration, so Go orders ties at random; here ties keep the order
// of first appearance. No Deno APIs.

import { sortFunc } from "../util/go_sort.ts";
import { formatFixed } from "../util/go_float.ts";
import type { Summary } from "./summary.ts";

export interface GoroutineGroup {
  /** Start function; "" for goroutines never seen with a stack. */
  name: string;
  count: number;
  /** Total execution time of the group's goroutines (ns). */
  execTime: number;
}

/** The /goroutines table: groups by start function, most execution time first. */
export function goroutineGroups(summary: Summary): GoroutineGroup[] {
  const byName = new Map<string, GoroutineGroup>();
  const byNameId = new Map<number, GoroutineGroup>();
  const exec = summary.goroutineStats.exec;
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    const id = summary.goroutineNameId(g);
    let group = byNameId.get(id);
    if (!group) {
      // Names are compared as strings: two ids may decode to the same one.
      const name = summary.goroutineName(g);
      group = byName.get(name);
      if (!group) {
        group = { name, count: 0, execTime: 0 };
        byName.set(name, group);
      }
      byNameId.set(id, group);
    }
    group.count++;
    group.execTime += exec[g];
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
  /** Goroutines in the group (all of them, even when `goroutines` is cut short). */
  count: number;
  /** The group's share of all execution time, as Go prints it ("12.34%"), "" if none ran. */
  execTimePercent: string;
  /** The longest total time in the group (the 100% of the bar graphs). */
  maxTotal: number;
  /** Breakdown column names: "Execution time" first, then by name. */
  nonOverlappingStats: string[];
  /** Special range column names, sorted. */
  rangeStats: string[];
  /** The goroutines of the page (`limit` from `offset`) in sort order. */
  goroutines: GoroutineRow[];
}

/** The sort key Go uses when `sortby` names no breakdown column. */
export const DEFAULT_SORT = "Total time";

/**
 * The /goroutine?name=&sortby= page: the goroutines named `name`, sorted by the breakdown
 * column `sortBy` (descending), or by total time when that is no column of this group.
 * Rows are made for `limit` goroutines from `offset` only.
 */
export function goroutineGroupTable(
  summary: Summary,
  name: string,
  sortBy = DEFAULT_SORT,
  limit = Infinity,
  offset = 0,
): GoroutineGroupTable {
  const stats = summary.goroutineStats;
  const members: number[] = [];
  // Per name string id: 1 when it is `name`, 2 when not.
  const matches = new Map<number, number>();
  let totalExecTime = 0, execTime = 0;
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    totalExecTime += stats.exec[g];
    const id = summary.goroutineNameId(g);
    let m = matches.get(id);
    if (m === undefined) matches.set(id, m = summary.goroutineName(g) === name ? 1 : 2);
    if (m !== 1) continue;
    members.push(g);
    execTime += stats.exec[g];
  }
  const table = summary.stats.table(stats, members, sortBy, cmp);
  const { columns, rangeColumns } = table;
  return {
    name: members.length > 0 ? name : "",
    count: members.length,
    execTimePercent: totalExecTime > 0 ? formatFixed(execTime / totalExecTime * 100, 2) + "%" : "",
    maxTotal: table.maxTotal,
    nonOverlappingStats: columns,
    rangeStats: rangeColumns,
    goroutines: table.order.slice(offset, offset + limit).map((p) => {
      const g = members[p];
      return {
        id: summary.goroutineId(g),
        totalTime: stats.total[g],
        ...summary.stats.row(stats, g, columns, rangeColumns),
      };
    }),
  };
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
