// The goroutine summarizer: Go's internal/trace Summarizer (summary.go), as `go tool trace`
// runs it, over our event columns in one pass. Per goroutine: name (root frame of the
// first transition stack seen), creation/start/end times, time running, waiting to run,
// blocked (per reason), in syscalls, in special ranges, and user regions with their own
// stats; per task: its goroutines, regions, logs, parent and children.
//
// Go's quirks are kept on purpose (each is marked "Quirk"): the pages and profiles built
// on this summary must show Go's numbers.
//
// Times are ns relative to trace.baseTime. Go's "zero time" (unset) is absolute time 0,
// which here is UNSET = −baseTime: keeping Go's sentinel keeps its arithmetic on unset
// times (see the Running case) identical. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { Ev, GoState, ProcState } from "../trace/kinds.ts";
import { sortFunc } from "../util/go_sort.ts";
import { addTo, ExecStats, type ExecStatsData, type KeyedTimes } from "./exec_stats.ts";
import { RangeNames } from "./range_names.ts";

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

export interface Summary {
  /** In order of first appearance. */
  goroutines: GoroutineSummary[];
  /** In order of first mention. */
  tasks: TaskSummary[];
}

// A region while summarizing; becomes a RegionSummary at the end.
interface Region {
  task: number; // task index
  name: number; // string id
  start: number; // event index, -1 none
  end: number; // event index, -1 none
  stats: ExecStats;
  out: RegionSummary | undefined; // its output, once made
}

interface Task {
  index: number;
  name: number; // string id
  parent: number; // task index, -1 unknown
  children: number[]; // task indexes
  start: number;
  end: number;
  logs: number[];
  regions: Region[];
  goroutines: Set<number>; // goroutine ids
}

const NO_TASK_INDEX = 0;

/** Summarizes events [0, end) — `go tool trace` feeds every decoded event, error or not. */
export function summarize(trace: Trace, end = trace.count): Summary {
  const s = new Summarizer(trace);
  s.run(end);
  return s.finish();
}

/** Whether Go counts a goroutine with this start function as a system goroutine. */
export function isSystemGoroutine(entryFn: string): boolean {
  // Go mirrors runtime.isSystemGoroutine; an empty name is a locked g on an extra M.
  return entryFn === "" || (entryFn !== "runtime.main" && entryFn.startsWith("runtime."));
}

class Summarizer {
  readonly t: Trace;
  readonly UNSET: number;
  readonly ranges: RangeNames;

  // Per goroutine index: whether Go's map has a summary, and its fields.
  readonly present: Uint8Array;
  readonly name: Uint32Array; // string id of the start function
  readonly pcFrame: Int32Array; // frame id of the start function, -1 none
  readonly creation: Float64Array;
  readonly start: Float64Array;
  readonly endT: Float64Array;
  readonly stats: (ExecStats | undefined)[];
  readonly regions: (Region[] | undefined)[];
  // Go's pending state (goroutineSummary).
  readonly lastStart: Float64Array;
  readonly lastRunnable: Float64Array;
  readonly lastBlock: Float64Array;
  readonly lastBlockReason: Uint32Array;
  readonly lastSyscall: Float64Array;
  readonly lastSyscallBlock: Float64Array;
  readonly lastRange: (Map<number, number> | undefined)[];
  readonly active: (Region[] | undefined)[];
  readonly order: number[] = []; // goroutine indexes by first appearance

  // syscallingP / syscallingG: P index ↔ goroutine index of a goroutine in a syscall.
  readonly syscallingP: Int32Array;
  readonly syscallingG: Int32Array;
  // rangesP: the goroutine a P-scoped range (only "GC incremental sweep") began on.
  readonly rangesP: Int32Array;
  readonly procZero: number; // P index of proc id 0 (Go's zero ProcID), -1 if none

  readonly tasks: (Task | undefined)[];
  readonly taskOrder: Task[] = [];

  // Per string id: 0 unknown, 1 no, 2 yes.
  readonly forever: Uint8Array;
  readonly system: Uint8Array;

  syncTs: number;
  lastTs: number;

