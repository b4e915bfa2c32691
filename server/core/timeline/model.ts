// The viewer's tables for one view mode, built once from the generator's event stream:
// lanes (Go's sections and threads, with their names and sort order), each lane's slices
// in rows (execution, syscalls, GC ranges, regions) with levels of detail, its instants,
// the flow arrows, and the counter series. Everything is flat typed arrays; window
// queries (timeline_query.ts) read them without touching the trace. No Deno APIs.

import { type Column, f64, i32, Interner, RowTable, u32, u8 } from "./columns.ts";
import {
  Arg,
  FakeP,
  NameKeyCache,
  Section,
  SliceKind,
  type ViewerEvent,
  type ViewerSink,
} from "./event.ts";
import { SpanIndex } from "./lod.ts";
import type { ViewMode } from "./generator.ts";
import { nextTurn } from "../util/turns.ts";
import { type LaneKind, RowCat, SliceClass } from "../contract/timeline.ts";

// The codes a window query sends (row categories, slice classes) and the lane kinds are
// the browser's too: the contract declares them.
export { RowCat, SliceClass };
export type { LaneKind };

/** SliceClass's names, for the selection's totals. */
export const SLICE_CLASS_NAMES = [
  "Running",
  "Syscall",
  "GC mark assist",
  "Stop-the-world",
  "GC incremental sweep",
  "GC concurrent mark phase",
  "Task",
  "Region",
];

export interface Row {
  cat: number;
  /** Global index range of the row's slices in the model's slice columns. */
  first: number;
  count: number;
  index: SpanIndex;
  /** Prefix sums of durations (count + 1 entries). */
  cum: Float64Array;
}

export interface Lane {
  section: number;
  tid: number;
  name: string;
  /** Go's thread_sort_index (null if Go names no such lane). */
  sortIndex: number | null;
  kind: LaneKind;
  rows: Row[];
  /** Global index range of the lane's instants. */
  instFirst: number;
  instCount: number;
  instIndex: SpanIndex | null;
}

/**
 * A counter's values: counts of goroutines and threads fit 32 bits (a sample per
 * goroutine transition: tens of millions on a big trace), heap bytes take a double.
 */
export type CounterValues = Float64Array | Int32Array;

export interface CounterSeries {
  name: string;
  /** Component names, stacked bottom to top. */
  fields: string[];
  ts: Float64Array;
  /** values[k][j]: component k of sample j. */
  values: CounterValues[];
  /** Time integral of component k up to each sample (step function); made on first use. */
  area(k: number): Float64Array;
  levels: CounterLevel[];
}

export interface CounterLevel {
  res: number;
  /** Per bucket: first sample time, and the sample with the largest total. */
  ts: Float64Array;
  max: CounterValues[];
  /** The last sample in the bucket (carried into following empty pixels). */
  last: CounterValues[];
}

export interface Slices {
  start: Float64Array;
  end: Float64Array;
  name: Uint32Array;
  kind: Uint8Array;
  cls: Uint8Array;
  g: Float64Array;
  stk: Uint32Array;
  estk: Uint32Array;
  /** Blocked syscall: 0 n/a, 1 no, 2 yes. */
  blocked: Uint8Array;
  event: Int32Array;
  lane: Uint32Array;
  row: Uint32Array;
}

export interface Instants {
  ts: Float64Array;
  name: Uint32Array;
  kind: Uint8Array;
  stk: Uint32Array;
  event: Int32Array;
  g: Float64Array;
  /** Proc start/stop: thread and proc ids. */
  thread: Float64Array;
  proc: Float64Array;
  lane: Uint32Array;
}

export interface Arrows {
  name: Uint32Array;
  from: Uint32Array;
  to: Uint32Array;
  start: Float64Array;
  end: Float64Array;
  stk: Uint32Array;
  /** Arrow indexes sorted by end time (the arrays above are sorted by start). */
  byEnd: Uint32Array;
  endSorted: Float64Array;
}

export class TimelineModel {
  constructor(
    readonly mode: ViewMode,
    readonly names: string[],
    readonly lanes: Lane[],
    readonly slices: Slices,
    readonly instants: Instants,
    readonly arrows: Arrows,
    readonly counters: CounterSeries[],
    readonly sectionNames: Map<number, string>,
    /** Last event time (ns since the first). */
    readonly endTime: number,
  ) {}

