// Goroutine execution statistics over a period (Go: internal/trace GoroutineExecStats),
// as the summarizer accumulates them: durations in ns, block time per reason and time
// per special range keyed by small integer ids (reason string ids, range keys), turned
// into names only for output. There is one of these per goroutine and a few per region
// (millions in a large trace), so the keyed times are short flat arrays, not Maps.
// No Deno APIs.

/** Keyed durations: [key, ns, key, ns, …] in insertion order (null when empty). */
export type KeyedTimes = number[] | null;

/** Non-overlapping time buckets plus the overlapping total and range times. */
export class ExecStats {
  exec = 0;
  schedWait = 0;
  syscall = 0;
  syscallBlock = 0;
  total = 0;
  /** Block time by reason string id. Go keeps keys whose time is 0 (they become columns). */
  block: KeyedTimes = null;
  /** Time in special ranges by range key (see RangeNames). */
  range: KeyedTimes = null;

  clone(): ExecStats {
    const r = new ExecStats();
    r.exec = this.exec;
    r.schedWait = this.schedWait;
    r.syscall = this.syscall;
    r.syscallBlock = this.syscallBlock;
    r.total = this.total;
    r.block = this.block && this.block.slice();
    r.range = this.range && this.range.slice();
    return r;
  }

  /** this − v. Like Go's sub, the result has this's keys only. */
  sub(v: ExecStats): ExecStats {
    return this.clone().subtract(v);
  }

  /** Makes this this − v (sub without the copy); returns this. */
  subtract(v: ExecStats): ExecStats {
    this.exec -= v.exec;
    this.schedWait -= v.schedWait;
    this.syscall -= v.syscall;
    this.syscallBlock -= v.syscallBlock;
    this.total -= v.total;
    subtractKeyed(this.block, v.block);
    subtractKeyed(this.range, v.range);
    return this;
  }
}

/** Adds dt to m[k] (creating the key, as Go's `m[k] += dt` does); returns m. */
export function addTo(m: KeyedTimes, k: number, dt: number): number[] {
  if (m === null) return [k, dt];
  for (let i = 0; i < m.length; i += 2) {
    if (m[i] === k) {
      m[i + 1] += dt;
      return m;
    }
  }
  m.push(k, dt);
  return m;
}

/** m[k], 0 when absent. */
export function timeOf(m: KeyedTimes, k: number): number {
  if (m !== null) { for (let i = 0; i < m.length; i += 2) if (m[i] === k) return m[i + 1]; }
  return 0;
}

function subtractKeyed(into: KeyedTimes, v: KeyedTimes): void {
  if (into === null || v === null) return;
  for (let i = 0; i < into.length; i += 2) into[i + 1] -= timeOf(v, into[i]);
}

/** Exec stats as plain data (Go's GoroutineExecStats field by field). */
export interface ExecStatsData {
  execTime: number;
  schedWaitTime: number;
  /** Block time by reason; "" is a reason too (goroutines first seen blocked). */
  blockTimeByReason: Record<string, number>;
  syscallTime: number;
  syscallBlockTime: number;
  /** Time the goroutine was present in the trace; overlaps the others. */
  totalTime: number;
  /** Time in special ranges ("GC mark assist", "stop-the-world (…)", …); overlaps too. */
  rangeTime: Record<string, number>;
}

/** Go's UnknownTime: the part of the total no other non-overlapping stat accounts for. */
export function unknownTime(s: ExecStatsData): number {
  let sum = s.execTime + s.schedWaitTime + s.syscallTime + s.syscallBlockTime;
  for (const dt of Object.values(s.blockTimeByReason)) sum += dt;
  return sum < s.totalTime ? s.totalTime - sum : 0;
}

/**
 * Go's NonOverlappingStats: the columns of the goroutine breakdown. A block reason of
 * "syscall" lands in the same column as the syscall block time.
 */
export function nonOverlappingStats(s: ExecStatsData): Map<string, number> {
  const stats = new Map<string, number>([
    ["Execution time", s.execTime],
    ["Sched wait time", s.schedWaitTime],
    ["Syscall execution time", s.syscallTime],
    ["Block time (syscall)", s.syscallBlockTime],
    ["Unknown time", unknownTime(s)],
  ]);
  for (const [reason, dt] of Object.entries(s.blockTimeByReason)) {
    const k = `Block time (${reason})`;
    stats.set(k, (stats.get(k) ?? 0) + dt);
  }
  return stats;
}