  constructor(t: Trace) {
    this.t = t;
    this.UNSET = -Number(t.baseTime);
    this.ranges = new RangeNames(t);
    const nG = t.gId.length, nP = t.pId.length;
    this.present = new Uint8Array(nG);
    this.name = new Uint32Array(nG);
    this.pcFrame = new Int32Array(nG).fill(-1);
    this.creation = new Float64Array(nG);
    this.start = new Float64Array(nG).fill(this.UNSET);
    this.endT = new Float64Array(nG).fill(this.UNSET);
    this.stats = new Array(nG);
    this.regions = new Array(nG);
    this.lastStart = new Float64Array(nG).fill(this.UNSET);
    this.lastRunnable = new Float64Array(nG).fill(this.UNSET);
    this.lastBlock = new Float64Array(nG).fill(this.UNSET);
    this.lastBlockReason = new Uint32Array(nG);
    this.lastSyscall = new Float64Array(nG).fill(this.UNSET);
    this.lastSyscallBlock = new Float64Array(nG).fill(this.UNSET);
    this.lastRange = new Array(nG);
    this.active = new Array(nG);
    this.syscallingP = new Int32Array(nP).fill(-1);
    this.syscallingG = new Int32Array(nG).fill(-1);
    this.rangesP = new Int32Array(nP).fill(-1);
    this.procZero = t.pId.indexOf(0);
    this.tasks = new Array(t.taskId.length);
    this.forever = new Uint8Array(t.stringCount);
    this.system = new Uint8Array(t.stringCount);
    this.syncTs = this.UNSET;
    this.lastTs = this.UNSET;
  }

  run(end: number): void {
    const t = this.t;
    const { time, type } = t;
    const UNSET = this.UNSET;
    for (let i = 0; i < end; i++) {
      const ts = time[i];
      if (this.syncTs === UNSET) this.syncTs = ts;
      this.lastTs = ts;
      switch (type[i]) {
        case Ev.Sync:
          this.syncTs = ts;
          break;
        case Ev.GoCreate:
        case Ev.GoCreateSyscall:
        case Ev.GoStart:
        case Ev.GoDestroy:
        case Ev.GoDestroySyscall:
        case Ev.GoStop:
        case Ev.GoBlock:
        case Ev.GoUnblock:
        case Ev.GoSyscallBegin:
        case Ev.GoSyscallEnd:
        case Ev.GoSyscallEndBlocked:
        case Ev.GoStatus:
        case Ev.GoSwitch:
        case Ev.GoSwitchDestroy:
        case Ev.GoCreateBlocked:
        case Ev.GoStatusStack:
          this.goTransition(i, ts);
          break;
        case Ev.ProcStart:
        case Ev.ProcStop:
        case Ev.ProcSteal:
        case Ev.ProcStatus:
          this.procTransition(i, ts);
          break;
        case Ev.STWBegin:
        case Ev.GCSweepBegin:
        case Ev.GCMarkAssistBegin:
          this.rangeBegin(i, ts, false);
          break;
        case Ev.GCSweepActive:
        case Ev.GCMarkAssistActive:
          this.rangeBegin(i, ts, true);
          break;
        case Ev.STWEnd:
        case Ev.GCSweepEnd:
        case Ev.GCMarkAssistEnd:
          this.rangeEnd(i, ts);
          break;
        // GCBegin/GCActive/GCEnd: a range with no scope; Go attributes it to no one.
        case Ev.UserRegionBegin:
          this.regionBegin(i, ts);
          break;
        case Ev.UserRegionEnd:
          this.regionEnd(i, ts);
          break;
        case Ev.UserTaskBegin:
        case Ev.UserTaskEnd:
          this.taskEvent(i);
          break;
        case Ev.UserLog: {
          const task = this.task(t.a0[i]);
          task.goroutines.add(t.gId[t.ctxG[t.ctx[i]]]);
          task.logs.push(i);
          break;
        }
      }
    }
  }

  // A new summary for goroutine g (Go replaces any earlier one).
  newGoroutine(g: number, creation: number): void {
    const UNSET = this.UNSET;
    if (!this.present[g]) this.order.push(g);
    this.present[g] = 1;
    this.name[g] = 0;
    this.pcFrame[g] = -1;
    this.creation[g] = creation;
    this.start[g] = UNSET;
    this.endT[g] = UNSET;
    this.stats[g] = new ExecStats();
    this.regions[g] = undefined;
    this.clearPending(g);
  }

  clearPending(g: number): void {
    const UNSET = this.UNSET;
    this.lastStart[g] = UNSET;
    this.lastRunnable[g] = UNSET;
    this.lastBlock[g] = UNSET;
    this.lastBlockReason[g] = 0;
    this.lastSyscall[g] = UNSET;
    this.lastSyscallBlock[g] = UNSET;
    this.lastRange[g] = undefined;
    this.active[g] = undefined;
  }

