// The v2 wire-format event spec table (Go's internal/trace/tracev2/events.go), indexed by
// event type byte 0..136. Pure data so the wasm-free -d=wire printer, its parser and the
// test converters can share it; no runtime-specific APIs here.

export interface V2EventSpec {
  /** Go's name; "" for the unused ids 0 and 53..127. */
  readonly name: string;
  /** Argument names in wire order; the stack's frames and the data trailer are extra. */
  readonly args: readonly string[];
  /** A timed event: first arg is a timestamp delta, surfaced by the reader. */
  readonly isTimed: boolean;
  /** Followed by uvarint length + that many raw bytes. */
  readonly hasData: boolean;
  /** Followed by 4 uvarints (pc, func, file, line) per frame; nframes is args[1]. */
  readonly isStack: boolean;
  /** For an end/active event, the type id of its begin event; 0 if none. */
  readonly startEv: number;
  /** Args that are stack ids; the first one is the event's own stack. */
  readonly stackIds: readonly number[];
  /** Args that are string ids. */
  readonly stringIds: readonly number[];
  /** Experiment id (0 = none, 1 = AllocFree). */
  readonly experiment: number;
}

/** Experiment names by id, as Go's tracev2.Experiments(). */
export const V2_EXPERIMENTS: readonly string[] = ["None", "AllocFree"];

/** First experimental id is MAX_EVENT + 1; ids between the last stable event and it are unused. */
export const V2_MAX_EVENT = 127;

type SpecInit = Partial<Omit<V2EventSpec, "name">>;

const TIMED: SpecInit = { isTimed: true };
const ALLOC_FREE: SpecInit = { isTimed: true, experiment: 1 };

// [id, name, extra] rows in Go's declaration order; ids are the EvXxx constants.
const ROWS: readonly (readonly [number, string, SpecInit])[] = [
  // Structural events.
  [1, "EventBatch", { args: ["gen", "m", "time", "size"] }],
  [2, "Stacks", {}],
  [3, "Stack", { args: ["id", "nframes"], isStack: true }],
  [4, "Strings", {}],
  [5, "String", { args: ["id"], hasData: true }],
  [6, "CPUSamples", {}],
  // Timestamped, but only in the CPU-sample section, so not "timed" in Go's sense.
  [7, "CPUSample", { args: ["time", "m", "p", "g", "stack"], stackIds: [4] }],
  [8, "Frequency", { args: ["freq"] }],
  // Procs.
  [9, "ProcsChange", { ...TIMED, args: ["dt", "procs_value", "stack"], stackIds: [2] }],
  [10, "ProcStart", { ...TIMED, args: ["dt", "p", "p_seq"] }],
  [11, "ProcStop", { ...TIMED, args: ["dt"] }],
  [12, "ProcSteal", { ...TIMED, args: ["dt", "p", "p_seq", "m"] }],
  [13, "ProcStatus", { ...TIMED, args: ["dt", "p", "pstatus"] }],
  // Goroutines.
  [14, "GoCreate", { ...TIMED, args: ["dt", "new_g", "new_stack", "stack"], stackIds: [3, 2] }],
  [15, "GoCreateSyscall", { ...TIMED, args: ["dt", "new_g"] }],
  [16, "GoStart", { ...TIMED, args: ["dt", "g", "g_seq"] }],
  [17, "GoDestroy", { ...TIMED, args: ["dt"] }],
  [18, "GoDestroySyscall", { ...TIMED, args: ["dt"] }],
  [19, "GoStop", {
    ...TIMED,
    args: ["dt", "reason_string", "stack"],
    stackIds: [2],
    stringIds: [1],
  }],
  [20, "GoBlock", {
    ...TIMED,
    args: ["dt", "reason_string", "stack"],
    stackIds: [2],
    stringIds: [1],
  }],
  [21, "GoUnblock", { ...TIMED, args: ["dt", "g", "g_seq", "stack"], stackIds: [3] }],
  [22, "GoSyscallBegin", { ...TIMED, args: ["dt", "p_seq", "stack"], stackIds: [2] }],
  [23, "GoSyscallEnd", { ...TIMED, args: ["dt"], startEv: 22 }],
  [24, "GoSyscallEndBlocked", { ...TIMED, args: ["dt"], startEv: 22 }],
  [25, "GoStatus", { ...TIMED, args: ["dt", "g", "m", "gstatus"] }],
  // STW.
  [26, "STWBegin", {
    ...TIMED,
    args: ["dt", "kind_string", "stack"],
    stackIds: [2],
    stringIds: [1],
  }],
  [27, "STWEnd", { ...TIMED, args: ["dt"], startEv: 26 }],
  // GC.
  [28, "GCActive", { ...TIMED, args: ["dt", "gc_seq"], startEv: 29 }],
  [29, "GCBegin", { ...TIMED, args: ["dt", "gc_seq", "stack"], stackIds: [2] }],
  [30, "GCEnd", { ...TIMED, args: ["dt", "gc_seq"], startEv: 29 }],
  [31, "GCSweepActive", { ...TIMED, args: ["dt", "p"], startEv: 32 }],
  [32, "GCSweepBegin", { ...TIMED, args: ["dt", "stack"], stackIds: [1] }],
  [33, "GCSweepEnd", { ...TIMED, args: ["dt", "swept_value", "reclaimed_value"], startEv: 32 }],
  [34, "GCMarkAssistActive", { ...TIMED, args: ["dt", "g"], startEv: 35 }],
  [35, "GCMarkAssistBegin", { ...TIMED, args: ["dt", "stack"], stackIds: [1] }],
  [36, "GCMarkAssistEnd", { ...TIMED, args: ["dt"], startEv: 35 }],
  [37, "HeapAlloc", { ...TIMED, args: ["dt", "heapalloc_value"] }],
  [38, "HeapGoal", { ...TIMED, args: ["dt", "heapgoal_value"] }],
  // Annotations.
  [39, "GoLabel", { ...TIMED, args: ["dt", "label_string"], stringIds: [1] }],
  [40, "UserTaskBegin", {
    ...TIMED,
    args: ["dt", "task", "parent_task", "name_string", "stack"],
    stackIds: [4],
    stringIds: [3],
  }],
  [41, "UserTaskEnd", { ...TIMED, args: ["dt", "task", "stack"], stackIds: [2] }],
  [42, "UserRegionBegin", {
    ...TIMED,
    args: ["dt", "task", "name_string", "stack"],
    stackIds: [3],
    stringIds: [2],
  }],
  [43, "UserRegionEnd", {
    ...TIMED,
    args: ["dt", "task", "name_string", "stack"],
    startEv: 42,
    stackIds: [3],
    stringIds: [2],
  }],
  [44, "UserLog", {
    ...TIMED,
    args: ["dt", "task", "key_string", "value_string", "stack"],
    stackIds: [4],
    stringIds: [2, 3],
  }],
  // Go 1.23: coroutines, GoStatus with a stack, experimental batches.
  [45, "GoSwitch", { ...TIMED, args: ["dt", "g", "g_seq"] }],
  [46, "GoSwitchDestroy", { ...TIMED, args: ["dt", "g", "g_seq"] }],
  [47, "GoCreateBlocked", {
    ...TIMED,
    args: ["dt", "new_g", "new_stack", "stack"],
    stackIds: [3, 2],
  }],
  [48, "GoStatusStack", { ...TIMED, args: ["dt", "g", "m", "gstatus", "stack"], stackIds: [4] }],
  // hasData: the batch payload is modelled as the event's data trailer.
  [49, "ExperimentalBatch", { args: ["exp", "gen", "m", "time"], hasData: true }],
  // Go 1.25: sync batches.
  [50, "Sync", {}],
  [51, "ClockSnapshot", { ...TIMED, args: ["dt", "mono", "sec", "nsec"] }],
  // Go 1.26: in-band end of generation.
  [52, "EndOfGeneration", {}],
  // Experimental events (AllocFree), ids MAX_EVENT+1...
  [128, "Span", { ...ALLOC_FREE, args: ["dt", "id", "npages_value", "kindclass"] }],
  [129, "SpanAlloc", { ...ALLOC_FREE, args: ["dt", "id", "npages_value", "kindclass"] }],
  [130, "SpanFree", { ...ALLOC_FREE, args: ["dt", "id"] }],
  [131, "HeapObject", { ...ALLOC_FREE, args: ["dt", "id", "type"] }],
  [132, "HeapObjectAlloc", { ...ALLOC_FREE, args: ["dt", "id", "type"] }],
  [133, "HeapObjectFree", { ...ALLOC_FREE, args: ["dt", "id"] }],
  [134, "GoroutineStack", { ...ALLOC_FREE, args: ["dt", "id", "order"] }],
  [135, "GoroutineStackAlloc", { ...ALLOC_FREE, args: ["dt", "id", "order"] }],
  [136, "GoroutineStackFree", { ...ALLOC_FREE, args: ["dt", "id"] }],
];