  laneOf(section: number, tid: number): number {
    return this.#laneIndex().get(`${section}:${tid}`) ?? -1;
  }

  #byKey?: Map<string, number>;
  #laneIndex(): Map<string, number> {
    return this.#byKey ??= new Map(this.lanes.map((l, i) => [`${l.section}:${l.tid}`, i]));
  }
}

function sliceClass(kind: number, name: string): number {
  switch (kind) {
    case SliceKind.Exec:
      return SliceClass.Running;
    case SliceKind.Syscall:
      return SliceClass.Syscall;
    case SliceKind.ProcRange:
      return SliceClass.Sweep;
    case SliceKind.GC:
      return SliceClass.GCMark;
    case SliceKind.Task:
      return SliceClass.Task;
    case SliceKind.Region:
      return SliceClass.Region;
  }
  return name.startsWith("stop-the-world") ? SliceClass.STW : SliceClass.MarkAssist;
}

function rowCat(kind: number): number {
  switch (kind) {
    case SliceKind.Exec:
    case SliceKind.Task:
      return RowCat.Exec;
    case SliceKind.Syscall:
      return RowCat.Syscall;
    case SliceKind.Region:
      return RowCat.Region;
  }
  return RowCat.Range;
}

const COUNTER_FIELDS: Record<string, string[]> = {
  Goroutines: ["Running", "Runnable", "GCWaiting"],
  Heap: ["Allocated", "NextGC"],
  Threads: ["Running", "InSyscall"],
};

interface LaneDraft {
  section: number;
  tid: number;
  name: string | null;
  sortIndex: number | null;
}

/** The sink that collects a view's events into a TimelineModel. */
export class ModelBuilder implements ViewerSink {
  readonly wantsFrames = false;
  readonly names = new Interner();
  // Execution slices carry their goroutine's name key: an id per key.
  readonly #nameIds = new NameKeyCache();
  // Keyed names are unique to their goroutine ("G<id> …") and to their key: no lookup.
  readonly #fresh = (name: string) => this.names.fresh(name);
  #lanes: LaneDraft[] = [];
  #laneKey = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  #sectionNames = new Map<number, string>();

