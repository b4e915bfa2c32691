// The task pages of `go tool trace` as data (cmd/trace/tasks.go): /usertasks (task types
// with counts and duration histograms) and /usertask (the tasks a filter selects, each
// with its events described as Go describes them). No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { KeptEvents } from "../trace/kept.ts";
import { pickRows } from "../trace/picked_rows.ts";
import { GO_STATES, isProcTransition, kindOfType } from "../trace/kinds.ts";
import { compareStrings, sortFunc } from "../util/go_sort.ts";
import { formatFixed } from "../util/go_float.ts";
import { formatDuration } from "../util/go_duration.ts";
import { goQuote, goQuoteString } from "../util/go_quote.ts";
import { addSample, newHistogram, type TimeHistogram } from "../summary/histogram.ts";
import type { Summary, TaskSummary } from "../summary/summary.ts";

export interface TaskTypeStats {
  type: string;
  /** Complete and incomplete tasks. */
  count: number;
  /** Durations of complete tasks only. */
  histogram: TimeHistogram;
  /** The longest complete task (the longest of all when none is complete). */
  slowest: SlowestTask;
}

/** A task picked out of its type: its id, duration, and span in ns since the trace start. */
export interface SlowestTask {
  id: number;
  duration: number;
  complete: boolean;
  start: number;
  end: number;
}

/** /usertasks: statistics per task type, by type name (Go compares bytewise). */
export function taskTypes(t: Trace, summary: Summary): TaskTypeStats[] {
  const kept = summary.kept;
  const byType = new Map<string, TaskTypeStats>();
  const t0 = traceStart(t);
  for (let k = 0; k < summary.taskCount; k++) {
    const ti = summary.taskAt(k);
    const name = summary.taskName(ti);
    const [s0, e0] = taskSpan(t, summary, ti);
    const start = summary.taskStart(ti), end = summary.taskEnd(ti);
    const complete = start >= 0 && end >= 0;
    const mine: SlowestTask = {
      id: summary.taskId(ti),
      duration: e0 - s0,
      complete,
      start: s0 - t0,
      end: e0 - t0,
    };
    let s = byType.get(name);
    if (!s) {
      byType.set(name, s = { type: name, count: 0, histogram: newHistogram(), slowest: mine });
    }
    s.count++;
    if (complete) addSample(s.histogram, kept.time(end) - kept.time(start));
    const best = s.slowest;
    if (
      (complete && !best.complete) ||
      (complete === best.complete && mine.duration > best.duration)
    ) s.slowest = mine;
  }
  const out = [...byType.values()];
  sortFunc(out, (a, b) => compareStrings(a.type, b.type));
  return out;
}

/** Go's taskFilter: every condition set must hold. */
export interface TaskFilter {
  /** Exact task type (may be ""). */
  type?: string;
  complete?: boolean;
  /** Latency bounds in ns; a bound selects complete tasks only, as in Go. */
  latMin?: number;
  latMax?: number;
  /** Substring of the task's type, a region type, or a log's category or message. */
  logText?: string;
}

/** The filter's description, as Go's page title spells it. */
export function taskFilterName(f: TaskFilter): string {
  const name: string[] = [];
  if (f.type !== undefined) name.push(goQuoteString(f.type));
  if (f.complete === true) name.push("complete");
  if (f.complete === false) name.push("incomplete");
  if (f.latMin !== undefined) name.push(`latency >= ${formatDuration(f.latMin)}`);
  if (f.latMax !== undefined) name.push(`latency <= ${formatDuration(f.latMax)}`);
  if (f.logText) name.push(`log contains ${goQuoteString(f.logText)}`);
  return name.join(",");
}

export interface TaskEvent {
  /** Seconds since the trace start, Go's "%2.9f". */
  when: string;
  /** Time since the previous listed event, Go's elapsed() (zeros blanked below 1s). */
  elapsed: string;
  goroutine: number;
  what: string;
}

export interface TaskDetail {
  /** Task start in seconds since the trace start, Go's "%2.9fs". */
  when: string;
  id: number;
  duration: number;
  complete: boolean;
  /** Start and end in ns since the trace start. */
  start: number;
  end: number;
  /** All of the task's events, and the index of the first one in `events`. */
  eventCount: number;
  eventOffset: number;
  /** The events of this page: eventCount of them unless a page cuts them. */
  events: TaskEvent[];
}