  goTransition(i: number, ts: number): void {
    const t = this.t;
    const UNSET = this.UNSET;
    const st = t.state[i];
    const from = st >> 4, to = st & 15;
    if (from === to) return; // Nothing new.
    const g = t.a0[i];
    const typ = t.type[i];
    const reason = typ === Ev.GoStop || typ === Ev.GoBlock ? t.a1[i] : 0;

    // Transition out.
    switch (from) {
      case GoState.Undetermined: {
        // First seen at a generation start: it existed since the last sync, in the new
        // state all along (the time is counted again below until the next event).
        this.newGoroutine(g, this.syncTs);
        const stats = this.stats[g]!;
        const stateTime = ts - this.syncTs;
        switch (to) {
          case GoState.Running:
            stats.exec += stateTime;
            break;
          case GoState.Waiting:
            // Quirk: a status event has no reason, so this is block time for reason ""
            // (Go's goroutine page then has a "Block time ()" column).
            stats.block = addTo(stats.block, reason, stateTime);
            break;
          case GoState.Runnable:
            stats.schedWait += stateTime;
            break;
          case GoState.Syscall:
            // With a P it has held that P since the start: a plain syscall; else blocked.
            if (t.ctxP[t.ctx[i]] === 0) stats.syscallBlock += stateTime;
            else stats.syscall += stateTime;
            break;
        }
        break;
      }
      case GoState.NotExist: {
        this.newGoroutine(g, ts);
        // A new goroutine inherits the task of its creator's innermost active region, as a
        // synthetic region (unnamed, zero stats) that starts at the creation.
        const creator = t.ctxG[t.ctx[i]];
        const regions = this.present[creator] ? this.active[creator] : undefined;
        if (regions && regions.length > 0) {
          const top = regions[regions.length - 1];
          this.active[g] = [{
            task: top.task,
            name: 0,
            start: i,
            end: -1,
            stats: new ExecStats(),
            out: undefined,
          }];
        }
        break;
      }
      case GoState.Running: {
        const stats = this.statsOf(g, ts);
        // Quirk: no check that a start time is set; Go would add the absolute time.
        stats.exec += ts - this.lastStart[g];
        this.lastStart[g] = UNSET;
        break;
      }
      case GoState.Waiting: {
        const stats = this.statsOf(g, ts);
        if (this.lastBlock[g] !== UNSET) {
          stats.block = addTo(stats.block, this.lastBlockReason[g], ts - this.lastBlock[g]);
          this.lastBlock[g] = UNSET;
        }
        break;
      }
      case GoState.Runnable: {
        const stats = this.statsOf(g, ts);
        if (this.lastRunnable[g] !== UNSET) {
          stats.schedWait += ts - this.lastRunnable[g];
          this.lastRunnable[g] = UNSET;
        }
        break;
      }
      case GoState.Syscall: {
        const stats = this.statsOf(g, ts);
        const since = this.lastSyscall[g];
        if (since !== UNSET) {
          const blocked = this.lastSyscallBlock[g];
          if (blocked !== UNSET) {
            stats.syscallBlock += ts - blocked;
            stats.syscall += blocked - since;
          } else {
            stats.syscall += ts - since;
          }
          this.lastSyscall[g] = UNSET;
          this.lastSyscallBlock[g] = UNSET;
          // Quirk: this drops the P's entry even if another goroutine has since entered a
          // syscall on that P, and a missing entry means Go's zero value, proc 0.
          const p = this.syscallingG[g];
          const pKey = p >= 0 ? p : this.procZero;
          if (pKey >= 0) this.syscallingP[pKey] = -1;
          this.syscallingG[g] = -1;
        }
        break;
      }
    }

    // Name the goroutine after the root frame of the first transition stack seen: its
    // start function, the same for every stack of the goroutine.
    if (this.isEmpty(this.name[g])) {
      const frames = t.stackFrameIds(transitionStack(t, i, typ));
      if (frames.length > 0) {
        const root = frames[frames.length - 1];
        this.pcFrame[g] = root;
        this.name[g] = t.frameFunc[root];
      }
    }

    // Transition in.
    switch (to) {
      case GoState.Running:
        this.lastStart[g] = ts;
        if (this.start[g] === UNSET) this.start[g] = ts;
        break;
      case GoState.Runnable:
        this.lastRunnable[g] = ts;
        break;
      case GoState.Waiting:
        if (!this.isForever(reason)) {
          this.lastBlock[g] = ts;
          this.lastBlockReason[g] = reason;
          break;
        }
        // Blocked forever is like dying.
        this.finalize(g, ts, i);
        break;
      case GoState.NotExist:
        this.finalize(g, ts, i);
        break;
      case GoState.Syscall: {
        const p = t.ctxP[t.ctx[i]];
        // P index 0 is "no P": Go keys that case by NoProc just the same.
        this.syscallingP[p] = g;
        this.syscallingG[g] = p;
        this.lastSyscall[g] = ts;
        break;
      }
    }
  }

