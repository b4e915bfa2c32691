// The pass behind the goroutine summary (summary.ts): Go's internal/trace Summarizer
// (summary.go), as `go tool trace` runs it, over our event columns in one pass, with no
// allocation per event. Per goroutine (by dense resource index): name (root frame of the
// first transition stack seen), creation/start/end times, time running, waiting to run,
// blocked (per reason), in syscalls, in special ranges; user regions (columns by region
// index: task, type, bounds' times and start stack; their stats packed when they end);
// per task: goroutines, regions, logs, parent and children (linked lists in typed arrays).
//
// Go's quirks are kept on purpose (each is marked "Quirk"): the pages and profiles built
// on this summary must show Go's numbers.
//
// Times are ns relative to trace.baseTime. Go's "zero time" (unset) is absolute time 0,
// which here is UNSET = −baseTime: keeping Go's sentinel keeps its arithmetic on unset
// times (see the Running case) identical. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import {
  annotationTypeAt,
  assistGoroutine,
  sweepProc,
  taskAt,
  taskParentAt,
  transitionReason,
  transitionResource,
  transitionStack,
} from "../trace/event.ts";
import { KeptEvents } from "../trace/kept.ts";
import { Ev, GO_TRANSITIONS, GoState, PROC_TRANSITIONS, ProcState } from "../trace/kinds.ts";
import {
  KeyedArena,
  newStatsRow,
  rangeKey,
  type StatsRow,
  type StatsRows,
  StatsTable,
} from "./exec_stats.ts";
import { ActiveRegions } from "./active_regions.ts";
import { PackedStats } from "./packed_stats.ts";
import { RangeNames } from "./range_names.ts";

/** What the pass leaves for Summary (summary.ts). */
export interface SummaryData {
  /** Go's zero time in relative ns. */
  unset: number;
  ranges: RangeNames;
  arena: KeyedArena;

  /** Goroutine indexes by first appearance (the first `goroutineCount`). */
  order: Int32Array;
  goroutineCount: number;
  /** Per goroutine index. */
  present: Uint8Array;
  nameId: Uint32Array;
  pcFrame: Int32Array;
  creation: Float64Array;
  start: Float64Array;
  end: Float64Array;
  gStats: StatsTable;
  /** Regions of goroutine g: gRegs[gRegOff[g] .. gRegOff[g + 1]], in the order Go adds them. */
  gRegOff: Uint32Array;
  gRegs: Int32Array;

  /** Per region index (creation order). */
  regionCount: number;
  regTask: Uint32Array;
  regName: Uint32Array;
  /**
   * Event indexes, −1 for none (the rows are not kept: the times and start stack are
   * here, and a page that lists the events reads them again).
   */
  regStart: Int32Array;
  regEnd: Int32Array;
  /** Times of those events (relative ns; meaningless for none). */
  regStartTime: Float64Array;
  regEndTime: Float64Array;
  /** Stack id of the start event (0 for none). */
  regStartStack: Uint32Array;
  /** 1 for the synthetic region a goroutine inherits on creation (in no task's list). */
  regInherited: Uint8Array;
  rStats: StatsRows;

  /** Task indexes by first mention. */
  taskOrder: Int32Array;
  taskCount: number;
  /** Per task index. */
  taskKnown: Uint8Array;
  taskName: Uint32Array;
  taskParent: Int32Array;
  taskStart: Int32Array;
  taskEnd: Int32Array;
  /** Children: a list through childNext (task indexes). */
  childHead: Int32Array;
  childNext: Int32Array;
  /** Logs: a list of event indexes through logNext. */
  logHead: Int32Array;
  logEv: Int32Array;
  logNext: Int32Array;
  /** Goroutines (indexes, 0 = none) that touched the task: a list through tgNext. */
  tgHead: Int32Array;
  tgG: Int32Array;
  tgNext: Int32Array;
  /** The task boundaries' and logs' rows (regions hold their times instead). */
  kept: KeptEvents;
}

const NO_TASK_INDEX = 0;

// What the pass does with each event type.
const A_NONE = 0,
  A_SYNC = 1,
  A_GO = 2,
  A_PROC = 3,
  A_RANGE_BEGIN = 4,
  A_RANGE_ACTIVE = 5,
  A_RANGE_END = 6,
  A_REGION_BEGIN = 7,
  A_REGION_END = 8,
  A_TASK = 9,
  A_LOG = 10;
const ACTION = new Uint8Array(256);
for (
  const [action, types] of [
    [A_SYNC, [Ev.Sync]],
    [A_GO, GO_TRANSITIONS],
    [A_PROC, PROC_TRANSITIONS],
    [A_RANGE_BEGIN, [Ev.STWBegin, Ev.GCSweepBegin, Ev.GCMarkAssistBegin]],
    [A_RANGE_ACTIVE, [Ev.GCSweepActive, Ev.GCMarkAssistActive]],
    [A_RANGE_END, [Ev.STWEnd, Ev.GCSweepEnd, Ev.GCMarkAssistEnd]],
    // GCBegin/GCActive/GCEnd: a range with no scope; Go attributes it to no one.
    [A_REGION_BEGIN, [Ev.UserRegionBegin]],
    [A_REGION_END, [Ev.UserRegionEnd]],
    [A_TASK, [Ev.UserTaskBegin, Ev.UserTaskEnd]],
    [A_LOG, [Ev.UserLog]],
  ] as const
) for (const typ of types) ACTION[typ] = action;

/** Goroutine indexes whose task sets are kept by list only up to this many members. */
const SMALL_SET = 8;

