// Go's trace-viewer generators (cmd/trace gen.go, procgen.go, threadgen.go,
// goroutinegen.go, gstate.go) over our event columns: which slices, instants, arrows and
// counters the timeline shows, in Go's order, for the proc, thread and goroutine views.
// Everything goes through the Emitter to a sink (JSON writer, split sizer, our viewer's
// lane tables). Resumable: `step` processes a budget of events so long traces can be
// generated in slices of time. No Deno APIs.
//
// Times are ns since the first event (Go's ctx.elapsed). Go's "zero time" (unset) is
// UNSET here, since 0 is a real time.

import type { PassOptions, Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import { pickRows, pickRowsWhole } from "./rows.ts";
import type { KeptEvents } from "../trace/kept.ts";
import { Ev, GoState, ProcState } from "../trace/kinds.ts";
import type { TaskSummary } from "../summary/summary.ts";
import { Emitter, GS } from "./emitter.ts";
import { Arg, FakeP, InstantKind, Section, SliceKind, type ViewerSink } from "./event.ts";
import { RangeNames } from "../summary/range_names.ts";
import { TraceText } from "./text.ts";
import { nextTurn, timeToYield } from "../util/turns.ts";

export type ViewMode = "proc" | "thread" | "goroutine";

/** Go's genOpts. */
export interface GenOptions {
  mode: ViewMode;
  /** Emitter time range (ns since the first event); Go's default is [0, MaxInt64]. */
  startTime: number;
  endTime: number;
  /** Goroutine put on top in the goroutine view (0: none, as Go's zero GoID). */
  focusGoroutine: number;
  /** Goroutine ids to show (goroutine view); null shows all. */
  goroutines: Set<number> | null;
  /** Tasks to show (a focus task and its descendants), in Go's order. */
  tasks: TaskSummary[];
  /** Skip the events: only the tasks and regions (an overlay for another view's lanes). */
  tasksOnly?: boolean;
  /**
   * A part of a big trace's timeline (parts.ts): stop after event `endEvent`, end what is
   * still open at `finishTime`, and keep every slice overlapping the time range (Go keeps
   * only those with an end in it, which drops one spanning the whole range).
   */
  part?: { endEvent: number; finishTime: number };
}

export function defaultGenOptions(mode: ViewMode = "proc"): GenOptions {
  return {
    mode,
    startTime: 0,
    endTime: Infinity,
    focusGoroutine: 0,
    goroutines: null,
    tasks: [],
  };
}

const UNSET = -1;
const NO_BLOCK: EventBlock = {
  index: -1,
  first: 0,
  count: 0,
  time: new Float64Array(0),
  type: new Uint8Array(0),
  state: new Uint8Array(0),
  ctx: new Uint32Array(0),
  stack: new Uint32Array(0),
  a0: new Uint32Array(0),
  a1: new Uint32Array(0),
  a2: new Uint32Array(0),
  extraBase: 0,
  extra: new BigUint64Array(0),
  expBase: 0,
  expData: new Uint8Array(0),
  bigTimes: new Map(),
};
const NO_RES = -1;
const MARK_ASSIST = "GC mark assist";

interface ActiveRange {
  name: string;
  time: number;
  stack: number;
}

interface CompletedRange {
  name: string;
  start: number;
  end: number;
  startStack: number;
  endStack: number;
  /** 0: none; 1: {"blocked":"no"}; 2: {"blocked":"yes"} */
  blocked: number;
  kind: number;
}

// Go's gState: one goroutine as the viewer sees it.
class GState {
  baseName: string;
  named = false;
  label = "";
  fullName: string;
  /** Stands for fullName in ViewerEvent.nameKey; a new one with every new name. */
  nameKey: number;
  executing = NO_RES;
  lastStopStack = 0;
  active: ActiveRange[] = [];
  completed: CompletedRange[] = [];
  startRunningTime = UNSET;
  syscallTime = UNSET;
  syscallStack = 0;
  syscallActive = false;
  startBlockReason = "";
  causeTime = UNSET;
  causeName = "";
  causeResource = 0;
  causeStack = 0;
  /** Destroyed: nothing of it is needed again but its name (kept out of snapshots). */
  dead = false;

  constructor(readonly id: number, nameKey: number) {
    this.baseName = this.fullName = `G${id}`;
    this.nameKey = nameKey;
  }

  /**
   * Renames after a label or the base name changed. A name gets `nextKey` the first time
   * (returns true: the key is used), and its earlier key when it comes back (GC workers
   * switch labels), so a key and a name stand for each other.
   */
  rename(nextKey: number): boolean {
    const name = this.label !== "" ? `${this.baseName} (${this.label})` : this.baseName;
    if (name === this.fullName) return false;
    // Earlier names and their keys, pairwise; goroutines have one or a few names.
    const seen = this.#names ??= [this.fullName, this.nameKey];
    this.fullName = name;
    for (let k = 0; k < seen.length; k += 2) {
      if (seen[k] === name) {
        this.nameKey = seen[k + 1] as number;
        return false;
      }
    }
    seen.push(name, nextKey);
    this.nameKey = nextKey;
    return true;
  }
  #names: (string | number)[] | null = null;

  clone(): GState {
    const c = Object.assign(new GState(this.id, this.nameKey), this) as GState;
    c.active = this.active.map((a) => ({ ...a }));
    c.completed = this.completed.map((r) => ({ ...r }));
    c.#names = this.#names && [...this.#names];
    return c;
  }

  findActive(name: string): number {
    const a = this.active;
    for (let k = 0; k < a.length; k++) if (a[k].name === name) return k;
    return -1;
  }

  setActive(name: string, time: number, stack: number): void {
    const k = this.findActive(name);
    if (k >= 0) {
      this.active[k].time = time;
      this.active[k].stack = stack;
    } else this.active.push({ name, time, stack });
  }
}

/** The time a goroutine or proc state maps to in the viewer's counters (Go's viewerGState). */
function viewerGState(s: number, inMarkAssist: boolean): number {
  switch (s) {
    case GoState.Runnable:
      return GS.Runnable;
    case GoState.Running:
    case GoState.Syscall:
      return GS.Running;
    case GoState.Waiting:
      return inMarkAssist ? GS.WaitingGC : GS.Waiting;
    default:
      return GS.Dead;
  }
}

/** A generator's state between blocks (TimelineGenerator.snapshot). */
export interface GenSnapshot {
  pos: number;
  mode: ViewMode;
  gs: Map<number, GState>;
  nameKeys: number;
  globalRanges: Map<string, { time: number; stack: number }>;
  procRanges: Map<number, { name: string; time: number; stack: number }>;
  seenSync: number;
  inSyscall: number[];
  maxProc: number;
  threads: number[];
  emitter: Float64Array;
}

const executingG = (s: number) => s === GoState.Running || s === GoState.Syscall;

export class TimelineGenerator {
  readonly e: Emitter;
  readonly t: Trace;
  readonly mode: ViewMode;
  readonly end: number;
  readonly startTime = 0;
  readonly endTime: number;
  // Go reads a missing map entry as the zero time (absolute 0): as ns since the first
  // event, minus the first event's absolute time. Only broken traces get there.
  readonly zeroTime: number;
  /** Global index of the next event. */
  pos = 0;
  #done = false;
  // The block being read; rows are block-local, `event` fields global.
  #b: EventBlock = NO_BLOCK;

  readonly #gs: (GState | undefined)[];
  readonly #ranges: RangeNames;
  readonly #text: TraceText;
  readonly #names: Map<number, string> = new Map();
  // Keys of goroutine names (GState.nameKey), unique within this generator's events.
  #nameKeys = 0;
  readonly #unblockNames = new Map<string, string>();
  // Global ranges by name; proc ranges by "P idx" (only sweep is proc-scoped).
  readonly #globalRanges = new Map<string, { time: number; stack: number }>();
  readonly #procRanges = new Map<number, { name: string; time: number; stack: number }>();
  #seenSync = 0;
  // Proc view: the goroutine in a syscall on each P (by P index).
  readonly #inSyscall: (GState | undefined)[];
  #maxProc = 0;
  // Thread view: threads seen, in order.
  readonly #threads = new Set<number>();

  constructor(
    trace: Trace,
    sink: ViewerSink,
    readonly opts: GenOptions,
  ) {
    this.t = trace;
    this.mode = opts.mode;
    this.end = opts.tasksOnly ? 0 : Math.min(trace.validCount, opts.part?.endEvent ?? Infinity);
    this.endTime = opts.part?.finishTime ?? trace.validEndTime;
    this.zeroTime = -Number(trace.baseTime);
    this.e = new Emitter(trace, sink, opts.startTime, opts.endTime, opts.part !== undefined);
    this.#gs = new Array(trace.gId.length);
    this.#inSyscall = new Array(trace.pId.length);
    this.#ranges = new RangeNames(trace);
    this.#text = new TraceText(trace);
    const filter = opts.goroutines;
    if (this.mode === "goroutine" && filter) this.e.setFilter((r) => filter.has(r));
  }

  get done(): boolean {
    return this.#done;
  }

  /**
   * The generator's state before event `pos` (taken between blocks), from which another
   * run resumes (a part of a big timeline: timeline/parts.ts) instead of replaying the
   * trace from its start. Destroyed goroutines are left out: nothing reads them again.
   */
  snapshot(): GenSnapshot {
    if (this.e.sink.wantsFrames) throw new Error("a run that writes frames cannot be resumed");
    const gs = new Map<number, GState>();
    const ids = new Map<GState, number>();
    this.#gs.forEach((g, idx) => {
      if (!g || g.dead) return;
      gs.set(idx, g.clone());
      ids.set(g, idx);
    });
    return {
      pos: this.pos,
      mode: this.mode,
      gs,
      nameKeys: this.#nameKeys,
      globalRanges: new Map([...this.#globalRanges].map(([k, v]) => [k, { ...v }])),
      procRanges: new Map([...this.#procRanges].map(([k, v]) => [k, { ...v }])),
      seenSync: this.#seenSync,
      inSyscall: this.#inSyscall.map((g) => (g ? ids.get(g) ?? -1 : -1)),
      maxProc: this.#maxProc,
      threads: [...this.#threads],
      emitter: this.e.saveState(),
    };
  }

  /** Continues from a snapshot of a run of the same view mode. */
  restore(s: GenSnapshot): void {
    if (s.mode !== this.mode || this.pos !== 0) throw new Error("cannot resume this run");
    this.pos = s.pos;
    for (const [idx, g] of s.gs) this.#gs[idx] = g.clone();
    this.#nameKeys = s.nameKeys;
    for (const [k, v] of s.globalRanges) this.#globalRanges.set(k, { ...v });
    for (const [k, v] of s.procRanges) this.#procRanges.set(k, { ...v });
    this.#seenSync = s.seenSync;
    s.inSyscall.forEach((idx, p) => (this.#inSyscall[p] = idx >= 0 ? this.#gs[idx] : undefined));
    this.#maxProc = s.maxProc;
    for (const m of s.threads) this.#threads.add(m);
    this.e.restoreState(s.emitter);
  }

  /**
   * Handles rows [j0, j1) of block b, which start at event `pos` (the events after the
   * last complete generation are left out, as Go's validCount says).
   */
  rows(b: EventBlock, j0 = 0, j1 = b.count): void {
    if (this.#done) throw new Error("the generator has finished");
    if (b.first + j0 !== this.pos) {
      throw new Error(`rows from event ${b.first + j0}, expected ${this.pos}`);
    }
    const stop = Math.min(j1, this.end - b.first);
    this.#b = b;
    const t = this.t;
    const type = b.type;
    for (let i = j0; i < stop; i++) {
      switch (type[i]) {
        case Ev.Sync:
          this.#seenSync++;
          break;
        case Ev.CPUSample:
          this.#stackSample(i);
          break;
        case Ev.ProcsChange:
          break;
        case Ev.HeapAlloc:
          this.e.heapAlloc(b.time[i], b.a0[i] + b.a1[i] * 4294967296);
          break;
        case Ev.HeapGoal:
          this.e.heapGoal(b.time[i], b.a0[i] + b.a1[i] * 4294967296);
          break;
        case Ev.ProcStart:
        case Ev.ProcStop:
        case Ev.ProcSteal:
        case Ev.ProcStatus:
          if (this.mode !== "goroutine") this.#procTransition(i);
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
          this.#goTransition(i);
          break;
        case Ev.STWBegin:
        case Ev.GCMarkAssistBegin:
          this.#goRange(i, 0);
          break;
        case Ev.GCMarkAssistActive:
          this.#goRange(i, 1);
          break;
        case Ev.STWEnd:
        case Ev.GCMarkAssistEnd:
          this.#goRange(i, 2);
          break;
        case Ev.GCSweepBegin:
          if (this.mode === "proc") this.#procRange(i, 0);
          break;
        case Ev.GCSweepActive:
          if (this.mode === "proc") this.#procRange(i, 1);
          break;
        case Ev.GCSweepEnd:
          if (this.mode === "proc") this.#procRange(i, 2);
          break;
        case Ev.GCBegin:
          this.#globalRange(i, 0);
          break;
        case Ev.GCActive:
          this.#globalRange(i, 1);
          break;
        case Ev.GCEnd:
          this.#globalRange(i, 2);
          break;
        case Ev.GoLabel:
          this.#g(t.ctxG[b.ctx[i]]).label = this.#text.get(b.a0[i]);
          if (this.#g(t.ctxG[b.ctx[i]]).rename(this.#nameKeys)) this.#nameKeys++;
          break;
        case Ev.UserLog:
          this.#log(i);
          break;
      }
    }
    this.pos = b.first + Math.max(j0, stop);
    this.#b = NO_BLOCK;
  }

  /** Whether every event was handled (finish may come). */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /**
   * Ends the run: the tasks and regions (their events read into `rows`: taskEvents),
   * the goroutines still running, the lanes' names.
   */
  finish(rows: KeptEvents): void {
    if (this.#done) return;
    this.#finish(rows);
    this.#done = true;
  }

  // Global index of row i of the block at hand (-1: none).
  #gi(i: number): number {
    return i < 0 ? -1 : this.#b.first + i;
  }

  #g(idx: number): GState {
    let gs = this.#gs[idx];
    if (!gs) {
      gs = new GState(this.t.gId[idx], this.#nameKeys++);
      this.#gs[idx] = gs;
    }
    return gs;
  }

  // The resource a goroutine's events count against in this view.
  #res(i: number): number {
    const t = this.t;
    const b = this.#b;
    const c = b.ctx[i];
    switch (this.mode) {
      case "proc":
        return t.pId[t.ctxP[c]];
      case "thread":
        return t.mId[t.ctxM[c]];
      default:
        return t.gId[t.ctxG[c]];
    }
  }

  #stackSample(i: number): void {
    const id = this.#res(i);
    if (id === NO_RES) return;
    const e = this.e;
    const stk = this.#b.stack[i];
    const ev = e.begin();
    ev.name = "CPU profile sample";
    ev.ts = this.#b.time[i];
    ev.tid = id;
    ev.sf = e.stack(stk);
    ev.stk = stk;
    ev.kind = InstantKind.CPUSample;
    ev.event = this.#gi(i);
    e.instant(ev);
  }

  #log(i: number): void {
    const id = this.#res(i);
    if (id === NO_RES) return;
    const e = this.e;
    const b = this.#b;
    const category = this.#text.get(b.a1[i]);
    let name = this.#text.get(b.a2[i]);
    if (category !== "") name = "[" + category + "] " + name;
    const stk = b.stack[i];
    const ev = e.begin();
    ev.name = name;
    ev.ts = b.time[i];
    ev.cat = "user event";
    ev.tid = id;
    ev.sf = e.stack(stk);
    ev.stk = stk;
    ev.kind = InstantKind.Log;
    ev.event = this.#gi(i);
    e.instant(ev);
  }

  #rangeName(i: number): string {
    const key = this.#ranges.keyOfRow(this.#b.type[i], this.#b.a0[i]);
    let s = this.#names.get(key);
    if (s === undefined) {
      const typ = this.#b.type[i];
      // The stop-the-world kind is trace text: keep its bytes as Go does.
      s = typ === Ev.STWBegin || typ === Ev.STWEnd
        ? `stop-the-world (${this.#text.get(this.#b.a0[i])})`
        : this.#ranges.name(key);
      this.#names.set(key, s);
    }
    return s;
  }

  // 0 begin, 1 active, 2 end.
  #globalRange(i: number, phase: number): void {
    const b = this.#b;
    const name = this.#rangeName(i);
    if (phase === 0) this.#globalRanges.set(name, { time: b.time[i], stack: b.stack[i] });
    else if (phase === 1) {
      // From the second generation on, Active events are redundant.
      if (this.#seenSync < 2) {
        this.#globalRanges.set(name, { time: this.startTime, stack: b.stack[i] });
      }
    } else {
      const ar = this.#globalRanges.get(name) ?? { time: this.zeroTime, stack: 0 };
      if (name.includes("GC")) this.#rangeSlice(i, name, ar, FakeP.GC, SliceKind.GC);
      this.#globalRanges.delete(name);
    }
  }

  /** The slice of a global or proc range that event i ends, on lane `tid`. */
  #rangeSlice(
    i: number,
    name: string,
    begin: { time: number; stack: number },
    tid: number,
    kind: number,
  ): void {
    const b = this.#b;
    const e = this.e;
    const sf = e.stack(begin.stack);
    const esf = e.stack(b.stack[i]);
    const ev = e.begin();
    ev.name = name;
    ev.ts = begin.time;
    ev.dur = b.time[i] - begin.time;
    ev.tid = tid;
    ev.sf = sf;
    ev.esf = esf;
    ev.stk = begin.stack;
    ev.estk = b.stack[i];
    ev.kind = kind;
    ev.event = this.#gi(i);
    e.slice(ev);
  }

  #procRange(i: number, phase: number): void {
    const t = this.t;
    const b = this.#b;
    const name = this.#rangeName(i);
    const pIdx = b.type[i] === Ev.GCSweepActive ? b.a0[i] : t.ctxP[b.ctx[i]];
    if (phase === 0) this.#procRanges.set(pIdx, { name, time: b.time[i], stack: b.stack[i] });
    else if (phase === 1) {
      if (this.#seenSync < 2) {
        this.#procRanges.set(pIdx, { name, time: this.startTime, stack: b.stack[i] });
      }
    } else {
      const ar = this.#procRanges.get(pIdx) ?? { name, time: this.zeroTime, stack: 0 };
      this.#rangeSlice(i, name, ar, t.pId[pIdx], SliceKind.ProcRange);
      this.#procRanges.delete(pIdx);
    }
  }

  #goRange(i: number, phase: number): void {
    const t = this.t;
    const b = this.#b;
    const typ = b.type[i];
    const gIdx = typ === Ev.GCMarkAssistActive ? b.a0[i] : t.ctxG[b.ctx[i]];
    const gs = this.#g(gIdx);
    const name = this.#rangeName(i);
    if (phase === 0) {
      // Not executing: no place for the slice to start yet; it starts with the goroutine.
      gs.setActive(name, gs.executing !== NO_RES ? b.time[i] : UNSET, b.stack[i]);
    } else if (phase === 1) {
      gs.setActive(name, gs.executing !== NO_RES ? gs.startRunningTime : UNSET, 0);
    } else {
      const k = gs.findActive(name);
      if (gs.executing !== NO_RES) {
        const r = k >= 0 ? gs.active[k] : { time: this.zeroTime, stack: 0 };
        gs.completed.push({
          name,
          start: r.time,
          end: b.time[i],
          startStack: r.stack,
          endStack: b.stack[i],
          blocked: 0,
          kind: SliceKind.GoRange,
        });
      }
      if (k >= 0) gs.active.splice(k, 1);
    }
  }

  #goTransition(i: number): void {
    const t = this.t;
    const b = this.#b;
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    const typ = b.type[i];
    const gIdx = b.a0[i];
    const gs = this.#g(gIdx);
    const mode = this.mode;
    const c = b.ctx[i];
    if (mode === "thread") {
      const m = t.mId[t.ctxM[c]];
      if (m !== NO_RES) this.#threads.add(m);
    }
    // Name it after the first transition stack seen (its root frame).
    let tstack = 0;
    if (
      typ === Ev.GoCreate || typ === Ev.GoCreateBlocked || typ === Ev.GoStop ||
      typ === Ev.GoBlock || typ === Ev.GoSyscallBegin || typ === Ev.GoStatus ||
      typ === Ev.GoStatusStack
    ) tstack = b.a2[i];
    if (!gs.named && tstack !== 0) {
      const frames = t.stackFrameIds(tstack);
      if (frames.length > 0) {
        gs.baseName += " " + this.#text.get(t.frameFunc[frames[frames.length - 1]]);
        gs.named = true;
        if (gs.rename(this.#nameKeys)) this.#nameKeys++;
      }
    }
    if (from === to) return;

    const ts = b.time[i];
    const stk = b.stack[i];
    const e = this.e;
    const evProc = t.pId[t.ctxP[c]];
    const evThread = t.mId[t.ctxM[c]];
    const evG = t.gId[t.ctxG[c]];
    const goID = gs.id;

    const stopping = mode === "proc"
      ? from === GoState.Running && !executingG(to)
      : executingG(from) && !executingG(to);
    if (stopping) {
      if (to === GoState.Waiting) {
        gs.startBlockReason = typ === Ev.GoBlock || typ === Ev.GoStop
          ? this.#text.get(b.a1[i])
          : "";
      }
      this.#stop(gs, ts, stk, i);
    }
    const starting = mode === "proc"
      ? !executingG(from) && to === GoState.Running
      : !executingG(from) && executingG(to);
    if (starting) {
      const start = from === GoState.Undetermined ? this.startTime : ts;
      const res = mode === "proc" ? evProc : mode === "thread" ? evThread : goID;
      this.#start(gs, start, res);
    }
    if (from === GoState.Waiting) {
      this.#unblock(gs, ts, stk, mode === "proc" ? evProc : mode === "thread" ? evThread : evG, i);
    }
    if (from === GoState.NotExist && to === GoState.Runnable) {
      const creator = mode === "proc" ? evProc : mode === "thread" ? evThread : evG;
      if (creator !== NO_RES) this.#setStartCause(gs, ts, "go", creator, stk);
    }
    if (mode === "proc") {
      if (from === GoState.Syscall && to !== GoState.Running) {
        this.#blockedSyscallEnd(gs, ts, stk, i);
      }
      if (to === GoState.Syscall && evProc !== NO_RES) {
        const start = from === GoState.Undetermined ? this.startTime : ts;
        this.#syscallBegin(gs, start, evProc, stk);
        this.#inSyscall[t.ctxP[c]] = gs;
      }
      if (from === GoState.Syscall && this.#inSyscall[t.ctxP[c]] !== undefined) {
        this.#syscallEnd(gs, ts, false);
        this.#inSyscall[t.ctxP[c]] = undefined;
      }
    } else if (mode === "thread") {
      if (from === GoState.Syscall) this.#syscallEnd(gs, ts, to !== GoState.Running);
      if (to === GoState.Syscall) {
        const start = from === GoState.Undetermined ? this.startTime : ts;
        this.#syscallBegin(gs, start, evThread, stk);
      }
    } else {
      if (from === GoState.Syscall && to !== GoState.Running) {
        this.#syscallEnd(gs, ts, true);
        this.#blockedSyscallEnd(gs, ts, stk, i);
      } else if (from === GoState.Syscall) {
        this.#syscallEnd(gs, ts, false);
      }
      if (to === GoState.Syscall) {
        const start = from === GoState.Undetermined ? this.startTime : ts;
        this.#syscallBegin(gs, start, goID, stk);
      }
    }
    const inAssist = gs.active.length > 0 && gs.findActive(MARK_ASSIST) >= 0;
    e.goroutineTransition(ts, viewerGState(from, inAssist), viewerGState(to, inAssist));
    gs.dead = to === GoState.NotExist;
    // A destroyed goroutine is needed again only for its lane's name (goroutine views):
    // dropping the others keeps a run's memory to the live goroutines.
    if (gs.dead && (mode !== "goroutine" || !e.passes(goID))) this.#gs[gIdx] = undefined;
  }

  #procTransition(i: number): void {
    const t = this.t;
    const b = this.#b;
    const c = b.ctx[i];
    const evThread = t.mId[t.ctxM[c]];
    const proc = t.pId[b.a0[i]];
    const e = this.e;
    let res: number;
    if (this.mode === "thread") {
      if (evThread !== NO_RES) this.#threads.add(evThread);
      res = evThread;
    } else {
      this.#maxProc = Math.max(this.#maxProc, proc);
      res = proc;
    }
    const stk = b.stack[i];
    const sf = e.stack(stk);
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    if (from === to) return;
    let name = "";
    let kind = 0;
    let ts = 0;
    if (to === ProcState.Running) {
      const start = from === ProcState.Undetermined ? this.startTime : b.time[i];
      name = "proc start";
      kind = InstantKind.ProcStart;
      ts = start;
      e.incThreadRunning(start, 1);
    }
    if (from === ProcState.Running) {
      const stop = b.time[i];
      name = "proc stop";
      kind = InstantKind.ProcStop;
      ts = stop;
      e.incThreadRunning(stop, -1);
      if (this.mode === "proc") {
        // A goroutine still in a syscall on this P: the syscall blocked. The proc view
        // shows only the time it held the P, so it ends here.
        const gs = this.#inSyscall[b.a0[i]];
        if (gs) {
          this.#syscallEnd(gs, stop, true);
          this.#stop(gs, stop, stk, i);
          this.#inSyscall[b.a0[i]] = undefined;
        }
      }
    }
    if (name !== "") {
      const ev = e.begin();
      ev.name = name;
      ev.ts = ts;
      ev.tid = res;
      ev.sf = sf;
      ev.stk = stk;
      ev.arg = Arg.SchedCtx;
      ev.a0 = evThread;
      ev.a1 = proc;
      ev.kind = kind;
      ev.event = this.#gi(i);
      e.instant(ev);
    }
  }

  // gState methods.

  #setStartCause(gs: GState, ts: number, name: string, resource: number, stack: number): void {
    gs.causeTime = ts;
    gs.causeName = name;
    gs.causeResource = resource;
    gs.causeStack = stack;
  }

  #start(gs: GState, ts: number, resource: number): void {
    for (const r of gs.active) {
      r.time = ts;
      r.stack = 0;
    }
    if (gs.causeName !== "") {
      const e = this.e;
      const sf = e.stack(gs.causeStack);
      e.arrow(gs.causeName, gs.causeTime, ts, gs.causeResource, resource, sf, gs.causeStack);
      gs.causeTime = UNSET;
      gs.causeName = "";
      gs.causeResource = 0;
      gs.causeStack = 0;
    }
    gs.executing = resource;
    gs.startRunningTime = ts;
  }

  #syscallBegin(gs: GState, ts: number, resource: number, stack: number): void {
    gs.syscallTime = ts;
    gs.syscallStack = stack;
    gs.syscallActive = true;
    if (gs.executing === NO_RES) {
      gs.executing = resource;
      gs.startRunningTime = ts;
    }
  }

  #syscallEnd(gs: GState, ts: number, blocked: boolean): void {
    if (!gs.syscallActive) return;
    gs.completed.push({
      name: "syscall",
      start: gs.syscallTime,
      end: ts,
      startStack: gs.syscallStack,
      endStack: 0,
      blocked: blocked ? 2 : 1,
      kind: SliceKind.Syscall,
    });
    gs.syscallActive = false;
    gs.syscallTime = UNSET;
    gs.syscallStack = 0;
  }

  #blockedSyscallEnd(gs: GState, ts: number, stack: number, i: number): void {
    const name = "exit blocked syscall";
    this.#setStartCause(gs, ts, name, FakeP.Syscall, stack);
    const e = this.e;
    const ev = e.begin();
    ev.name = name;
    ev.ts = ts;
    ev.tid = FakeP.Syscall;
    ev.sf = e.stack(stack);
    ev.stk = stack;
    ev.kind = InstantKind.SyscallExit;
    ev.g = gs.id;
    ev.event = this.#gi(i);
    e.instant(ev);
  }

  #unblock(gs: GState, ts: number, stack: number, resource: number, i: number): void {
    let name = "unblock";
    let viewerResource = resource;
    if (gs.startBlockReason !== "") name = this.#unblockName(gs.startBlockReason);
    if (gs.startBlockReason.includes("network")) {
      // Network unblocks go to the Network lane unless lanes are threads.
      if (this.mode !== "thread") viewerResource = FakeP.Netpoll;
      const e = this.e;
      const ev = e.begin();
      ev.name = name;
      ev.ts = ts;
      ev.tid = viewerResource;
      ev.sf = e.stack(stack);
      ev.stk = stack;
      ev.kind = InstantKind.NetUnblock;
      ev.g = gs.id;
      ev.event = this.#gi(i);
      e.instant(ev);
    }
    gs.startBlockReason = "";
    if (viewerResource !== 0) this.#setStartCause(gs, ts, name, viewerResource, stack);
  }

  // One string per reason: sinks key names by string, and a string made afresh for
  // every unblock would be hashed afresh.
  #unblockName(reason: string): string {
    let name = this.#unblockNames.get(reason);
    if (name === undefined) {
      name = `unblock (${reason})`;
      this.#unblockNames.set(reason, name);
    }
    return name;
  }

  #stop(gs: GState, ts: number, stack: number, i: number): void {
    const e = this.e;
    const sf = gs.lastStopStack !== 0 ? e.stack(gs.lastStopStack) : 0;
    const esf = stack !== 0 ? e.stack(stack) : 0;
    if (gs.executing !== NO_RES && gs.startRunningTime !== UNSET) {
      const ev = e.begin();
      ev.name = gs.fullName;
      ev.nameKey = gs.nameKey;
      ev.ts = gs.startRunningTime;
      ev.dur = ts - gs.startRunningTime;
      ev.tid = gs.executing;
      ev.sf = sf;
      ev.esf = esf;
      ev.stk = gs.lastStopStack;
      ev.estk = stack;
      ev.kind = SliceKind.Exec;
      ev.g = gs.id;
      ev.event = this.#gi(i);
      e.slice(ev);
    }
    for (const cr of gs.completed) {
      const csf = e.stack(cr.startStack);
      const cesf = e.stack(cr.endStack);
      const ev = e.begin();
      ev.name = cr.name;
      ev.ts = cr.start;
      ev.dur = cr.end - cr.start;
      ev.tid = gs.executing;
      ev.sf = csf;
      ev.esf = cesf;
      ev.stk = cr.startStack;
      ev.estk = cr.endStack;
      if (cr.blocked !== 0) {
        ev.arg = Arg.Blocked;
        ev.a0 = cr.blocked === 2 ? 1 : 0;
      }
      ev.kind = cr.kind;
      ev.g = gs.id;
      ev.event = this.#gi(i);
      e.slice(ev);
    }
    gs.completed.length = 0;
    for (const r of gs.active) {
      const rsf = e.stack(r.stack);
      const ev = e.begin();
      ev.name = r.name;
      ev.ts = r.time;
      ev.dur = ts - r.time;
      ev.tid = gs.executing;
      ev.sf = rsf;
      ev.stk = r.stack;
      ev.kind = SliceKind.GoRange;
      ev.g = gs.id;
      ev.event = this.#gi(i);
      e.slice(ev);
    }
    for (const r of gs.active) {
      r.time = UNSET;
      r.stack = 0;
    }
    gs.startRunningTime = UNSET;
    gs.lastStopStack = stack;
    gs.executing = NO_RES;
  }

  #finishG(gs: GState): void {
    if (gs.executing !== NO_RES) {
      this.#syscallEnd(gs, this.endTime, false);
      this.#stop(gs, this.endTime, 0, -1);
    }
  }

  #finish(rows: KeptEvents): void {
    const e = this.e;
    const tasks = this.opts.tasks;
    for (let k = 0; k < tasks.length; k++) {
      this.#emitTask(tasks[k], k, rows);
      if (this.mode === "goroutine") {
        for (const r of tasks[k].regions) this.#emitRegion(r, rows);
      }
    }
    if (this.mode === "proc") {
      e.setResourceType("PROCS");
      for (const [pIdx, ar] of this.#procRanges) {
        const ev = e.begin();
        ev.name = ar.name;
        ev.ts = ar.time;
        ev.dur = this.endTime - ar.time;
        ev.tid = this.t.pId[pIdx];
        ev.sf = e.stack(ar.stack);
        ev.stk = ar.stack;
        ev.kind = SliceKind.ProcRange;
        e.slice(ev);
      }
    } else e.setResourceType(this.mode === "thread" ? "OS THREADS" : "G");
    for (const [name, ar] of this.#globalRanges) {
      if (!name.includes("GC")) continue;
      const ev = e.begin();
      ev.name = name;
      ev.ts = ar.time;
      ev.dur = this.endTime - ar.time;
      ev.tid = FakeP.GC;
      ev.sf = e.stack(ar.stack);
      ev.stk = ar.stack;
      ev.kind = SliceKind.GC;
      e.slice(ev);
    }
    for (const gs of this.#gs) {
      if (!gs) continue;
      this.#finishG(gs);
      if (this.mode === "goroutine") e.resource(gs.id, gs.fullName);
    }
    if (this.mode === "proc") {
      for (let p = 0; p <= this.#maxProc; p++) e.resource(p, `Proc ${p}`);
    } else if (this.mode === "thread") {
      for (const m of this.#threads) e.resource(m, `Thread ${m}`);
    } else if (this.opts.focusGoroutine !== -1) e.focus(this.opts.focusGoroutine);
    e.flush();
  }

  #emitTask(task: TaskSummary, sortIndex: number, r: KeptEvents): void {
    const t = this.t, e = this.e;
    let startStack = 0, endStack = 0, startG = 0, endG = 0;
    let startTime = this.startTime, endTime = this.endTime;
    if (task.start !== null) {
      startStack = r.stack(task.start);
      startG = t.gId[t.ctxG[r.ctx(task.start)]];
      startTime = r.time(task.start);
    }
    if (task.end !== null) {
      endStack = r.stack(task.end);
      endG = t.gId[t.ctxG[r.ctx(task.end)]];
      endTime = r.time(task.end);
    }
    e.task(task.id, `T${task.id} ${task.name}`, sortIndex);
    const sf = e.stack(startStack);
    const esf = e.stack(endStack);
    const ev = e.begin();
    ev.name = task.name;
    ev.ts = startTime;
    ev.dur = endTime - startTime;
    ev.tid = task.id;
    ev.sf = sf;
    ev.esf = esf;
    ev.stk = startStack;
    ev.estk = endStack;
    ev.arg = Arg.Task;
    ev.a0 = task.id;
    ev.a1 = startG;
    ev.a2 = endG;
    ev.kind = SliceKind.Task;
    e.taskSlice(ev);
    if (
      task.parent !== null && task.start !== null && r.type(task.start) === Ev.UserTaskBegin
    ) {
      const ts = r.time(task.start);
      const asf = e.stack(r.stack(task.start));
      e.arrow(
        "newTask",
        ts,
        ts,
        task.parent,
        task.id,
        asf,
        r.stack(task.start),
        Section.Tasks,
      );
    }
  }

  #emitRegion(region: TaskSummary["regions"][number], r: KeptEvents): void {
    if (region.name === "") return;
    const t = this.t, e = this.e;
    let startStack = 0, endStack = 0, g = -1;
    let startTime = this.startTime, endTime = this.endTime;
    if (region.start !== null) {
      startStack = r.stack(region.start);
      startTime = r.time(region.start);
      g = t.gId[t.ctxG[r.ctx(region.start)]];
    }
    if (region.end !== null) {
      endStack = r.stack(region.end);
      endTime = r.time(region.end);
      g = t.gId[t.ctxG[r.ctx(region.end)]];
    }
    if (g === -1) return;
    const sf = e.stack(startStack);
    const esf = e.stack(endStack);
    const ev = e.begin();
    ev.name = region.name;
    ev.ts = startTime;
    ev.dur = endTime - startTime;
    ev.tid = g;
    ev.sf = sf;
    ev.stk = startStack;
    ev.arg = Arg.Region;
    ev.a0 = region.taskId;
    ev.cat = "Region";
    ev.s = region.taskId.toString(16);
    ev.kind = SliceKind.Region;
    ev.g = g;
    e.asyncSlice(ev, region.taskId, esf, endStack);
  }
}