function makeSpec(name: string, init: SpecInit): V2EventSpec {
  return Object.freeze({
    name,
    args: Object.freeze([...(init.args ?? [])]),
    isTimed: init.isTimed ?? false,
    hasData: init.hasData ?? false,
    isStack: init.isStack ?? false,
    startEv: init.startEv ?? 0,
    stackIds: Object.freeze([...(init.stackIds ?? [])]),
    stringIds: Object.freeze([...(init.stringIds ?? [])]),
    experiment: init.experiment ?? 0,
  });
}

function buildTable(): readonly V2EventSpec[] {
  const last = ROWS[ROWS.length - 1][0];
  const empty = makeSpec("", {});
  const table: V2EventSpec[] = new Array(last + 1).fill(empty);
  for (const [id, name, init] of ROWS) table[id] = makeSpec(name, init);
  return Object.freeze(table);
}

/** All 137 specs (ids 0..136), as Go's tracev2.Specs(). */
export const V2_SPECS: readonly V2EventSpec[] = buildTable();

// Table length per header version (Go's version.versions): each release appends events.
const SPEC_COUNT_BY_VERSION: readonly (readonly [number, number])[] = [
  [11, 0], // 1.11-1.21 are v1 traces: valid versions without a v2 table.
  [19, 0],
  [21, 0],
  [22, 45], // up to UserLog
  [23, 50], // up to ExperimentalBatch
  [25, 52], // up to ClockSnapshot
  [26, V2_SPECS.length],
];

const SPECS_BY_VERSION: ReadonlyMap<number, readonly V2EventSpec[]> = new Map(
  SPEC_COUNT_BY_VERSION.map(([v, count]) => [v, Object.freeze(V2_SPECS.slice(0, count))]),
);

/**
 * The specs Go allows for trace header version `v` (the N of "go 1.N trace"), indexed by
 * type id. Empty for the v1 versions 11, 19 and 21; undefined for versions Go rejects.
 */
export function specsForVersion(v: number): readonly V2EventSpec[] | undefined {
  return SPECS_BY_VERSION.get(v);
}

/** Name -> type id for a version's specs (Go's tracev2.EventNames), skipping unused ids. */
export function eventIdsByName(specs: readonly V2EventSpec[]): Map<string, number> {
  const ids = new Map<string, number>();
  specs.forEach((spec, id) => {
    if (spec.name !== "") ids.set(spec.name, id);
  });
  return ids;
}
