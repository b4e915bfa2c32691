// What the timeline's page (web/timeline/) and the server agree on: the boot data of /trace,
// the codes and column names of the window query's binary frames (server/core/timeline/
// query.ts writes them, web/timeline/data.ts reads them), and the JSON of the viewer's API
// (slice, instant, gap, selection, find). Times are ns since the trace's start.

// Codes that travel in the frames' columns.

/** Row categories of a lane, top to bottom (a lane's `rows`, "span.row"'s rows). */
export const RowCat = { Exec: 0, Syscall: 1, Range: 2, Region: 3 } as const;

/** Classes of slices ("span.cls"): their colours and the selection's totals. */
export const SliceClass = {
  Running: 0,
  Syscall: 1,
  MarkAssist: 2,
  STW: 3,
  Sweep: 4,
  GCMark: 5,
  Task: 6,
  Region: 7,
} as const;
export type SliceClassCode = (typeof SliceClass)[keyof typeof SliceClass];

/** What an instant marks ("inst.kind"). */
export const InstantKind = {
  ProcStart: 0,
  ProcStop: 1,
  CPUSample: 2,
  Log: 3,
  /** An unblock on the Network lane. */
  NetUnblock: 4,
  /** "exit blocked syscall" on the Syscalls lane. */
  SyscallExit: 5,
} as const;
export type InstantKindCode = (typeof InstantKind)[keyof typeof InstantKind];

export type LaneKind =
  | "proc"
  | "thread"
  | "goroutine"
  | "gc"
  | "network"
  | "timers"
  | "syscalls"
  | "task"
  | "other";

// The boot data of /trace.

/** Go's traceviewer.Range: a part of /jsontrace of about 100 MiB, linked from the overview. */
export interface SplitRange {
  name: string;
  start: number;
  end: number;
  startTime: number;
  endTime: number;
  /**
   * The time the range's events cover (ns): Go's start/end times are those of its first
   * and last events, which need not bracket the others (slices are written when they end).
   */
  spanStart: number;
  spanEnd: number;
}

export interface BootLane {
  name: string;
  kind: LaneKind;
  tid: number;
  /** Goroutine id of a goroutine lane (-1 otherwise). */
  goroutine: number;
  /** Row categories (RowCat), top to bottom. */
  rows: number[];
  instants: number;
}

/** A counter track: its name and the components stacked bottom to top. */
export interface BootCounter {
  name: string;
  fields: string[];
}

/** The parts of a big trace's timeline: the one shown, and every part's times. */
export interface BootParts {
  index: number;
  list: { name: string; t0: number; t1: number }[];
}

/** What the page needs before its first window query. */
export interface TimelineBoot {
  title: string;
  /** The view parameters every API call repeats. */
  query: string;
  mode: string;
  /** The times the view's events cover (a part of a big trace, or the whole: 0 to its end). */
  startTime: number;
  endTime: number;
  /**
   * A big trace's timeline is shown a part at a time (generations whose model fits the
   * memory budget): the part shown and every part's times, for navigating between them.
   */
  parts: BootParts | null;
  /** The trace's absolute start in ms (to read absolute "#start:end" hashes). */
  baseTimeMs: number;
  initial: { t0: number; t1: number };
  lanes: BootLane[];
  counters: BootCounter[];
  /** Go's split ranges, for navigating between them. */
  ranges: SplitRange[];
  focusGoroutine: number;
  /**
   * Where the ruler's 0 is (ns since the trace start): the start of the goroutine or task
   * a view is about, as Go's viewer counts from it; 0 for the whole trace.
   */
  origin: number;
  /** What the origin is ("G12 start", "task 3 start"; "" at the trace start). */
  originName: string;
}

// The window query's binary frame: a u32 length, a JSON header (WindowHeader), then 8-byte
// aligned typed-array columns named in the header's directory.

/** Element types of the frame's columns, by their name in the directory. */
export type WireType = "f64" | "u32" | "i32" | "u8";

/** The typed array of each element type. */
export interface WireArrays {
  f64: Float64Array;
  u32: Uint32Array;
  i32: Int32Array;
  u8: Uint8Array;
}
export type WireArray = WireArrays[WireType];
export type WireArrayOf<T> = T extends WireType ? WireArrays[T] : never;

/** A column in the frame's directory: its name, element type and place after the header. */
export interface WireColumn {
  key: string;
  type: WireType;
  /** Bytes from the end of the (padded) header. */
  offset: number;
  /** Elements. */
  length: number;
}

/** The window's spans (merged at the window's resolution), lane by lane and row by row. */
export const SPAN_COLUMNS = {
  /** View lane. */
  lane: "u32",
  row: "u32",
  start: "f64",
  end: "f64",
  /** Time covered by the slices merged into the span. */
  busy: "f64",
  /** Slices merged (1: a slice of the model). */
  count: "u32",
  /** Index in the header's names. */
  name: "u32",
  kind: "u8",
  /** SliceClass. */
  cls: "u8",
  /** Goroutine (-1: none). */
  g: "f64",
  /** Model: 0 the base, 1 the task overlay. */
  src: "u8",
  /** Slice index in its model (of one of the merged slices). */
  id: "u32",
} as const satisfies Record<string, WireType>;

/** The window's instants (merged at the window's resolution), lane by lane. */
export const INSTANT_COLUMNS = {
  lane: "u32",
  start: "f64",
  end: "f64",
  count: "u32",
  name: "u32",
  /** InstantKind. */
  kind: "u8",
  src: "u8",
  id: "u32",
} as const satisfies Record<string, WireType>;