/** The events the tasks and regions of a view read (its tasks' ends; regions' in goroutine views). */
export function taskEvents(opts: GenOptions): number[] {
  const out: number[] = [];
  for (const task of opts.tasks) {
    if (task.start !== null) out.push(task.start);
    if (task.end !== null) out.push(task.end);
    if (opts.mode !== "goroutine") continue;
    for (const r of task.regions) {
      if (r.start !== null) out.push(r.start);
      if (r.end !== null) out.push(r.end);
    }
  }
  return out;
}

/** The blocks a run reads: those holding events [0, end). */
function blocksOf(trace: Trace, end: number): number {
  return end > 0 ? trace.blockOf(end - 1) + 1 : 0;
}

/**
 * Go's generateTrace: a pass over the trace's blocks (a trace held block by block has
 * them decoded again; the pass shows in trace.passes and lets a server answer meanwhile).
 */
export async function generateOver(
  trace: Trace,
  sink: ViewerSink,
  opts: GenOptions,
  pass: PassOptions = {},
  resume: Resume = {},
): Promise<void> {
  const gen = new TimelineGenerator(trace, sink, opts);
  if (resume.from) gen.restore(resume.from);
  const rows = await pickRows(trace, taskEvents(opts));
  const first = resume.from ? trace.blockOf(resume.from.pos) : 0;
  for await (const b of trace.eachBlock(first, blocksOf(trace, gen.end), pass)) {
    if (resume.snapshotAt?.(b.first)) resume.keep!(gen.snapshot());
    // A block may hold millions of events: let the event loop run between slices.
    for (let j = 0; j < b.count && !gen.atEnd; j += SLICE_ROWS) {
      gen.rows(b, j, Math.min(b.count, j + SLICE_ROWS));
      if (timeToYield()) {
        await nextTurn();
        pass.signal?.throwIfAborted();
      }
    }
  }
  // Where the next part starts, when the run stops there.
  if (resume.snapshotAt?.(gen.pos)) resume.keep!(gen.snapshot());
  gen.finish(rows);
}

