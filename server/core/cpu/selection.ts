// What part of a trace a CPU profile or a wall-clock graph covers: per goroutine, the
// time spans that count (the blocking profiles' GoroutineIntervals), and optionally a
// time range. Built for a goroutine group, a task type, a region type, one goroutine or
// a range of time. A CPU sample counts when its goroutine has a span holding the
// sample's time; a wait counts for its overlap with the spans. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { gIndexAt } from "../trace/event.ts";
import type { Summary } from "../summary/summary.ts";
import { goQuoteString } from "../util/go_quote.ts";
import {
  type GoroutineIntervals,
  type RegionFilter,
  regionFrom,
  regionIntervals,
  regionTo,
  traceEndTime,
} from "../profiles/pprof.ts";
import { regionFilterName } from "../annotations/regions.ts";

export interface Selection {
  /** What it selects, in words ("" for the whole trace). */
  filter: string;
  /**
   * Per goroutine index, sorted disjoint [start, end, start, end, …] spans (ns since
   * the first event); null selects every goroutine, and samples taken without one.
   */
  spans: GoroutineIntervals | null;
  /** Only times in [from, to] (ns since the first event), when set. */
  from?: number;
  to?: number;
}

/** The whole trace. */
export function wholeTrace(): Selection {
  return { filter: "", spans: null };
}

/** Times in [from, to] (ns since the first event), every goroutine. */
export function timeRange(from: number, to: number): Selection {
  return { filter: `${from} ns to ${to} ns after the trace start`, spans: null, from, to };
}

/**
 * The goroutines named `name` (start function), for all their time in the trace. (The
 * blocking profiles count from a goroutine's first run, as Go's do; here the waits
 * before it count too, so the wall-clock graph adds up to the group's breakdown.)
 */
export function goroutineGroup(t: Trace, s: Summary, name: string): Selection | Error {
  const spans: GoroutineIntervals = new Array(t.gId.length);
  const matches = new Map<number, boolean>(); // by name string id
  let n = 0;
  for (let k = 0; k < s.goroutineCount; k++) {
    const g = s.goroutineAt(k);
    const id = s.goroutineNameId(g);
    let m = matches.get(id);
    if (m === undefined) matches.set(id, m = s.goroutineName(g) === name);
    if (!m || g === 0) continue;
    spans[g] = [-Infinity, Infinity];
    n++;
  }
  if (n === 0) return new Error(`failed to find matching goroutines for name: ${name}`);
  return { filter: `goroutines started at ${name}`, spans };
}

/** One goroutine by Go id, for as long as the trace holds it. */
export function oneGoroutine(t: Trace, id: number): Selection | Error {
  const spans: GoroutineIntervals = new Array(t.gId.length);
  let found = false;
  for (let g = 1; g < t.gId.length; g++) {
    if (t.gId[g] === id) {
      spans[g] = [-Infinity, Infinity];
      found = true;
    }
  }
  if (!found) return new Error(`no goroutine ${id} in the trace`);
  return { filter: `goroutine ${id}`, spans };
}

/** The regions a filter selects (outermost ones, as the region profiles count). */
export function regionType(t: Trace, s: Summary, f: RegionFilter): Selection {
  const name = regionFilterName(f);
  return {
    filter: name === "" ? "all regions" : `regions ${name}`,
    spans: normalize(regionIntervals(t, s, f)),
  };
}

/**
 * The tasks of type `type`: per goroutine, the spans of the regions that belong to such
 * a task (inherited ones too: a goroutine created inside a region carries its task),
 * and, for the goroutine that began a task, the task's own span (from its TaskBegin to
 * its TaskEnd, or the trace's bounds when one is missing).
 */
export async function taskType(t: Trace, s: Summary, type: string): Promise<Selection | Error> {
  const ofType = new Set<number>(); // task ids
  const raw: (number[] | undefined)[] = new Array(t.gId.length);
  const add = (g: number, a: number, b: number) => (raw[g] ??= []).push(a, b);
  const last = traceEndTime(t);
  for (let k = 0; k < s.taskCount; k++) {
    const ti = s.taskAt(k);
    if (s.taskName(ti) !== type) continue;
    ofType.add(s.taskId(ti));
    const begin = s.taskStart(ti), end = s.taskEnd(ti);
    if (begin < 0) continue; // Began before the trace: its regions still count.
    const at = await eventAt(t, begin);
    const g = at.g;
    if (g === 0) continue;
    add(g, at.time, end >= 0 ? (await eventAt(t, end)).time : last);
  }
  if (ofType.size === 0) return new Error(`no tasks of type ${goQuoteString(type)}`);
  for (let k = 0; k < s.goroutineCount; k++) {
    const g = s.goroutineAt(k);
    if (g === 0) continue;
    for (const r of s.regionsOf(g)) {
      if (ofType.has(s.regionTaskId(r))) add(g, regionFrom(s, r), regionTo(s, r));
    }
  }
  return { filter: `tasks of type ${goQuoteString(type)}`, spans: normalize(raw) };
}

/** Event i's goroutine index (0 = none) and time. */
async function eventAt(t: Trace, i: number): Promise<{ g: number; time: number }> {
  const b = await t.block(t.blockOf(i));
  const j = i - b.first;
  return { g: gIndexAt(t, b, j), time: b.time[j] };
}

/** Spans sorted by start and merged where they overlap. */
export function normalize(spans: GoroutineIntervals): GoroutineIntervals {
  const out: GoroutineIntervals = new Array(spans.length);
  for (let g = 0; g < spans.length; g++) {
    const s = spans[g];
    if (!s || s.length === 0) continue;
    const pairs: [number, number][] = [];
    for (let k = 0; k < s.length; k += 2) pairs.push([s[k], s[k + 1]]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: number[] = [pairs[0][0], pairs[0][1]];
    for (let k = 1; k < pairs.length; k++) {
      const [a, b] = pairs[k];
      const n = merged.length;
      if (a <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], b);
      else merged.push(a, b);
    }
    out[g] = merged;
  }
  return out;
}

/** Whether time `x` of goroutine `g` is selected (spans sorted and disjoint). */
export function selects(sel: Selection, g: number, x: number): boolean {
  if (sel.from !== undefined && x < sel.from) return false;
  if (sel.to !== undefined && x > sel.to) return false;
  if (sel.spans === null) return true;
  const s = sel.spans[g];
  if (!s) return false;
  // The last span starting at or before x.
  let lo = 0, hi = s.length / 2 - 1, k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[2 * mid] <= x) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return k >= 0 && x <= s[2 * k + 1];
}

/** How much of [start, end] of goroutine `g` is selected (spans sorted and disjoint). */
export function selectedPart(sel: Selection, g: number, start: number, end: number): number {
  if (sel.from !== undefined && start < sel.from) start = sel.from;
  if (sel.to !== undefined && end > sel.to) end = sel.to;
  if (end <= start) return 0;
  if (sel.spans === null) return end - start;
  const s = sel.spans[g];
  if (!s) return 0;
  let sum = 0;
  for (let k = 0; k < s.length; k += 2) {
    if (s[k] >= end) break;
    const o = Math.min(s[k + 1], end) - Math.max(s[k], start);
    if (o > 0) sum += o;
  }
  return sum;
}
