// The goroutine summary: Go's internal/trace Summarizer (summary.go), as `go tool trace`
// runs it (the pass is in summarizer.ts). The result stays in columns (typed arrays by
// goroutine, region and task index); the plain objects the pages and tests use —
// GoroutineSummary, RegionSummary, TaskSummary — are made on demand, only for what is
// asked for (one group's goroutines, the tasks a page lists), and kept once made.
//
// Times are ns relative to trace.baseTime; null where Go's time is unset. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import type { KeptEvents } from "../trace/kept.ts";
import { sortFunc } from "../util/go_sort.ts";
import { type ExecStatsData, StatsReader, type StatsRows, type StatsTable } from "./exec_stats.ts";
import { isSystemGoroutine, Summarizer, type SummaryData } from "./summarizer.ts";

export { isSystemGoroutine };

export interface RegionSummary extends ExecStatsData {
  /** Task id (-1 for NoTask). */
  taskId: number;
  /** Region type; "" for the synthetic region a goroutine inherits on creation. */
  name: string;
  /**
   * Index of the start event: a RegionBegin, or the creating transition for a synthetic
   * inherited region; null when the region began before the trace.
   */
  start: number | null;
  /** Index of the end event: a RegionEnd, or the goroutine's end; null if still open. */
  end: number | null;
  startTime: number | null;
  endTime: number | null;
}

export interface GoroutineSummary extends ExecStatsData {
  id: number;
  /** Start function (root frame of a transition stack); "" if none was seen. */
  name: string;
  /** PC of that frame (0 if none). */
  pc: number;
  creationTime: number;
  /** First time it ran; null if it never ran. */
  startTime: number | null;
  /** When it ended (or blocked forever); null if it did not. */
  endTime: number | null;
  /** Regions, by start time (unknown starts first). */
  regions: RegionSummary[];
}

export interface TaskSummary {
  id: number;
  name: string;
  /** Parent task id, or null when unknown. */
  parent: number | null;
  children: number[];
  /** Event indexes of the TaskBegin / TaskEnd, or null if not in the trace. */
  start: number | null;
  end: number | null;
  /** Event indexes of the task's UserLog events. */
  logs: number[];
  /** Regions of the task, in the order Go adds them (begin order; unmatched ends at end). */
  regions: RegionSummary[];
  /**
   * Ids of goroutines that touched the task (-1 = an event without a goroutine). Go keys
   * this by id, so a goroutine never summarized can still appear.
   */
  goroutines: number[];
}

/** Summarizes events [0, end) — `go tool trace` feeds every decoded event, error or not. */
export async function summarize(
  trace: Trace,
  end = trace.count,
  opts: PassOptions = {},
): Promise<Summary> {
  const s = new Summarizer(trace, end);
  const blocks = end > 0 ? trace.blockOf(end - 1) + 1 : 0;
  // In slices (a trace held whole is one block of millions of events), so a server answers
  // other requests meanwhile.
  for await (const b of trace.eachSlice(0, blocks, opts)) {
    if (b.first < end) s.feed(b, end);
  }
  return new Summary(trace, s.finish());
}

/** summarize for a trace held whole, at once (the timeline's generators read it so). */
export function summarizeWhole(trace: Trace, end = trace.count): Summary {
  const s = new Summarizer(trace, end);
  s.feed(trace.wholeBlock(), end);
  return new Summary(trace, s.finish());
}

/**
 * The summary of a trace. Goroutines are addressed by their index in trace.gIds (g),
 * regions by creation index (r), tasks by their index in trace.taskIds (ti).
 */
export class Summary {
  readonly trace: Trace;
  /** The rows of task boundaries and logs (regions' bounds are not kept: see regionStart). */
  get kept(): KeptEvents {
    return this.#d.kept;
  }

  /** Go's zero time in relative ns (what unset times hold in the columns). */
  readonly unset: number;
  /** Names and plain data of the stats tables' rows. */
  readonly stats: StatsReader;
  readonly #d: SummaryData;
  readonly #sorted: Uint8Array;
  #taskRegOff?: Uint32Array;
  #taskRegs?: Int32Array;
  readonly #regions = new Map<number, RegionSummary>();
  readonly #tasks = new Map<number, TaskSummary>();
  #allGoroutines?: GoroutineSummary[];
  #allTasks?: TaskSummary[];
  #taskById?: Map<number, number>;

  constructor(trace: Trace, data: SummaryData) {
    this.trace = trace;
    this.#d = data;
    this.unset = data.unset;
    this.stats = new StatsReader(trace, data.ranges);
    this.#sorted = new Uint8Array(data.present.length);
  }

  // Goroutines.

  /** How many goroutines Go's summary has. */
  get goroutineCount(): number {
    return this.#d.goroutineCount;
  }

