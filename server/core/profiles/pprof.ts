// The four blocking profiles of `go tool trace` (cmd/trace/pprof.go): how long goroutines
// waited on the network (net), on synchronization (sync), in syscalls (syscall) and to be
// scheduled (sched), by the stack of the event that started the wait. Each wait is
// clipped to the time intervals of the goroutines or regions asked for (by start function
// name, or by region type/PC/latency). Output: records (stack → count, total delay).
// No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { GoState } from "../trace/kinds.ts";
import { transitionReason, transitionResource } from "../trace/event.ts";
import { sortFunc } from "../util/go_sort.ts";
import { parseDuration } from "../util/go_duration.ts";
import type { RegionSummary, Summary } from "../summary/summary.ts";
import { type GoroutineLifetimes, isGoTransition } from "../summary/lifetimes.ts";

/** Go keeps at most this many frames of a stack in a profile (pprofMaxStack + 1). */
export const MAX_FRAMES = 129;

export const PPROF_TYPES = ["net", "sync", "syscall", "sched"] as const;
export type PprofType = (typeof PPROF_TYPES)[number];

export function isPprofType(s: string): s is PprofType {
  return (PPROF_TYPES as readonly string[]).includes(s);
}

/** One profile entry: waits that began at events with the same stack. */
export interface ProfileRecord {
  /** Stack id (0 = no stack) of the event that began the waits. */
  stack: number;
  count: number;
  /** Total delay (ns). */
  time: number;
}

/**
 * Time intervals to count, per goroutine index: flat [start, end, start, end, …] pairs
 * (ns relative to baseTime). A goroutine without intervals counts nothing.
 */
export type GoroutineIntervals = (number[] | undefined)[];

/** Where the profiles' events end: complete generations only, as `go tool trace` keeps. */
const eventsEnd = (t: Trace) => t.validCount;

// Go's trace.Time zero ("unset"), which these comparisons can meet, in relative time.
const zeroTime = (t: Trace) => -Number(t.baseTime);

/** The time of the last event the profiles see (Go: parsedTrace.endTime). */
export function traceEndTime(t: Trace): number {
  return eventsEnd(t) > 0 ? t.validEndTime : zeroTime(t);
}

/** The time of the first event (Go's regionInterval for a region begun before it). */
function traceStartTime(t: Trace): number {
  return eventsEnd(t) > 0 ? t.startTime : zeroTime(t);
}

/**
 * Go's pprofMatchingGoroutines: for every goroutine named `name` (every goroutine when
 * "") the interval from its first run to its end (the trace end if it did not end).
 * Quirk: a goroutine's waits before it first ran are outside it, so the scheduling delay
 * of a new goroutine never counts; a goroutine that never ran counts from time zero.
 */
export function goroutineIntervals(
  t: Trace,
  summary: Summary,
  name: string,
): GoroutineIntervals | Error {
  const out: GoroutineIntervals = new Array(t.gId.length);
  // Per name string id: 1 when it is `name`, 2 when not.
  const matches = new Map<number, number>();
  let n = 0;
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    if (name !== "") {
      const id = summary.goroutineNameId(g);
      let m = matches.get(id);
      if (m === undefined) matches.set(id, m = summary.goroutineName(g) === name ? 1 : 2);
      if (m !== 1) continue;
    }
    const start = summary.startTime(g) ?? zeroTime(t);
    const end = summary.endTime(g) ?? traceEndTime(t);
    // Index 0 is "no goroutine": no transition of a real goroutine looks it up.
    if (g !== 0) out[g] = [start, end];
    n++;
  }
  if (n === 0) return new Error(`failed to find matching goroutines for name: ${name}`);
  return out;
}

/**
 * goroutineIntervals(…, "") from lifetimes alone: every goroutine from its first run to
 * its end, without a full summary (what `-pprof=TYPE` needs).
 */
export function allGoroutineIntervals(
  t: Trace,
  lt: GoroutineLifetimes,
): GoroutineIntervals | Error {
  if (lt.count === 0) return new Error("failed to find matching goroutines for name: ");
  const out: GoroutineIntervals = new Array(t.gId.length);
  const traceEnd = traceEndTime(t);
  for (let g = 0; g < lt.known.length; g++) {
    if (!lt.known[g]) continue;
    out[g] = [lt.start[g], lt.end[g] === lt.unset ? traceEnd : lt.end[g]];
  }
  return out;
}

/** Go's regionFilter: conditions from the query of a /region* profile URL. */
export interface RegionFilter {
  type?: string;
  /** The PC of the region start stack's last frame. */
  pc?: bigint;
  latMin?: number;
  latMax?: number;
}

