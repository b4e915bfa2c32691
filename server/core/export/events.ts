// The event tables of an export, in one pass over the trace's blocks: goroutine and proc
// transitions, tasks, regions, logs, CPU samples, GC and stop-the-world ranges, metrics
// and generations. Rows go into the tables' row buffers as events come (rows.ts), so a
// big trace is written with the memory of a block and one row group per table; what
// needs pairing (a region's begin and end, a range's) keeps only the open ones. Per
// goroutine it also notes what the goroutines table needs beside the summary (creator,
// creation stack). Meaning of arguments: trace/event.ts.
// No Deno APIs.

import type { EventBlock } from "../trace/block.ts";
import type { PassOptions, Trace } from "../trace/trace.ts";
import { Ev, GO_STATES, GO_TRANSITIONS, GoState, PROC_STATES } from "../trace/kinds.ts";
import {
  annotationTypeAt,
  assistGoroutine,
  gIndexAt,
  goroutineAt,
  logCategory,
  logMessage,
  metricNumber,
  procAt,
  stwKind,
  sweepProc,
  sweepResult,
  syncInfoAt,
  taskAt,
  taskParentAt,
  threadAt,
  transitionFrom,
  transitionReason,
  transitionResource,
  transitionStack,
  transitionTo,
} from "../trace/event.ts";
import { METRIC_NAMES } from "../trace/kinds.ts";
import { idOrNull, NULL, stackOrNull, type TableRows } from "./rows.ts";

/** The tables the pass fills, by name. */
export type Tables = Record<string, TableRows>;

/** What the pass learnt per goroutine (by index into trace.gIds). */
export interface GoroutineFacts {
  /** Go id of the creator (NaN: not seen). */
  parent: Float64Array;
  /** The creator's stack at creation (0: none). */
  createStack: Uint32Array;
}

const isGo = new Uint8Array(256);
for (const t of GO_TRANSITIONS) isGo[t] = 1;

/** Fills the event tables from every decoded event; returns the goroutine facts. */
export async function exportEvents(
  t: Trace,
  tables: Tables,
  opts: PassOptions & { afterBlock?: () => Promise<void> },
): Promise<GoroutineFacts> {
  const nG = t.gId.length, nP = t.pId.length;
  const facts: GoroutineFacts = {
    parent: new Float64Array(nG).fill(NULL),
    createStack: new Uint32Array(nG),
  };
  const forever = new Uint8Array(t.stringCount);
  for (let id = 0; id < forever.length; id++) forever[id] = t.string(id) === "forever" ? 1 : 0;

  const gen = new Generations(t, tables.generations);
  const tr = new Transitions(t, tables.transitions);
  const stays = new Stays(t, tables.stays);
  const pr = new ProcTransitions(t, tables.proc_transitions);
  const tasks = new Tasks(t, tables.tasks);
  const regions = new Regions(t, tables.regions);
  const logs = new Logs(t, tables.logs);
  const samples = new Samples(t, tables.cpu_samples);
  const ranges = new Ranges(t, tables.ranges, nG, nP);
  const metrics = new Metrics(t, tables.metrics);

  for await (const b of t.eachBlock(0, t.blocks.length, opts)) {
    gen.block(b);
    const { type } = b;
    for (let j = 0; j < b.count; j++) {
      const typ = type[j];
      if (isGo[typ]) {
        const from = transitionFrom(b, j), to = transitionTo(b, j);
        if (from === to) continue;
        const g = transitionResource(b, j);
        tr.add(b, j, g, from, to);
        stays.transition(b, j, g, from, to);
        // Go's summary starts a goroutine anew here (summary.go, Summarizer.Event) …
        if (from === GoState.Undetermined || from === GoState.NotExist) {
          regions.reset(g);
          if (from === GoState.NotExist) {
            facts.parent[g] = idOrNull(goroutineAt(t, b, j));
            facts.createStack[g] = b.stack[j];
          }
        }
        // … and ends it here, with its open regions.
        if (
          to === GoState.NotExist || (to === GoState.Waiting && forever[transitionReason(b, j)])
        ) regions.closeAll(g, b, j);
        continue;
      }
      switch (typ) {
        case Ev.Sync:
          gen.sync(b, j);
          break;
        case Ev.ProcStart:
        case Ev.ProcStop:
        case Ev.ProcSteal:
        case Ev.ProcStatus:
          pr.add(b, j);
          break;
        case Ev.UserTaskBegin:
        case Ev.UserTaskEnd:
          tasks.task(b, j);
          break;
        case Ev.UserRegionBegin: {
          const g = gIndexAt(t, b, j);
          tasks.mention(taskAt(b, j));
          regions.begin(g, b, j);
          break;
        }
        case Ev.UserRegionEnd: {
          const g = gIndexAt(t, b, j);
          if (!regions.end(g, b, j)) tasks.mention(taskAt(b, j));
          break;
        }
        case Ev.UserLog:
          tasks.mention(taskAt(b, j));
          logs.add(b, j);
          break;
        case Ev.CPUSample:
          samples.add(b, j);
          break;
        case Ev.ProcsChange:
        case Ev.HeapAlloc:
        case Ev.HeapGoal:
          metrics.add(b, j);
          break;
        default:
          ranges.event(b, j, typ);
      }
    }
    await opts.afterBlock?.();
  }
  stays.finish();
  ranges.finish();
  regions.finish();
  tasks.finish();
  gen.finish();
  return facts;
}