/** Columns the task list sorts by. */
export const TASK_SORT_KEYS = ["duration", "start", "id", "events"] as const;
export type TaskSortKey = (typeof TASK_SORT_KEYS)[number];

/** Which page of the list: the sort, and where the page starts and how big it may be. */
export interface TaskPage {
  sortBy: TaskSortKey;
  /** Go lists tasks by duration ascending; we list the longest first by default. */
  order: "asc" | "desc";
  /** Tasks skipped (in sort order), and events skipped in the first task shown. */
  offset: number;
  eventOffset: number;
  /** At most this many tasks, and this many events across them (Infinity: no bound). */
  limit: number;
  eventBudget: number;
}

/** Where another page starts. */
export interface PageStart {
  offset: number;
  eventOffset: number;
}

export interface TaskList {
  /** Tasks matching the filter (all pages). */
  total: number;
  tasks: TaskDetail[];
  prev: PageStart | null;
  next: PageStart | null;
}

/** Go's order: all tasks on one page, shortest first. */
export const GO_TASK_PAGE: TaskPage = {
  sortBy: "duration",
  order: "asc",
  offset: 0,
  eventOffset: 0,
  limit: Infinity,
  eventBudget: Infinity,
};

/**
 * /usertask: the matching tasks in the page's order, with their events. A page holds at
 * most `limit` tasks and `eventBudget` events, so a task with more events than that is
 * split across pages (its events `eventOffset` on); `total` counts all tasks. The rows
 * of the events shown are read from the trace again (the summary keeps no region's).
 */
export async function taskList(
  t: Trace,
  summary: Summary,
  f: TaskFilter,
  page: TaskPage = GO_TASK_PAGE,
): Promise<TaskList> {
  const startTime = traceStart(t);
  const matching: { task: number; duration: number; start: number; id: number; n: number }[] = [];
  for (let k = 0; k < summary.taskCount; k++) {
    const task = summary.taskAt(k);
    if (!matches(t, summary, task, f)) continue;
    const [s, e] = taskSpan(t, summary, task);
    matching.push({
      task,
      duration: e - s,
      start: s,
      id: summary.taskId(task),
      n: taskEventCount(summary, task),
    });
  }
  const sign = page.order === "asc" ? 1 : -1;
  const key = page.sortBy;
  // Go's comparison for Go's order (its sort is not stable: ties come out as Go's do).
  sortFunc(matching, (a, b) => {
    if (key === "duration") return sign * (a.duration - b.duration);
    if (key === "start") return sign * (a.start - b.start) || a.id - b.id;
    if (key === "events") return sign * (a.n - b.n) || b.duration - a.duration;
    return sign * (a.id - b.id);
  });
  const counts = matching.map((m) => m.n);
  const bounds = pageBounds(counts, page);
  const shown = matching.slice(page.offset, bounds.end).map(({ task, n }, k) => {
    const from = k === 0 ? page.eventOffset : 0;
    const to = k === bounds.end - page.offset - 1 ? bounds.lastEventEnd : n;
    return {
      task,
      n,
      from,
      events: taskEventOrder(summary, task).slice(Math.max(0, from - 1), to),
    };
  });
  const rows = await pickRows(t, shown.flatMap((x) => x.events.map(([e]) => e)));
  const tasks = shown.map(({ task, n, from, events }) => {
    const [s, e] = taskSpan(t, summary, task);
    const start = s - startTime;
    return {
      when: formatFixed(seconds(start), 9) + "s",
      id: summary.taskId(task),
      duration: e - s,
      complete: summary.taskStart(task) >= 0 && summary.taskEnd(task) >= 0,
      start,
      end: start + (e - s),
      eventCount: n,
      eventOffset: from,
      events: describeEvents(t, rows, events, from > 0, startTime),
    };
  });
  return {
    total: matching.length,
    tasks,
    prev: prevPage(counts, page),
    next: bounds.next,
  };
}

