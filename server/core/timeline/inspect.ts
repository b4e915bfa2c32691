// What the timeline tells about things picked on it: one slice or instant (times, stacks,
// goroutine, the flows into and out of it), a selected time range (per-class totals,
// per-goroutine running time, counter averages), and goroutines found by id or function.
// No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { Ev, GO_STATES, GoState } from "../trace/kinds.ts";
import type { Summary } from "../summary/summary.ts";
import { InstantKind, SliceKind } from "./event.ts";
import {
  type CounterValues,
  RowCat,
  SLICE_CLASS_NAMES,
  SliceClass,
  type TimelineModel,
} from "./model.ts";
import type { TimelineView } from "./view.ts";
import { pickRows } from "../trace/picked_rows.ts";
import type {
  FlowRef,
  FoundGoroutine,
  GapDetails,
  InstantDetails,
  SelectionStats,
  SliceDetails,
  StackFrame,
  Unblocker,
} from "../contract/timeline.ts";
import { lowerBound, upperBound } from "./columns.ts";

export type {
  FlowRef,
  FoundGoroutine,
  GapDetails,
  InstantDetails,
  SelectionStats,
  SliceDetails,
  StackFrame,
  Unblocker,
};

export function stackFrames(t: Trace, stk: number): StackFrame[] {
  if (stk === 0) return [];
  return [...t.stackFrameIds(stk)].map((f) => ({
    func: t.string(t.frameFunc[f]),
    file: t.string(t.frameFile[f]),
    line: Number(t.frameLine[f]),
    pc: "0x" + t.framePC[f].toString(16),
  }));
}

const KIND_NAMES = [
  "execution",
  "syscall",
  "goroutine range",
  "proc range",
  "GC",
  "task",
  "region",
];
const INSTANT_NAMES = [
  "proc start",
  "proc stop",
  "CPU sample",
  "log",
  "network unblock",
  "syscall exit",
];

/** Start function of a goroutine by id: the text after "G<id> " in its lane or slice name. */
function startFunctionOf(name: string): string {
  const m = /^G\d+ (.*?)(?: \(.*\))?$/.exec(name);
  return m ? m[1] : "";
}

export function sliceDetails(
  t: Trace,
  view: TimelineView,
  src: number,
  id: number,
): SliceDetails | null {
  const m = view.models[src];
  if (!m || id >= m.slices.start.length) return null;
  const s = m.slices;
  const lane = view.viewLaneOf(src, s.lane[id]);
  const name = m.names[s.name[id]];
  const g = s.g[id];
  const kind = s.kind[id];
  const start = s.start[id], end = s.end[id];
  const flows = kind === SliceKind.Exec ? flowsOf(view, src, s.lane[id], start, end) : null;
  return {
    src,
    id,
    name,
    kind: KIND_NAMES[kind] ?? "slice",
    lane,
    laneName: view.lanes[lane]?.name ?? m.lanes[s.lane[id]].name,
    goroutine: g,
    startFunction: kind === SliceKind.Exec ? startFunctionOf(name) : "",
    start,
    end,
    duration: end - start,
    blocked: s.blocked[id] === 0 ? null : s.blocked[id] === 2,
    startStack: stackFrames(t, s.stk[id]),
    endStack: stackFrames(t, s.estk[id]),
    incoming: flows?.incoming ?? [],
    outgoing: flows?.outgoing ?? [],
  };
}

// Arrows ending where the slice starts (what let it run) and starting inside it.
function flowsOf(view: TimelineView, src: number, lane: number, start: number, end: number) {
  const a = view.models[src].arrows;
  const incoming: FlowRef[] = [], outgoing: FlowRef[] = [];
  const ref = (k: number, other: number, time: number, at: number): FlowRef => {
    const vl = view.viewLaneOf(src, other);
    return {
      name: view.models[src].names[a.name[k]],
      lane: vl,
      laneName: vl >= 0 ? view.lanes[vl].name : view.models[src].lanes[other]?.name ?? "",
      time,
      at,
    };
  };
  for (
    let j = lowerBound(a.endSorted, start);
    j < a.endSorted.length && a.endSorted[j] <= start;
    j++
  ) {
    const k = a.byEnd[j];
    if (a.to[k] === lane) incoming.push(ref(k, a.from[k], a.start[k], a.end[k]));
  }
  for (let k = lowerBound(a.start, start); k < a.start.length && a.start[k] <= end; k++) {
    if (a.from[k] === lane) outgoing.push(ref(k, a.to[k], a.end[k], a.start[k]));
  }
  return { incoming, outgoing };
}