// ---- Tables ------------------------------------------------------------------------

class Generations {
  readonly #k: Record<string, number>;
  #wall = NULL;
  #wallBig: bigint | undefined;
  #pending?: { b: number };
  constructor(readonly t: Trace, readonly rows: TableRows) {
    const names = ["generation", "start_ns", "end_ns", "first_event", "events", "file_offset"];
    this.#k = Object.fromEntries(
      [...names, "file_bytes", "wall_ns"].map((n) => [n, rows.index(n)]),
    );
  }
  /** The previous block's row, now that its wall clock is known. */
  block(b: EventBlock): void {
    this.finish();
    this.#pending = { b: b.index };
    this.#wall = NULL;
    this.#wallBig = undefined;
  }
  sync(b: EventBlock, j: number): void {
    // Go 1.25+: the clock snapshot of the generation's first Sync gives its wall time.
    if (this.#wall === this.#wall || this.#wallBig !== undefined) return;
    const info = syncInfoAt(b, j);
    if (info < 0 || b.extra[info] === 0n) return;
    const trace = BigInt.asIntN(64, b.extra[info + 1]);
    const sec = BigInt.asIntN(64, b.extra[info + 3]);
    const nsec = BigInt.asIntN(64, b.extra[info + 4]);
    const start = this.t.baseTime + BigInt(this.t.blocks[b.index].startTime);
    this.#wallBig = sec * 1_000_000_000n + nsec - (trace - start);
  }
  finish(): void {
    if (!this.#pending) return;
    const info = this.t.blocks[this.#pending.b], r = this.rows.row(), c = this.rows.cols;
    const k = this.#k;
    c[k.generation][r] = info.index + 1;
    c[k.start_ns][r] = info.startTime;
    c[k.end_ns][r] = info.endTime;
    c[k.first_event][r] = info.first;
    c[k.events][r] = info.count;
    c[k.file_offset][r] = info.fileStart;
    c[k.file_bytes][r] = info.fileEnd - info.fileStart;
    if (this.#wallBig !== undefined) this.rows.setBig(k.wall_ns, r, this.#wallBig);
    else c[k.wall_ns][r] = NULL;
    this.#pending = undefined;
  }
}

class Transitions {
  readonly event: Float64Array;
  readonly time: Float64Array;
  readonly goid: Float64Array;
  readonly from: Float64Array;
  readonly to: Float64Array;
  readonly reason: Float64Array;
  readonly stack: Float64Array;
  readonly tstack: Float64Array;
  readonly by: Float64Array;
  readonly proc: Float64Array;
  readonly thread: Float64Array;
  readonly fromCode: number[];
  readonly toCode: number[];
  readonly reasonCode: (id: number) => number;
  constructor(readonly t: Trace, readonly rows: TableRows) {
    this.event = rows.col("event");
    this.time = rows.col("time_ns");
    this.goid = rows.col("goid");
    this.from = rows.col("from_state");
    this.to = rows.col("to_state");
    this.reason = rows.col("reason");
    this.stack = rows.col("stack_id");
    this.tstack = rows.col("transition_stack_id");
    this.by = rows.col("by_goid");
    this.proc = rows.col("proc");
    this.thread = rows.col("thread");
    this.fromCode = GO_STATES.map((s) => rows.code(rows.index("from_state"), s));
    this.toCode = GO_STATES.map((s) => rows.code(rows.index("to_state"), s));
    this.reasonCode = rows.keyed("reason", (id) => t.string(id));
  }
  add(b: EventBlock, j: number, g: number, from: number, to: number): void {
    const r = this.rows.row(), t = this.t;
    this.event[r] = b.first + j;
    this.time[r] = b.time[j];
    this.goid[r] = t.gId[g];
    this.from[r] = this.fromCode[from];
    this.to[r] = this.toCode[to];
    this.reason[r] = this.reasonCode(transitionReason(b, j));
    this.stack[r] = stackOrNull(b.stack[j]);
    this.tstack[r] = stackOrNull(transitionStack(b, j));
    this.by[r] = idOrNull(goroutineAt(t, b, j));
    this.proc[r] = idOrNull(procAt(t, b, j));
    this.thread[r] = idOrNull(threadAt(t, b, j));
  }
}

// A goroutine's stays, written when each ends (the next transition is in the future of
// the one that began it, so the pass keeps one open stay per goroutine): SQL then needs
// no window over the transitions to find where time went.
class Stays {
  readonly #open: Uint8Array;
  readonly #state: Uint8Array;
  readonly #start: Float64Array;
  readonly #reason: Uint32Array;
  readonly #stack: Float64Array;
  readonly #c: Record<string, Float64Array>;
  readonly #stateCode: number[];
  readonly #reasonCode: (id: number) => number;
  constructor(readonly t: Trace, readonly rows: TableRows) {
    const n = t.gId.length;
    this.#open = new Uint8Array(n);
    this.#state = new Uint8Array(n);
    this.#start = new Float64Array(n);
    this.#reason = new Uint32Array(n);
    this.#stack = new Float64Array(n);
    this.#c = Object.fromEntries(
      ["goid", "state", "reason", "stack_id", "start_ns", "end_ns", "duration_ns", "open_at_end"]
        .map((c) => [c, rows.col(c)]),
    );
    this.#stateCode = GO_STATES.map((s) => rows.code(rows.index("state"), s));
    this.#reasonCode = rows.keyed("reason", (id) => t.string(id));
  }
  transition(b: EventBlock, j: number, g: number, from: number, to: number): void {
    const time = b.time[j];
    if (this.#open[g]) this.#emit(g, time, false);
    this.#open[g] = 1;
    this.#state[g] = to;
    this.#start[g] = from === GoState.Undetermined ? this.t.blocks[b.index].startTime : time;
    this.#reason[g] = transitionReason(b, j);
    this.#stack[g] = stackOrNull(b.stack[j]);
  }
  #emit(g: number, end: number, open: boolean): void {
    const r = this.rows.row(), c = this.#c;
    c.goid[r] = this.t.gId[g];
    c.state[r] = this.#stateCode[this.#state[g]];
    c.reason[r] = this.#reasonCode(this.#reason[g]);
    c.stack_id[r] = this.#stack[g];
    c.start_ns[r] = this.#start[g];
    c.end_ns[r] = end;
    c.duration_ns[r] = end - this.#start[g];
    c.open_at_end[r] = open ? 1 : 0;
  }
  /** The stays still open: they end with the trace (its last generation's end). */
  finish(): void {
    const blocks = this.t.blocks;
    if (blocks.length === 0) return;
    let end = -Infinity;
    for (const info of blocks) end = Math.max(end, info.endTime);
    for (let g = 0; g < this.#open.length; g++) if (this.#open[g]) this.#emit(g, end, true);
  }
}

class ProcTransitions {
  readonly #c: Float64Array[];
  readonly #from: number[];
  readonly #to: number[];
  constructor(readonly t: Trace, readonly rows: TableRows) {
    this.#c = ["event", "time_ns", "proc", "from_state", "to_state", "thread", "goid"].map((n) =>
      rows.col(n)
    );
    this.#from = PROC_STATES.map((s) => rows.code(rows.index("from_state"), s));
    this.#to = PROC_STATES.map((s) => rows.code(rows.index("to_state"), s));
  }
  add(b: EventBlock, j: number): void {
    const from = transitionFrom(b, j), to = transitionTo(b, j);
    if (from === to) return;
    const t = this.t, r = this.rows.row();
    const [event, time, proc, fromC, toC, thread, goid] = this.#c;
    event[r] = b.first + j;
    time[r] = b.time[j];
    proc[r] = t.pId[transitionResource(b, j)];
    fromC[r] = this.#from[from];
    toC[r] = this.#to[to];
    thread[r] = idOrNull(threadAt(t, b, j));
    goid[r] = idOrNull(goroutineAt(t, b, j));
  }
}

/** Tasks by index: Go's summary mentions a task on its events, regions and logs. */
class Tasks {
  readonly mentioned: Uint8Array;
  readonly order: number[] = [];
  readonly type: Uint32Array;
  readonly parent: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly startG: Float64Array;
  readonly endG: Float64Array;
  readonly startStack: Uint32Array;
  readonly endStack: Uint32Array;
  constructor(readonly t: Trace, readonly rows: TableRows) {
    const n = t.taskId.length;
    this.mentioned = new Uint8Array(n);
    this.type = new Uint32Array(n);
    this.parent = new Int32Array(n).fill(-1);
    this.start = new Float64Array(n).fill(NULL);
    this.end = new Float64Array(n).fill(NULL);
    this.startG = new Float64Array(n).fill(NULL);
    this.endG = new Float64Array(n).fill(NULL);
    this.startStack = new Uint32Array(n);
    this.endStack = new Uint32Array(n);
  }
  mention(ti: number): void {
    if (!this.mentioned[ti]) {
      this.mentioned[ti] = 1;
      this.order.push(ti);
    }
  }
  task(b: EventBlock, j: number): void {
    const ti = taskAt(b, j), t = this.t;
    this.mention(ti);
    this.type[ti] = annotationTypeAt(b, j);
    const g = idOrNull(goroutineAt(t, b, j));
    if (b.type[j] === Ev.UserTaskBegin) {
      this.start[ti] = b.time[j];
      this.startG[ti] = g;
      this.startStack[ti] = b.stack[j];
    } else {
      this.end[ti] = b.time[j];
      this.endG[ti] = g;
      this.endStack[ti] = b.stack[j];
    }
    const parent = taskParentAt(b, j);
    // Go: a parent other than NoTask, set once.
    if (t.taskId[parent] !== -1 && this.parent[ti] < 0) {
      this.parent[ti] = parent;
      this.mention(parent);
    }
  }
  finish(): void {
    const t = this.t, rows = this.rows;
    const id = rows.col("task_id"), type = rows.col("type"), parent = rows.col("parent_id");
    const start = rows.col("start_ns"), end = rows.col("end_ns"), dur = rows.col("duration_ns");
    const sg = rows.col("start_goid"), eg = rows.col("end_goid");
    const ss = rows.col("start_stack_id"), es = rows.col("end_stack_id");
    const typeCode = rows.keyed("type", (s) => t.string(s));
    for (const ti of this.order) {
      const r = rows.row();
      id[r] = t.taskId[ti];
      type[r] = typeCode(this.type[ti]);
      parent[r] = this.parent[ti] < 0 ? NULL : t.taskId[this.parent[ti]];
      start[r] = this.start[ti];
      end[r] = this.end[ti];
      dur[r] = this.end[ti] - this.start[ti]; // NaN unless both are known
      sg[r] = this.startG[ti];
      eg[r] = this.endG[ti];
      ss[r] = stackOrNull(this.startStack[ti]);
      es[r] = stackOrNull(this.endStack[ti]);
    }
  }
}

/** Open regions per goroutine: a stack through `next`, slots reused. */
class Regions {
  #head: Int32Array;
  #next: number[] = [];
  #start: number[] = [];
  #type: number[] = [];
  #task: number[] = [];
  #stack: number[] = [];
  #depth: number[] = [];
  #free: number[] = [];
  readonly #c: Record<string, Float64Array>;
  readonly #typeCode: (id: number) => number;
  constructor(readonly t: Trace, readonly rows: TableRows) {
    this.#head = new Int32Array(t.gId.length).fill(-1);
    const names = ["goid", "task_id", "type", "start_ns", "end_ns", "duration_ns", "depth"];
    this.#c = Object.fromEntries(
      [...names, "start_stack_id", "end_stack_id"].map((n) => [n, rows.col(n)]),
    );
    this.#typeCode = rows.keyed("type", (id) => t.string(id));
  }
  begin(g: number, b: EventBlock, j: number): void {
    const s = this.#free.pop() ?? this.#next.length;
    const head = this.#head[g];
    this.#next[s] = head;
    this.#start[s] = b.time[j];
    this.#type[s] = annotationTypeAt(b, j);
    this.#task[s] = taskAt(b, j);
    this.#stack[s] = b.stack[j];
    this.#depth[s] = head < 0 ? 0 : this.#depth[head] + 1;
    this.#head[g] = s;
  }
  /** Closes the innermost open region (Go's quirk: whatever its type); false if none. */
  end(g: number, b: EventBlock, j: number): boolean {
    const s = this.#head[g];
    if (s < 0) {
      this.#row(g, NULL, annotationTypeAt(b, j), taskAt(b, j), 0, 0, b.time[j], b.stack[j]);
      return false;
    }
    this.#pop(g, s, b.time[j], b.stack[j]);
    return true;
  }
  /** The goroutine ended: its open regions end with it (Go's finalize). */
  closeAll(g: number, b: EventBlock, j: number): void {
    for (let s = this.#head[g]; s >= 0; s = this.#head[g]) this.#pop(g, s, b.time[j], 0);
  }
  /** A goroutine (re)created: Go starts a new summary, dropping what was open. */
  reset(g: number): void {
    for (let s = this.#head[g]; s >= 0; s = this.#next[s]) this.#free.push(s);
    this.#head[g] = -1;
  }
  finish(): void {
    for (let g = 0; g < this.#head.length; g++) {
      while (this.#head[g] >= 0) this.#pop(g, this.#head[g], NULL, 0);
    }
  }
  #pop(g: number, s: number, end: number, endStack: number): void {
    this.#head[g] = this.#next[s];
    this.#row(
      g,
      this.#start[s],
      this.#type[s],
      this.#task[s],
      this.#stack[s],
      this.#depth[s],
      end,
      endStack,
    );
    this.#free.push(s);
  }
  #row(
    g: number,
    start: number,
    type: number,
    task: number,
    startStack: number,
    depth: number,
    end: number,
    endStack: number,
  ): void {
    const c = this.#c, r = this.rows.row(), t = this.t;
    c.goid[r] = t.gId[g];
    c.task_id[r] = idOrNull(t.taskId[task]);
    c.type[r] = this.#typeCode(type);
    c.start_ns[r] = start;
    c.end_ns[r] = end;
    c.duration_ns[r] = end - start;
    c.depth[r] = depth;
    c.start_stack_id[r] = stackOrNull(startStack);
    c.end_stack_id[r] = stackOrNull(endStack);
  }
}

class Logs {
  readonly #c: Float64Array[];
  readonly #cat: (id: number) => number;
  readonly #msg: (id: number) => number;
  constructor(readonly t: Trace, readonly rows: TableRows) {
    this.#c = ["event", "time_ns", "goid", "task_id", "category", "message", "stack_id"].map((n) =>
      rows.col(n)
    );
    this.#cat = rows.keyed("category", (id) => t.string(id));
    this.#msg = rows.keyed("message", (id) => t.string(id));
  }
  add(b: EventBlock, j: number): void {
    const t = this.t, r = this.rows.row();
    const [event, time, goid, task, cat, msg, stack] = this.#c;
    event[r] = b.first + j;
    time[r] = b.time[j];
    goid[r] = idOrNull(goroutineAt(t, b, j));
    task[r] = idOrNull(t.taskId[taskAt(b, j)]);
    cat[r] = this.#cat(logCategory(b, j));
    msg[r] = this.#msg(logMessage(b, j));
    stack[r] = stackOrNull(b.stack[j]);
  }
}