/**
 * Go's newRegionFilter over URL query parameters: `type` (exact region type, even
 * empty), `pc` (hex, no 0x), `latmin`/`latmax` (Go durations). Unparsable values are
 * ignored, as in Go.
 */
export function regionFilterFromQuery(q: URLSearchParams): RegionFilter {
  const f: RegionFilter = {};
  if (q.has("type")) f.type = q.get("type")!;
  const pc = q.get("pc") ?? "";
  if (/^[0-9a-fA-F]+$/.test(pc)) {
    const v = BigInt("0x" + pc);
    if (v < 1n << 64n) f.pc = v;
  }
  const lat = (s: string | null) => {
    try {
      return parseDuration(s ?? "");
    } catch {
      return undefined;
    }
  };
  const min = lat(q.get("latmin")), max = lat(q.get("latmax"));
  if (min !== undefined) f.latMin = min;
  if (max !== undefined) f.latMax = max;
  return f;
}

/** The parts of a region the filters and intervals look at. */
export type RegionBounds = Pick<RegionSummary, "name" | "start" | "startTime" | "endTime">;

/** Go's regionInterval: a region's span, the trace's bounds where it has no start/end. */
export function regionInterval(t: Trace, r: RegionBounds): [number, number] {
  return [
    r.startTime ?? traceStartTime(t),
    r.endTime ?? traceEndTime(t),
  ];
}

/**
 * Go's regionTopStackFrame PC: the last frame of the region's start stack (`stack`, the
 * stack of its start event; -1 when it has none), else 0.
 */
export function regionStartPC(t: Trace, stack: number): bigint {
  if (stack < 0) return 0n;
  const frames = t.stackFrameIds(stack);
  return frames.length > 0 ? t.framePC[frames[frames.length - 1]] : 0n;
}

/**
 * Go's regionFilter.match, for regions of `summary` by index (no objects made per
 * region; the type and PC tests are cached by type and by stack).
 */
export function regionMatcher(summary: Summary, f: RegionFilter): (r: number) => boolean {
  const t = summary.trace;
  const typeOk = new Map<number, boolean>(); // by type string id
  const pcOk = new Map<number, boolean>(); // by start stack id, -1 for no start
  const lat = f.latMin !== undefined || f.latMax !== undefined;
  return (r) => {
    if (f.type !== undefined) {
      const id = summary.regionNameId(r);
      let ok = typeOk.get(id);
      if (ok === undefined) typeOk.set(id, ok = summary.regionName(r) === f.type);
      if (!ok) return false;
    }
    if (f.pc !== undefined) {
      const stack = summary.regionStartStack(r);
      let ok = pcOk.get(stack);
      if (ok === undefined) pcOk.set(stack, ok = regionStartPC(t, stack) === f.pc);
      if (!ok) return false;
    }
    if (lat) {
      const d = regionTo(summary, r) - regionFrom(summary, r);
      if (f.latMin !== undefined && !(d >= f.latMin)) return false;
      if (f.latMax !== undefined && !(d <= f.latMax)) return false;
    }
    return true;
  };
}

/** regionInterval(…)[0] of region r of `summary`. */
export function regionFrom(summary: Summary, r: number): number {
  return summary.regionStartTime(r) ?? traceStartTime(summary.trace);
}

/** regionInterval(…)[1] of region r of `summary`. */
export function regionTo(summary: Summary, r: number): number {
  return summary.regionEndTime(r) ?? traceEndTime(summary.trace);
}

/**
 * Go's pprofMatchingRegions: per goroutine, the spans of its matching regions, keeping
 * only outermost ones (a region starting before the previous kept one ends is dropped).
 */
export function regionIntervals(
  t: Trace,
  summary: Summary,
  filter: RegionFilter,
): GoroutineIntervals {
  const out: GoroutineIntervals = new Array(t.gId.length);
  const matches = regionMatcher(summary, filter);
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    const spans: [number, number][] = [];
    for (const r of summary.regionsOf(g)) {
      if (matches(r)) spans.push([regionFrom(summary, r), regionTo(summary, r)]);
    }
    if (spans.length === 0) continue;
    sortFunc(spans, (a, b) => a[0] !== b[0] ? cmp(a[0], b[0]) : cmp(a[1], b[1]));
    const kept: number[] = [];
    let last = zeroTime(t);
    for (const [start, end] of spans) {
      if (last <= start) {
        kept.push(start, end);
        last = end;
      }
    }
    if (g !== 0) out[g] = kept;
  }
  return out;
}

// The goroutine state a profile measures, and which block reasons count.
const STATE: Record<PprofType, number> = {
  net: GoState.Waiting,
  sync: GoState.Waiting,
  syscall: GoState.Syscall,
  sched: GoState.Runnable,
};
const REASON: Record<PprofType, (reason: string) => boolean> = {
  net: (r) => r === "network",
  sync: (r) => r.includes("chan") || r.includes("sync") || r.includes("select"),
  syscall: () => true,
  sched: () => true,
};