export async function instantDetails(
  t: Trace,
  view: TimelineView,
  src: number,
  id: number,
): Promise<InstantDetails | null> {
  const m = view.models[src];
  if (!m || id >= m.instants.ts.length) return null;
  const i = m.instants;
  const lane = view.viewLaneOf(src, i.lane[id]);
  const ev = i.event[id];
  const kind = i.kind[id];
  const rows = await pickRows(t, ev >= 0 ? [ev] : []);
  return {
    src,
    id,
    name: m.names[i.name[id]],
    kind: INSTANT_NAMES[kind] ?? "instant",
    lane,
    laneName: view.lanes[lane]?.name ?? "",
    time: i.ts[id],
    goroutine: kind === InstantKind.NetUnblock || kind === InstantKind.SyscallExit
      ? i.g[id]
      : ev >= 0
      ? t.gId[t.ctxG[rows.ctx(ev)]]
      : -1,
    thread: i.thread[id],
    proc: i.proc[id],
    stack: stackFrames(t, i.stk[id]),
  };
}

const GOROUTINE_LIST_LIMIT = 2_000_000;

export function selectionStats(
  view: TimelineView,
  t0: number,
  t1: number,
  lanes: number[],
): SelectionStats {
  const totals = SLICE_CLASS_NAMES.map(() => ({ total: 0, count: 0 }));
  const perG = new Map<number, { name: string; total: number; count: number }>();
  let listed = 0;
  let tooMany = false;
  for (const vl of lanes) {
    const lane = view.lanes[vl];
    if (!lane) continue;
    for (const { src, lane: ml } of lane.sources) {
      const m = view.models[src];
      const s = m.slices;
      for (const row of m.lanes[ml].rows) {
        const [i0, i1] = row.index.range(t0, t1);
        if (i0 >= i1) continue;
        const a = row.first + i0, b = row.first + i1;
        // Rows other than the range row hold one class of slices.
        const pure = row.cat !== RowCat.Range;
        if (pure) {
          // One class in the row: the prefix sums, clipped at both ends.
          let total = row.cum[i1] - row.cum[i0];
          total -= Math.max(0, t0 - s.start[a]);
          total -= Math.max(0, s.end[b - 1] - t1);
          totals[s.cls[a]].total += total;
          totals[s.cls[a]].count += i1 - i0;
        }
        const perSlice = !pure || s.cls[a] === SliceClass.Running;
        if (!perSlice) continue;
        if (pure && (tooMany || listed + (b - a) > GOROUTINE_LIST_LIMIT)) {
          tooMany = true;
          continue;
        }
        listed += b - a;
        for (let k = a; k < b; k++) {
          const d = Math.min(s.end[k], t1) - Math.max(s.start[k], t0);
          if (!pure) {
            totals[s.cls[k]].total += d;
            totals[s.cls[k]].count++;
          }
          if (s.cls[k] === SliceClass.Running && s.g[k] >= 0) {
            let e = perG.get(s.g[k]);
            if (!e) perG.set(s.g[k], e = { name: m.names[s.name[k]], total: 0, count: 0 });
            e.total += d;
            e.count++;
          }
        }
      }
    }
  }
  const goroutines = tooMany ? null : [...perG].map(([id, e]) => ({ id, ...e }))
    .sort((x, y) => y.total - x.total || x.id - y.id).slice(0, 50);
  return {
    t0,
    t1,
    duration: t1 - t0,
    classes: SLICE_CLASS_NAMES.map((name, k) => ({ name, ...totals[k] })).filter((c) =>
      c.count > 0
    ),
    goroutines,
    counters: view.base.counters.map((c) => ({
      name: c.name,
      fields: c.fields.map((f, k) => counterStats(c.ts, c.values[k], c.area(k), t0, t1, f)),
    })),
  };
}