class Samples {
  readonly #c: Float64Array[];
  constructor(readonly t: Trace, readonly rows: TableRows) {
    this.#c = ["time_ns", "goid", "proc", "thread", "stack_id"].map((n) => rows.col(n));
  }
  add(b: EventBlock, j: number): void {
    const t = this.t, r = this.rows.row();
    const [time, goid, proc, thread, stack] = this.#c;
    time[r] = b.time[j];
    goid[r] = idOrNull(goroutineAt(t, b, j));
    proc[r] = idOrNull(procAt(t, b, j));
    thread[r] = idOrNull(threadAt(t, b, j));
    stack[r] = b.stack[j];
  }
}

class Metrics {
  readonly #c: Float64Array[];
  readonly #names: Map<number, number>;
  constructor(readonly t: Trace, readonly rows: TableRows) {
    this.#c = ["time_ns", "name", "value", "goid"].map((n) => rows.col(n));
    const k = rows.index("name");
    this.#names = new Map(
      Object.entries(METRIC_NAMES).map(([typ, name]) => [Number(typ), rows.code(k, name)]),
    );
  }
  add(b: EventBlock, j: number): void {
    const r = this.rows.row();
    const [time, name, value, goid] = this.#c;
    time[r] = b.time[j];
    name[r] = this.#names.get(b.type[j])!;
    value[r] = metricNumber(b, j);
    goid[r] = idOrNull(goroutineAt(this.t, b, j));
  }
}

