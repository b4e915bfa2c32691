// The timeline's URL parameters, as Go's JSONTraceHandler reads them: view=thread,
// goid=N (that goroutine and those within two unblocks of it, over its lifetime),
// focustask=N (the task and its descendants, on the proc or thread view), taskid=N (the
// same on the goroutine view), and start/end (indexes into the event list, the split
// ranges of the index page). Go logs a bad value and answers an empty 200; we report it.
// No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import { pickRows } from "../trace/picked_rows.ts";
import { Ev, GoState } from "../trace/kinds.ts";
import type { Summary, TaskSummary } from "../summary/summary.ts";
import { defaultGenOptions, type GenOptions } from "./generator.ts";

export class TimelineParamError extends Error {}

export interface TimelineRequest {
  opts: GenOptions;
  /** Go's start/end: indexes into the optional events (default all). */
  startIdx: number;
  endIdx: number;
  /** Whether start/end were given. */
  split: boolean;
  /** The goroutine or task the view is about, for the page title. */
  subject: string;
  /**
   * Goroutines the viewer gives lanes when they are more than Go's (null: opts.goroutines):
   * a task view adds those that unblocked the task's goroutines during the task, such as
   * the holder of a lock they waited for. Go's JSON (/jsontrace) keeps Go's set.
   */
  laneGoroutines: Set<number> | null;
}

function parseUint(name: string, s: string): number {
  if (!/^[0-9]+$/.test(s)) {
    throw new TimelineParamError(`failed to parse ${name} parameter "${s}": invalid syntax`);
  }
  const v = Number(s);
  if (!Number.isSafeInteger(v)) {
    throw new TimelineParamError(`failed to parse ${name} parameter "${s}": value out of range`);
  }
  return v;
}

function parseInt64(name: string, s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    throw new TimelineParamError(`failed to parse ${name} parameter "${s}": invalid syntax`);
  }
  const v = BigInt(s);
  if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) {
    throw new TimelineParamError(`failed to parse ${name} parameter "${s}": value out of range`);
  }
  // Indexes beyond 2^53 mean "everything" as much as MaxInt64 does.
  return Number(v);
}

/** The first value of a parameter, "" if absent (Go's FormValue). */
function formValue(q: URLSearchParams, name: string): string {
  return q.get(name) ?? "";
}

/** Go's JSONTraceHandler option parsing. Throws TimelineParamError for a bad request. */
export async function timelineRequest(
  trace: Trace,
  summary: () => Promise<Summary>,
  q: URLSearchParams,
  pass: PassOptions = {},
): Promise<TimelineRequest> {
  const opts = defaultGenOptions(formValue(q, "view") === "thread" ? "thread" : "proc");
  const traceEnd = trace.validEndTime;
  let subject = "";
  let laneGoroutines: Set<number> | null = null;
  const goids = formValue(q, "goid");
  const focus = formValue(q, "focustask");
  const taskids = formValue(q, "taskid");
  if (goids !== "") {
    const goid = parseUint("goid", goids);
    const s = await summary();
    const g = s.goroutineIndex(goid);
    if (g < 0) throw new TimelineParamError(`failed to find goroutine ${goid}`);
    opts.mode = "goroutine";
    opts.startTime = s.startTime(g) ?? 0;
    opts.endTime = s.endTime(g) ?? traceEnd;
    opts.focusGoroutine = goid;
    opts.goroutines = await relatedGoroutines(trace, goid, pass);
    subject = `G${goid}`;
  } else if (focus !== "") {
    const id = parseUint("focustask", focus);
    const s = await summary();
    const task = s.taskById(id);
    if (!task || (task.start === null && task.end === null)) {
      throw new TimelineParamError(`failed to find task with id ${id}`);
    }
    await setTask(trace, s, opts, task, traceEnd);
    subject = `task ${id}`;
  } else if (taskids !== "") {
    const id = parseUint("taskid", taskids);
    const s = await summary();
    const task = s.taskById(id);
    if (!task) throw new TimelineParamError(`failed to find task with id ${id}`);
    opts.mode = "goroutine";
    await setTask(trace, s, opts, task, traceEnd);
    // Orient on the goroutine of the task's earliest event, its start if there is one.
    let first: number | null = task.start;
    if (first === null) {
      const rows = await pickRows(trace, [
        ...task.logs,
        ...(task.end !== null ? [task.end] : []),
      ]);
      const time = (i: number) => rows.time(i);
      for (const l of task.logs) if (first === null || time(l) < time(first)) first = l;
      if (task.end !== null && (first === null || time(task.end) < time(first))) {
        first = task.end;
      }
    }
    let g = -1;
    if (first !== null) {
      const rows = await pickRows(trace, [first]);
      g = trace.gId[trace.ctxG[rows.ctx(first)]];
    }
    if (g === -1) throw new TimelineParamError(`failed to find task with id ${id}`);
    opts.focusGoroutine = g;
    const goroutines = new Set<number>();
    for (const t of opts.tasks) for (const id of t.goroutines) goroutines.add(id);
    opts.goroutines = goroutines;
    laneGoroutines = new Set(goroutines);
    const more = await unblockers(trace, goroutines, opts.startTime, opts.endTime, pass);
    for (const g of more) laneGoroutines.add(g);
    subject = `task ${id}`;
  }
  let startIdx = 0, endIdx = Number.MAX_SAFE_INTEGER, split = false;
  const s = formValue(q, "start"), e = formValue(q, "end");
  if (s !== "" && e !== "") {
    startIdx = parseInt64("start", s);
    endIdx = parseInt64("end", e);
    // Deliberate difference: Go serves the whole trace for these.
    if (startIdx < 0 || endIdx < startIdx) {
      throw new TimelineParamError(
        `bad start=${s}&end=${e}: expected event indexes with 0 <= start <= end`,
      );
    }
    split = true;
  }
  return { opts, startIdx, endIdx, split, subject, laneGoroutines };
}