  // Slices.
  #s = new RowTable({
    lane: Uint32Array,
    start: Float64Array,
    end: Float64Array,
    name: Uint32Array,
    kind: Uint8Array,
    g: Float64Array,
    stk: Uint32Array,
    estk: Uint32Array,
    blocked: Uint8Array,
    event: Int32Array,
  });
  // Open async slices ("b" waiting for its "e") by id.
  #async = new Map<number, { lane: number; start: number; name: number; stk: number; g: number }>();

  // Instants.
  #iLane = u32();
  #iTs = f64();
  #iName = u32();
  #iKind = u8();
  #iStk = u32();
  #iEvent = i32();
  #iG = f64();
  #iThread = f64();
  #iProc = f64();

  // Arrows: the "s" half waits for its "t".
  #aName = u32();
  #aFrom = u32();
  #aTo = u32();
  #aStart = f64();
  #aEnd = f64();
  #aStk = u32();
  #pending = { id: -1, lane: 0, ts: 0, stk: 0, name: 0 };

  // Counters by name: time and up to three values.
  #counters = new Map<string, RowTable<"ts" | "v0" | "v1" | "v2">>();

  constructor(readonly mode: ViewMode, readonly endTime: number) {}

  #lane(section: number, tid: number): number {
    const m = this.#laneKey[section];
    let l = m.get(tid);
    if (l === undefined) {
      l = this.#lanes.length;
      this.#lanes.push({ section, tid, name: null, sortIndex: null });
      m.set(tid, l);
    }
    return l;
  }

  frame(): void {}

  event(e: ViewerEvent, _required: boolean): void {
    switch (e.ph) {
      case "X": {
        const lane = this.#lane(e.pid, e.tid);
        const name = e.nameKey >= 0
          ? this.#nameIds.get(e.nameKey, e.name, this.#fresh)
          : this.names.id(e.name);
        this.#slice(lane, e.ts, e.ts + e.dur, name, e);
        break;
      }
      case "b":
        this.#async.set(e.id, {
          lane: this.#lane(Section.Procs, e.tid),
          start: e.ts,
          name: this.names.id(e.name),
          stk: e.stk,
          g: e.g,
        });
        break;
      case "e": {
        const b = this.#async.get(e.id);
        if (!b) break;
        this.#async.delete(e.id);
        const saved = e.stk;
        e.estk = saved;
        e.stk = b.stk;
        this.#slice(b.lane, b.start, e.ts, b.name, e);
        break;
      }
      case "I": {
        this.#iLane.push(this.#lane(e.pid, e.tid));
        this.#iTs.push(e.ts);
        this.#iName.push(this.names.id(e.name));
        this.#iKind.push(e.kind);
        this.#iStk.push(e.stk);
        this.#iEvent.push(e.event);
        this.#iG.push(e.g);
        this.#iThread.push(e.arg === Arg.SchedCtx ? e.a0 : -1);
        this.#iProc.push(e.arg === Arg.SchedCtx ? e.a1 : -1);
        break;
      }
      case "s": {
        const p = this.#pending;
        p.id = e.id;
        p.lane = this.#lane(e.pid, e.tid);
        p.ts = e.ts;
        p.stk = e.stk;
        p.name = this.names.id(e.name);
        break;
      }
      case "t": {
        const p = this.#pending;
        if (p.id !== e.id) break;
        this.#aName.push(p.name);
        this.#aFrom.push(p.lane);
        this.#aTo.push(this.#lane(e.pid, e.tid));
        this.#aStart.push(p.ts);
        this.#aEnd.push(e.ts);
        this.#aStk.push(p.stk);
        p.id = -1;
        break;
      }
      case "C": {
        let t = this.#counters.get(e.name);
        if (!t) {
          const V = e.name === "Goroutines" || e.name === "Threads" ? Int32Array : Float64Array;
          t = new RowTable({ ts: Float64Array, v0: V, v1: V, v2: V });
          this.#counters.set(e.name, t);
        }
        const i = t.add(), c = t.c;
        c.ts[i] = e.ts;
        c.v0[i] = e.a0;
        c.v1[i] = e.a1;
        c.v2[i] = e.a2;
        break;
      }
      case "M": {
        if (e.name === "process_name") this.#sectionNames.set(e.pid, e.argName);
        else if (e.name === "thread_name") this.#lanes[this.#lane(e.pid, e.tid)].name = e.argName;
        else if (e.name === "thread_sort_index") {
          this.#lanes[this.#lane(e.pid, e.tid)].sortIndex = e.a0;
        }
        break;
      }
    }
  }

  #slice(lane: number, start: number, end: number, name: number, e: ViewerEvent): void {
    const t = this.#s, i = t.add(), c = t.c;
    c.lane[i] = lane;
    c.start[i] = start;
    c.end[i] = end < start ? start : end;
    c.name[i] = name;
    c.kind[i] = e.kind;
    c.g[i] = e.g;
    c.stk[i] = e.stk;
    c.estk[i] = e.estk;
    c.blocked[i] = e.arg === Arg.Blocked ? (e.a0 ? 2 : 1) : 0;
    c.event[i] = e.event;
  }

  flush(): void {}

  /**
   * Sorts everything into lanes and rows and builds the indexes, letting the event loop
   * run between steps (a big view takes seconds to build: a server keeps answering).
   */
  async build(): Promise<TimelineModel> {
    const names = this.names.strings;
    const drafts = this.#lanes;
    const order = laneOrder(drafts, this.#s.view<Uint32Array>("lane"), this.#iLane);
    // Renumber lanes in display order.
    const newIndex = new Uint32Array(drafts.length).fill(0xffffffff);
    order.forEach((old, k) => (newIndex[old] = k));
    const lanes: Lane[] = order.map((old) => {
      const d = drafts[old];
      return {
        section: d.section,
        tid: d.tid,
        name: d.name ?? laneFallbackName(d),
        sortIndex: d.sortIndex,
        kind: laneKind(this.mode, d),
        rows: [],
        instFirst: 0,
        instCount: 0,
        instIndex: null,
      };
    });
    const slices = await this.#buildSlices(lanes, newIndex, names);
    await breathe();
    const instants = this.#buildInstants(lanes, newIndex, slices);
    await breathe();
    const arrows = this.#buildArrows(newIndex);
    await breathe();
    const counters: CounterSeries[] = [];
    for (const [name, t] of this.#counters) {
      const fields = COUNTER_FIELDS[name] ?? ["value"];
      const values = (["v0", "v1", "v2"] as const).slice(0, fields.length)
        .map((k) => t.finish<CounterValues>(k));
      counters.push(buildCounter(name, fields, t.finish<Float64Array>("ts"), values));
      await breathe();
    }
    const order2 = ["Goroutines", "Heap", "Threads"];
    counters.sort((a, b) => order2.indexOf(a.name) - order2.indexOf(b.name));
    return new TimelineModel(
      this.mode,
      names,
      lanes,
      slices,
      instants,
      arrows,
      counters,
      this.#sectionNames,
      this.endTime,
    );
  }

  async #buildSlices(lanes: Lane[], newIndex: Uint32Array, names: string[]): Promise<Slices> {
    const S = this.#s;
    const n = S.length;
    const laneOf = S.view<Uint32Array>("lane");
    const start0 = S.view<Float64Array>("start");
    const end0 = S.view<Float64Array>("end");
    const kind0 = S.view<Uint8Array>("kind");
    // Group by (lane, row category), then by start within each group.
    const groups = lanes.length * 4;
    const key = new Uint32Array(n);
    for (let i = 0; i < n; i++) key[i] = newIndex[laneOf[i]] * 4 + rowCat(kind0[i]);
    const { idx, offsets: counts } = groupSort(key, groups, start0, end0);
    await breathe();
    // Sub-rows: the first whose last span ended by this one's start (greedy interval
    // colouring), then order each group by sub-row, keeping start order.
    const sub = new Uint32Array(n);
    const final = new Uint32Array(n);
    const rowsOf: { lane: number; cat: number; first: number; count: number }[] = [];
    let out = 0;
    for (let k = 0; k < groups; k++) {
      const a = counts[k], b = counts[k + 1];
      if (a === b) continue;
      const ends: number[] = [];
      for (let j = a; j < b; j++) {
        const i = idx[j];
        let r = 0;
        while (r < ends.length && ends[r] > start0[i]) r++;
        if (r === ends.length) ends.push(end0[i]);
        else ends[r] = end0[i];
        sub[j] = r;
      }
      for (let r = 0; r < ends.length; r++) {
        const first = out;
        if (ends.length === 1) {
          final.set(idx.subarray(a, b), out);
          out += b - a;
        } else {
          for (let j = a; j < b; j++) if (sub[j] === r) final[out++] = idx[j];
        }
        rowsOf.push({ lane: Math.floor(k / 4), cat: k % 4, first, count: out - first });
      }
    }
    const pick = <A extends Float64Array | Uint32Array | Uint8Array | Int32Array>(col: A): A => {
      const o = new (col.constructor as { new (n: number): A })(n);
      for (let j = 0; j < n; j++) o[j] = col[final[j]];
      return o;
    };
    await breathe();
    const start = pick(start0), end = pick(end0);
    const lane = new Uint32Array(n), row = new Uint32Array(n);
    const nameCol = pick(S.view<Uint32Array>("name"));
    const kind = pick(kind0);
    await breathe();
    const cls = new Uint8Array(n);
    for (let j = 0; j < n; j++) cls[j] = sliceClass(kind[j], names[nameCol[j]]);
    const g = pick(S.view<Float64Array>("g"));
    const stk = pick(S.view<Uint32Array>("stk"));
    await breathe();
    const estk = pick(S.view<Uint32Array>("estk"));
    const blocked = pick(S.view<Uint8Array>("blocked"));
    const event = pick(S.view<Int32Array>("event"));
    await breathe();
    for (const r of rowsOf) {
      const L = lanes[r.lane];
      const rowNo = L.rows.length;
      const s = start.subarray(r.first, r.first + r.count);
      const e = end.subarray(r.first, r.first + r.count);
      const cum = new Float64Array(r.count + 1);
      for (let j = 0; j < r.count; j++) cum[j + 1] = cum[j] + (e[j] - s[j]);
      L.rows.push({
        cat: r.cat,
        first: r.first,
        count: r.count,
        index: new SpanIndex(s, e, r.first, start, end),
        cum,
      });
      lane.fill(r.lane, r.first, r.first + r.count);
      row.fill(rowNo, r.first, r.first + r.count);
      if (r.count > 1 << 16) await breathe();
    }
    return { start, end, name: nameCol, kind, cls, g, stk, estk, blocked, event, lane, row };
  }

  #buildInstants(lanes: Lane[], newIndex: Uint32Array, _s: Slices): Instants {
    const n = this.#iLane.length;
    const laneOld = this.#iLane.finish();
    const ts0 = this.#iTs.finish();
    const lane0 = new Uint32Array(n);
    for (let i = 0; i < n; i++) lane0[i] = newIndex[laneOld[i]];
    const { idx } = groupSort(lane0, lanes.length, ts0, ts0);
    const pick = <A extends Float64Array | Uint32Array | Uint8Array | Int32Array>(col: A): A => {
      const o = new (col.constructor as { new (n: number): A })(n);
      for (let j = 0; j < n; j++) o[j] = col[idx[j]];
      return o;
    };
    const ts = pick(ts0), lane = pick(lane0);
    let j = 0;
    while (j < n) {
      const l = lane[j];
      let k = j;
      while (k < n && lane[k] === l) k++;
      const L = lanes[l];
      L.instFirst = j;
      L.instCount = k - j;
      const view = ts.subarray(j, k);
      L.instIndex = new SpanIndex(view, view, j, ts, ts);
      j = k;
    }
    return {
      ts,
      name: pick(this.#iName.finish()),
      kind: pick(this.#iKind.finish()),
      stk: pick(this.#iStk.finish()),
      event: pick(this.#iEvent.finish()),
      g: pick(this.#iG.finish()),
      thread: pick(this.#iThread.finish()),
      proc: pick(this.#iProc.finish()),
      lane,
    };
  }

  #buildArrows(newIndex: Uint32Array): Arrows {
    const n = this.#aName.length;
    const start0 = this.#aStart.finish();
    const end0 = this.#aEnd.finish();
    const { idx } = groupSort(new Uint32Array(n), 1, start0, start0);
    const pick = <A extends Float64Array | Uint32Array>(col: A, map?: Uint32Array): A => {
      const o = new (col.constructor as { new (n: number): A })(n);
      for (let j = 0; j < n; j++) o[j] = map ? map[col[idx[j]]] : col[idx[j]];
      return o;
    };
    const start = pick(start0), end = pick(end0);
    const byEnd = new Uint32Array(n);
    for (let i = 0; i < n; i++) byEnd[i] = i;
    byEnd.sort((a, b) => end[a] - end[b] || a - b);
    const endSorted = new Float64Array(n);
    for (let i = 0; i < n; i++) endSorted[i] = end[byEnd[i]];
    return {
      name: pick(this.#aName.finish()),
      from: pick(this.#aFrom.finish(), newIndex),
      to: pick(this.#aTo.finish(), newIndex),
      start,
      end,
      stk: pick(this.#aStk.finish()),
      byEnd,
      endSorted,
    };
  }
}

function laneKind(mode: ViewMode, d: LaneDraft): LaneKind {
  if (d.section === Section.Tasks) return "task";
  if (d.section !== Section.Procs) return "other";
  switch (d.tid) {
    case FakeP.GC:
      return "gc";
    case FakeP.Netpoll:
      return "network";
    case FakeP.Timers:
      return "timers";
    case FakeP.Syscall:
      return "syscalls";
  }
  if (d.tid < 0) return "other";
  return mode === "proc" ? "proc" : mode === "thread" ? "thread" : "goroutine";
}

function laneFallbackName(d: LaneDraft): string {
  return d.tid < 0 ? "(none)" : `${d.tid}`;
}

// Display order: tasks section first (Go's process sort index 1 comes after STATS,
// which is our counters), then procs; within a section by Go's sort index, then id.
function laneOrder(
  drafts: LaneDraft[],
  sLane: Uint32Array,
  iLane: Column<Uint32Array>,
): number[] {
  const used = new Uint8Array(drafts.length);
  for (let i = 0; i < sLane.length; i++) used[sLane[i]] = 1;
  for (let i = 0; i < iLane.length; i++) used[iLane.get(i)] = 1;
  const keep: number[] = [];
  drafts.forEach((d, i) => {
    if (d.section === Section.Stats) return;
    const special = d.section === Section.Procs && d.tid >= FakeP.Timers && d.tid <= FakeP.Profile;
    // Resource lanes Go names are shown even when empty; the rest only with content.
    if (used[i] || (d.name !== null && !special)) keep.push(i);
  });
  const secRank = (s: number) => (s === Section.Tasks ? 0 : 1);
  keep.sort((a, b) => {
    const A = drafts[a], B = drafts[b];
    return secRank(A.section) - secRank(B.section) ||
      (A.sortIndex ?? A.tid) - (B.sortIndex ?? B.tid) || A.tid - B.tid;
  });
  return keep;
}

/**
 * Row order that groups rows by `key` (counting sort) and orders each group by time,
 * then longest first; stable. Groups are usually sorted already (events arrive in time
 * order), so the comparison sort runs only where needed.
 */
function groupSort(
  key: Uint32Array,
  groups: number,
  start: Float64Array,
  end: Float64Array,
): { idx: Uint32Array; offsets: Uint32Array } {
  const n = key.length;
  const offsets = new Uint32Array(groups + 1);
  for (let i = 0; i < n; i++) offsets[key[i] + 1]++;
  for (let k = 0; k < groups; k++) offsets[k + 1] += offsets[k];
  const pos = offsets.slice(0, groups);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[pos[key[i]]++] = i;
  for (let k = 0; k < groups; k++) {
    const a = offsets[k], b = offsets[k + 1];
    let sorted = true;
    for (let j = a + 1; j < b && sorted; j++) {
      const x = idx[j - 1], y = idx[j];
      if (start[y] < start[x] || (start[y] === start[x] && end[y] > end[x])) sorted = false;
    }
    if (!sorted) {
      idx.subarray(a, b).sort((x, y) => start[x] - start[y] || end[y] - end[x] || x - y);
    }
  }
  return { idx, offsets };
}

/** Lets the event loop run (other requests) between steps of a long build. */
function breathe(): Promise<void> {
  return nextTurn();
}

const COUNTER_RES_BASE = 16;
const COUNTER_RES_STEP = 4;

function buildCounter(
  name: string,
  fields: string[],
  ts0: Float64Array,
  v0: CounterValues[],
): CounterSeries {
  const ints = v0.length > 0 && v0[0] instanceof Int32Array;
  const col = () => ints ? i32() : f64();
  const n = ts0.length;
  // Stable order by time (Go emits some samples back-dated to the trace start).
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (ts0[i] < ts0[i - 1]) sorted = false;
  let ts = ts0, values = v0;
  if (!sorted) {
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => ts0[a] - ts0[b] || a - b);
    ts = new Float64Array(n);
    for (let j = 0; j < n; j++) ts[j] = ts0[idx[j]];
    values = v0.map((v) => {
      const o = ints ? new Int32Array(n) : new Float64Array(n);
      for (let j = 0; j < n; j++) o[j] = v[idx[j]];
      return o;
    });
  }
  const areas: (Float64Array | undefined)[] = [];
  const area = (k: number) =>
    areas[k] ??= (() => {
      const v = values[k], a = new Float64Array(n);
      for (let j = 1; j < n; j++) a[j] = a[j - 1] + v[j - 1] * (ts[j] - ts[j - 1]);
      return a;
    })();
  const levels: CounterLevel[] = [];
  // Level 0 is the samples themselves; each level merges the previous one's buckets.
  let cur: CounterLevel = { res: 0, ts, max: values, last: values };
  let kept = n;
  // Start near the mean sample distance: finer buckets would merge almost nothing.
  let res0 = COUNTER_RES_BASE;
  const mean = n > 1 ? (ts[n - 1] - ts[0]) / n : 0;
  while (res0 * COUNTER_RES_STEP < mean) res0 *= COUNTER_RES_STEP;
  const nf = fields.length;
  for (let res = res0; cur.ts.length > 64 && res < 2 ** 52; res *= COUNTER_RES_STEP) {
    const m = cur.ts.length;
    const T = f64();
    const M = fields.map(col);
    const L = fields.map(col);
    let j = 0;
    while (j < m) {
      const bucket = Math.floor(cur.ts[j] / res);
      let best = j, bestTotal = -Infinity;
      let k = j;
      while (k < m && Math.floor(cur.ts[k] / res) === bucket) {
        let tot = 0;
        for (let c = 0; c < nf; c++) tot += cur.max[c][k];
        if (tot > bestTotal) bestTotal = tot, best = k;
        k++;
      }
      T.push(cur.ts[j]);
      for (let c = 0; c < fields.length; c++) {
        M[c].push(cur.max[c][best]);
        L[c].push(cur.last[c][k - 1]);
      }
      j = k;
    }
    cur = { res, ts: T.finish(), max: M.map((x) => x.finish()), last: L.map((x) => x.finish()) };
    if (cur.ts.length <= kept * 0.6) {
      levels.push(cur);
      kept = cur.ts.length;
    }
  }
  return { name, fields, ts, values, area, levels };
}
