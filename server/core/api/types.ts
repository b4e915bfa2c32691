// The public API's types (mod.ts re-exports them): plain data a caller can keep, log or
// send to another thread. Times are nanoseconds since the trace's first event (numbers,
// exact below 2^53 ns, about 104 days); `Trace.baseTime` is that event's absolute time.
// Ids are Go's (goroutine, proc, thread, task); -1 stands for "none". No Deno APIs.

/** What a trace can be opened from. A `Blob` (a browser's `File`) is read on demand. */
export type TraceInput = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

/** Options of {@linkcode openTrace}. */
export interface OpenOptions {
  /** Called now and then while the trace is read, with bytes read and the total. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /**
   * Bytes of decoded events kept in memory (default 1 GiB). A trace whose events take
   * more is held a generation at a time; a generation not in memory is decoded again
   * from the input when a question needs it.
   */
  cacheBytes?: number;
  /**
   * Read a big Go 1.22+ trace on two cores with a Web Worker (default true where the
   * runtime has `Worker`; a trace under ~170 MB is read on one core anyway).
   */
  parallel?: boolean;
}

/** The kinds of {@linkcode TraceEvent}, as Go's `trace.EventKind` names them. */
export type EventKind =
  | "Bad"
  | "Sync"
  | "Metric"
  | "Label"
  | "StackSample"
  | "RangeBegin"
  | "RangeActive"
  | "RangeEnd"
  | "TaskBegin"
  | "TaskEnd"
  | "RegionBegin"
  | "RegionEnd"
  | "Log"
  | "StateTransition"
  | "Experimental";

/** One frame of a stack (Go's `trace.StackFrame`). */
export interface StackFrame {
  /** Program counter. */
  pc: bigint;
  /** Function name, e.g. `main.main`. */
  func: string;
  /** Source file. */
  file: string;
  /** Line in the source file. */
  line: number;
}

/** A goroutine's or a proc's change of state (Go's `trace.StateTransition`). */
export interface StateTransition {
  /** Whose state changed. */
  resource: "goroutine" | "proc";
  /** The goroutine's or proc's id. */
  id: number;
  /** State before: for goroutines `Undetermined`, `NotExist`, `Runnable`, `Running`, `Waiting`, `Syscall`; for procs `Undetermined`, `NotExist`, `Running`, `Idle`. */
  from: string;
  /** State after (same names as `from`). */
  to: string;
  /** Why, for goroutines that stop or block (e.g. `chan receive`); "" otherwise. */
  reason: string;
  /** The stack of the transition (for a goroutine's creation, where it starts). */
  stack: StackFrame[];
}

/** What a range is scoped to (Go's `trace.ResourceID`). */
export interface RangeScope {
  /** The kind of resource, or "none" for a range of the whole program (GC). */
  kind: "goroutine" | "proc" | "none";
  /** Its id (-1 for "none"). */
  id: number;
}

/** A range: GC, stop-the-world, sweep, mark assist (Go's `trace.Range`). */
export interface EventRange {
  /** Go's name, e.g. `GC concurrent mark phase`, `stop-the-world (read mem stats)`. */
  name: string;
  /** What the range belongs to. */
  scope: RangeScope;
  /** Attributes a RangeEnd carries (a sweep's bytes swept and reclaimed). */
  attributes: { name: string; value: bigint }[];
}

/** A user task's begin or end (Go's `trace.Task`). */
export interface EventTask {
  /** Task id. */
  id: number;
  /** Parent task id (-1: none). */
  parent: number;
  /** Task type, as given to `trace.NewTask`. */
  type: string;
}

/** A user region's begin or end (Go's `trace.Region`). */
export interface EventRegion {
  /** Task id (-1: none). */
  task: number;
  /** Region type, as given to `trace.WithRegion` / `trace.StartRegion`. */
  type: string;
}

/** A user log message (Go's `trace.Log`). */
export interface EventLog {
  /** Task id (-1: none). */
  task: number;
  /** Category, as given to `trace.Log`. */
  category: string;
  /** The message. */
  message: string;
}

