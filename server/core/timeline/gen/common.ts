// What Go's trace-viewer generators share (cmd/trace gen.go, gstate.go): the options, a
// goroutine's state as the viewer sees it, and the base every view's generator extends
// (proc.ts, thread.ts, goroutine.ts, as Go's procgen.go, threadgen.go, goroutinegen.go).
// The base reads the events in order and dispatches them, keeps the global ranges, logs
// and CPU samples, ends the run with the tasks and regions, and saves and restores its
// state between blocks; a view says what resource an event counts against, how goroutine
// and proc transitions show, and which lanes it names. Everything goes through the
// Emitter to a sink (JSON writer, split sizer, our viewer's lane tables). No Deno APIs.
//
// Times are ns since the first event (Go's ctx.elapsed). Go's "zero time" (unset) is
// UNSET here, since 0 is a real time.

import type { Trace } from "../../trace/trace.ts";
import type { EventBlock } from "../../trace/block.ts";
import type { KeptEvents } from "../../trace/kept.ts";
import { Ev, GoState, ProcState } from "../../trace/kinds.ts";
import type { TaskSummary } from "../../summary/summary.ts";
import { RangeNames } from "../../summary/range_names.ts";
import { Emitter, GS } from "../emitter.ts";
import { Arg, FakeP, InstantKind, Section, SliceKind, type ViewerSink } from "../event.ts";
import { TraceText } from "../text.ts";

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

export const UNSET = -1;
/** A missing resource (no P, M or G): the trace's id columns hold -1 for it. */
export const NO_RES = -1;
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

/** A global or proc range begun and not yet ended. */
export interface OpenRange {
  time: number;
  stack: number;
}

// Go's gState: one goroutine as the viewer sees it.
export class GState {
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

/** Whether a goroutine in state s executes on a thread (Go's GoState.Executing). */
export const executingG = (s: number) => s === GoState.Running || s === GoState.Syscall;

/** A generator's state between blocks (TimelineGenerator.snapshot). */
export interface GenSnapshot {
  pos: number;
  mode: ViewMode;
  gs: Map<number, GState>;
  nameKeys: number;
  globalRanges: Map<string, OpenRange>;
  seenSync: number;
  /** The view's own state (its generator's saveView). */
  view: unknown;
  emitter: Float64Array;
}

/**
 * The generator of one view: the events in order (`rows`, block by block), then `finish`.
 * Resumable: `rows` takes a slice of a block, so long traces are generated in steps.
 */
export abstract class TimelineGenerator {
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
  /** The block being read; rows are block-local, `event` fields global. */
  protected b: EventBlock = NO_BLOCK;

  /** The goroutines' states by goroutine index. */
  protected readonly gs: (GState | undefined)[];
  readonly #ranges: RangeNames;
  protected readonly text: TraceText;
  readonly #names: Map<number, string> = new Map();
  // Keys of goroutine names (GState.nameKey), unique within this generator's events.
  #nameKeys = 0;
  readonly #unblockNames = new Map<string, string>();
  // Global ranges by name.
  readonly #globalRanges = new Map<string, OpenRange>();
  /** Sync events seen: from the second generation on, range Active events are redundant. */
  protected seenSync = 0;

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
    this.gs = new Array(trace.gId.length);
    this.#ranges = new RangeNames(trace);
    this.text = new TraceText(trace);
  }

  // What a view does: Go's generator interface, less the parts every view does alike.

