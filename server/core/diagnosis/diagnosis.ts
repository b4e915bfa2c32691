// The entry points: the trace's facts (one pass over its blocks), the diagnosis from
// them, and critical paths of tasks and goroutines (a walk over the few blocks they
// cover, located by the facts). No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import { Ev } from "../trace/kinds.ts";
import type { CriticalPathModel, Frame, PathHop, PathSegment } from "../contract/diagnosis.ts";
import { CATEGORY_KEYS, type CategoryKey } from "./categories.ts";
import { walkCriticalPath } from "./critical_path.ts";
import type { DiagnosisFacts, PathFacts } from "./facts.ts";
import { DiagnosisPass } from "./pass.ts";

export { diagnose } from "./findings.ts";

/** The facts of a whole trace, in one pass over its blocks. */
export async function gatherFacts(trace: Trace, opts: PassOptions = {}): Promise<DiagnosisFacts> {
  const pass = new DiagnosisPass(trace);
  for await (const b of trace.eachSlice(0, trace.blocks.length, opts)) pass.feed(b, trace);
  return pass.finish(trace.baseTime);
}

/**
 * The facts critical paths read (the same as gatherFacts's), in a lighter pass over the
 * blocks: a path asked first need not wait for the whole diagnosis.
 */
export async function gatherPathFacts(trace: Trace, opts: PassOptions = {}): Promise<PathFacts> {
  const pass = new DiagnosisPass(trace, true);
  for await (const b of trace.eachSlice(0, trace.blocks.length, opts)) pass.feed(b, trace);
  return pass.finishPath();
}

export class PathError extends Error {}

/** Options of a critical path. */
export interface PathOptions {
  maxSegments?: number;
  signal?: AbortSignal;
}

// Tasks by id, made once per facts.
const taskIndexes = new WeakMap<PathFacts, Map<number, number>>();
function taskIndex(f: PathFacts): Map<number, number> {
  let m = taskIndexes.get(f);
  if (!m) {
    m = new Map();
    for (let k = 0; k < f.tasks.id.length; k++) m.set(f.tasks.id[k], k);
    taskIndexes.set(f, m);
  }
  return m;
}

/** The goroutine index (into trace.gIds) of Go id `goid`, or -1. */
function gIndexOfId(trace: Trace, goid: number): number {
  const ids = trace.gId;
  for (let g = 1; g < ids.length; g++) if (ids[g] === goid) return g;
  return -1;
}

/** The first event at or after time t for which `pred` holds (global index), or -1. */
async function findEvent(
  trace: Trace,
  t: number,
  pred: (b: EventBlock, j: number) => boolean,
): Promise<number> {
  const [from, to] = trace.blocksInTime(t, t);
  for (let k = from; k < to; k++) {
    const b = await trace.block(k);
    for (let j = firstAtOrAfter(b, t); j < b.count && b.time[j] === t; j++) {
      if (pred(b, j)) return b.first + j;
    }
  }
  return -1;
}