// The tasks of the page starting at page.offset: up to which task (exclusive), where the
// last one's events stop, and where the next page starts. The first task is always on
// the page; a later one only when all its events fit in what is left of the budget.
function pageBounds(counts: number[], page: TaskPage) {
  let budget = page.eventBudget;
  let end = page.offset;
  let lastEventEnd = 0;
  let next: PageStart | null = null;
  for (let i = page.offset; i < counts.length; i++) {
    if (end - page.offset >= page.limit) {
      next = { offset: i, eventOffset: 0 };
      break;
    }
    const from = i === page.offset ? Math.min(page.eventOffset, counts[i]) : 0;
    const left = counts[i] - from;
    if (i > page.offset && left > budget) {
      next = { offset: i, eventOffset: 0 };
      break;
    }
    end = i + 1;
    if (left > budget) {
      lastEventEnd = from + budget;
      next = { offset: i, eventOffset: lastEventEnd };
      break;
    }
    lastEventEnd = counts[i];
    budget -= left;
  }
  return { end, lastEventEnd, next };
}

// A page that ends where this one starts, filled backwards by the same rules.
function prevPage(counts: number[], page: TaskPage): PageStart | null {
  if (page.eventOffset > 0) {
    return { offset: page.offset, eventOffset: Math.max(0, page.eventOffset - page.eventBudget) };
  }
  if (page.offset === 0 || counts.length === 0) return null;
  let budget = page.eventBudget;
  let i = Math.min(page.offset, counts.length);
  let tasks = 0;
  while (i > 0 && tasks < page.limit) {
    const n = counts[i - 1];
    if (n > budget) {
      // The earlier task alone: its last chunk of events.
      if (tasks === 0) {
        const chunks = Math.max(0, Math.ceil(n / page.eventBudget) - 1);
        return { offset: i - 1, eventOffset: chunks * page.eventBudget };
      }
      break;
    }
    budget -= n;
    tasks++;
    i--;
  }
  return { offset: i, eventOffset: 0 };
}

// The events Go lists for a task: its begin and end, logs, and region bounds.
function taskEventCount(summary: Summary, task: number): number {
  let n = (summary.taskStart(task) >= 0 ? 1 : 0) + (summary.taskEnd(task) >= 0 ? 1 : 0);
  n += summary.taskLogs(task).length;
  for (const r of summary.taskRegions(task)) {
    if (summary.regionStart(r) >= 0) n++;
    if (summary.regionEnd(r) >= 0) n++;
  }
  return n;
}

// The task's begin, end, logs and region bounds as [event index, time], in time order
// as Go lists them.
function taskEventOrder(summary: Summary, task: number): [number, number][] {
  const kept = summary.kept;
  const raw: [number, number][] = [];
  const add = (e: number, time: number | null) => {
    if (e >= 0) raw.push([e, time!]);
  };
  for (const e of [summary.taskStart(task), summary.taskEnd(task), ...summary.taskLogs(task)]) {
    add(e, e >= 0 ? kept.time(e) : null);
  }
  for (const r of summary.taskRegions(task)) {
    add(summary.regionStart(r), summary.regionStartTime(r));
    add(summary.regionEnd(r), summary.regionEndTime(r));
  }
  // Go: slices.SortStableFunc by time.
  const order = raw.map((x, k) => [x, k] as const);
  order.sort((a, b) => a[0][1] - b[0][1] || a[1] - b[1]);
  return order.map(([x]) => x);
}

// Describes a run of a task's ordered events (rows from `rows`). With `afterFirst`, the
// first is the one before the run: only the elapsed time is measured from it.
function describeEvents(
  t: Trace,
  rows: KeptEvents,
  order: [number, number][],
  afterFirst: boolean,
  startTime: number,
): TaskEvent[] {
  const events: TaskEvent[] = [];
  let last = afterFirst && order.length > 0 ? order[0][1] : startTime;
  for (let k = afterFirst ? 1 : 0; k < order.length; k++) {
    const [e, time] = order[k];
    const what = describeEvent(t, rows, e);
    if (what === "") continue;
    events.push({
      when: formatFixed(seconds(time - startTime), 9),
      elapsed: elapsed(time - last),
      goroutine: primaryGoroutine(t, rows, e),
      what,
    });
    last = time;
  }
  return events;
}