// Mean of a step function over [t0, t1] from its running integral, and its max there.
function counterStats(
  ts: Float64Array,
  v: CounterValues,
  area: Float64Array,
  t0: number,
  t1: number,
  name: string,
) {
  const at = (t: number) => {
    // Integral from ts[0] to t.
    const j = upperBound(ts, t) - 1;
    if (j < 0) return 0;
    return area[j] + v[j] * (t - ts[j]);
  };
  const span = t1 - t0;
  const mean = span > 0 ? (at(t1) - at(t0)) / span : 0;
  let max = 0;
  let j = upperBound(ts, t0) - 1;
  if (j < 0) j = 0;
  const limit = Math.min(ts.length, j + 1_000_000);
  for (; j < limit && j < ts.length && ts[j] <= t1; j++) if (v[j] > max) max = v[j];
  return { name, mean, max };
}

// Execution slices of a model by goroutine, built on first use.
const byGoroutine = new WeakMap<
  TimelineModel,
  { order: Uint32Array; ranges: Map<number, [number, number]> }
>();

function goroutineIndex(m: TimelineModel) {
  let idx = byGoroutine.get(m);
  if (!idx) {
    const s = m.slices;
    const exec: number[] = [];
    for (let k = 0; k < s.kind.length; k++) if (s.kind[k] === SliceKind.Exec) exec.push(k);
    const order = Uint32Array.from(exec);
    order.sort((a, b) => s.g[a] - s.g[b] || s.start[a] - s.start[b]);
    const ranges = new Map<number, [number, number]>();
    for (let j = 0; j < order.length;) {
      const g = s.g[order[j]];
      let k = j;
      while (k < order.length && s.g[order[k]] === g) k++;
      ranges.set(g, [j, k]);
      j = k;
    }
    idx = { order, ranges };
    byGoroutine.set(m, idx);
  }
  return idx;
}

/** What find looks through beyond the view: stacks, and the tasks and regions. */
export interface FindSources {
  trace: Trace;
  summary: Summary;
}

// Per stack id, the string id of its first (innermost) function whose name contains
// `needle` (lower case), or -1.
function stacksMatching(t: Trace, needle: string): Int32Array {
  const byString = new Int8Array(t.stringCount); // 0 unknown, 1 no, 2 yes
  const out = new Int32Array(t.stackCount).fill(-1);
  for (let st = 1; st < t.stackCount; st++) {
    for (const f of t.stackFrameIds(st)) {
      const fn = t.frameFunc[f];
      let m = byString[fn];
      if (m === 0) byString[fn] = m = t.string(fn).toLowerCase().includes(needle) ? 2 : 1;
      if (m === 2) {
        out[st] = fn;
        break;
      }
    }
  }
  return out;
}

// Goroutine ids and why they match, from task and region names.
function annotationMatches(summary: Summary, needle: string): Map<number, string> {
  const out = new Map<number, string>();
  for (let k = 0; k < summary.taskCount; k++) {
    const ti = summary.taskAt(k);
    const name = summary.taskName(ti);
    if (!name.toLowerCase().includes(needle)) continue;
    const task = summary.task(ti);
    for (const g of task.goroutines) {
      if (!out.has(g)) out.set(g, `task ${JSON.stringify(name)} (${task.id})`);
    }
  }
  for (let k = 0; k < summary.goroutineCount; k++) {
    const g = summary.goroutineAt(k);
    const id = summary.goroutineId(g);
    if (out.has(id)) continue;
    for (const r of summary.regionsOf(g)) {
      const name = summary.regionName(r);
      if (name.toLowerCase().includes(needle)) {
        out.set(id, `region ${JSON.stringify(name)}`);
        break;
      }
    }
  }
  return out;
}

/**
 * Goroutines whose id is `q` (with or without "G"), or whose start function, a function
 * on the stacks where they ran or stopped, or a task or region they took part in
 * contains it (ignoring case).
 */
