// Go's traceviewer.Emitter: turns the generator's slices, instants, arrows and counter
// updates into viewer events, applying the time range and resource filter, keeping the
// goroutine/thread/heap counters, and building the stack-frame tree (frame ids as Go
// numbers them, so split sizes and "sf" values match). No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { Arg, FakeP, Section, ViewerEvent, type ViewerSink } from "./event.ts";
import { TraceText } from "./text.ts";

/** Go's viewer goroutine states (traceviewer.GState). */
export const GS = { Dead: 0, Runnable: 1, Running: 2, Waiting: 3, WaitingGC: 4 } as const;

const THREAD_RUNNING = 2; // traceviewer.ThreadStateRunning
const PB = 2 ** 50;

// catapult's reserved color names, in Go's task order (pickTaskColor).
const TASK_COLORS = [
  "thread_state_uninterruptible",
  "thread_state_iowait",
  "thread_state_running",
  "thread_state_runnable",
  "thread_state_unknown",
  "light_memory_dump",
  "background_memory_dump",
  "detailed_memory_dump",
  "good",
  "bad",
  "terrible",
  "olive",
  "rail_response",
  "rail_animation",
  "rail_idle",
  "rail_load",
  "heap_dump_child_node_arrow",
  "cq_build_running",
  "cq_build_passed",
  "cq_build_failed",
  "cq_build_abandoned",
  "cq_build_attempt_runnig",
  "cq_build_attempt_passed",
];

export function pickTaskColor(id: number): string {
  return TASK_COLORS[id % TASK_COLORS.length];
}

export class Emitter {
  readonly ev = new ViewerEvent();
  #gstates = new Float64Array(5);
  #prevG = new Float64Array(5);
  #threads = new Float64Array(3);
  #prevThreads = new Float64Array(3);
  #heapAlloc = 0;
  #nextGC = 0;
  #prevHeapAlloc = 0;
  #prevNextGC = 0;
  #arrowSeq = 0;
  #asyncSeq = 0;
  #resourceType = "";
  readonly resources = new Map<number, string>();
  #focus = 0;
  readonly tasks = new Map<number, { name: string; sortIndex: number }>();
  #filter: ((r: number) => boolean) | null = null;

  // Frame tree: node ids by "parent:pc"; per trace stack, its leaf node (memo).
  #frameIds = new Map<string, number>();
  #frameSeq = 0;
  #stackMemo: Int32Array;
  readonly #frames: boolean;
  readonly #text: TraceText;

  constructor(
    readonly trace: Trace,
    readonly sink: ViewerSink,
    readonly rangeStart: number,
    readonly rangeEnd: number,
    /** Keep slices overlapping the range (not only those with an end in it, as Go). */
    readonly overlap = false,
  ) {
    this.#frames = sink.wantsFrames;
    this.#text = new TraceText(trace);
    this.#stackMemo = new Int32Array(this.#frames ? trace.stackCount : 0).fill(-1);
  }