  // The stats of a goroutine Go expects to know. A validated stream always introduces a
  // goroutine from Undetermined or NotExist first; Go would crash otherwise, we start one.
  statsOf(g: number, ts: number): ExecStats {
    if (!this.present[g]) this.newGoroutine(g, ts);
    return this.stats[g]!;
  }

  // A P going idle while a goroutine on it is in a syscall: the syscall now blocks.
  procTransition(i: number, ts: number): void {
    const t = this.t;
    const st = t.state[i];
    const from = st >> 4, to = st & 15;
    if (from === to || to !== ProcState.Idle) return;
    const p = t.a0[i];
    const g = this.syscallingP[p];
    if (g < 0) return;
    if (this.present[g]) this.lastSyscallBlock[g] = ts;
    this.syscallingP[p] = -1;
  }

  rangeBegin(i: number, ts: number, isActive: boolean): void {
    const t = this.t;
    const typ = t.type[i];
    const key = this.ranges.keyOf(i);
    let g: number;
    if (typ === Ev.GCSweepBegin || typ === Ev.GCSweepActive) {
      // P-scoped: attributed to the goroutine on the P, if it is still there at the end.
      g = t.ctxG[t.ctx[i]];
      if (!this.present[g]) return;
      const p = typ === Ev.GCSweepActive ? t.a0[i] : t.ctxP[t.ctx[i]];
      this.rangesP[p] = g;
    } else {
      g = typ === Ev.GCMarkAssistActive ? t.a0[i] : t.ctxG[t.ctx[i]];
      if (!this.present[g]) return;
    }
    const last = this.lastRange[g] ??= new Map();
    if (isActive) {
      // Active since before this generation: counted from its sync (a range still open
      // from the previous generation is closed at the sync and reopened there).
      const since = last.get(key);
      if (since !== undefined && since !== this.UNSET) {
        const stats = this.stats[g]!;
        stats.range = addTo(stats.range, key, this.syncTs - since);
      }
      last.set(key, this.syncTs);
    } else {
      last.set(key, ts);
    }
  }

  rangeEnd(i: number, ts: number): void {
    const t = this.t;
    const typ = t.type[i];
    const key = this.ranges.keyOf(i);
    let g = -1;
    if (typ === Ev.GCSweepEnd) {
      const p = t.ctxP[t.ctx[i]];
      const began = this.rangesP[p];
      if (began >= 0) {
        // Only if it ends on the goroutine it began on.
        if (began === t.ctxG[t.ctx[i]]) g = began;
        this.rangesP[p] = -1;
      }
    } else {
      g = t.ctxG[t.ctx[i]];
    }
    if (g < 0 || !this.present[g]) return;
    const last = this.lastRange[g];
    const since = last?.get(key);
    if (since === undefined || since === this.UNSET) return;
    const stats = this.stats[g]!;
    stats.range = addTo(stats.range, key, ts - since);
    last!.delete(key);
  }

  regionBegin(i: number, ts: number): void {
    const t = this.t;
    const g = t.ctxG[t.ctx[i]];
    if (g === 0) return; // No goroutine: Go would crash; a valid trace has none.
    this.statsOf(g, ts);
    const region: Region = {
      task: t.a0[i],
      name: t.a1[i],
      start: i,
      end: -1,
      stats: this.snapshot(g, ts),
      out: undefined,
    };
    (this.active[g] ??= []).push(region);
    const task = this.task(t.a0[i]);
    task.regions.push(region);
    task.goroutines.add(t.gId[g]);
  }