// Range kinds and their open state: GC and STW are global, sweeps per proc, assists per
// goroutine (Go's Event.Range scopes).
const GC = 0, STW = 1, SWEEP = 2, ASSIST = 3;
const KIND_NAMES = ["gc", "stw", "sweep", "assist"];
const BEGIN = 0, ACTIVE = 1, END = 2;
const RANGE_OF = new Map<number, [number, number]>([
  [Ev.GCBegin, [GC, BEGIN]],
  [Ev.GCActive, [GC, ACTIVE]],
  [Ev.GCEnd, [GC, END]],
  [Ev.STWBegin, [STW, BEGIN]],
  [Ev.STWEnd, [STW, END]],
  [Ev.GCSweepBegin, [SWEEP, BEGIN]],
  [Ev.GCSweepActive, [SWEEP, ACTIVE]],
  [Ev.GCSweepEnd, [SWEEP, END]],
  [Ev.GCMarkAssistBegin, [ASSIST, BEGIN]],
  [Ev.GCMarkAssistActive, [ASSIST, ACTIVE]],
  [Ev.GCMarkAssistEnd, [ASSIST, END]],
]);

class Ranges {
  // Open ranges by slot: 0 GC, 1 STW, 2.. sweeps by proc index, then assists by goroutine.
  readonly #open: Uint8Array;
  readonly #start: Float64Array;
  readonly #stack: Uint32Array;
  readonly #stw: Uint32Array;
  readonly #goid: Float64Array;
  readonly #proc: Float64Array;
  readonly #c: Record<string, Float64Array>;
  readonly #name: number[];
  readonly #kind: number[];
  readonly #stwName: (id: number) => number;
  readonly #sweepBase = 2;
  readonly #assistBase: number;
  constructor(readonly t: Trace, readonly rows: TableRows, nG: number, nP: number) {
    const n = 2 + nP + nG;
    this.#assistBase = 2 + nP;
    this.#open = new Uint8Array(n);
    this.#start = new Float64Array(n);
    this.#stack = new Uint32Array(n);
    this.#stw = new Uint32Array(n);
    this.#goid = new Float64Array(n);
    this.#proc = new Float64Array(n);
    const cols = ["name", "kind", "start_ns", "end_ns", "duration_ns", "goid", "proc"];
    this.#c = Object.fromEntries(
      [...cols, "swept_bytes", "reclaimed_bytes", "start_stack_id"].map((c) => [c, rows.col(c)]),
    );
    const kName = rows.index("name");
    this.#name = ["GC concurrent mark phase", "", "GC incremental sweep", "GC mark assist"].map(
      (s) => rows.code(kName, s),
    );
    this.#kind = KIND_NAMES.map((s) => rows.code(rows.index("kind"), s));
    this.#stwName = rows.keyed("name", (id) => `stop-the-world (${t.string(id)})`);
  }
  event(b: EventBlock, j: number, typ: number): void {
    const r = RANGE_OF.get(typ);
    if (!r) return;
    const [kind, what] = r, t = this.t;
    let slot: number, goid = idOrNull(goroutineAt(t, b, j)), proc = idOrNull(procAt(t, b, j));
    switch (kind) {
      case SWEEP: {
        // Active names its proc; Begin and End are on it.
        const p = typ === Ev.GCSweepActive ? sweepProc(b, j) : t.ctxP[b.ctx[j]];
        slot = this.#sweepBase + p;
        proc = idOrNull(t.pId[p]);
        break;
      }
      case ASSIST: {
        const g = typ === Ev.GCMarkAssistActive ? assistGoroutine(b, j) : gIndexAt(t, b, j);
        slot = this.#assistBase + g;
        goid = idOrNull(t.gId[g]);
        break;
      }
      default:
        slot = kind;
    }
    if (what === END) {
      const open = this.#open[slot] === 1;
      let swept = NULL, reclaimed = NULL;
      if (typ === Ev.GCSweepEnd) {
        const r = sweepResult(b, j);
        swept = Number(r.swept);
        reclaimed = Number(r.reclaimed);
      }
      this.#row(
        kind,
        open ? this.#start[slot] : NULL,
        b.time[j],
        open ? this.#stack[slot] : 0,
        kind === STW ? stwKind(b, j) : 0,
        goid,
        proc,
        swept,
        reclaimed,
      );
      this.#open[slot] = 0;
      return;
    }
    if (this.#open[slot]) return; // Active: still the range already open.
    this.#open[slot] = 1;
    // Active at a generation's start without one open: it began before the trace.
    this.#start[slot] = what === BEGIN ? b.time[j] : NULL;
    this.#stack[slot] = what === BEGIN ? b.stack[j] : 0;
    this.#stw[slot] = kind === STW ? stwKind(b, j) : 0;
    this.#goid[slot] = goid;
    this.#proc[slot] = proc;
  }
  finish(): void {
    for (let slot = 0; slot < this.#open.length; slot++) {
      if (!this.#open[slot]) continue;
      const kind = slot < 2 ? slot : slot < this.#assistBase ? SWEEP : ASSIST;
      this.#row(
        kind,
        this.#start[slot],
        NULL,
        this.#stack[slot],
        this.#stw[slot],
        this.#goid[slot],
        this.#proc[slot],
        NULL,
        NULL,
      );
    }
  }
  #row(
    kind: number,
    start: number,
    end: number,
    stack: number,
    stw: number,
    goid: number,
    proc: number,
    swept: number,
    reclaimed: number,
  ): void {
    const c = this.#c, r = this.rows.row();
    c.name[r] = kind === STW ? this.#stwName(stw) : this.#name[kind];
    c.kind[r] = this.#kind[kind];
    c.start_ns[r] = start;
    c.end_ns[r] = end;
    c.duration_ns[r] = end - start;
    c.goid[r] = goid;
    c.proc[r] = proc;
    c.swept_bytes[r] = swept;
    c.reclaimed_bytes[r] = reclaimed;
    c.start_stack_id[r] = stackOrNull(stack);
  }
}