function grown<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(
  a: T,
  n: number,
  fill?: number,
): T {
  const C = a.constructor as { new (n: number): T };
  const b = new C(n);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

// A goroutine's record while the pass runs: Go's pending state (goroutineSummary), GF
// numbers in Summarizer.gf, and GI integers in Summarizer.gi. Its stats and times are
// written straight into the columns the summary keeps.
const GF = 5;
const F_LAST_START = 0,
  F_LAST_RUNNABLE = 1,
  F_LAST_BLOCK = 2,
  F_LAST_SYSCALL = 3,
  F_LAST_SYSCALL_BLOCK = 4;
const GI = 12;
const I_PRESENT = 0, // 1 when Go's map has the goroutine
  I_NAME = 1, // string id of the start function
  I_NAMED = 2, // 1 once that name is not empty
  I_PC_FRAME = 3, // frame id of the start function, -1 none
  I_BLOCK_REASON = 4, // lastBlockReason
  I_SYSCALLING = 5, // the P of its syscall (syscallingG), -1 none
  I_K_HEAD = 6, // keyed times list
  I_K_TAIL = 7,
  I_P_HEAD = 8, // pending ranges list
  I_ACTIVE = 9, // top of the open region stack (a slot of ActiveRegions), -1 none
  I_REG_HEAD = 10, // finished regions list
  I_REG_TAIL = 11;

export class Summarizer {
  readonly t: Trace;
  readonly UNSET: number;
  readonly ranges: RangeNames;

  // Per goroutine index, a record of GF numbers in `gf` and GI integers in `gi`: what a
  // transition touches is in one place.
  readonly gf: Float64Array;
  // Per goroutine index, the columns the summary keeps (stats in `stats`).
  readonly stats: StatsTable;
  readonly exec: Float64Array;
  readonly schedWait: Float64Array;
  readonly syscall: Float64Array;
  readonly syscallBlock: Float64Array;
  readonly total: Float64Array;
  readonly creation: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly gi: Int32Array;
  readonly order: Int32Array; // goroutine indexes by first appearance
  goroutineCount = 0;

  // Keyed times of each goroutine: lists (insertion order) of [key, ns] entries.
  kKey: Int32Array;
  kVal: Float64Array;
  kNext: Int32Array;
  kCount = 0;

  // Go's lastRangeTime: per goroutine, a list (insertion order) of range key → since.
  pKey: Int32Array;
  pSince: Float64Array;
  pNext: Int32Array;
  pCount = 0;
  pFree = -1;

  // Regions, by index. A goroutine's open regions are a stack of slots in `active`
  // (I_ACTIVE, top first); once a region ends, regLink chains the goroutine's finished
  // regions (I_REG_HEAD … I_REG_TAIL), and its stats are written to rStats.
  regionCount = 0;
  regTask: Uint32Array;
  regName: Uint32Array;
  regStart: Int32Array;
  regEnd: Int32Array;
  regStartTime: Float64Array;
  regEndTime: Float64Array;
  regStartStack: Uint32Array;
  regLink: Int32Array;
  regInherited: Uint8Array;
  readonly rStats: PackedStats;
  readonly active = new ActiveRegions();

  // syscallingP: P index → goroutine index of a goroutine in a syscall (I_SYSCALLING is
  // the other way).
  readonly syscallingP: Int32Array;
  // rangesP: the goroutine a P-scoped range (only "GC incremental sweep") began on.
  readonly rangesP: Int32Array;
  readonly procZero: number; // P index of proc id 0 (Go's zero ProcID), -1 if none

  // Tasks, by task index.
  readonly taskKnown: Uint8Array;
  readonly taskOrder: Int32Array;
  taskCount = 0;
  readonly taskName: Uint32Array;
  readonly taskParent: Int32Array;
  readonly taskStart: Int32Array;
  readonly taskEnd: Int32Array;
  readonly childHead: Int32Array;
  readonly childTail: Int32Array;
  readonly childNext: Int32Array;
  readonly logHead: Int32Array;
  readonly logTail: Int32Array;
  logEv: Int32Array;
  logNext: Int32Array;
  logCount = 0;
  readonly tgHead: Int32Array;
  readonly tgTail: Int32Array;
  readonly tgSize: Uint32Array;
  readonly tgLast: Int32Array;
  readonly tgSets = new Map<number, Set<number>>();
  tgG: Int32Array;
  tgNext: Int32Array;
  tgCount = 0;

  // Per string id: 0 unknown, 1 no, 2 yes.
  readonly forever: Uint8Array;
  readonly system: Uint8Array;

  // A snapshot being made (Go's snapshotStat result), and a difference of two (its keys
  // are the snapshot's).
  readonly snap: StatsRow = newStatsRow(new Int32Array(64), new Float64Array(64));
  readonly diff: StatsRow = newStatsRow(this.snap.keys, new Float64Array(64));
  readonly stack: number[] = []; // scratch for finalize

  syncTs: number;
  lastTs: number;

  constructor(t: Trace, end: number) {
    this.t = t;
    const UNSET = this.UNSET = -Number(t.baseTime);
    this.ranges = new RangeNames(t);
    const nG = t.gId.length, nP = t.pId.length, nT = t.taskId.length;

    // Sizes of the per-region and per-log arrays, from the blocks' counts (they grow if
    // a cut block holds more).
    const counts = t.typeCounts(end);
    const regionBegins = counts ? counts[Ev.UserRegionBegin] : 1024;
    const logs = counts ? counts[Ev.UserLog] : 1024;

    this.gf = new Float64Array(nG * GF);
    this.gi = new Int32Array(nG * GI);
    this.stats = new StatsTable(nG, new KeyedArena(0));
    this.creation = new Float64Array(nG);
    this.start = new Float64Array(nG);
    this.end = new Float64Array(nG);
    this.exec = this.stats.exec;
    this.schedWait = this.stats.schedWait;
    this.syscall = this.stats.syscall;
    this.syscallBlock = this.stats.syscallBlock;
    this.total = this.stats.total;
    // Every record starts as Go's zero values: unset times, no entries.
    for (let g = 0, gf = this.gf, gi = this.gi; g < nG; g++) {
      const f = g * GF, n = g * GI;
      for (let k = F_LAST_START; k <= F_LAST_SYSCALL_BLOCK; k++) gf[f + k] = UNSET;
      this.start[g] = UNSET;
      this.end[g] = UNSET;
      for (let k = I_SYSCALLING; k <= I_REG_TAIL; k++) gi[n + k] = -1;
      gi[n + I_PC_FRAME] = -1;
    }
    this.order = new Int32Array(nG);
    const kCap = (nG >> 2) + 1024;
    this.kKey = new Int32Array(kCap);
    this.kVal = new Float64Array(kCap);
    this.kNext = new Int32Array(kCap);
    this.pKey = new Int32Array(256);
    this.pSince = new Float64Array(256);
    this.pNext = new Int32Array(256);

    const rCap = regionBegins + 256;
    this.regTask = new Uint32Array(rCap);
    this.regName = new Uint32Array(rCap);
    this.regStart = new Int32Array(rCap);
    this.regEnd = new Int32Array(rCap);
    this.regStartTime = new Float64Array(rCap);
    this.regEndTime = new Float64Array(rCap);
    this.regStartStack = new Uint32Array(rCap);
    this.regLink = new Int32Array(rCap);
    this.regInherited = new Uint8Array(rCap);
    this.rStats = new PackedStats(rCap);

    this.syscallingP = new Int32Array(nP).fill(-1);
    this.rangesP = new Int32Array(nP).fill(-1);
    this.procZero = t.pId.indexOf(0);

    this.taskKnown = new Uint8Array(nT);
    this.taskOrder = new Int32Array(nT);
    this.taskName = new Uint32Array(nT);
    this.taskParent = new Int32Array(nT).fill(-1);
    this.taskStart = new Int32Array(nT).fill(-1);
    this.taskEnd = new Int32Array(nT).fill(-1);
    this.childHead = new Int32Array(nT).fill(-1);
    this.childTail = new Int32Array(nT).fill(-1);
    this.childNext = new Int32Array(nT).fill(-1);
    this.logHead = new Int32Array(nT).fill(-1);
    this.logTail = new Int32Array(nT).fill(-1);
    this.logEv = new Int32Array(logs);
    this.logNext = new Int32Array(logs);
    this.tgHead = new Int32Array(nT).fill(-1);
    this.tgTail = new Int32Array(nT).fill(-1);
    this.tgSize = new Uint32Array(nT);
    this.tgLast = new Int32Array(nT).fill(-1);
    this.tgG = new Int32Array(nT + 64);
    this.tgNext = new Int32Array(nT + 64);

    this.forever = new Uint8Array(t.stringCount);
    this.system = new Uint8Array(t.stringCount);
    this.syncTs = UNSET;
    this.lastTs = UNSET;
  }

  /** Rows kept for later questions: task boundaries and logs. */
  readonly kept = new KeptEvents();
  /** The block being read, and the global index of its first row. */
  b!: EventBlock;
  first = 0;

  /** Reads the rows of block b that are among events [0, end). */
  feed(b: EventBlock, end: number, from = 0): void {
    this.b = b;
    this.first = b.first;
    const { time, type, ctx } = b;
    const ctxG = this.t.ctxG;
    const UNSET = this.UNSET;
    let syncTs = this.syncTs;
    const n = Math.min(b.count, end - b.first);
    for (let i = from; i < n; i++) {
      const action = ACTION[type[i]];
      const ts = time[i];
      if (syncTs === UNSET) this.syncTs = syncTs = ts;
      switch (action) {
        case A_NONE:
          break;
        case A_SYNC:
          this.syncTs = syncTs = ts;
          break;
        case A_GO:
          this.goTransition(i, ts);
          break;
        case A_PROC:
          this.procTransition(i, ts);
          break;
        case A_RANGE_BEGIN:
          this.rangeBegin(i, ts, false);
          break;
        case A_RANGE_ACTIVE:
          this.rangeBegin(i, ts, true);
          break;
        case A_RANGE_END:
          this.rangeEnd(i, ts);
          break;
        case A_REGION_BEGIN:
          this.regionBegin(i, ts);
          break;
        case A_REGION_END:
          this.regionEnd(i, ts);
          break;
        case A_TASK:
          this.taskEvent(i);
          break;
        case A_LOG: {
          const task = taskAt(b, i);
          this.task(task);
          this.taskAddGoroutine(task, ctxG[ctx[i]]);
          const l = this.logCount++;
          if (l === this.logEv.length) {
            this.logEv = grown(this.logEv, l * 2 + 16);
            this.logNext = grown(this.logNext, l * 2 + 16);
          }
          this.logEv[l] = this.keep(i);
          this.logNext[l] = -1;
          if (this.logHead[task] < 0) this.logHead[task] = l;
          else this.logNext[this.logTail[task]] = l;
          this.logTail[task] = l;
          break;
        }
      }
    }
    // Go's lastTs: the time of the last event.
    if (n > from) this.lastTs = time[n - 1];
  }

  /** Keeps row i of the block being read; returns its global index. */
  keep(i: number): number {
    this.kept.add(this.b, i);
    return this.first + i;
  }

  // A new summary for goroutine g (Go replaces any earlier one).
  newGoroutine(g: number, creation: number): void {
    const UNSET = this.UNSET, n = g * GI, gi = this.gi;
    if (!gi[n + I_PRESENT]) this.order[this.goroutineCount++] = g;
    gi[n + I_PRESENT] = 1;
    gi[n + I_NAME] = 0;
    gi[n + I_NAMED] = 0;
    gi[n + I_PC_FRAME] = -1;
    this.creation[g] = creation;
    this.start[g] = UNSET;
    this.end[g] = UNSET;
    this.exec[g] = 0;
    this.schedWait[g] = 0;
    this.syscall[g] = 0;
    this.syscallBlock[g] = 0;
    this.total[g] = 0;
    gi[n + I_K_HEAD] = -1;
    gi[n + I_K_TAIL] = -1;
    gi[n + I_REG_HEAD] = -1;
    gi[n + I_REG_TAIL] = -1;
    this.clearPending(g);
  }

  clearPending(g: number): void {
    const UNSET = this.UNSET, f = g * GF, n = g * GI;
    const gf = this.gf, gi = this.gi;
    gf[f + F_LAST_START] = UNSET;
    gf[f + F_LAST_RUNNABLE] = UNSET;
    gf[f + F_LAST_BLOCK] = UNSET;
    gi[n + I_BLOCK_REASON] = 0;
    gf[f + F_LAST_SYSCALL] = UNSET;
    gf[f + F_LAST_SYSCALL_BLOCK] = UNSET;
    for (let e = gi[n + I_P_HEAD]; e >= 0;) {
      const next = this.pNext[e];
      this.pNext[e] = this.pFree;
      this.pFree = e;
      e = next;
    }
    gi[n + I_P_HEAD] = -1;
    gi[n + I_ACTIVE] = -1;
  }

  goTransition(i: number, ts: number): void {
    const t = this.t;
    const b = this.b;
    const UNSET = this.UNSET;
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    if (from === to) return; // Nothing new.
    const g = transitionResource(b, i);
    const reason = transitionReason(b, i);
    const gf = this.gf, gi = this.gi, f = g * GF, n = g * GI;

    // Transition out.
    if (from === GoState.Undetermined) {
      // First seen at a generation start: it existed since the last sync, in the new
      // state all along (the time is counted again below until the next event).
      this.newGoroutine(g, this.syncTs);
      const stateTime = ts - this.syncTs;
      switch (to) {
        case GoState.Running:
          this.exec[g] += stateTime;
          break;
        case GoState.Waiting:
          // Quirk: a status event has no reason, so this is block time for reason ""
          // (Go's goroutine page then has a "Block time ()" column).
          this.addKeyed(g, reason, stateTime);
          break;
        case GoState.Runnable:
          this.schedWait[g] += stateTime;
          break;
        case GoState.Syscall:
          // With a P it has held that P since the start: a plain syscall; else blocked.
          if (t.ctxP[b.ctx[i]] === 0) this.syscallBlock[g] += stateTime;
          else this.syscall[g] += stateTime;
          break;
      }
    } else if (from === GoState.NotExist) {
      this.newGoroutine(g, ts);
      // A new goroutine inherits the task of its creator's innermost active region, as a
      // synthetic region (unnamed, zero stats) that starts at the creation.
      const creator = t.ctxG[b.ctx[i]];
      const top = gi[creator * GI + I_PRESENT] ? gi[creator * GI + I_ACTIVE] : -1;
      if (top >= 0) {
        const r = this.newRegion(this.regTask[this.active.region[top]], 0, i);
        this.regInherited[r] = 1;
        gi[n + I_ACTIVE] = this.active.open(r, -1);
      }
    } else {
      // Go expects to know the goroutine: a validated stream always introduces it from
      // Undetermined or NotExist first. Go would crash otherwise; we start one.
      if (!gi[n + I_PRESENT]) this.newGoroutine(g, ts);
      switch (from) {
        case GoState.Running:
          // Quirk: no check that a start time is set; Go would add the absolute time.
          this.exec[g] += ts - gf[f + F_LAST_START];
          gf[f + F_LAST_START] = UNSET;
          break;
        case GoState.Waiting: {
          const since = gf[f + F_LAST_BLOCK];
          if (since !== UNSET) {
            this.addKeyed(g, gi[n + I_BLOCK_REASON], ts - since);
            gf[f + F_LAST_BLOCK] = UNSET;
          }
          break;
        }
        case GoState.Runnable: {
          const since = gf[f + F_LAST_RUNNABLE];
          if (since !== UNSET) {
            this.schedWait[g] += ts - since;
            gf[f + F_LAST_RUNNABLE] = UNSET;
          }
          break;
        }
        case GoState.Syscall: {
          const since = gf[f + F_LAST_SYSCALL];
          if (since !== UNSET) {
            const blocked = gf[f + F_LAST_SYSCALL_BLOCK];
            if (blocked !== UNSET) {
              this.syscallBlock[g] += ts - blocked;
              this.syscall[g] += blocked - since;
            } else {
              this.syscall[g] += ts - since;
            }
            gf[f + F_LAST_SYSCALL] = UNSET;
            gf[f + F_LAST_SYSCALL_BLOCK] = UNSET;
            // Quirk: this drops the P's entry even if another goroutine has since entered
            // a syscall on that P, and a missing entry means Go's zero value, proc 0.
            const p = gi[n + I_SYSCALLING];
            const pKey = p >= 0 ? p : this.procZero;
            if (pKey >= 0) this.syscallingP[pKey] = -1;
            gi[n + I_SYSCALLING] = -1;
          }
          break;
        }
      }
    }

    // Name the goroutine after the root frame of the first transition stack seen: its
    // start function, the same for every stack of the goroutine.
    if (!gi[n + I_NAMED]) {
      const stack = transitionStack(b, i);
      const lo = t.stackOffsets[stack], hi = t.stackOffsets[stack + 1];
      if (hi > lo) {
        const root = t.stackFrames[hi - 1];
        const name = t.frameFunc[root];
        gi[n + I_PC_FRAME] = root;
        gi[n + I_NAME] = name;
        gi[n + I_NAMED] = t.stringOffsets[name] === t.stringOffsets[name + 1] ? 0 : 1;
      }
    }

    // Transition in.
    switch (to) {
      case GoState.Running:
        gf[f + F_LAST_START] = ts;
        if (this.start[g] === UNSET) this.start[g] = ts;
        break;
      case GoState.Runnable:
        gf[f + F_LAST_RUNNABLE] = ts;
        break;
      case GoState.Waiting:
        if (!this.isForever(reason)) {
          gf[f + F_LAST_BLOCK] = ts;
          gi[n + I_BLOCK_REASON] = reason;
          break;
        }
        // Blocked forever is like dying.
        this.finalize(g, ts, this.first + i);
        break;
      case GoState.NotExist:
        this.finalize(g, ts, this.first + i);
        break;
      case GoState.Syscall: {
        const p = t.ctxP[b.ctx[i]];
        // P index 0 is "no P": Go keys that case by NoProc just the same.
        this.syscallingP[p] = g;
        gi[n + I_SYSCALLING] = p;
        gf[f + F_LAST_SYSCALL] = ts;
        break;
      }
    }
  }

  // Makes sure Go's map has goroutine g (see goTransition).
  statsOf(g: number, ts: number): void {
    if (!this.gi[g * GI + I_PRESENT]) this.newGoroutine(g, ts);
  }

  /** Go's `stats.BlockTimeByReason[reason] += dt` / `RangeTime[name] += dt` (key form). */
  addKeyed(g: number, key: number, dt: number): void {
    const gi = this.gi, n = g * GI;
    for (let e = gi[n + I_K_HEAD]; e >= 0; e = this.kNext[e]) {
      if (this.kKey[e] === key) {
        this.kVal[e] += dt;
        return;
      }
    }
    const e = this.kCount++;
    if (e === this.kKey.length) {
      this.kKey = grown(this.kKey, e * 2);
      this.kVal = grown(this.kVal, e * 2);
      this.kNext = grown(this.kNext, e * 2);
    }
    this.kKey[e] = key;
    this.kVal[e] = dt;
    this.kNext[e] = -1;
    if (gi[n + I_K_HEAD] < 0) gi[n + I_K_HEAD] = e;
    else this.kNext[gi[n + I_K_TAIL]] = e;
    gi[n + I_K_TAIL] = e;
  }

  // A P going idle while a goroutine on it is in a syscall: the syscall now blocks.
  procTransition(i: number, ts: number): void {
    const b = this.b;
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    if (from === to || to !== ProcState.Idle) return;
    const p = transitionResource(b, i);
    const g = this.syscallingP[p];
    if (g < 0) return;
    if (this.gi[g * GI + I_PRESENT]) this.gf[g * GF + F_LAST_SYSCALL_BLOCK] = ts;
    this.syscallingP[p] = -1;
  }

  // lastRangeTime[name] = since: an existing key keeps its place, a new one goes last.
  setPendingRange(g: number, key: number, since: number): void {
    const gi = this.gi, n = g * GI;
    let last = -1;
    for (let e = gi[n + I_P_HEAD]; e >= 0; e = this.pNext[e]) {
      if (this.pKey[e] === key) {
        this.pSince[e] = since;
        return;
      }
      last = e;
    }
    let e = this.pFree;
    if (e >= 0) this.pFree = this.pNext[e];
    else {
      e = this.pCount++;
      if (e === this.pKey.length) {
        this.pKey = grown(this.pKey, e * 2);
        this.pSince = grown(this.pSince, e * 2);
        this.pNext = grown(this.pNext, e * 2);
      }
    }
    this.pKey[e] = key;
    this.pSince[e] = since;
    this.pNext[e] = -1;
    if (last < 0) gi[n + I_P_HEAD] = e;
    else this.pNext[last] = e;
  }

  rangeBegin(i: number, ts: number, isActive: boolean): void {
    const t = this.t;
    const b = this.b;
    const typ = b.type[i];
    const key = this.ranges.keyOf(b, i);
    let g: number;
    if (typ === Ev.GCSweepBegin || typ === Ev.GCSweepActive) {
      // P-scoped: attributed to the goroutine on the P, if it is still there at the end.
      g = t.ctxG[b.ctx[i]];
      if (!this.gi[g * GI + I_PRESENT]) return;
      const p = typ === Ev.GCSweepActive ? sweepProc(b, i) : t.ctxP[b.ctx[i]];
      this.rangesP[p] = g;
    } else {
      g = typ === Ev.GCMarkAssistActive ? assistGoroutine(b, i) : t.ctxG[b.ctx[i]];
      if (!this.gi[g * GI + I_PRESENT]) return;
    }
    if (isActive) {
      // Active since before this generation: counted from its sync (a range still open
      // from the previous generation is closed at the sync and reopened there).
      let e = this.gi[g * GI + I_P_HEAD];
      while (e >= 0 && this.pKey[e] !== key) e = this.pNext[e];
      if (e >= 0 && this.pSince[e] !== this.UNSET) {
        this.addKeyed(g, rangeKey(key), this.syncTs - this.pSince[e]);
      }
      this.setPendingRange(g, key, this.syncTs);
    } else {
      this.setPendingRange(g, key, ts);
    }
  }

  rangeEnd(i: number, ts: number): void {
    const t = this.t;
    const b = this.b;
    const typ = b.type[i];
    const key = this.ranges.keyOf(b, i);
    let g = -1;
    if (typ === Ev.GCSweepEnd) {
      const p = t.ctxP[b.ctx[i]];
      const began = this.rangesP[p];
      if (began >= 0) {
        // Only if it ends on the goroutine it began on.
        if (began === t.ctxG[b.ctx[i]]) g = began;
        this.rangesP[p] = -1;
      }
    } else {
      g = t.ctxG[b.ctx[i]];
    }
    if (g < 0 || !this.gi[g * GI + I_PRESENT]) return;
    const head = g * GI + I_P_HEAD;
    let prev = -1, e = this.gi[head];
    while (e >= 0 && this.pKey[e] !== key) {
      prev = e;
      e = this.pNext[e];
    }
    if (e < 0 || this.pSince[e] === this.UNSET) return;
    this.addKeyed(g, rangeKey(key), ts - this.pSince[e]);
    // delete(lastRangeTime, name)
    if (prev < 0) this.gi[head] = this.pNext[e];
    else this.pNext[prev] = this.pNext[e];
    this.pNext[e] = this.pFree;
    this.pFree = e;
  }

  // A new region (its stats zero: Go's empty GoroutineExecStats) that starts at row i of
  // the block being read (−1: before the trace); returns its index.
  newRegion(task: number, name: number, i: number): number {
    const r = this.regionCount++;
    if (r === this.regTask.length) {
      const n = Math.ceil(r * 1.5) + 16;
      this.regTask = grown(this.regTask, n);
      this.regName = grown(this.regName, n);
      this.regStart = grown(this.regStart, n);
      this.regEnd = grown(this.regEnd, n);
      this.regStartTime = grown(this.regStartTime, n);
      this.regEndTime = grown(this.regEndTime, n);
      this.regStartStack = grown(this.regStartStack, n);
      this.regLink = grown(this.regLink, n);
      this.regInherited = grown(this.regInherited, n);
      this.rStats.grow(n);
    }
    this.regTask[r] = task;
    this.regName[r] = name;
    if (i >= 0) {
      this.regStart[r] = this.first + i;
      this.regStartTime[r] = this.b.time[i];
      this.regStartStack[r] = this.b.stack[i];
    } else {
      this.regStart[r] = -1;
    }
    this.regEnd[r] = -1;
    this.regLink[r] = -1;
    // The inherited flag is zero in fresh capacity.
    return r;
  }

  regionBegin(i: number, ts: number): void {
    const t = this.t;
    const b = this.b;
    const g = t.ctxG[b.ctx[i]];
    if (g === 0) return; // No goroutine: Go would crash; a valid trace has none.
    this.statsOf(g, ts);
    const task = taskAt(b, i);
    const r = this.newRegion(task, annotationTypeAt(b, i), i);
    // Its stats start as the snapshot; the end makes them the difference.
    this.snapshot(g, ts);
    const top = g * GI + I_ACTIVE;
    const s = this.gi[top] = this.active.open(r, this.gi[top]);
    this.active.set(s, this.snap); // its stats := the snapshot
    this.task(task);
    this.taskAddGoroutine(task, g);
  }

  regionEnd(i: number, ts: number): void {
    const t = this.t;
    const b = this.b;
    const g = t.ctxG[b.ctx[i]];
    if (g === 0) return; // As in regionBegin.
    this.statsOf(g, ts);
    const top = g * GI + I_ACTIVE;
    let s = this.gi[top], r;
    if (s >= 0) {
      // Quirk: the innermost region ends, whatever the end event's type and task say.
      r = this.active.region[s];
      this.gi[top] = this.active.next[s];
    } else {
      // An end without a begin (it began before the trace): made up now, its stats zero.
      const task = taskAt(b, i);
      r = this.newRegion(task, annotationTypeAt(b, i), -1);
      s = this.active.open(r, -1);
      this.task(task);
      this.taskAddGoroutine(task, g);
    }
    this.snapshot(g, ts);
    this.storeDifference(s);
    this.regEnd[r] = this.first + i;
    this.regEndTime[r] = ts;
    this.pushRegion(g, r);
  }

  // Appends region r to goroutine g's finished regions.
  pushRegion(g: number, r: number): void {
    const gi = this.gi, n = g * GI;
    this.regLink[r] = -1;
    if (gi[n + I_REG_HEAD] < 0) gi[n + I_REG_HEAD] = r;
    else this.regLink[gi[n + I_REG_TAIL]] = r;
    gi[n + I_REG_TAIL] = r;
  }

  taskEvent(i: number): void {
    const t = this.t;
    const b = this.b;
    const index = taskAt(b, i);
    this.task(index);
    this.taskName[index] = annotationTypeAt(b, i);
    this.taskAddGoroutine(index, t.ctxG[b.ctx[i]]);
    if (b.type[i] === Ev.UserTaskBegin) this.taskStart[index] = this.keep(i);
    else this.taskEnd[index] = this.keep(i);
    // Link the parent once, or the task would appear twice among its children.
    const parent = taskParentAt(b, i);
    if (parent !== NO_TASK_INDEX && this.taskParent[index] < 0) {
      this.taskParent[index] = parent;
      this.task(parent);
      if (this.childHead[parent] < 0) this.childHead[parent] = index;
      else this.childNext[this.childTail[parent]] = index;
      this.childTail[parent] = index;
    }
  }

  // Go's getOrAddTask.
  task(index: number): void {
    if (this.taskKnown[index]) return;
    this.taskKnown[index] = 1;
    this.taskOrder[this.taskCount++] = index;
  }

  // Go's task.Goroutines[id] = g: a set of goroutines in insertion order.
  taskAddGoroutine(task: number, g: number): void {
    if (this.tgLast[task] === g) return;
    this.tgLast[task] = g;
    const size = this.tgSize[task];
    if (size <= SMALL_SET) {
      for (let e = this.tgHead[task]; e >= 0; e = this.tgNext[e]) if (this.tgG[e] === g) return;
    } else {
      const set = this.tgSets.get(task)!;
      if (set.has(g)) return;
      set.add(g);
    }
    const e = this.tgCount++;
    if (e === this.tgG.length) {
      this.tgG = grown(this.tgG, e * 2);
      this.tgNext = grown(this.tgNext, e * 2);
    }
    this.tgG[e] = g;
    this.tgNext[e] = -1;
    if (this.tgHead[task] < 0) this.tgHead[task] = e;
    else this.tgNext[this.tgTail[task]] = e;
    this.tgTail[task] = e;
    this.tgSize[task] = size + 1;
    if (size + 1 === SMALL_SET + 1) {
      const set = new Set<number>();
      for (let x = this.tgHead[task]; x >= 0; x = this.tgNext[x]) set.add(this.tgG[x]);
      this.tgSets.set(task, set);
    }
  }

  /**
   * Go's snapshotStat into `snap`: the stats so far, with pending states counted up to
   * `lastTs`.
   */
  snapshot(g: number, lastTs: number): void {
    const UNSET = this.UNSET, snap = this.snap;
    const gf = this.gf, gi = this.gi, f = g * GF, n = g * GI;
    let len = 0;
    for (let e = gi[n + I_K_HEAD]; e >= 0; e = this.kNext[e]) {
      if (len === snap.keys.length) this.growScratch();
      snap.keys[len] = this.kKey[e];
      snap.vals[len] = this.kVal[e];
      len++;
    }
    snap.len = len;
    let exec = this.exec[g], schedWait = this.schedWait[g];
    let syscall = this.syscall[g], total = this.total[g];
    if (total === 0) total = lastTs - this.creation[g];
    const lastStart = gf[f + F_LAST_START], lastRunnable = gf[f + F_LAST_RUNNABLE];
    if (lastStart !== UNSET) exec += lastTs - lastStart;
    if (lastRunnable !== UNSET) schedWait += lastTs - lastRunnable;
    const lastBlock = gf[f + F_LAST_BLOCK];
    if (lastBlock !== UNSET) this.snapshotAdd(gi[n + I_BLOCK_REASON], lastTs - lastBlock);
    // Quirk: an open syscall counts in full as syscall time, and once its P was lost, the
    // blocked part counts again, as sched wait: together more than the time elapsed.
    const lastSyscall = gf[f + F_LAST_SYSCALL], lastSyscallBlock = gf[f + F_LAST_SYSCALL_BLOCK];
    if (lastSyscall !== UNSET) syscall += lastTs - lastSyscall;
    if (lastSyscallBlock !== UNSET) schedWait += lastTs - lastSyscallBlock;
    for (let e = gi[n + I_P_HEAD]; e >= 0; e = this.pNext[e]) {
      this.snapshotAdd(rangeKey(this.pKey[e]), lastTs - this.pSince[e]);
    }
    snap.exec = exec;
    snap.schedWait = schedWait;
    snap.syscall = syscall;
    snap.syscallBlock = this.syscallBlock[g];
    snap.total = total;
  }

  snapshotAdd(key: number, dt: number): void {
    const snap = this.snap, len = snap.len;
    for (let k = 0; k < len; k++) {
      if (snap.keys[k] === key) {
        snap.vals[k] += dt;
        return;
      }
    }
    if (len === snap.keys.length) this.growScratch();
    snap.keys[len] = key;
    snap.vals[len] = dt;
    snap.len = len + 1;
  }

  growScratch(): void {
    const n = this.snap.keys.length * 2;
    this.snap.keys = this.diff.keys = grown(this.snap.keys, n);
    this.snap.vals = grown(this.snap.vals, n);
    this.diff.vals = new Float64Array(n);
  }

  // The region in slot s ends: its stats := the snapshot − its stats at the start (Go's
  // sub: the snapshot's keys only), written to rStats; the slot is freed.
  storeDifference(s: number): void {
    const a = this.active, start = a.stats.at(s), snap = this.snap, d = this.diff;
    const { keys, vals, off, len } = start;
    for (let k = 0; k < snap.len; k++) {
      const key = snap.keys[k];
      let v = 0;
      for (let j = off; j < off + len; j++) {
        if (keys[j] === key) {
          v = vals[j];
          break;
        }
      }
      d.vals[k] = snap.vals[k] - v;
    }
    d.len = snap.len;
    d.exec = snap.exec - start.exec;
    d.schedWait = snap.schedWait - start.schedWait;
    d.syscall = snap.syscall - start.syscall;
    d.syscallBlock = snap.syscallBlock - start.syscallBlock;
    d.total = snap.total - start.total;
    this.rStats.write(a.region[s], d);
    a.close(s);
  }

  // A region left open for good (its goroutine's summary replaced, or a system
  // goroutine's, dropped): Go keeps the snapshot taken when it began as its stats.
  storeOpen(s: number): void {
    this.rStats.write(this.active.region[s], this.active.stats.at(s));
    this.active.close(s);
  }

  /**
   * Go's finalize: the goroutine ended (trigger = that event) or the trace did (trigger
   * -1). Its open regions end with it. Go runs this again for every goroutine at the end
   * of the trace; the second time only recomputes the same numbers.
   */
  finalize(g: number, lastTs: number, trigger: number): void {
    const gi = this.gi, n = g * GI;
    // The trigger is the event being read: its time is lastTs.
    if (trigger >= 0) this.end[g] = lastTs;
    this.snapshot(g, lastTs);
    // The goroutine's stats := the snapshot: its keys come first, in order, then new ones.
    const snap = this.snap;
    this.exec[g] = snap.exec;
    this.schedWait[g] = snap.schedWait;
    this.syscall[g] = snap.syscall;
    this.syscallBlock[g] = snap.syscallBlock;
    this.total[g] = snap.total;
    let k = 0;
    for (let e = gi[n + I_K_HEAD]; e >= 0; e = this.kNext[e]) this.kVal[e] = snap.vals[k++];
    for (; k < snap.len; k++) this.addKeyed(g, snap.keys[k], snap.vals[k]);
    // System goroutines are never part of regions, though they may inherit a task when
    // created inside one (e.g. GC workers started during a region). Quirk: a goroutine
    // not named yet counts as a system goroutine here, and its regions are dropped.
    if (gi[n + I_ACTIVE] >= 0 && !this.isSystem(gi[n + I_NAME])) {
      const stack = this.stack;
      stack.length = 0;
      for (let s = gi[n + I_ACTIVE]; s >= 0; s = this.active.next[s]) stack.push(s);
      // Outermost first, as Go's slice of active regions.
      for (let j = stack.length - 1; j >= 0; j--) {
        const s = stack[j], r = this.active.region[s];
        this.regEnd[r] = trigger;
        this.regEndTime[r] = lastTs;
        this.storeDifference(s);
        this.pushRegion(g, r);
      }
    }
    this.clearPending(g);
  }

  hasPending(g: number): boolean {
    const UNSET = this.UNSET, gf = this.gf, gi = this.gi, f = g * GF, n = g * GI;
    return gf[f + F_LAST_START] !== UNSET || gf[f + F_LAST_RUNNABLE] !== UNSET ||
      gf[f + F_LAST_BLOCK] !== UNSET || gf[f + F_LAST_SYSCALL] !== UNSET ||
      gf[f + F_LAST_SYSCALL_BLOCK] !== UNSET || gi[n + I_P_HEAD] >= 0 ||
      gi[n + I_ACTIVE] >= 0;
  }

  finish(): SummaryData {
    const nG = this.t.gId.length;
    const gi = this.gi, count = this.goroutineCount;
    for (let k = 0; k < count; k++) {
      const g = this.order[k];
      // For a goroutine already finalized, with nothing pending, this would recompute
      // the very same stats: skip it (there can be millions of goroutines).
      if (this.hasPending(g) || this.total[g] === 0) this.finalize(g, this.lastTs, -1);
    }
    // Regions still open keep their start snapshots (see storeOpen).
    for (let s = 0; s < this.active.count; s++) if (this.active.region[s] >= 0) this.storeOpen(s);
    // The records become columns; keyed times move to the arena, a run per goroutine.
    const arena = new KeyedArena(this.kCount);
    const st = this.stats;
    st.arena = arena;
    const present = new Uint8Array(nG), nameId = new Uint32Array(nG);
    const pcFrame = new Int32Array(nG).fill(-1);
    const gRegOff = new Uint32Array(nG + 1);
    let regs = 0;
    for (let g = 0; g < nG; g++) {
      gRegOff[g] = regs;
      const n = g * GI;
      if (!gi[n + I_PRESENT]) continue;
      present[g] = 1;
      nameId[g] = gi[n + I_NAME];
      pcFrame[g] = gi[n + I_PC_FRAME];
      for (let r = gi[n + I_REG_HEAD]; r >= 0; r = this.regLink[r]) regs++;
    }
    gRegOff[nG] = regs;
    for (let k = 0; k < count; k++) {
      const g = this.order[k], head = gi[g * GI + I_K_HEAD];
      let len = 0;
      for (let e = head; e >= 0; e = this.kNext[e]) len++;
      const off = arena.alloc(len);
      const { keys, vals } = arena;
      for (let e = head, j = off; e >= 0; e = this.kNext[e], j++) {
        keys[j] = this.kKey[e];
        vals[j] = this.kVal[e];
      }
      st.kOff[g] = off;
      st.kLen[g] = len;
    }
    // Each goroutine's regions, in the order Go appended them.
    const gRegs = new Int32Array(regs);
    for (let g = 0, j = 0; g < nG; g++) {
      if (!present[g]) continue;
      for (let r = gi[g * GI + I_REG_HEAD]; r >= 0; r = this.regLink[r]) gRegs[j++] = r;
    }
    return {
      unset: this.UNSET,
      ranges: this.ranges,
      arena,
      order: this.order,
      goroutineCount: count,
      present,
      nameId,
      pcFrame,
      creation: this.creation,
      start: this.start,
      end: this.end,
      gStats: st,
      gRegOff,
      gRegs,
      regionCount: this.regionCount,
      regTask: this.regTask,
      regName: this.regName,
      regStart: this.regStart,
      regEnd: this.regEnd,
      regStartTime: this.regStartTime,
      regEndTime: this.regEndTime,
      regStartStack: this.regStartStack,
      regInherited: this.regInherited,
      rStats: this.rStats,
      taskOrder: this.taskOrder,
      taskCount: this.taskCount,
      taskKnown: this.taskKnown,
      taskName: this.taskName,
      taskParent: this.taskParent,
      taskStart: this.taskStart,
      taskEnd: this.taskEnd,
      childHead: this.childHead,
      childNext: this.childNext,
      logHead: this.logHead,
      logEv: this.logEv,
      logNext: this.logNext,
      tgHead: this.tgHead,
      tgG: this.tgG,
      tgNext: this.tgNext,
      kept: this.kept,
    };
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

/** Whether Go counts a goroutine with this start function as a system goroutine. */
export function isSystemGoroutine(entryFn: string): boolean {
  // Go mirrors runtime.isSystemGoroutine; an empty name is a locked g on an extra M.
  return entryFn === "" || (entryFn !== "runtime.main" && entryFn.startsWith("runtime."));
}