  regionEnd(i: number, ts: number): void {
    const t = this.t;
    const g = t.ctxG[t.ctx[i]];
    if (g === 0) return; // As in regionBegin.
    this.statsOf(g, ts);
    const stack = this.active[g];
    let region: Region;
    if (stack && stack.length > 0) {
      // Quirk: the innermost region ends, whatever the end event's type and task say.
      region = stack.pop()!;
    } else {
      // An end without a begin (it began before the trace): made up now.
      region = {
        task: t.a0[i],
        name: t.a1[i],
        start: -1,
        end: -1,
        stats: new ExecStats(),
        out: undefined,
      };
      const task = this.task(t.a0[i]);
      task.goroutines.add(t.gId[g]);
      task.regions.push(region);
    }
    region.stats = this.snapshot(g, ts).subtract(region.stats);
    region.end = i;
    (this.regions[g] ??= []).push(region);
  }

  taskEvent(i: number): void {
    const t = this.t;
    const task = this.task(t.a0[i]);
    task.name = t.a2[i];
    task.goroutines.add(t.gId[t.ctxG[t.ctx[i]]]);
    if (t.type[i] === Ev.UserTaskBegin) task.start = i;
    else task.end = i;
    // Link the parent once, or the task would appear twice among its children.
    const parent = t.a1[i];
    if (parent !== NO_TASK_INDEX && task.parent < 0) {
      task.parent = parent;
      this.task(parent).children.push(task.index);
    }
  }

  task(index: number): Task {
    let task = this.tasks[index];
    if (!task) {
      task = {
        index,
        name: 0,
        parent: -1,
        children: [],
        start: -1,
        end: -1,
        logs: [],
        regions: [],
        goroutines: new Set(),
      };
      this.tasks[index] = task;
      this.taskOrder.push(task);
    }
    return task;
  }

  /** Go's snapshotStat: the stats so far, with pending states counted up to `lastTs`. */
  snapshot(g: number, lastTs: number): ExecStats {
    const UNSET = this.UNSET;
    const r = this.stats[g]!.clone();
    if (r.total === 0) r.total = lastTs - this.creation[g];
    if (this.lastStart[g] !== UNSET) r.exec += lastTs - this.lastStart[g];
    if (this.lastRunnable[g] !== UNSET) r.schedWait += lastTs - this.lastRunnable[g];
    if (this.lastBlock[g] !== UNSET) {
      r.block = addTo(r.block, this.lastBlockReason[g], lastTs - this.lastBlock[g]);
    }
    // Quirk: an open syscall counts in full as syscall time, and once its P was lost, the
    // blocked part counts again, as sched wait: together more than the time elapsed.
    if (this.lastSyscall[g] !== UNSET) r.syscall += lastTs - this.lastSyscall[g];
    if (this.lastSyscallBlock[g] !== UNSET) r.schedWait += lastTs - this.lastSyscallBlock[g];
    const last = this.lastRange[g];
    if (last) { for (const [key, since] of last) r.range = addTo(r.range, key, lastTs - since); }
    return r;
  }

  /**
   * Go's finalize: the goroutine ended (trigger = that event) or the trace did (trigger
   * -1). Its open regions end with it. Go runs this again for every goroutine at the end
   * of the trace; the second time only recomputes the same numbers.
   */
  finalize(g: number, lastTs: number, trigger: number): void {
    const t = this.t;
    if (trigger >= 0) this.endT[g] = t.time[trigger];
    const final = this.snapshot(g, lastTs);
    this.stats[g] = final;
    // System goroutines are never part of regions, though they may inherit a task when
    // created inside one (e.g. GC workers started during a region). Quirk: a goroutine
    // not named yet counts as a system goroutine here, and its regions are dropped.
    const active = this.active[g];
    if (active && !this.isSystem(this.name[g])) {
      const regions = this.regions[g] ??= [];
      for (const r of active) {
        r.end = trigger;
        r.stats = final.sub(r.stats);
        regions.push(r);
      }
    }
    this.clearPending(g);
  }