function firstAtOrAfter(b: EventBlock, t: number): number {
  let lo = 0, hi = b.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b.time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Global index of the first event after time t (trace.count if none). */
async function firstAfter(trace: Trace, t: number): Promise<number> {
  const bs = trace.blocks;
  for (let k = 0; k < bs.length; k++) {
    if (bs[k].endTime <= t) continue;
    const b = await trace.block(k);
    let lo = 0, hi = b.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b.time[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return b.first + lo;
  }
  return trace.count;
}

/** The critical path of task `id`, from its start to its end. */
export async function taskCriticalPath(
  trace: Trace,
  facts: PathFacts,
  id: number,
  opts: PathOptions = {},
): Promise<CriticalPathModel> {
  const k = taskIndex(facts).get(id);
  if (k === undefined) throw new PathError(`no task ${id} in the trace`);
  const t = facts.tasks;
  const complete = t.end[k] === t.end[k];
  const start = t.begin[k] === t.begin[k] ? t.begin[k] : facts.start;
  let end: number, pos: number, goid: number;
  if (complete) {
    end = t.end[k];
    goid = t.endG[k];
    const ti = trace.taskId.indexOf(id);
    pos = await findEvent(trace, end, (b, j) => b.type[j] === Ev.UserTaskEnd && b.a0[j] === ti);
    if (pos < 0) throw new PathError(`the end of task ${id} is not in the trace`);
  } else {
    end = facts.end;
    goid = t.beginG[k];
    pos = trace.count;
  }
  const g = gIndexOfId(trace, goid);
  if (g < 0) throw new PathError(`task ${id} ended outside a goroutine`);
  const raw = await walkCriticalPath(trace, g, pos, end, start, {
    stw: facts.stw,
    maxSegments: opts.maxSegments,
    signal: opts.signal,
  });
  const type = t.type[k] < 0 ? "" : facts.names[t.type[k]];
  return model(trace, facts, raw, { kind: "task", id, name: type, goroutine: goid, complete });
}

/**
 * The critical path of goroutine `goid` up to `time` (default: its end, or the trace's),
 * from `from` (default: its creation, or the trace's start).
 */
export async function goroutineCriticalPath(
  trace: Trace,
  facts: PathFacts,
  goid: number,
  time?: number,
  from?: number,
  opts: PathOptions = {},
): Promise<CriticalPathModel> {
  const g = gIndexOfId(trace, goid);
  if (g < 0 || g >= facts.byIndex.group.length) {
    throw new PathError(`no goroutine ${goid} in the trace`);
  }
  const bi = facts.byIndex;
  const born = bi.created[g] === bi.created[g] ? bi.created[g] : facts.start;
  const ended = bi.ended[g] === bi.ended[g];
  const died = ended ? bi.ended[g] : facts.end;
  const end = Math.min(time ?? died, facts.end);
  const start = Math.max(from ?? born, facts.start);
  if (end < start) throw new PathError(`goroutine ${goid} did not exist before ${end} ns`);
  const pos = await firstAfter(trace, end);
  const raw = await walkCriticalPath(trace, g, pos, end, start, {
    stw: facts.stw,
    maxSegments: opts.maxSegments,
    signal: opts.signal,
  });
  return model(trace, facts, raw, {
    kind: "goroutine",
    id: goid,
    name: facts.groups.name[bi.group[g]],
    goroutine: goid,
    complete: ended && end >= died,
  });
}

function model(
  trace: Trace,
  facts: PathFacts,
  raw: Awaited<ReturnType<typeof walkCriticalPath>>,
  subject: CriticalPathModel["subject"],
): CriticalPathModel {
  const nameOf = (g: number) => facts.groups.name[facts.byIndex.group[g] ?? 0] ?? "";
  // The model's times are since the trace's start (its first event).
  const o = facts.start;
  const totals = {} as Record<CategoryKey, number>;
  CATEGORY_KEYS.forEach((k, c) => totals[k] = raw.totals[c]);
  const segments: PathSegment[] = raw.segments.map((s) => {
    const seg: PathSegment = {
      goroutine: trace.gId[s.g],
      start: s.start - o,
      end: s.end - o,
      category: CATEGORY_KEYS[s.cat],
    };
    if (s.reason) seg.reason = trace.string(s.reason);
    return seg;
  });
  const hops: PathHop[] = [];
  const goroutines: number[] = [];
  let longest = new Map<PathHop, { ns: number; stack: number }>();
  for (const s of raw.segments) {
    const goid = trace.gId[s.g];
    let hop = hops[hops.length - 1];
    if (!hop || hop.goroutine !== goid) {
      hop = {
        goroutine: goid,
        name: nameOf(s.g),
        start: s.start - o,
        end: s.end - o,
        categories: {},
      };
      hops.push(hop);
      if (!goroutines.includes(goid)) goroutines.push(goid);
    }
    hop.end = s.end - o;
    const key = CATEGORY_KEYS[s.cat];
    hop.categories[key] = (hop.categories[key] ?? 0) + (s.end - s.start);
    if (s.stack && s.cat !== 0 && s.cat !== 1) {
      const cur = longest.get(hop);
      if (!cur || s.end - s.start > cur.ns) {
        longest.set(hop, { ns: s.end - s.start, stack: s.stack });
      }
    }
  }
  for (const [hop, { stack }] of longest) hop.blockedAt = framesOf(trace, stack);
  longest = new Map();
  // Each handoff: the hop before it (in time) woke the hop after it. Hops by goroutine and
  // end, since a path may have thousands of both (a search per handoff was quadratic).
  // A truncated path keeps its last segments but all its handoffs (hundreds of thousands
  // on a long one): those outside the hops' ends are skipped before making a key.
  const byEnd = new Map<string, number[]>();
  let minEnd = Infinity, maxEnd = -Infinity;
  hops.forEach((p, i) => {
    const key = `${p.goroutine}:${p.end}`;
    const list = byEnd.get(key);
    if (list) list.push(i);
    else byEnd.set(key, [i]);
    if (p.end < minEnd) minEnd = p.end;
    if (p.end > maxEnd) maxEnd = p.end;
  });
  for (const h of raw.handoffs) {
    if (h.time - o < minEnd || h.time - o > maxEnd) continue;
    const by = trace.gId[h.from], woken = trace.gId[h.to];
    const i = byEnd.get(`${by}:${h.time - o}`)?.find((i) => hops[i + 1]?.goroutine === woken) ??
      -1;
    if (i >= 0) {
      hops[i].woke = {
        goroutine: woken,
        time: h.time - o,
        reason: h.created ? "" : trace.string(h.reason),
        created: h.created,
      };
    }
  }
  return {
    subject,
    start: raw.start - o,
    end: raw.end - o,
    totals,
    hops,
    segments,
    truncated: raw.truncated,
    goroutines,
  };
}

function framesOf(trace: Trace, stack: number): Frame[] {
  return [...trace.stackFrameIds(stack)].map((f) => ({
    func: trace.string(trace.frameFunc[f]),
    file: trace.string(trace.frameFile[f]),
    line: Number(trace.frameLine[f]),
  }));
}
