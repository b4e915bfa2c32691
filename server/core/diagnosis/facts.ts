// What the diagnosis rules read: a trace's facts, gathered in one pass over its events
// (pass.ts). Goroutine time is summed by group (start function) as the pass goes, so
// the facts stay small however many goroutines came and went; what is per goroutine is
// only what a critical path or a leak needs. Strings are strings and stacks are frames
// (the facts are plain data: JSON-able but for the typed arrays). Times are ns since the
// trace's baseTime (`baseTime`, decimal), durations ns. No Deno APIs.

/** A stack as the findings show it: frames leaf first. */
export interface StackFrames {
  /** Identity across decoders: the PCs, hex, leaf first. */
  key: string;
  frames: { func: string; file: string; line: number }[];
}

/** Sums by goroutine group (index: `names`). */
export interface GroupFacts {
  /** Start function (root frame of the goroutine's first stack); "" when none was seen. */
  name: string[];
  /** Goroutines of the group seen. */
  goroutines: Float64Array;
  running: Float64Array;
  runnable: Float64Array;
  /** Runnable → running transitions (scheduling waits). */
  waits: Float64Array;
  syscall: Float64Array;
  blocked: Float64Array;
  /** Blocked waiting for mark-assist work (not runtime.GC waiting for the GC to end). */
  gcWait: Float64Array;
  /** Running time inside mark-assist ranges. */
  assist: Float64Array;
  /** Goroutines created in the trace, and those of them that ended in it. */
  created: Float64Array;
  ended: Float64Array;
  /** Time from creation to first running, added up. */
  startDelay: Float64Array;
  /** Lifetimes of the goroutines created and ended in the trace: LIFE_BUCKETS per group. */
  lifetimes: Float64Array;
}

/** Goroutines still alive when the pass ended, with their state then. */
export interface Tails {
  goid: Float64Array;
  /** GoState. */
  state: Uint8Array;
  since: Float64Array;
  /** 1 when that state began before the pass's first event (for the first pass: the trace's start). */
  head: Uint8Array;
  /** Block reason: index into `names`, -1 none. */
  reason: Int32Array;
  /** Stack of the block or syscall: index into `stacks`, -1 none. */
  stack: Int32Array;
  group: Int32Array;
}

export interface DiagnosisFacts {
  /** The trace's baseTime (decimal), which all times are relative to. */
  baseTime: string;
  /** First and last event times of the pass. */
  start: number;
  end: number;
  /** GOMAXPROCS: the largest value seen. */
  gomaxprocs: number;
  /** Strings the facts point at (reasons, kinds, task types). */
  names: string[];
  stacks: StackFrames[];
  groups: GroupFacts;
  tails: Tails;
  /** Runnable waits of at least LONG_WAIT: (group, start, duration, goroutine id). */
  longWaits: Float64Array;
  /** Completed waits on channels, select and sync, by stack of the blocking event. */
  contention: {
    stack: Int32Array;
    /** Index into `names` of the first reason seen there. */
    reason: Int32Array;
    ns: Float64Array;
    count: Float64Array;
    max: Float64Array;
  };
  /** Syscalls that kept their P for at least SYSCALL_HELD: (start, duration, goroutine id). */
  heldSyscalls: Float64Array;
  heldSyscallStacks: Int32Array;
  /** Stop-the-world pauses: [start, end] pairs, and their kinds (into `names`). */
  stw: Float64Array;
  stwKinds: Int32Array;
  tasks: {
    id: Float64Array;
    /** Index into `names`, -1 unknown. */
    type: Int32Array;
    begin: Float64Array;
    beginG: Float64Array;
    end: Float64Array;
    endG: Float64Array;
  };
  /**
   * Ps idle while goroutines were runnable, outside stop-the-world: the P-time lost
   * (∫ min(idle Ps, runnable goroutines) dt), and the stretches of at least IDLE_STRETCH
   * as triples (start, end, lost P-time).
   */
  idleLost: number;
  idleStretches: Float64Array;
  /**
   * By goroutine index of the tables the pass read (not portable): its group, creation
   * and end (NaN when not in the trace). Critical paths name goroutines and bound walks
   * with these.
   */
  byIndex: { group: Int32Array; created: Float64Array; ended: Float64Array };
}

/**
 * What a critical path reads of the facts: a pass keeping only these (DiagnosisPass's
 * pathOnly) costs a fraction of the whole, so a path need not wait for the diagnosis.
 */
export type PathFacts =
  & Pick<DiagnosisFacts, "start" | "end" | "names" | "stw" | "tasks" | "byIndex">
  & { groups: Pick<GroupFacts, "name"> };

/** Runnable waits at least this long are kept one by one (the p99 rule needs no less). */
export const LONG_WAIT = 1e6;
/** Syscalls that kept their P at least this long are kept one by one. */
export const SYSCALL_HELD = 1e6;
/** Stretches of idle Ps beside runnable goroutines at least this long are kept. */
export const IDLE_STRETCH = 100e3;

/** Lifetime histogram: 8 buckets per power of two, from 1 ns. */
export const LIFE_BUCKETS = 512;
export function lifeBucket(ns: number): number {
  return ns < 1 ? 0 : Math.min(LIFE_BUCKETS - 1, Math.floor(Math.log2(ns) * 8));
}
/** The middle of a bucket (ns). */
export function lifeBucketValue(b: number): number {
  return Math.pow(2, (b + 0.5) / 8);
}

/** The median of a group's lifetime histogram (within 9%), NaN if empty. */
export function medianLifetime(g: GroupFacts, group: number): number {
  const h = g.lifetimes.subarray(group * LIFE_BUCKETS, (group + 1) * LIFE_BUCKETS);
  let n = 0;
  for (const c of h) n += c;
  if (n === 0) return NaN;
  let acc = 0;
  for (let b = 0; b < LIFE_BUCKETS; b++) {
    acc += h[b];
    if (acc >= n / 2) return lifeBucketValue(b);
  }
  return NaN;
}
