// The JSON of /diagnosis and /criticalpath (and their /api twins), shared with web/.
// Times are ns since the trace's start (its first event), durations ns.

import type { CategoryKey } from "../diagnosis/categories.ts";

export type { CategoryKey };

/** A number of a finding's evidence, with what it counts. */
export interface Evidence {
  label: string;
  value: number;
  /** ns: a duration; count; percent (0–100); rate: per second; ratio: ×. */
  unit: "ns" | "count" | "percent" | "rate" | "ratio";
}

export interface Link {
  label: string;
  href: string;
}

export interface Frame {
  func: string;
  file: string;
  line: number;
}

/** One rule of the diagnosis: what it looks for, its threshold, how it ranks. */
export interface RuleInfo {
  id: string;
  title: string;
  /** The rule with its thresholds, in words. */
  rule: string;
  /** How a finding's cost (its rank) is counted. */
  cost: string;
}

export interface Finding {
  /** The rule's id (RuleInfo.id). */
  rule: string;
  title: string;
  /** What it is about: a goroutine group, a stack's top function, a task type… */
  subject: string;
  /** The time it costs (ns): findings are ranked by it. */
  cost: number;
  evidence: Evidence[];
  links: Link[];
  /** Where it happens, when a stack says it (leaf first). */
  stack?: Frame[];
}

export interface DiagnosisModel {
  /** Ranked, the costliest first. */
  findings: Finding[];
  /** Every rule, found or not, with its thresholds. */
  rules: RuleInfo[];
  /** Trace duration (ns), goroutines seen, GOMAXPROCS. */
  duration: number;
  goroutines: number;
  gomaxprocs: number;
}

/** A stretch of one goroutine's time on a critical path. */
export interface PathSegment {
  goroutine: number;
  start: number;
  end: number;
  category: CategoryKey;
  /** The block reason of blocked time. */
  reason?: string;
}

/** A run of the path on one goroutine. */
export interface PathHop {
  goroutine: number;
  /** Its start function ("" unknown). */
  name: string;
  start: number;
  end: number;
  /** Time by category on this hop. */
  categories: Partial<Record<CategoryKey, number>>;
  /**
   * How the path came to this hop from the next one: this goroutine ended the next one's
   * wait (its reason), or created it.
   */
  woke?: { goroutine: number; time: number; reason: string; created: boolean };
  /** Where it blocked the longest on this hop (leaf first), when it did. */
  blockedAt?: Frame[];
}

export interface CriticalPathModel {
  subject: {
    kind: "task" | "goroutine";
    /** Task id or goroutine id. */
    id: number;
    /** Task type, or the goroutine's start function. */
    name: string;
    /** The goroutine the path ends on. */
    goroutine: number;
    complete: boolean;
  };
  start: number;
  end: number;
  /** Time by category over the whole path (they add up to end − start). */
  totals: Record<CategoryKey, number>;
  /** In time order. */
  hops: PathHop[];
  /** In time order; at most `segmentLimit` of them. */
  segments: PathSegment[];
  truncated: boolean;
  /** Goroutines on the path, in order of first appearance. */
  goroutines: number[];
}