  /** The k-th goroutine (its index) in order of first appearance. */
  goroutineAt(k: number): number {
    return this.#d.order[k];
  }

  /** The goroutine index of Go id `id`, or -1 when the summary does not have it. */
  goroutineIndex(id: number): number {
    const { gId } = this.trace, present = this.#d.present;
    for (let g = 0; g < gId.length; g++) if (gId[g] === id && present[g]) return g;
    return -1;
  }

  goroutineId(g: number): number {
    return this.trace.gId[g];
  }

  /** String id of the goroutine's start function. */
  goroutineNameId(g: number): number {
    return this.#d.nameId[g];
  }

  goroutineName(g: number): string {
    return this.trace.string(this.#d.nameId[g]);
  }

  /** PC of the start function's frame (0 if none was seen). */
  startPC(g: number): number {
    const pc = this.#d.pcFrame[g];
    return pc < 0 ? 0 : Number(this.trace.framePC[pc]);
  }

  creationTime(g: number): number {
    return this.#d.creation[g];
  }

  startTime(g: number): number | null {
    return this.#time(this.#d.start[g]);
  }

  endTime(g: number): number | null {
    return this.#time(this.#d.end[g]);
  }

  /** Goroutines' exec stats, by goroutine index. */
  get goroutineStats(): StatsTable {
    return this.#d.gStats;
  }

  /** The goroutine's regions (indexes), by start time, unknown starts first (Go's order). */
  regionsOf(g: number): Int32Array {
    const d = this.#d;
    const regions = d.gRegs.subarray(d.gRegOff[g], d.gRegOff[g + 1]);
    if (!this.#sorted[g]) {
      this.#sorted[g] = 1;
      const { regStart, regStartTime } = d;
      // Go's (unstable) sort. Input already in strictly increasing order is its own
      // unique result; otherwise sort as Go does, ties and all.
      const cmp = (a: number, b: number) => {
        const sa = regStart[a], sb = regStart[b];
        if (sa < 0) return sb < 0 ? 0 : -1;
        if (sb < 0) return 1;
        return regStartTime[a] - regStartTime[b];
      };
      let sorted = true;
      for (let k = 1; k < regions.length && sorted; k++) {
        sorted = cmp(regions[k - 1], regions[k]) < 0;
      }
      if (!sorted) {
        const a = Array.from(regions);
        sortFunc(a, cmp);
        regions.set(a);
      }
    }
    return regions;
  }

  /** The goroutine as plain data, regions included. */
  goroutine(g: number): GoroutineSummary {
    const t = this.trace, d = this.#d;
    const pc = d.pcFrame[g];
    return {
      id: t.gId[g],
      name: t.string(d.nameId[g]),
      pc: pc < 0 ? 0 : Number(t.framePC[pc]),
      creationTime: d.creation[g],
      startTime: this.#time(d.start[g]),
      endTime: this.#time(d.end[g]),
      ...this.stats.data(d.gStats, g),
      regions: Array.from(this.regionsOf(g), (r) => this.region(r)),
    };
  }

  /** Every goroutine as plain data, in order of first appearance (made once). */
  get goroutines(): GoroutineSummary[] {
    return this.#allGoroutines ??= Array.from(
      this.#d.order.subarray(0, this.#d.goroutineCount),
      (g) => this.goroutine(g),
    );
  }

  // Regions.

  get regionCount(): number {
    return this.#d.regionCount;
  }

  /** Regions' exec stats, by region index. */
  get regionStats(): StatsRows {
    return this.#d.rStats;
  }

  /** String id of the region's type. */
  regionNameId(r: number): number {
    return this.#d.regName[r];
  }

