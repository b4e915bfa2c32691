// Goroutine execution statistics over a period (Go: internal/trace GoroutineExecStats),
// as the summarizer accumulates them: durations in ns, block time per reason and time
// per special range keyed by small integer ids (reason string ids, range keys), turned
// into names only for output. No Deno APIs.

/** Non-overlapping time buckets plus the overlapping total and range times. */
export class ExecStats {
  exec = 0;
  schedWait = 0;
  syscall = 0;
  syscallBlock = 0;
  total = 0;
  /** Block time by reason string id. Go keeps keys whose time is 0 (they become columns). */
  block = new Map<number, number>();
  /** Time in special ranges by range key (see RangeNames). */
  range = new Map<number, number>();

  clone(): ExecStats {
    const r = new ExecStats();
    r.exec = this.exec;
    r.schedWait = this.schedWait;
    r.syscall = this.syscall;
    r.syscallBlock = this.syscallBlock;
    r.total = this.total;
    r.block = new Map(this.block);
    r.range = new Map(this.range);
    return r;
  }

  /** this − v. Like Go's sub, the result has this's map keys only. */
  sub(v: ExecStats): ExecStats {
    const r = this.clone();
    r.exec -= v.exec;
    r.schedWait -= v.schedWait;
    r.syscall -= v.syscall;
    r.syscallBlock -= v.syscallBlock;
    r.total -= v.total;
    for (const [k, dt] of r.block) r.block.set(k, dt - (v.block.get(k) ?? 0));
    for (const [k, dt] of r.range) r.range.set(k, dt - (v.range.get(k) ?? 0));
    return r;
  }
}

/** Adds dt to m[k], creating the key as Go's `m[k] += dt` does. */
export function addTo(m: Map<number, number>, k: number, dt: number): void {
  m.set(k, (m.get(k) ?? 0) + dt);
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