/** Flow arrows between view lanes (-1: a lane not shown). */
export const ARROW_COLUMNS = {
  from: "i32",
  to: "i32",
  start: "f64",
  end: "f64",
  name: "u32",
  src: "u8",
  id: "u32",
} as const satisfies Record<string, WireType>;

/** The column groups of a frame: a column's name is "<group>.<field>". */
export const WIRE_GROUPS = {
  span: SPAN_COLUMNS,
  inst: INSTANT_COLUMNS,
  arrow: ARROW_COLUMNS,
} as const;
export type WireGroup = keyof typeof WIRE_GROUPS;
export type WireField<G extends WireGroup> = keyof (typeof WIRE_GROUPS)[G] & string;

/** A group's columns as typed arrays, by field. */
export type WireColumns<G extends WireGroup> = {
  [F in WireField<G>]: WireArrayOf<(typeof WIRE_GROUPS)[G][F]>;
};

/** A group's columns as the frame lists them: in the group's order, named "<group>.<field>". */
export function wireColumns<G extends WireGroup>(
  group: G,
  values: WireColumns<G>,
): [string, WireArray][] {
  return (Object.keys(WIRE_GROUPS[group]) as WireField<G>[]).map((
    f,
  ) => [`${group}.${f}`, values[f] as WireArray]);
}

/** A frame's columns of a group, by field (undefined: a column the frame lacks). */
export function groupOf<G extends WireGroup>(
  group: G,
  columns: ReadonlyMap<string, WireArray>,
): Partial<WireColumns<G>> {
  const out: Record<string, WireArray | undefined> = {};
  for (const f of Object.keys(WIRE_GROUPS[group])) out[f] = columns.get(`${group}.${f}`);
  return out as Partial<WireColumns<G>>;
}

/**
 * A counter's columns (the n-th of the header's counters): its sample times, and per
 * component k the largest and the last sample of each time bucket (absent for raw
 * samples: each is its own last, so "max" serves both). Always doubles.
 */
export const counterColumn = {
  ts: (n: number): string => `counter.${n}.ts`,
  max: (n: number, k: number): string => `counter.${n}.max.${k}`,
  last: (n: number, k: number): string => `counter.${n}.last.${k}`,
};

/** The frame's JSON header. */
export interface WindowHeader {
  /** The window (ns) and its resolution (ns per pixel). */
  t0: number;
  t1: number;
  px: number;
  /** Names the "name" columns index. */
  names: string[];
  /** Arrows left out beyond the limit (when arrows were asked for). */
  arrowsOmitted?: number;
  /** The counters whose columns follow (when counters were asked for). */
  counters?: BootCounter[];
  columns: WireColumn[];
}

// The JSON of the viewer's API: /api/timeline/slice, instant, gap, selection, find.

export interface StackFrame {
  func: string;
  file: string;
  line: number;
  pc: string;
}

export interface FlowRef {
  name: string;
  /** The other end: view lane (-1 if not shown) and time. */
  lane: number;
  laneName: string;
  time: number;
  /** This end's time. */
  at: number;
}

export interface SliceDetails {
  src: number;
  id: number;
  name: string;
  kind: string;
  lane: number;
  laneName: string;
  goroutine: number;
  /** The goroutine's start function (its group on /goroutines), "" if unknown. */
  startFunction: string;
  start: number;
  end: number;
  duration: number;
  /** For syscalls: whether it blocked. */
  blocked: boolean | null;
  startStack: StackFrame[];
  endStack: StackFrame[];
  incoming: FlowRef[];
  outgoing: FlowRef[];
}

export interface InstantDetails {
  src: number;
  id: number;
  name: string;
  kind: string;
  lane: number;
  laneName: string;
  time: number;
  goroutine: number;
  thread: number;
  proc: number;
  stack: StackFrame[];
}

export interface SelectionStats {
  t0: number;
  t1: number;
  duration: number;
  /** Per slice class over the selected lanes: total time and count. */
  classes: { name: string; total: number; count: number }[];
  /** Running time per goroutine, most first (absent when too many slices to list). */
  goroutines: { id: number; name: string; total: number; count: number }[] | null;
  /** Time-weighted mean and max of each counter field over the selection. */
  counters: { name: string; fields: { name: string; mean: number; max: number }[] }[];
}

export interface FoundGoroutine {
  id: number;
  name: string;
  /** What matched: "id", "start function", "stack: <func>", "region <name>", "task <name>". */
  why: string;
  /** View lane of the goroutine (goroutine views), -1 otherwise. */
  lane: number;
  slices: number;
  /** Its execution slices (the first ones): view lane, start, end. */
  spans: { lane: number; start: number; end: number }[];
}

/** The goroutine that let a waiting one run again: who, when, and where. */
export interface Unblocker {
  /** Its goroutine id, -1 when the unblock came from elsewhere (netpoller, syscall exit). */
  goroutine: number;
  /** Its lane's name ("G12 main.db", "Network"). */
  name: string;
  /** Its view lane (-1 if not shown). */
  lane: number;
  time: number;
  /** What Go calls the flow: "unblock (sync)", "go", "exit blocked syscall". */
  event: string;
  stack: StackFrame[];
}

/** A goroutine lane's gap: the time between two of its execution slices. */
export interface GapDetails {
  lane: number;
  goroutine: number;
  /** The gap, from the end of one execution slice to the start of the next (ns). */
  start: number;
  end: number;
  /** Why it stopped running: Go's block reason ("sync", "chan receive", "sleep"), else the new state. */
  reason: string;
  /** The transition that stopped it ("Running -> Waiting"). */
  transition: string;
  /** Where it stopped: the stack of that transition. */
  stack: StackFrame[];
  unblock: Unblocker | null;
  /** Time waiting until unblocked, then runnable until it ran (ns). */
  waiting: number;
  runnable: number;
}
