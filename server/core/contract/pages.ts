// The JSON each page is rendered from: what /api/<path> serves and what the page embeds.
// Plain data (numbers are nanoseconds unless named otherwise); web/ imports these types.

import type { TraceOverview } from "../summary/overview.ts";

/** The index page: what the trace is, and what went wrong reading it. */
export interface OverviewModel extends TraceOverview {
  file: string;
  /** Set when the tail of the trace was lost to an error. */
  lost?: { error: string; percent: string; lostBytes: string; totalBytes: string };
  /** Timeline links, as Go's index lists them. */
  timelines: { label: string; href: string }[];
  /**
   * Whether the page shows the diagnosis's top findings as soon as it opens (a trace held
   * whole: its pass is a few seconds; a bigger one is diagnosed when /diagnosis asks).
   */
  diagnosisPreview: boolean;
}

export interface GoroutineGroupRow {
  name: string;
  n: number;
  execTime: number;
}

export interface GoroutinesModel {
  groups: GoroutineGroupRow[];
}

/**
 * Long lists come a page at a time: `shown` rows from row `offset` (the query's `offset`
 * and `limit`, default 1000; `limit=0` for all), in the server's sort order; `total` is
 * the full count. Go renders every row, which on a big trace is a page of hundreds of
 * megabytes.
 */
export interface Truncated {
  total: number;
  shown: number;
  offset: number;
}

/** Columns shared by the goroutine and region breakdowns (Go's names and order). */
export interface BreakdownColumns {
  /** Non-overlapping stats, "Execution time" first, then by name. */
  nonOverlappingStats: string[];
  /** Special range names, sorted. */
  rangeStats: string[];
  /** The largest total time: the full width of the stacked bars. */
  maxTotal: number;
  /** The column the rows are sorted by ("Total time" by default). */
  sortBy: string;
}

export interface BreakdownRow {
  totalTime: number;
  /** By name in `nonOverlappingStats`; absent means 0. */
  stats: Record<string, number>;
  rangeTime: Record<string, number>;
}

export interface GoroutineRow extends BreakdownRow {
  id: number;
}

export interface GoroutineModel extends BreakdownColumns, Truncated {
  name: string;
  n: number;
  /** Go's "%.2f%%" of the whole program's execution time ("" when it is 0). */
  execTimePercent: string;
  goroutines: GoroutineRow[];
}

export type ProfileKind = "io" | "block" | "syscall" | "sched";

export interface ProfileFrame {
  func: string;
  file: string;
  line: number;
  /** Hexadecimal, no 0x. */
  pc: string;
}

export interface ProfileModel {
  kind: ProfileKind;
  title: string;
  /** What the profile is restricted to ("" for the whole trace). */
  filter: string;
  /** The query that selects this profile (for the download link). */
  params: string;
  frames: ProfileFrame[];
  /** Stacks as frame indexes, leaf first, as pprof stores them. */
  samples: { stack: number[]; count: number; time: number }[];
}

/**
 * /cpu (the CPU samples of a selection) and /wallclock (where its wall-clock time went,
 * on and off the CPU): a profile drawn like the blocking ones. In /wallclock each stack
 * ends (outermost) in a synthetic frame naming the state: "running", "runnable (waiting
 * for a P)", "syscall", "blocked: <reason>".
 */
export interface CpuModel {
  kind: "cpu" | "wallclock";
  title: string;
  /** What the profile is restricted to ("" for the whole trace). */
  filter: string;
  /** The query that selects it (for the download link and the other view). */
  params: string;
  frames: ProfileFrame[];
  /** count: samples (cpu) or stays (wallclock); time: ns. */
  samples: { stack: number[]; count: number; time: number }[];
  /** CPU samples in the whole trace; 0 when it was recorded without the CPU profiler. */
  traceSamples: number;
  /** The CPU time one sample stands for (ns). */
  periodNs: number;
  /** wallclock: the selection's execution time, and the samples that split it. */
  running?: number;
  runningSamples?: number;
}

/** The flame graph's bar for samples that have no stack, and its frame path. */
export const NO_STACK = "(no stack)";

/** A goroutine that waited in a flame-graph frame: its waits there and their span. */
export interface FrameGoroutine {
  id: number;
  /** Its start function ("" if unknown). */
  name: string;
  /** Delay and number of waits in the frame. */
  time: number;
  count: number;
  /** From the start of its first wait to the end of its last (ns since the trace start). */
  start: number;
  end: number;
  /** Its goroutine timeline on that span. */
  href: string;
}

/** /api/<profile>/goroutines?…&frame=…: who waited under one frame of a flame graph. */
export interface FrameGoroutinesModel {
  /** The frame's path from the outermost function. */
  path: string[];
  /** Goroutines that waited there (all of them); `goroutines` lists the top ones. */
  total: number;
  goroutines: FrameGoroutine[];
}

export interface HistogramModel {
  count: number;
  /** Buckets from the lowest to the highest non-empty one. */
  rows: { label: string; count: number; href?: string }[];
  /** The upper bound of the last bucket. */
  last: string;
}

/** The worst instance of a task or region type, and the timeline that shows it. */
export interface SlowestLink {
  duration: number;
  /** A task id, or the goroutine of a region. */
  id: number;
  href: string;
}

export interface TaskTypeRow {
  type: string;
  count: number;
  histogram: HistogramModel;
  slowest: SlowestLink;
}

export interface TaskTypesModel {
  types: TaskTypeRow[];
}

export interface TaskEventRow {
  when: string;
  elapsed: string;
  goroutine: number;
  what: string;
}

export interface TaskRow {
  when: string;
  id: number;
  duration: number;
  complete: boolean;
  /** Milliseconds since the trace start as Go prints them (%v), for the timeline hash. */
  startMs: string;
  endMs: string;
  /** All the task's events; this page lists `events` from index `eventOffset`. */
  eventCount: number;
  eventOffset: number;
  events: TaskEventRow[];
}

/** Where a page of the task list starts (the query's offset and evoffset). */
export interface TaskPageStart {
  offset: number;
  eventOffset: number;
}

export interface TaskListModel extends Truncated {
  name: string;
  /** The column the tasks are sorted by, and the direction (Go: duration, ascending). */
  sortBy: "duration" | "start" | "id" | "events";
  order: "asc" | "desc";
  /** The most events a page lists (a task with more is split across pages). */
  eventBudget: number;
  prev: TaskPageStart | null;
  next: TaskPageStart | null;
  tasks: TaskRow[];
}

export interface RegionTypeRow {
  type: string;
  /** The type as Go's %q prints it. */
  quoted: string;
  func: string;
  pc: string;
  file: string;
  line: number;
  count: number;
  histogram: HistogramModel;
  /** The longest region of the kind, on its goroutine's timeline. */
  slowest: SlowestLink;
}

export interface RegionTypesModel {
  regions: RegionTypeRow[];
}

export interface RegionRow extends BreakdownRow {
  goroutine: number;
  /** 0 when the region belongs to no task (Go links NoTask, 2^64-1, as a task). */
  taskId: number;
}

export interface RegionListModel extends BreakdownColumns, Truncated {
  name: string;
  /** The filter as query parameters, for the region profile links. */
  filterParams: string;
  regions: RegionRow[];
}

/** The page shown while a page's data is computed (server/http/progress.ts). */
export interface ProgressModel {
  /** Passes over the trace running now: blocks (generations) done and to do. */
  passes: { done: number; total: number }[];
}