function matches(t: Trace, summary: Summary, task: number, f: TaskFilter): boolean {
  const complete = summary.taskStart(task) >= 0 && summary.taskEnd(task) >= 0;
  if (f.type !== undefined && summary.taskName(task) !== f.type) return false;
  if (f.complete !== undefined && complete !== f.complete) return false;
  if (f.latMin !== undefined || f.latMax !== undefined) {
    if (!complete) return false;
    const [s, e] = taskSpan(t, summary, task);
    if (f.latMin !== undefined && !(e - s >= f.latMin)) return false;
    if (f.latMax !== undefined && !(e - s <= f.latMax)) return false;
  }
  if (f.logText && !taskMatchesText(t, summary, task, f.logText)) return false;
  return true;
}

// Go's taskMatches: the type, a region type, or a log's category or message.
function taskMatchesText(t: Trace, summary: Summary, task: number, text: string): boolean {
  const kept = summary.kept;
  if (summary.taskName(task).includes(text)) return true;
  for (const r of summary.taskRegions(task)) if (summary.regionName(r).includes(text)) return true;
  for (const e of summary.taskLogs(task)) {
    if (t.string(kept.a1(e)).includes(text) || t.string(kept.a2(e)).includes(text)) return true;
  }
  return false;
}

/** The time of the first event (Go: parsedTrace.startTime), relative ns. */
function traceStart(t: Trace): number {
  return t.validCount > 0 ? t.startTime : 0;
}

function traceEnd(t: Trace): number {
  return t.validCount > 0 ? t.validEndTime : 0;
}

/** Go's taskInterval: the task's span, the trace's bounds where it has no start/end. */
export function taskInterval(
  t: Trace,
  kept: KeptEvents,
  task: Pick<TaskSummary, "start" | "end">,
): [number, number] {
  return [
    task.start !== null ? kept.time(task.start) : traceStart(t),
    task.end !== null ? kept.time(task.end) : traceEnd(t),
  ];
}

// taskInterval of task index `task`.
function taskSpan(t: Trace, summary: Summary, task: number): [number, number] {
  const kept = summary.kept;
  const start = summary.taskStart(task), end = summary.taskEnd(task);
  return [start >= 0 ? kept.time(start) : traceStart(t), end >= 0 ? kept.time(end) : traceEnd(t)];
}

/** Go's describeEvent ("" for events it does not list). */
export function describeEvent(t: Trace, kept: KeptEvents, e: number): string {
  const typ = kept.type(e);
  switch (kindOfType(typ)) {
    case "StateTransition": {
      if (isProcTransition(typ)) return "";
      const st = kept.state(e);
      return `${GO_STATES[st >> 4]} -> ${GO_STATES[st & 15]}`;
    }
    case "RegionBegin":
      return `region ${goQuote(t.stringBytesOf(kept.a1(e)))} begin`;
    case "RegionEnd":
      return `region ${goQuote(t.stringBytesOf(kept.a1(e)))} end`;
    case "TaskBegin":
      return `task ${goQuote(t.stringBytesOf(kept.a2(e)))} (D ${t.taskIds[kept.a0(e)]}, parent ${
        t.taskIds[kept.a1(e)]
      }) begin`;
    case "TaskEnd":
      return "task end";
    case "Log": {
      // Quirk (Go): the category is shown only when it is empty.
      const category = t.string(kept.a1(e));
      const msg = goQuote(t.stringBytesOf(kept.a2(e)));
      return category !== "" ? `log ${msg}` : `log (category: ${category}): ${msg}`;
    }
  }
  return "";
}

/** Go's primaryGoroutine: a transition's goroutine, else the event's (-1 = none). */
function primaryGoroutine(t: Trace, kept: KeptEvents, e: number): number {
  if (kindOfType(kept.type(e)) !== "StateTransition") return t.gId[t.ctxG[kept.ctx(e)]];
  if (isProcTransition(kept.type(e))) return -1;
  return t.gId[kept.a0(e)];
}

/** Go's Duration.Seconds(): whole seconds plus the fraction, as float64. */
export function seconds(ns: number): number {
  const sec = Math.trunc(ns / 1e9);
  return sec + (ns - sec * 1e9) / 1e9;
}

/** Go's elapsed(): "%.9f" seconds; below 1s, leading zeros become spaces. */
export function elapsed(ns: number): string {
  const b = formatFixed(seconds(ns), 9).split("");
  if (ns < 1e9) {
    const dot = b.indexOf(".");
    for (let i = 0; i < dot; i++) b[i] = " ";
    for (let i = dot + 1; i < b.length && b[i] === "0"; i++) b[i] = " ";
  }
  return b.join("");
}