  finish(): Summary {
    const t = this.t;
    for (const g of this.order) {
      // For a goroutine already finalized, with nothing pending, this would recompute
      // the very same stats: skip the copies (there can be millions of goroutines).
      if (this.hasPending(g) || this.stats[g]!.total === 0) this.finalize(g, this.lastTs, -1);
      const regions = this.regions[g];
      // Go's (unstable) sort by start time, unknown starts first.
      if (regions) {
        sortFunc(regions, (a, b) => {
          if (a.start < 0) return b.start < 0 ? 0 : -1;
          if (b.start < 0) return 1;
          return t.time[a.start] - t.time[b.start];
        });
      }
    }
    const out = new SummaryWriter(t, this.ranges, this.UNSET);
    return {
      goroutines: this.order.map((g): GoroutineSummary => {
        const st = this.stats[g]!;
        return {
          id: t.gId[g],
          name: t.string(this.name[g]),
          pc: this.pcFrame[g] < 0 ? 0 : Number(t.framePC[this.pcFrame[g]]),
          creationTime: this.creation[g],
          startTime: out.time(this.start[g]),
          endTime: out.time(this.endT[g]),
          execTime: st.exec,
          schedWaitTime: st.schedWait,
          blockTimeByReason: out.reasons(st.block),
          syscallTime: st.syscall,
          syscallBlockTime: st.syscallBlock,
          totalTime: st.total,
          rangeTime: out.ranges(st.range),
          regions: (this.regions[g] ?? []).map((r) => out.region(r)),
        };
      }),
      tasks: this.taskOrder.map((task) => ({
        id: t.taskId[task.index],
        name: t.string(task.name),
        parent: task.parent < 0 ? null : t.taskId[task.parent],
        children: task.children.map((c) => t.taskId[c]),
        start: task.start < 0 ? null : task.start,
        end: task.end < 0 ? null : task.end,
        logs: task.logs,
        regions: task.regions.map((r) => out.region(r)),
        goroutines: [...task.goroutines],
      })),
    };
  }

  hasPending(g: number): boolean {
    const UNSET = this.UNSET;
    return this.lastStart[g] !== UNSET || this.lastRunnable[g] !== UNSET ||
      this.lastBlock[g] !== UNSET || this.lastSyscall[g] !== UNSET ||
      this.lastSyscallBlock[g] !== UNSET || (this.lastRange[g]?.size ?? 0) > 0 ||
      (this.active[g]?.length ?? 0) > 0;
  }

  isEmpty(stringId: number): boolean {
    const o = this.t.stringOffsets;
    return o[stringId] === o[stringId + 1];
  }

  isForever(reason: number): boolean {
    let v = this.forever[reason];
    if (v === 0) this.forever[reason] = v = this.t.string(reason) === "forever" ? 2 : 1;
    return v === 2;
  }

  isSystem(name: number): boolean {
    let v = this.system[name];
    if (v === 0) this.system[name] = v = isSystemGoroutine(this.t.string(name)) ? 2 : 1;
    return v === 2;
  }
}

// The stack of a goroutine transition (Go's StateTransition.Stack): the new goroutine's
// start stack for creations, the event's stack for events of the goroutine itself.
function transitionStack(t: Trace, i: number, typ: number): number {
  switch (typ) {
    case Ev.GoCreate:
    case Ev.GoCreateBlocked:
    case Ev.GoStop:
    case Ev.GoBlock:
    case Ev.GoSyscallBegin:
    case Ev.GoStatus:
    case Ev.GoStatusStack:
      return t.a2[i];
  }
  return 0;
}

// Turns internal records into output data; each region object is made once (and kept on
// the record), so a task and its goroutine share it.
class SummaryWriter {
  constructor(readonly t: Trace, readonly rangeNames: RangeNames, readonly UNSET: number) {}

  time(ts: number): number | null {
    return ts === this.UNSET ? null : ts;
  }

  reasons(m: KeyedTimes): Record<string, number> {
    const out: Record<string, number> = {};
    if (m !== null) {
      for (let i = 0; i < m.length; i += 2) {
        const k = this.t.string(m[i]);
        out[k] = (out[k] ?? 0) + m[i + 1];
      }
    }
    return out;
  }

  ranges(m: KeyedTimes): Record<string, number> {
    const out: Record<string, number> = {};
    if (m !== null) {
      for (let i = 0; i < m.length; i += 2) {
        const k = this.rangeNames.name(m[i]);
        out[k] = (out[k] ?? 0) + m[i + 1];
      }
    }
    return out;
  }

  region(r: Region): RegionSummary {
    if (r.out) return r.out;
    const t = this.t;
    const st = r.stats;
    return r.out = {
      taskId: t.taskId[r.task],
      name: t.string(r.name),
      start: r.start < 0 ? null : r.start,
      end: r.end < 0 ? null : r.end,
      startTime: r.start < 0 ? null : t.time[r.start],
      endTime: r.end < 0 ? null : t.time[r.end],
      execTime: st.exec,
      schedWaitTime: st.schedWait,
      blockTimeByReason: this.reasons(st.block),
      syscallTime: st.syscall,
      syscallBlockTime: st.syscallBlock,
      totalTime: st.total,
      rangeTime: this.ranges(st.range),
    };
  }
}