  /** The counters' and ids' state, for a generator's snapshot (frames are not kept). */
  saveState(): Float64Array {
    const out = new Float64Array(22);
    out.set(this.#gstates, 0);
    out.set(this.#prevG, 5);
    out.set(this.#threads, 10);
    out.set(this.#prevThreads, 13);
    out[16] = this.#heapAlloc;
    out[17] = this.#nextGC;
    out[18] = this.#prevHeapAlloc;
    out[19] = this.#prevNextGC;
    out[20] = this.#arrowSeq;
    out[21] = this.#asyncSeq;
    return out;
  }

  restoreState(s: Float64Array): void {
    this.#gstates.set(s.subarray(0, 5));
    this.#prevG.set(s.subarray(5, 10));
    this.#threads.set(s.subarray(10, 13));
    this.#prevThreads.set(s.subarray(13, 16));
    this.#heapAlloc = s[16];
    this.#nextGC = s[17];
    this.#prevHeapAlloc = s[18];
    this.#prevNextGC = s[19];
    this.#arrowSeq = s[20];
    this.#asyncSeq = s[21];
  }

  within(ts: number): boolean {
    return this.rangeStart <= ts && ts <= this.rangeEnd;
  }

  // Whether a slice [ts, ts+dur] is kept.
  #keeps(ts: number, dur: number): boolean {
    if (this.overlap) return ts <= this.rangeEnd && ts + dur >= this.rangeStart;
    return this.within(ts) || this.within(ts + dur);
  }

  setResourceType(name: string): void {
    this.#resourceType = name;
  }

  setFilter(f: (r: number) => boolean): void {
    this.#filter = f;
  }

  resource(id: number, name: string): void {
    if (this.#filter && !this.#filter(id)) return;
    this.resources.set(id, name);
  }

  focus(id: number): void {
    this.#focus = id;
  }

  task(id: number, name: string, sortIndex: number): void {
    this.tasks.set(id, { name, sortIndex });
  }

  passes(resource: number): boolean {
    return !this.#filter || this.#filter(resource);
  }

  /** Go's Emitter.Stack: the viewer frame id of a trace stack (0 when frames are off). */
  stack(stk: number): number {
    if (!this.#frames || stk === 0) return 0;
    const memo = this.#stackMemo[stk];
    if (memo >= 0) return memo;
    const t = this.trace;
    const frames = t.stackFrameIds(stk);
    let parent = 0;
    for (let k = frames.length - 1; k >= 0; k--) {
      const f = frames[k];
      const key = `${parent}:${t.framePC[f]}`;
      let id = this.#frameIds.get(key);
      if (id === undefined) {
        id = ++this.#frameSeq;
        this.#frameIds.set(key, id);
        this.sink.frame(id, `${this.#text.get(t.frameFunc[f])}:${t.frameLine[f]}`, parent);
      }
      parent = id;
    }
    this.#stackMemo[stk] = parent;
    return parent;
  }

  /** A fresh event record (the caller fills it and passes it to one of the emitters). */
  begin(): ViewerEvent {
    return this.ev.reset();
  }

  /** Go's Slice: a complete event in the procs section, filtered by resource. */
  slice(e: ViewerEvent): void {
    if (!this.passes(e.tid)) return;
    this.#slice(e, Section.Procs, "");
  }

  taskSlice(e: ViewerEvent): void {
    this.#slice(e, Section.Tasks, pickTaskColor(e.tid));
  }

  #slice(e: ViewerEvent, section: number, cname: string): void {
    if (!this.#keeps(e.ts, e.dur)) return;
    e.ph = "X";
    e.pid = section;
    e.cname = cname;
    this.sink.event(e, false);
  }

  /** Go's AsyncSlice: a "b"/"e" pair; `taskColor` 0 for none. Reads e.dur for the end. */
  asyncSlice(e: ViewerEvent, taskColor: number, endStack: number, endStk: number): void {
    if (!this.#keeps(e.ts, e.dur)) return;
    if (!this.passes(e.tid)) return;
    const cname = taskColor !== 0 ? pickTaskColor(taskColor) : "";
    const id = ++this.#asyncSeq;
    const dur = e.dur;
    const arg = e.arg;
    e.ph = "b";
    e.pid = 0;
    e.id = id;
    e.dur = 0;
    e.cname = cname;
    e.arg = Arg.None;
    this.sink.event(e, false);
    e.ph = "e";
    e.ts += dur;
    e.sf = endStack;
    e.stk = endStk;
    e.arg = arg;
    this.sink.event(e, false);
  }

  /** Go's Instant (scope "t", procs section). */
  instant(e: ViewerEvent): void {
    if (!this.within(e.ts)) return;
    if (!this.passes(e.tid)) return;
    e.ph = "I";
    e.s = "t";
    e.pid = Section.Procs;
    this.sink.event(e, false);
  }

  /**
   * Go's Arrow: from (fromTid, start) to (toTid, end). Emits "s" then "t"; between the
   * two the record's `a0`/`a1` carry nothing, so sinks pair them by id.
   */
  arrow(
    name: string,
    start: number,
    end: number,
    from: number,
    to: number,
    fromStack: number,
    fromStk: number,
    section: number = Section.Procs,
  ): void {
    if (section === Section.Procs && this.#filter && (!this.#filter(from) || !this.#filter(to))) {
      return;
    }
    if (!this.within(start) || !this.within(end)) return;
    const id = ++this.#arrowSeq;
    const e = this.begin();
    e.name = name;
    e.ph = "s";
    e.tid = from;
    e.pid = section;
    e.id = id;
    e.ts = start;
    e.sf = fromStack;
    e.stk = fromStk;
    this.sink.event(e, false);
    const f = this.begin();
    f.name = name;
    f.ph = "t";
    f.tid = to;
    f.pid = section;
    f.id = id;
    f.ts = end;
    this.sink.event(f, false);
  }

  gomaxprocs(_v: number): void {
    // Go records the maximum but never shows it.
  }

  goroutineTransition(ts: number, from: number, to: number): void {
    const g = this.#gstates, p = this.#prevG;
    g[from]--;
    g[to]++;
    if (
      g[1] === p[1] && g[2] === p[2] && g[0] === p[0] && g[3] === p[3] && g[4] === p[4]
    ) return;
    if (this.within(ts)) {
      const e = this.begin();
      e.name = "Goroutines";
      e.ph = "C";
      e.ts = ts;
      e.pid = Section.Stats;
      e.arg = Arg.Goroutines;
      e.a0 = g[GS.Running];
      e.a1 = g[GS.Runnable];
      e.a2 = g[GS.WaitingGC];
      this.sink.event(e, false);
    }
    p.set(g);
  }

  incThreadRunning(ts: number, delta: number): void {
    const th = this.#threads;
    th[THREAD_RUNNING] += delta;
    // Only the running count ever changes here, so it differs from the previous state.
    if (this.within(ts)) {
      const e = this.begin();
      e.name = "Threads";
      e.ph = "C";
      e.ts = ts;
      e.pid = Section.Stats;
      e.arg = Arg.Threads;
      e.a0 = th[THREAD_RUNNING];
      e.a1 = th[0];
      this.sink.event(e, false);
    }
    this.#prevThreads.set(th);
  }

  heapAlloc(ts: number, v: number): void {
    this.#heapAlloc = v;
    this.#heapCounters(ts);
  }

  heapGoal(ts: number, v: number): void {
    // Go's cutoff for a bogus goal (golang.org/issue/63864).
    this.#nextGC = v > PB ? 0 : v;
    this.#heapCounters(ts);
  }

  #heapCounters(ts: number): void {
    if (this.#heapAlloc === this.#prevHeapAlloc && this.#nextGC === this.#prevNextGC) return;
    if (this.within(ts)) {
      const e = this.begin();
      e.name = "Heap";
      e.ph = "C";
      e.ts = ts;
      e.pid = Section.Stats;
      e.arg = Arg.Heap;
      e.a0 = this.#heapAlloc;
      e.a1 = this.#nextGC > this.#heapAlloc ? this.#nextGC - this.#heapAlloc : 0;
      this.sink.event(e, false);
    }
    this.#prevHeapAlloc = this.#heapAlloc;
    this.#prevNextGC = this.#nextGC;
  }

  /** Go's Flush: the metadata events naming sections and lanes, then the sink's flush. */
  flush(): void {
    this.#processMeta(Section.Stats, "STATS", 0);
    if (this.tasks.size !== 0) this.#processMeta(Section.Tasks, "TASKS", 1);
    for (const [id, task] of this.tasks) {
      this.#threadMeta(Section.Tasks, id, task.name, task.sortIndex);
    }
    this.#processMeta(Section.Procs, this.#resourceType, 2);
    this.#threadMeta(Section.Procs, FakeP.GC, "GC", -6);
    this.#threadMeta(Section.Procs, FakeP.Netpoll, "Network", -5);
    this.#threadMeta(Section.Procs, FakeP.Timers, "Timers", -4);
    this.#threadMeta(Section.Procs, FakeP.Syscall, "Syscalls", -3);
    for (const [id, name] of this.resources) {
      // Go's sort index is int(id); the focus goroutine goes on top.
      const priority = this.#focus !== 0 && id === this.#focus ? -2 : id;
      this.#threadMeta(Section.Procs, id, name, priority);
    }
    this.sink.flush();
  }

  #threadMeta(section: number, tid: number, name: string, priority: number): void {
    this.#meta("thread", section, tid, name, priority);
  }

  #processMeta(section: number, name: string, priority: number): void {
    this.#meta("process", section, 0, name, priority);
  }

  /** Go's name and sort-index metadata events of a thread (lane) or a process (section). */
  #meta(of: "thread" | "process", section: number, tid: number, name: string, priority: number) {
    let e = this.begin();
    e.name = `${of}_name`;
    e.ph = "M";
    e.pid = section;
    e.tid = tid;
    e.arg = Arg.Name;
    e.argName = name;
    this.sink.event(e, true);
    e = this.begin();
    e.name = `${of}_sort_index`;
    e.ph = "M";
    e.pid = section;
    e.tid = tid;
    e.arg = Arg.SortIndex;
    e.a0 = priority;
    this.sink.event(e, true);
  }
}
