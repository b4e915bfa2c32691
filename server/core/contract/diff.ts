// The JSON of the trace comparison (`-diff old.trace new.trace`): what /api/diff and
// /api/diffprofile serve and the pages embed. Times in ns; "before" is the old trace,
// "after" the new one; every list is ranked by the absolute change, largest first.

/** A value in both traces. */
export interface Pair {
  before: number;
  after: number;
}

/** One change in where the goroutines' time went, for the ranking at the top. */
export interface ChangeRow extends Pair {
  /** The goroutine group (start function). */
  group: string;
  /** "Execution time", "Sched wait time", "Syscall time", "Block time (reason)". */
  metric: string;
  /** The differential profile that shows the stacks behind it ("" if none). */
  href: string;
  /**
   * The rank: the absolute change, less what time of unknown reason explains (a goroutine
   * blocked when tracing began waits for a reason the trace does not say; that time may
   * be the growth of any other block reason of its group in the other trace).
   */
  change: number;
}

export interface GroupDiffRow {
  name: string;
  count: Pair;
  metrics: (Pair & { metric: string })[];
  /** The largest absolute change of its metrics (the rank). */
  change: number;
}

export interface LatencyDiffRow {
  type: string;
  count: Pair;
  p50: Pair;
  p90: Pair;
  p99: Pair;
  /** Both histograms on the same buckets (Go's: 5 per decade), lowest to highest. */
  histogram: { label: string; before: number; after: number }[];
  /** The largest absolute change of p50, p90, p99 (the rank). */
  change: number;
}

export interface ProfileDiffSummary {
  /** "cpu", "net", "sync", "syscall", "sched". */
  type: string;
  title: string;
  time: Pair;
  count: Pair;
  /** Functions by absolute change of their flat time, the largest first (a few). */
  top: (Pair & { func: string })[];
}

export interface DiffModel {
  before: { file: string; duration: number; cpuSamples: number };
  after: { file: string; duration: number; cpuSamples: number };
  changes: ChangeRow[];
  groups: GroupDiffRow[];
  tasks: LatencyDiffRow[];
  regions: LatencyDiffRow[];
  profiles: ProfileDiffSummary[];
  gc: {
    count: Pair;
    total: Pair;
    stwCount: Pair;
    stwTotal: Pair;
    stwMax: Pair;
    /** Mark assist time, and its share of all execution time (0–1). */
    assist: Pair;
    assistShare: Pair;
    /** The MMU curves (default flags): [window ns, minimum utilization] points. */
    mmu: { before: number[][]; after: number[][] };
  };
}

export interface DiffFrame {
  func: string;
  file: string;
  line: number;
}

/** A differential profile: stacks of both traces matched by function and line. */
export interface DiffProfileModel {
  type: string;
  title: string;
  /** What it is restricted to ("" for every goroutine). */
  filter: string;
  /** The query that selects it (for the download link). */
  params: string;
  frames: DiffFrame[];
  /** Stacks as frame indexes, leaf first; count and time in each trace. */
  samples: { stack: number[]; count: Pair; time: Pair }[];
  beforeFile: string;
  afterFile: string;
}