/**
 * One wait counted in a profile: the goroutine (index), the record it went to (index in
 * the result), when it began and ended (ns), and its delay within the intervals.
 */
export type WaitVisitor = (
  g: number,
  record: number,
  start: number,
  end: number,
  delay: number,
) => void;

/**
 * Go's makeComputePprofFunc: every stay of a goroutine in the profile's state (entered
 * for a counted reason) becomes a sample at the stack of the event that began it, its
 * delay clipped to `intervals` (all of it when null). Samples of no delay are dropped.
 * `onWait`, if given, sees every counted wait (which goroutines made up a record).
 */
export async function computePprof(
  t: Trace,
  type: PprofType,
  intervals: GoroutineIntervals | null,
  onWait?: WaitVisitor,
  opts: PassOptions = {},
): Promise<ProfileRecord[]> {
  const want = STATE[type];
  const counts = REASON[type];
  // Per reason string id: 0 unknown, 1 not counted, 2 counted.
  const reasonCounts = new Uint8Array(t.stringCount);
  // Per goroutine: whether a wait is open, and its start's time and stack.
  const tracking = new Uint8Array(t.gId.length);
  const beganTime = new Float64Array(t.gId.length);
  const beganStack = new Uint32Array(t.gId.length);
  const stacks = new StackRecords(t);
  const end = eventsEnd(t);
  const blocks = end > 0 ? t.blockOf(end - 1) + 1 : 0;
  for await (const b of t.eachSlice(0, blocks, opts)) {
    const { type: types, state, time, stack } = b;
    const n = Math.min(b.count, end - b.first);
    for (let i = 0; i < n; i++) {
      const typ = types[i];
      if (isGoTransition[typ] === 0) continue;
      const g = transitionResource(b, i);
      const to = state[i] & 15;
      if (!tracking[g]) {
        if (to !== want) continue;
        const reason = transitionReason(b, i);
        let c = reasonCounts[reason];
        if (c === 0) reasonCounts[reason] = c = counts(t.string(reason)) ? 2 : 1;
        if (c === 2) {
          tracking[g] = 1;
          beganTime[g] = time[i];
          beganStack[g] = stack[i];
        }
        continue;
      }
      if (to === want) continue; // Still in the state.
      tracking[g] = 0;
      const d = overlapping(intervals, g, beganTime[g], time[i]);
      if (d > 0) {
        const rec = stacks.add(beganStack[g], d);
        onWait?.(g, rec, beganTime[g], time[i], d);
      }
    }
  }
  return stacks.records();
}

// Go's pprofOverlappingDuration.
function overlapping(
  intervals: GoroutineIntervals | null,
  g: number,
  start: number,
  end: number,
): number {
  if (intervals === null) return end - start;
  const spans = intervals[g];
  if (!spans) return 0;
  let sum = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const s = spans[k], e = spans[k + 1];
    if (e < start || end < s) continue;
    const o = Math.min(e, end) - Math.max(s, start);
    if (o > 0) sum += o;
  }
  return sum;
}

// Go keys profile entries by the stack's first 128 PCs (its stackMap), not by stack
// identity; an entry shows the frames of the last stack added to it. Quirk: the key is a
// zero-padded array, so PCs of 0 at the end do not count: a stack of one frame at PC 0
// (seen on goroutines' status stacks) is the same entry as no stack at all.
const MAX_PCS = 128;

class StackRecords {
  #byStack: Int32Array; // stack id → record index + 1
  #byPCs = new Map<string, number>();
  #records: ProfileRecord[] = [];

  constructor(readonly t: Trace) {
    this.#byStack = new Int32Array(t.stackCount);
  }

  /** Counts a wait at `stack`; returns the index of its record. */
  add(stack: number, delay: number): number {
    let k = this.#byStack[stack] - 1;
    if (k < 0) {
      const t = this.t;
      const frames = t.stackFrameIds(stack);
      let n = Math.min(frames.length, MAX_PCS);
      while (n > 0 && t.framePC[frames[n - 1]] === 0n) n--;
      let key = "";
      for (let f = 0; f < n; f++) key += t.framePC[frames[f]] + ",";
      k = this.#byPCs.get(key) ?? -1;
      if (k < 0) {
        k = this.#records.length;
        this.#records.push({ stack, count: 0, time: 0 });
        this.#byPCs.set(key, k);
      }
      this.#byStack[stack] = k + 1;
    }
    const rec = this.#records[k];
    rec.stack = stack;
    rec.count++;
    rec.time += delay;
    return k;
  }

  records(): ProfileRecord[] {
    return this.#records;
  }
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