  regionName(r: number): string {
    return this.trace.string(this.#d.regName[r]);
  }

  /**
   * Index of the start event, -1 if none. Its row is not kept (a trace can have tens of
   * millions of regions): its time and stack are regionStartTime and regionStartStack.
   */
  regionStart(r: number): number {
    return this.#d.regStart[r];
  }

  /** Index of the end event, -1 if none (its row is not kept either). */
  regionEnd(r: number): number {
    return this.#d.regEnd[r];
  }

  /** Time of the start event, null if none. */
  regionStartTime(r: number): number | null {
    return this.#d.regStart[r] < 0 ? null : this.#d.regStartTime[r];
  }

  /** Time of the end event, null if none. */
  regionEndTime(r: number): number | null {
    return this.#d.regEnd[r] < 0 ? null : this.#d.regEndTime[r];
  }

  /** Stack id of the start event, -1 if none. */
  regionStartStack(r: number): number {
    return this.#d.regStart[r] < 0 ? -1 : this.#d.regStartStack[r];
  }

  regionTaskId(r: number): number {
    return this.trace.taskId[this.#d.regTask[r]];
  }

  /** The region as plain data (made once). */
  region(r: number): RegionSummary {
    let out = this.#regions.get(r);
    if (out) return out;
    const t = this.trace, d = this.#d;
    const start = d.regStart[r], end = d.regEnd[r];
    out = {
      taskId: t.taskId[d.regTask[r]],
      name: t.string(d.regName[r]),
      start: start < 0 ? null : start,
      end: end < 0 ? null : end,
      startTime: this.regionStartTime(r),
      endTime: this.regionEndTime(r),
      ...this.stats.data(d.rStats, r),
    };
    this.#regions.set(r, out);
    return out;
  }

  // Tasks.

  /** How many tasks the summary has. */
  get taskCount(): number {
    return this.#d.taskCount;
  }

  /** The k-th task (its index) in order of first mention. */
  taskAt(k: number): number {
    return this.#d.taskOrder[k];
  }

  /** The task index of id `id`, or -1 when the summary does not have it. */
  taskIndex(id: number): number {
    if (!this.#taskById) {
      const { taskId } = this.trace, known = this.#d.taskKnown;
      this.#taskById = new Map();
      for (let ti = taskId.length - 1; ti >= 0; ti--) {
        if (known[ti]) this.#taskById.set(taskId[ti], ti);
      }
    }
    return this.#taskById.get(id) ?? -1;
  }

  taskId(ti: number): number {
    return this.trace.taskId[ti];
  }

  taskName(ti: number): string {
    return this.trace.string(this.#d.taskName[ti]);
  }

  /** Event index of the TaskBegin, -1 if none. */
  taskStart(ti: number): number {
    return this.#d.taskStart[ti];
  }

  /** Event index of the TaskEnd, -1 if none. */
  taskEnd(ti: number): number {
    return this.#d.taskEnd[ti];
  }

  /** Event indexes of the task's logs, in order. */
  taskLogs(ti: number): number[] {
    const d = this.#d, out: number[] = [];
    for (let l = d.logHead[ti]; l >= 0; l = d.logNext[l]) out.push(d.logEv[l]);
    return out;
  }

  /** The task's regions (indexes) in the order Go adds them: creation order. */
  taskRegions(ti: number): Int32Array {
    if (!this.#taskRegOff) {
      const d = this.#d, nT = this.trace.taskId.length;
      const off = new Uint32Array(nT + 1);
      for (let r = 0; r < d.regionCount; r++) if (!d.regInherited[r]) off[d.regTask[r] + 1]++;
      for (let k = 0; k < nT; k++) off[k + 1] += off[k];
      const regs = new Int32Array(off[nT]);
      const at = off.slice(0, nT);
      for (let r = 0; r < d.regionCount; r++) {
        if (!d.regInherited[r]) regs[at[d.regTask[r]]++] = r;
      }
      this.#taskRegOff = off;
      this.#taskRegs = regs;
    }
    return this.#taskRegs!.subarray(this.#taskRegOff[ti], this.#taskRegOff[ti + 1]);
  }

  /** The task as plain data (made once). */
  task(ti: number): TaskSummary {
    let out = this.#tasks.get(ti);
    if (out) return out;
    const t = this.trace, d = this.#d;
    const children: number[] = [], goroutines: number[] = [];
    for (let c = d.childHead[ti]; c >= 0; c = d.childNext[c]) children.push(t.taskId[c]);
    for (let e = d.tgHead[ti]; e >= 0; e = d.tgNext[e]) goroutines.push(t.gId[d.tgG[e]]);
    const start = d.taskStart[ti], end = d.taskEnd[ti], parent = d.taskParent[ti];
    out = {
      id: t.taskId[ti],
      name: t.string(d.taskName[ti]),
      parent: parent < 0 ? null : t.taskId[parent],
      children,
      start: start < 0 ? null : start,
      end: end < 0 ? null : end,
      logs: this.taskLogs(ti),
      regions: Array.from(this.taskRegions(ti), (r) => this.region(r)),
      goroutines,
    };
    this.#tasks.set(ti, out);
    return out;
  }

  /** The task with id `id` as plain data, if the summary has it. */
  taskById(id: number): TaskSummary | undefined {
    const ti = this.taskIndex(id);
    return ti < 0 ? undefined : this.task(ti);
  }

  /** Every task as plain data, in order of first mention (made once). */
  get tasks(): TaskSummary[] {
    return this.#allTasks ??= Array.from(
      this.#d.taskOrder.subarray(0, this.#d.taskCount),
      (ti) => this.task(ti),
    );
  }

  #time(ts: number): number | null {
    return ts === this.unset ? null : ts;
  }
}