/** A goroutine label (Go's `trace.Label`). */
export interface EventLabel {
  /** The label. */
  label: string;
  /** The goroutine it labels. */
  goroutine: number;
}

/** A metric sample (Go's `trace.Metric`). */
export interface EventMetric {
  /** Go's metric name, e.g. `/memory/classes/heap/objects:bytes`. */
  name: string;
  /** Its value. */
  value: bigint;
}

/** A generation boundary (Go's `trace.Sync`). */
export interface EventSync {
  /** 1 for the first Sync of the trace, then 2, … */
  n: number;
  /** The clocks at the boundary, when the trace records them (Go 1.25+). */
  clock?: { trace: bigint; mono: bigint; wall: { sec: bigint; nsec: bigint } };
}

/** An event of an experimental batch (Go's `trace.ExperimentalEvent`). */
export interface EventExperimental {
  /** The event's name. */
  name: string;
  /** Its arguments by name. */
  args: Record<string, bigint>;
}

/**
 * One trace event, as Go's `trace.Event` offers it: kind, time, the goroutine, proc and
 * thread it happened on, its stack, and the field of its kind.
 */
export interface TraceEvent {
  /** What kind of event. */
  kind: EventKind;
  /** Index of the event in the trace (0-based). */
  index: number;
  /** Nanoseconds since the trace's first event. */
  time: number;
  /** Goroutine id in context (-1: none). */
  goroutine: number;
  /** Proc (P) id in context (-1: none). */
  proc: number;
  /** Thread (M) id in context (-1: none). */
  thread: number;
  /** The event's stack, leaf first (empty when it has none). */
  stack: StackFrame[];
  /** For kind StateTransition. */
  transition?: StateTransition;
  /** For kinds RangeBegin, RangeActive, RangeEnd. */
  range?: EventRange;
  /** For kinds TaskBegin, TaskEnd. */
  task?: EventTask;
  /** For kinds RegionBegin, RegionEnd. */
  region?: EventRegion;
  /** For kind Log. */
  log?: EventLog;
  /** For kind Label. */
  label?: EventLabel;
  /** For kind Metric. */
  metric?: EventMetric;
  /** For kind Sync. */
  sync?: EventSync;
  /** For kind Experimental. */
  experimental?: EventExperimental;
}

/** Where a goroutine's or region's time went (Go's `trace.GoroutineExecStats`), in ns. */
export interface ExecStats {
  /** Running. */
  execTime: number;
  /** Runnable, waiting for a P. */
  schedWaitTime: number;
  /** Blocked, by reason ("" for a goroutine already blocked when the trace began). */
  blockTimeByReason: Record<string, number>;
  /** In a syscall. */
  syscallTime: number;
  /** In a syscall that blocked (its P taken away). */
  syscallBlockTime: number;
  /** Present in the trace (overlaps the others). */
  totalTime: number;
  /** In special ranges (`GC mark assist`, `stop-the-world (…)`, …; overlaps the others). */
  rangeTime: Record<string, number>;
}

/** A user region's summary (Go's `trace.UserRegionSummary`). */
export interface RegionSummary extends ExecStats {
  /** The goroutine it ran on. */
  goroutine: number;
  /** Task id (-1: none). */
  task: number;
  /** Region type ("" for the region a goroutine inherits from its creator's task). */
  type: string;
  /** When it began (null: before the trace). */
  startTime: number | null;
  /** When it ended (null: not in the trace). */
  endTime: number | null;
}

/** A goroutine's summary (Go's `trace.GoroutineSummary`). */
export interface GoroutineSummary extends ExecStats {
  /** Goroutine id. */
  id: number;
  /** Start function ("" if none was seen). */
  name: string;
  /** Program counter of the start function's frame (0 if none). */
  pc: number;
  /** When it was created. */
  creationTime: number;
  /** When it first ran (null: never). */
  startTime: number | null;
  /** When it ended or blocked for good (null: it did not). */
  endTime: number | null;
  /** Its regions, by start time. */
  regions: RegionSummary[];
}