/** Where a run starts (a snapshot of another run) and where it leaves snapshots. */
export interface Resume {
  from?: GenSnapshot;
  /** Whether to keep a snapshot before the block whose first event is `first`. */
  snapshotAt?: (first: number) => boolean;
  keep?: (s: GenSnapshot) => void;
}

/** Rows handled between looks at the clock. */
const SLICE_ROWS = 1 << 15;

/** Rows of /jsontrace between steps of its stream (about 0.5 MB of JSON). */
const STREAM_ROWS = 1 << 12;

/** The blocks of a run, one at a time, for a consumer that pulls (a stream). */
export async function* generateSteps(
  trace: Trace,
  sink: ViewerSink,
  opts: GenOptions,
  pass: PassOptions = {},
): AsyncGenerator<void> {
  const gen = new TimelineGenerator(trace, sink, opts);
  const rows = await pickRows(trace, taskEvents(opts));
  for await (const b of trace.eachBlock(0, blocksOf(trace, gen.end), pass)) {
    // Rows in slices: a block may hold millions of events. A stream pulls the next step
    // in a microtask, so the event loop (other requests) runs only when a step waits for
    // it: once a slice of time is used (util/turns.ts).
    for (let j = 0; j < b.count && !gen.atEnd; j += STREAM_ROWS) {
      gen.rows(b, j, Math.min(b.count, j + STREAM_ROWS));
      yield;
      if (timeToYield()) await nextTurn();
    }
  }
  gen.finish(rows);
}

/** Go's generateTrace over a trace held whole, synchronously (tests, tools). */
export function generate(trace: Trace, sink: ViewerSink, opts: GenOptions): void {
  const gen = new TimelineGenerator(trace, sink, opts);
  if (gen.end > 0) gen.rows(trace.wholeBlock(), 0, gen.end);
  gen.finish(pickRowsWhole(trace, taskEvents(opts)));
}
