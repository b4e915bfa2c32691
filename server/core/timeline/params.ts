// The timeline's URL parameters, as Go's JSONTraceHandler reads them: view=thread,
// goid=N (that goroutine and those within two unblocks of it, over its lifetime),
// focustask=N (the task and its descendants, on the proc or thread view), taskid=N (the
// same on the goroutine view), and start/end (indexes into the event list, the split
// ranges of the index page). Go logs a bad value and answers an empty 200; we report it.
// No Deno APIs.

import type { Trace } from "../trace/trace.ts";
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
export function timelineRequest(
  trace: Trace,
  summary: () => Summary,
  q: URLSearchParams,
): TimelineRequest {
  const opts = defaultGenOptions(formValue(q, "view") === "thread" ? "thread" : "proc");
  const traceEnd = trace.validCount > 0 ? trace.time[trace.validCount - 1] : 0;
  let subject = "";
  let laneGoroutines: Set<number> | null = null;
  const goids = formValue(q, "goid");
  const focus = formValue(q, "focustask");
  const taskids = formValue(q, "taskid");
  if (goids !== "") {
    const goid = parseUint("goid", goids);
    const s = summary();
    const g = s.goroutineIndex(goid);
    if (g < 0) throw new TimelineParamError(`failed to find goroutine ${goid}`);
    opts.mode = "goroutine";
    opts.startTime = s.startTime(g) ?? 0;
    opts.endTime = s.endTime(g) ?? traceEnd;
    opts.focusGoroutine = goid;
    opts.goroutines = relatedGoroutines(trace, goid);
    subject = `G${goid}`;
  } else if (focus !== "") {
    const id = parseUint("focustask", focus);
    const task = summary().taskById(id);
    if (!task || (task.start === null && task.end === null)) {
      throw new TimelineParamError(`failed to find task with id ${id}`);
    }
    setTask(trace, summary(), opts, task, traceEnd);
    subject = `task ${id}`;
  } else if (taskids !== "") {
    const id = parseUint("taskid", taskids);
    const task = summary().taskById(id);
    if (!task) throw new TimelineParamError(`failed to find task with id ${id}`);
    opts.mode = "goroutine";
    setTask(trace, summary(), opts, task, traceEnd);
    // Orient on the goroutine of the task's earliest event, its start if there is one.
    let first: number | null = task.start;
    if (first === null) {
      for (const l of task.logs) if (first === null || trace.time[l] < trace.time[first]) first = l;
      if (task.end !== null && (first === null || trace.time[task.end] < trace.time[first])) {
        first = task.end;
      }
    }
    const g = first === null ? -1 : trace.goroutineOf(first);
    if (g === -1) throw new TimelineParamError(`failed to find task with id ${id}`);
    opts.focusGoroutine = g;
    const goroutines = new Set<number>();
    for (const t of opts.tasks) for (const id of t.goroutines) goroutines.add(id);
    opts.goroutines = goroutines;
    laneGoroutines = new Set(goroutines);
    for (const g of unblockers(trace, goroutines, opts.startTime, opts.endTime)) {
      laneGoroutines.add(g);
    }
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
function setTask(
  trace: Trace,
  summary: Summary,
  opts: GenOptions,
  task: TaskSummary,
  traceEnd: number,
): void {
  opts.startTime = task.start !== null ? trace.time[task.start] : 0;
  opts.endTime = task.end !== null ? trace.time[task.end] : traceEnd;
  const tasks: TaskSummary[] = [];
  const walk = (t: TaskSummary) => {
    tasks.push(t);
    for (const c of t.children) {
      const child = summary.taskById(c);
      if (child) walk(child);
    }
  };
  walk(task);
  const startOf = (t: TaskSummary) => (t.start !== null ? trace.time[t.start] : 0);
  const endOf = (t: TaskSummary) => (t.end !== null ? trace.time[t.end] : traceEnd);
  // Go compares start events by identity: two tasks without a start tie on their ends.
  tasks.sort((a, b) => a.start !== b.start ? startOf(a) - startOf(b) : endOf(a) - endOf(b));
  opts.tasks = tasks;
}

// A transition of a goroutine out of Waiting, made by another goroutine (it unblocked it):
// the unblocking goroutine's id, or -1.
function unblockerOf(t: Trace, i: number): number {
  const typ = t.type[i];
  const goTransition = (typ >= Ev.GoCreate && typ <= Ev.GoStatus) ||
    (typ >= Ev.GoSwitch && typ <= Ev.GoStatusStack);
  if (!goTransition) return -1;
  const gCtx = t.ctxG[t.ctx[i]];
  if (gCtx === 0) return -1;
  const st = t.state[i];
  const from = st >> 4, to = st & 15;
  if (from === to || from !== GoState.Waiting) return -1;
  return t.gId[gCtx];
}

/** Goroutines that unblocked one of `goroutines` between `start` and `end` (ns). */
export function unblockers(
  trace: Trace,
  goroutines: Set<number>,
  start: number,
  end: number,
): Set<number> {
  const t = trace;
  const out = new Set<number>();
  for (let i = 0; i < t.validCount; i++) {
    const time = t.time[i];
    if (time < start) continue;
    if (time > end) break;
    const by = unblockerOf(t, i);
    if (by < 0 || goroutines.has(by)) continue;
    if (goroutines.has(t.gId[t.a0[i]])) out.add(by);
  }
  return out;
}

/** Go's RelatedGoroutinesV2: goid and those within two unblock steps of it. */
export function relatedGoroutines(trace: Trace, goid: number): Set<number> {
  const t = trace;
  const n = t.validCount;
  const operators: number[] = [];
  const operands: number[] = [];
  for (let i = 0; i < n; i++) {
    const by = unblockerOf(t, i);
    if (by < 0) continue;
    operators.push(by);
    operands.push(t.gId[t.a0[i]]);
  }
  let set = new Set<number>([goid]);
  for (let k = 0; k < 2; k++) {
    const next = new Set(set);
    for (let j = 0; j < operands.length; j++) if (set.has(operands[j])) next.add(operators[j]);
    set = next;
  }
  return set;
}