export function findGoroutines(
  view: TimelineView,
  q: string,
  sources?: FindSources,
  limit = 50,
  spanLimit = 500,
): FoundGoroutine[] {
  const m = view.base;
  const { order, ranges } = goroutineIndex(m);
  const s = m.slices;
  const text = q.trim();
  const idMatch = /^[Gg]?(\d+)$/.exec(text);
  const needle = text.toLowerCase();
  const out: FoundGoroutine[] = [];
  const filter = view.laneGoroutines;
  const stacks = sources && !idMatch && needle !== ""
    ? stacksMatching(sources.trace, needle)
    : null;
  const annotated = sources && !idMatch && needle !== ""
    ? annotationMatches(sources.summary, needle)
    : null;
  for (const [g, [a, b]] of ranges) {
    if (filter && !filter.has(g)) continue;
    const name = m.names[s.name[order[b - 1]]];
    let why = "";
    if (idMatch) why = g === Number(idMatch[1]) ? "id" : "";
    else if (needle !== "" && name.toLowerCase().includes(needle)) why = "start function";
    else if (annotated?.has(g)) why = annotated.get(g)!;
    else if (stacks) {
      for (let j = a; j < b && why === ""; j++) {
        const k = order[j];
        const fn = stacks[s.stk[k]] >= 0 ? stacks[s.stk[k]] : stacks[s.estk[k]];
        if (fn >= 0) why = `stack: ${sources!.trace.string(fn)}`;
      }
    }
    if (why === "") continue;
    const spans = [];
    for (let j = a; j < b && spans.length < spanLimit; j++) {
      const k = order[j];
      spans.push({ lane: view.viewLaneOf(0, s.lane[k]), start: s.start[k], end: s.end[k] });
    }
    out.push({
      id: g,
      name,
      why,
      lane: view.laneOfGoroutine.get(g) ?? -1,
      slices: b - a,
      spans,
    });
    if (out.length >= limit) break;
  }
  out.sort((x, y) => x.id - y.id);
  return out;
}

// Last index in [a, b) with arr[index] <= x, or a - 1.
function lastAtOrBefore(arr: Float64Array, a: number, b: number, x: number): number {
  let lo = a, hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The gap at time `t` on view lane `lane`, when the lane is a goroutine's and `t` falls
 * between two of its execution slices (null otherwise): why the goroutine stopped, where,
 * and what let it run again (the flow into the next slice).
 */
export async function gapDetails(
  t: Trace,
  view: TimelineView,
  lane: number,
  time: number,
): Promise<GapDetails | null> {
  const vl = view.lanes[lane];
  if (!vl || vl.goroutine < 0) return null;
  const m = view.base;
  const src = vl.sources.find((x) => x.src === 0);
  if (!src) return null;
  const L = m.lanes[src.lane];
  const row = L.rows.find((r) => r.cat === RowCat.Exec);
  if (!row || row.count === 0) return null;
  const s = m.slices;
  const a = row.first, b = row.first + row.count;
  const prev = lastAtOrBefore(s.start, a, b, time);
  if (prev >= a && s.end[prev] > time) return null; // inside a slice
  const next = prev + 1;
  const start = prev >= a ? s.end[prev] : 0;
  const end = next < b ? s.start[next] : view.endTime;
  let reason = "", transition = "", stack: StackFrame[] = [];
  if (prev >= a) {
    const e = s.event[prev];
    if (e >= 0) {
      const r = await pickRows(t, [e]);
      const st = r.state(e), to = st & 15;
      transition = `${GO_STATES[st >> 4]} -> ${GO_STATES[to]}`;
      const typ = r.type(e), a1 = r.a1(e);
      if ((typ === Ev.GoBlock || typ === Ev.GoStop) && a1 !== 0) reason = t.string(a1);
      else if (to === GoState.Runnable) reason = "preempted";
      else if (to === GoState.NotExist) reason = "goroutine ended";
      else if (to === GoState.Syscall) reason = "syscall";
      else reason = GO_STATES[to].toLowerCase();
    }
    stack = stackFrames(t, s.estk[prev]);
  } else reason = "not yet running";
  let unblock: Unblocker | null = null;
  if (next < b) {
    const arr = m.arrows;
    for (
      let j = lowerBound(arr.endSorted, end);
      j < arr.endSorted.length && arr.endSorted[j] <= end;
      j++
    ) {
      const k = arr.byEnd[j];
      if (arr.to[k] !== src.lane) continue;
      const from = m.lanes[arr.from[k]];
      unblock = {
        goroutine: from && from.kind === "goroutine" ? from.tid : -1,
        name: from?.name ?? "",
        lane: view.viewLaneOf(0, arr.from[k]),
        time: arr.start[k],
        event: m.names[arr.name[k]],
        stack: stackFrames(t, arr.stk[k]),
      };
      break;
    }
  }
  const woke = unblock && unblock.time >= start ? unblock.time : start;
  return {
    lane,
    goroutine: vl.goroutine,
    start,
    end,
    reason,
    transition,
    stack,
    unblock,
    waiting: unblock ? woke - start : 0,
    runnable: unblock ? end - woke : end - start,
  };
}