  /** The resource (lane) a goroutine's event i counts against: its P, M or G id. */
  protected abstract res(i: number): number;
  /** A goroutine's state transition (event i, a GoStart, GoBlock, …). */
  protected abstract goTransition(i: number): void;
  /** A proc's state transition (event i); the goroutine view has none. */
  protected procTransition(_i: number): void {}
  /** A proc-scoped range (sweep; phase 0 begin, 1 active, 2 end); only the proc view has them. */
  protected procRange(_i: number, _phase: number): void {}
  /** Whether a destroyed goroutine's state is kept (its lane needs its name). */
  protected keepsDead(_id: number): boolean {
    return false;
  }
  /** The view's own state, for a snapshot (`ids`: goroutine states → their indexes). */
  protected saveView(_ids: Map<GState, number>): unknown {
    return null;
  }
  /** Takes back what saveView saved (the goroutines are restored already). */
  protected restoreView(_view: unknown): void {}
  /**
   * The end of the run after the tasks and regions: the ranges and goroutines still open,
   * the lanes' names (Go's Finish).
   */
  protected abstract finishView(): void;
  /** Whether the view draws its tasks' regions (goroutine views do: Go's goroutine-oriented mode). */
  protected get regions(): boolean {
    return false;
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
    this.gs.forEach((g, idx) => {
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
      seenSync: this.seenSync,
      view: this.saveView(ids),
      emitter: this.e.saveState(),
    };
  }

  /** Continues from a snapshot of a run of the same view mode. */
  restore(s: GenSnapshot): void {
    if (s.mode !== this.mode || this.pos !== 0) throw new Error("cannot resume this run");
    this.pos = s.pos;
    for (const [idx, g] of s.gs) this.gs[idx] = g.clone();
    this.#nameKeys = s.nameKeys;
    for (const [k, v] of s.globalRanges) this.#globalRanges.set(k, { ...v });
    this.seenSync = s.seenSync;
    this.restoreView(s.view);
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
    this.b = b;
    const t = this.t;
    const type = b.type;
    for (let i = j0; i < stop; i++) {
      switch (type[i]) {
        case Ev.Sync:
          this.seenSync++;
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
          this.procTransition(i);
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
          this.goTransition(i);
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
          this.procRange(i, 0);
          break;
        case Ev.GCSweepActive:
          this.procRange(i, 1);
          break;
        case Ev.GCSweepEnd:
          this.procRange(i, 2);
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
          this.g(t.ctxG[b.ctx[i]]).label = this.text.get(b.a0[i]);
          if (this.g(t.ctxG[b.ctx[i]]).rename(this.#nameKeys)) this.#nameKeys++;
          break;
        case Ev.UserLog:
          this.#log(i);
          break;
      }
    }
    this.pos = b.first + Math.max(j0, stop);
    this.b = NO_BLOCK;
  }

  /** Whether every event was handled (finish may come). */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The events the run's tasks and regions read (`finish` wants their rows). */
  taskEvents(): number[] {
    const out: number[] = [];
    for (const task of this.opts.tasks) {
      if (task.start !== null) out.push(task.start);
      if (task.end !== null) out.push(task.end);
      if (!this.regions) continue;
      for (const r of task.regions) {
        if (r.start !== null) out.push(r.start);
        if (r.end !== null) out.push(r.end);
      }
    }
    return out;
  }

  /**
   * Ends the run: the tasks and regions (their events read into `rows`: taskEvents),
   * the goroutines still running, the lanes' names.
   */
  finish(rows: KeptEvents): void {
    if (this.#done) return;
    const tasks = this.opts.tasks;
    for (let k = 0; k < tasks.length; k++) {
      this.#emitTask(tasks[k], k, rows);
      if (this.regions) {
        for (const r of tasks[k].regions) this.#emitRegion(r, rows);
      }
    }
    this.finishView();
    this.e.flush();
    this.#done = true;
  }

  /** Global index of row i of the block at hand (-1: none). */
  protected gi(i: number): number {
    return i < 0 ? -1 : this.b.first + i;
  }

  /** The state of the goroutine at index idx, made on first use. */
  protected g(idx: number): GState {
    let gs = this.gs[idx];
    if (!gs) {
      gs = new GState(this.t.gId[idx], this.#nameKeys++);
      this.gs[idx] = gs;
    }
    return gs;
  }

  #stackSample(i: number): void {
    const id = this.res(i);
    if (id === NO_RES) return;
    const e = this.e;
    const stk = this.b.stack[i];
    const ev = e.begin();
    ev.name = "CPU profile sample";
    ev.ts = this.b.time[i];
    ev.tid = id;
    ev.sf = e.stack(stk);
    ev.stk = stk;
    ev.kind = InstantKind.CPUSample;
    ev.event = this.gi(i);
    e.instant(ev);
  }

  #log(i: number): void {
    const id = this.res(i);
    if (id === NO_RES) return;
    const e = this.e;
    const b = this.b;
    const category = this.text.get(b.a1[i]);
    let name = this.text.get(b.a2[i]);
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
    ev.event = this.gi(i);
    e.instant(ev);
  }

  /** The name of the range event i begins, continues or ends. */
  protected rangeName(i: number): string {
    const key = this.#ranges.keyOfRow(this.b.type[i], this.b.a0[i]);
    let s = this.#names.get(key);
    if (s === undefined) {
      const typ = this.b.type[i];
      // The stop-the-world kind is trace text: keep its bytes as Go does.
      s = typ === Ev.STWBegin || typ === Ev.STWEnd
        ? `stop-the-world (${this.text.get(this.b.a0[i])})`
        : this.#ranges.name(key);
      this.#names.set(key, s);
    }
    return s;
  }

  // 0 begin, 1 active, 2 end.
  #globalRange(i: number, phase: number): void {
    const b = this.b;
    const name = this.rangeName(i);
    if (phase === 0) this.#globalRanges.set(name, { time: b.time[i], stack: b.stack[i] });
    else if (phase === 1) {
      // From the second generation on, Active events are redundant.
      if (this.seenSync < 2) {
        this.#globalRanges.set(name, { time: this.startTime, stack: b.stack[i] });
      }
    } else {
      const ar = this.#globalRanges.get(name) ?? { time: this.zeroTime, stack: 0 };
      if (name.includes("GC")) this.rangeSlice(i, name, ar, FakeP.GC, SliceKind.GC);
      this.#globalRanges.delete(name);
    }
  }

  /** The GC ranges still open at the end, on the GC lane (Go's globalRangeGenerator.Finish). */
  protected finishGlobalRanges(): void {
    const e = this.e;
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
  }

  /** The slice of a global or proc range that event i ends, on lane `tid`. */
  protected rangeSlice(i: number, name: string, begin: OpenRange, tid: number, kind: number): void {
    const b = this.b;
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
    ev.event = this.gi(i);
    e.slice(ev);
  }

  #goRange(i: number, phase: number): void {
    const t = this.t;
    const b = this.b;
    const typ = b.type[i];
    const gIdx = typ === Ev.GCMarkAssistActive ? b.a0[i] : t.ctxG[b.ctx[i]];
    const gs = this.g(gIdx);
    const name = this.rangeName(i);
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

  // The parts of a goroutine transition every view does alike.

  /**
   * The state of the goroutine transition i is about, named after the first transition
   * stack seen (its root frame).
   */
  protected transitioning(i: number): GState {
    const t = this.t;
    const b = this.b;
    const typ = b.type[i];
    const gs = this.g(b.a0[i]);
    let tstack = 0;
    if (
      typ === Ev.GoCreate || typ === Ev.GoCreateBlocked || typ === Ev.GoStop ||
      typ === Ev.GoBlock || typ === Ev.GoSyscallBegin || typ === Ev.GoStatus ||
      typ === Ev.GoStatusStack
    ) tstack = b.a2[i];
    if (!gs.named && tstack !== 0) {
      const frames = t.stackFrameIds(tstack);
      if (frames.length > 0) {
        gs.baseName += " " + this.text.get(t.frameFunc[frames[frames.length - 1]]);
        gs.named = true;
        if (gs.rename(this.#nameKeys)) this.#nameKeys++;
      }
    }
    return gs;
  }

  /** Why transition i makes a goroutine wait (a GoBlock's or GoStop's reason). */
  protected blockReason(i: number): string {
    const typ = this.b.type[i];
    return typ === Ev.GoBlock || typ === Ev.GoStop ? this.text.get(this.b.a1[i]) : "";
  }

  /**
   * The end of transition i from `from` to `to`: the goroutine counters; a destroyed
   * goroutine is forgotten unless the view keeps it (keepsDead).
   */
  protected transitioned(gs: GState, i: number, from: number, to: number): void {
    const inAssist = gs.active.length > 0 && gs.findActive(MARK_ASSIST) >= 0;
    this.e.goroutineTransition(
      this.b.time[i],
      viewerGState(from, inAssist),
      viewerGState(to, inAssist),
    );
    gs.dead = to === GoState.NotExist;
    // A destroyed goroutine is needed again only for its lane's name (goroutine views):
    // dropping the others keeps a run's memory to the live goroutines.
    if (gs.dead && !this.keepsDead(gs.id)) this.gs[this.b.a0[i]] = undefined;
  }

  /**
   * A proc's transition (event i) as the proc and thread views show it: a "proc start" or
   * "proc stop" instant on lane `res`, and the count of running threads.
   */
  protected procInstant(i: number, res: number): void {
    const t = this.t;
    const b = this.b;
    const c = b.ctx[i];
    const evThread = t.mId[t.ctxM[c]];
    const proc = t.pId[b.a0[i]];
    const e = this.e;
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
      this.procStopped(i, stop, stk);
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
      ev.event = this.gi(i);
      e.instant(ev);
    }
  }

  /** The proc of event i stopped at ts (before its "proc stop" instant). */
  protected procStopped(_i: number, _ts: number, _stack: number): void {}

  /**
   * The lane of an unblock by the network (Go: the Network lane, unless the resource is
   * a thread, which stays valid).
   */
  protected networkLane(_resource: number): number {
    return FakeP.Netpoll;
  }

  // gState methods.

  protected setStartCause(
    gs: GState,
    ts: number,
    name: string,
    resource: number,
    stack: number,
  ): void {
    gs.causeTime = ts;
    gs.causeName = name;
    gs.causeResource = resource;
    gs.causeStack = stack;
  }

  protected start(gs: GState, ts: number, resource: number): void {
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

  protected syscallBegin(gs: GState, ts: number, resource: number, stack: number): void {
    gs.syscallTime = ts;
    gs.syscallStack = stack;
    gs.syscallActive = true;
    if (gs.executing === NO_RES) {
      gs.executing = resource;
      gs.startRunningTime = ts;
    }
  }

  protected syscallEnd(gs: GState, ts: number, blocked: boolean): void {
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

  protected blockedSyscallEnd(gs: GState, ts: number, stack: number, i: number): void {
    const name = "exit blocked syscall";
    this.setStartCause(gs, ts, name, FakeP.Syscall, stack);
    const e = this.e;
    const ev = e.begin();
    ev.name = name;
    ev.ts = ts;
    ev.tid = FakeP.Syscall;
    ev.sf = e.stack(stack);
    ev.stk = stack;
    ev.kind = InstantKind.SyscallExit;
    ev.g = gs.id;
    ev.event = this.gi(i);
    e.instant(ev);
  }

  protected unblock(gs: GState, ts: number, stack: number, resource: number, i: number): void {
    let name = "unblock";
    let viewerResource = resource;
    if (gs.startBlockReason !== "") name = this.#unblockName(gs.startBlockReason);
    if (gs.startBlockReason.includes("network")) {
      viewerResource = this.networkLane(resource);
      const e = this.e;
      const ev = e.begin();
      ev.name = name;
      ev.ts = ts;
      ev.tid = viewerResource;
      ev.sf = e.stack(stack);
      ev.stk = stack;
      ev.kind = InstantKind.NetUnblock;
      ev.g = gs.id;
      ev.event = this.gi(i);
      e.instant(ev);
    }
    gs.startBlockReason = "";
    if (viewerResource !== 0) this.setStartCause(gs, ts, name, viewerResource, stack);
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

  protected stop(gs: GState, ts: number, stack: number, i: number): void {
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
      ev.event = this.gi(i);
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
      ev.event = this.gi(i);
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
      ev.event = this.gi(i);
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

  /** Ends what a goroutine still runs at the end of the run (Go's gState.finish). */
  protected finishG(gs: GState): void {
    if (gs.executing !== NO_RES) {
      this.syscallEnd(gs, this.endTime, false);
      this.stop(gs, this.endTime, 0, -1);
    }
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