// Go's genOpts.setTask: the task's span and its descendants, by start then end.
async function setTask(
  trace: Trace,
  summary: Summary,
  opts: GenOptions,
  task: TaskSummary,
  traceEnd: number,
): Promise<void> {
  const tasks: TaskSummary[] = [];
  const walk = (t: TaskSummary) => {
    tasks.push(t);
    for (const c of t.children) {
      const child = summary.taskById(c);
      if (child) walk(child);
    }
  };
  walk(task);
  const rows = await pickRows(
    trace,
    tasks.flatMap((t) => [t.start, t.end].filter((e) => e !== null)),
  );
  const startOf = (t: TaskSummary) => (t.start !== null ? rows.time(t.start) : 0);
  const endOf = (t: TaskSummary) => (t.end !== null ? rows.time(t.end) : traceEnd);
  opts.startTime = startOf(task);
  opts.endTime = endOf(task);
  // Go compares start events by identity: two tasks without a start tie on their ends.
  tasks.sort((a, b) => a.start !== b.start ? startOf(a) - startOf(b) : endOf(a) - endOf(b));
  opts.tasks = tasks;
}

// A transition of a goroutine out of Waiting, made by another goroutine (it unblocked it):
// the unblocking goroutine's id, or -1.
function unblockerOf(t: Trace, b: EventBlock, i: number): number {
  const typ = b.type[i];
  const goTransition = (typ >= Ev.GoCreate && typ <= Ev.GoStatus) ||
    (typ >= Ev.GoSwitch && typ <= Ev.GoStatusStack);
  if (!goTransition) return -1;
  const gCtx = t.ctxG[b.ctx[i]];
  if (gCtx === 0) return -1;
  const st = b.state[i];
  const from = st >> 4, to = st & 15;
  if (from === to || from !== GoState.Waiting) return -1;
  return t.gId[gCtx];
}

/** Goroutines that unblocked one of `goroutines` between `start` and `end` (ns). */
export async function unblockers(
  trace: Trace,
  goroutines: Set<number>,
  start: number,
  end: number,
  pass: PassOptions = {},
): Promise<Set<number>> {
  const t = trace;
  const out = new Set<number>();
  const n = t.validCount;
  const [from, to] = t.blocksInTime(start, end);
  for await (const b of t.eachBlock(from, to, pass)) {
    const stop = Math.min(b.count, n - b.first);
    for (let i = 0; i < stop; i++) {
      const time = b.time[i];
      if (time < start) continue;
      if (time > end) break;
      const by = unblockerOf(t, b, i);
      if (by < 0 || goroutines.has(by)) continue;
      if (goroutines.has(t.gId[b.a0[i]])) out.add(by);
    }
  }
  return out;
}

/** Go's RelatedGoroutinesV2: goid and those within two unblock steps of it. */
export async function relatedGoroutines(
  trace: Trace,
  goid: number,
  pass: PassOptions = {},
): Promise<Set<number>> {
  const t = trace;
  const n = t.validCount;
  // Who unblocked whom, each pair once.
  const by = new Map<number, Set<number>>();
  for await (const b of t.eachBlock(0, n > 0 ? t.blockOf(n - 1) + 1 : 0, pass)) {
    const stop = Math.min(b.count, n - b.first);
    for (let i = 0; i < stop; i++) {
      const op = unblockerOf(t, b, i);
      if (op < 0) continue;
      const g = t.gId[b.a0[i]];
      let s = by.get(g);
      if (!s) by.set(g, s = new Set());
      s.add(op);
    }
  }
  let set = new Set<number>([goid]);
  for (let k = 0; k < 2; k++) {
    const next = new Set(set);
    for (const g of set) for (const op of by.get(g) ?? []) next.add(op);
    set = next;
  }
  return set;
}