/** A log message of a task. */
export interface TaskLog {
  /** When it was logged. */
  time: number;
  /** The goroutine that logged it (-1: none). */
  goroutine: number;
  /** Category. */
  category: string;
  /** The message. */
  message: string;
}

/** A user task's summary (Go's `trace.UserTaskSummary`). */
export interface TaskSummary {
  /** Task id. */
  id: number;
  /** Task type. */
  type: string;
  /** Parent task id (null: unknown). */
  parent: number | null;
  /** Ids of its child tasks. */
  children: number[];
  /** When it began (null: before the trace). */
  startTime: number | null;
  /** When it ended (null: not in the trace). */
  endTime: number | null;
  /** Ids of the goroutines that took part. */
  goroutines: number[];
  /** Its log messages, in order. */
  logs: TaskLog[];
  /** Its regions, in the order they began. */
  regions: RegionSummary[];
}

/** The profiles {@linkcode Trace.profile} writes. */
export type ProfileType = "net" | "sync" | "syscall" | "sched" | "cpu";

/** What counts towards the minimum mutator utilization (Go's `trace.UtilFlags`). */
export type MMUFlag = "perProc" | "stw" | "background" | "assist" | "sweep";

/** A point of the MMU curve. */
export interface MMUPoint {
  /** Window size in ns. */
  window: number;
  /** The lowest share of any window of that size left to the program (0–1). */
  utilization: number;
}

/** The debug outputs of `go tool trace -d=…`. */
export type DebugMode = "parsed" | "wire" | "footprint";

/** A parsed Go execution trace. Get one from {@linkcode openTrace}. */
export interface Trace {
  /** The Go version of the trace's format, e.g. "1.22". */
  readonly goVersion: string;
  /** The input's size in bytes. */
  readonly size: number;
  /** How many events were decoded. */
  readonly eventCount: number;
  /** Absolute time (ns) of the first event; every other time in this API counts from it. */
  readonly baseTime: bigint;
  /** Time of the last event of the complete part of the trace (ns since the first). */
  readonly duration: number;
  /**
   * Go's error message when the trace breaks off (a lost tail, a damaged file): the
   * events before it are kept, as `go tool trace` keeps them; undefined when whole.
   */
  readonly error: string | undefined;
  /** Every event in order, one object each. Stops (throwing) when `signal` aborts. */
  events(options?: { signal?: AbortSignal }): AsyncIterableIterator<TraceEvent>;
  /** The goroutine summaries, in order of first appearance (system goroutines too). */
  goroutines(): Promise<GoroutineSummary[]>;
  /** The user tasks, in order of first mention. */
  tasks(): Promise<TaskSummary[]>;
  /** The user regions of every goroutine, goroutine by goroutine. */
  regions(): Promise<RegionSummary[]>;
  /**
   * A profile as gzipped pprof bytes, equal to `go tool trace -pprof=TYPE` (`cpu`: the
   * CPU profiler's samples recorded in the trace). `group` limits a blocking profile to
   * the goroutines with that start function (as `/block?name=…` does).
   */
  profile(type: ProfileType, options?: { group?: string }): Promise<Uint8Array>;
  /**
   * The minimum mutator utilization curve at Go's 100 window sizes (as `/mmu` plots
   * it). `flags` say what takes time from the program: default stw, background,
   * assist and sweep (Go's page defaults); perProc computes it per P.
   */
  mmu(options?: { flags?: MMUFlag[] }): Promise<MMUPoint[]>;
  /**
   * The text `go tool trace -d=MODE` prints, byte for byte. With `write`, the text is
   * passed in chunks as it is made (memory stays flat) and the promise resolves to "".
   * `wire` and `footprint` need an input held in memory (not a Blob).
   */
  debug(mode: DebugMode, write?: (chunk: string) => void): Promise<string>;
}
