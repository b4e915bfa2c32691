// What one trace contributes to a comparison: per goroutine group (by start function)
// its count and where its time went (running, runnable, in syscalls, blocked by reason,
// from the goroutines' stays); per task and region type the durations; the GC's cycles,
// stop-the-world pauses and mark assists. From the goroutine summary and passes over
// the blocks. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { Ev, GoState } from "../trace/kinds.ts";
import { eachStay } from "../cpu/stays.ts";
import type { Summary } from "../summary/summary.ts";

export interface GroupFacts {
  count: number;
  /** ns by metric: "Execution time", "Sched wait time", "Syscall time", "Block time (…)". */
  time: Map<string, number>;
}

export interface GCFacts {
  /** GC cycles begun in the trace. */
  count: number;
  /** Time between GC begin and end, summed. */
  total: number;
  stwCount: number;
  stwTotal: number;
  stwMax: number;
  /** Mark assist time of all goroutines, and their execution time (the assists' share). */
  assist: number;
  exec: number;
}

export interface TraceFacts {
  /** Time from the first event to the last. */
  duration: number;
  groups: Map<string, GroupFacts>;
  /** Durations of complete tasks / regions by type, ascending; count of all of them. */
  tasks: Map<string, { count: number; durations: number[] }>;
  regions: Map<string, { count: number; durations: number[] }>;
  gc: GCFacts;
}

export const EXEC = "Execution time";
export const SCHED = "Sched wait time";
export const SYSCALL = "Syscall time";
export const blockMetric = (reason: string) => `Block time (${reason})`;

export async function traceFacts(
  t: Trace,
  s: Summary,
  opts: PassOptions = {},
): Promise<TraceFacts> {
  // Groups by name; their time from the goroutines' stays, so a quirk of the summary's
  // accounting (an open syscall counted twice) cannot look like a change.
  const groups = new Map<string, GroupFacts>();
  const groupOf: (GroupFacts | undefined)[] = new Array(t.gId.length);
  const byNameId = new Map<number, GroupFacts>();
  for (let k = 0; k < s.goroutineCount; k++) {
    const g = s.goroutineAt(k);
    const id = s.goroutineNameId(g);
    let f = byNameId.get(id);
    if (!f) {
      const name = s.goroutineName(g);
      f = groups.get(name);
      if (!f) groups.set(name, f = { count: 0, time: new Map() });
      byNameId.set(id, f);
    }
    f.count++;
    groupOf[g] = f;
  }
  const blockNames = new Map<number, string>();
  let exec = 0;
  await eachStay(t, {
    stay(g, state, reason, _stack, start, end) {
      const f = groupOf[g];
      if (!f || end <= start) return;
      let m: string;
      if (state === GoState.Running) {
        m = EXEC;
        exec += end - start;
      } else if (state === GoState.Runnable) m = SCHED;
      else if (state === GoState.Syscall) m = SYSCALL;
      else {
        let name = blockNames.get(reason);
        if (name === undefined) blockNames.set(reason, name = blockMetric(t.string(reason)));
        m = name;
      }
      f.time.set(m, (f.time.get(m) ?? 0) + end - start);
    },
  }, opts);
  // Mark assists, from the summary's special ranges.
  const st = s.goroutineStats, { keys, vals } = st.arena;
  let assist = 0;
  for (let k = 0; k < s.goroutineCount; k++) {
    const g = s.goroutineAt(k);
    for (let x = st.kOff[g], end = x + st.kLen[g]; x < end; x++) {
      if (keys[x] < 0 && s.stats.ranges.name(-1 - keys[x]) === "GC mark assist") {
        assist += vals[x];
      }
    }
  }

  // Task and region durations: the summary has their events' times.
  type Latencies = Map<string, { count: number; durations: number[] }>;
  const add = (out: Latencies, type: string, from: number | null, to: number | null) => {
    let d = out.get(type);
    if (!d) out.set(type, d = { count: 0, durations: [] });
    d.count++;
    if (from !== null && to !== null) d.durations.push(to - from);
  };
  const tasks: Latencies = new Map(), regions: Latencies = new Map();
  const time = (e: number) => e >= 0 ? s.kept.time(e) : null;
  for (let k = 0; k < s.taskCount; k++) {
    const ti = s.taskAt(k);
    add(tasks, s.taskName(ti), time(s.taskStart(ti)), time(s.taskEnd(ti)));
  }
  for (let r = 0; r < s.regionCount; r++) {
    const type = s.regionName(r);
    if (type === "") continue; // a goroutine's inherited task, no user region
    add(regions, type, s.regionStartTime(r), s.regionEndTime(r));
  }
  for (const d of [...tasks.values(), ...regions.values()]) d.durations.sort((x, y) => x - y);

  const gc = await gcFacts(t, opts);
  gc.assist = assist;
  gc.exec = exec;
  let duration = 0;
  if (t.validCount > 0) {
    const last = await t.block(t.blockOf(t.validCount - 1));
    duration = last.time[t.validCount - 1 - last.first];
  }
  return {
    duration,
    groups,
    tasks,
    regions,
    gc,
  };
}

async function gcFacts(t: Trace, opts: PassOptions): Promise<GCFacts> {
  const gc: GCFacts = {
    count: 0,
    total: 0,
    stwCount: 0,
    stwTotal: 0,
    stwMax: 0,
    assist: 0,
    exec: 0,
  };
  let gcBegin = -1, stwBegin = -1;
  for await (const b of t.eachBlock(0, t.blocks.length, opts)) {
    const n = Math.min(b.count, t.validCount - b.first);
    const { type, time } = b;
    for (let j = 0; j < n; j++) {
      switch (type[j]) {
        case Ev.GCBegin:
          gc.count++;
          gcBegin = time[j];
          break;
        case Ev.GCEnd:
          if (gcBegin >= 0) gc.total += time[j] - gcBegin;
          gcBegin = -1;
          break;
        case Ev.STWBegin:
          stwBegin = time[j];
          break;
        case Ev.STWEnd:
          if (stwBegin >= 0) {
            const d = time[j] - stwBegin;
            gc.stwCount++;
            gc.stwTotal += d;
            if (d > gc.stwMax) gc.stwMax = d;
          }
          stwBegin = -1;
          break;
      }
    }
  }
  return gc;
}
