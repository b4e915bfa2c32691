// The diagnosis: the rules (rules.ts) applied to a trace's facts (facts.ts), each hit a
// finding with its evidence in numbers and links to where it shows; ranked by the time
// it costs. No Deno APIs.

import type { DiagnosisModel, Evidence, Finding, Frame, Link } from "../contract/diagnosis.ts";
import { formatDuration } from "../util/go_duration.ts";
import { formatFloatV } from "../util/go_format_float.ts";
import { isSystemGoroutine } from "../summary/summarizer.ts";
import { type DiagnosisFacts, medianLifetime } from "./facts.ts";
import { GoState } from "../trace/kinds.ts";
import { RULES, T } from "./rules.ts";

const q = encodeURIComponent;
const ms = (ns: number) => formatFloatV(ns / 1e6);

/**
 * A timeline link around [start, end] (ns since baseTime), with a margin; the hash is in
 * ms since the trace's start (`origin`), as the timeline reads it.
 */
export function timelineAt(origin: number, start: number, end: number, goid?: number): string {
  const pad = Math.max((end - start) * 0.25, 50e3);
  const view = goid === undefined ? "" : `?goid=${goid}`;
  return `/trace${view}#${ms(Math.max(0, start - pad - origin))}:${ms(end + pad - origin)}`;
}

const groupLink = (name: string): Link => ({
  label: "goroutine group",
  href: `/goroutine?name=${q(name)}`,
});

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const r = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[r - 1];
}

/** Indexes of the program's groups (the runtime's and unnamed ones left out). */
function userGroups(f: DiagnosisFacts): number[] {
  const out: number[] = [];
  f.groups.name.forEach((n, k) => {
    if (!isSystemGoroutine(n)) out.push(k);
  });
  return out;
}

function frames(f: DiagnosisFacts, stack: number): Frame[] | undefined {
  return stack < 0 ? undefined : f.stacks[stack].frames;
}

// Frames of the runtime and the standard library's waiting functions: a finding names
// the first caller outside them.
const LIBRARY = ["runtime.", "sync.", "time.", "internal/", "syscall.", "os.", "net."];

/** The first frame's function outside the runtime's and library's waits, or a placeholder. */
function where(f: DiagnosisFacts, stack: number): string {
  const fr = frames(f, stack);
  if (!fr || fr.length === 0) return "(no stack)";
  // Skip the runtime's own frames to the first caller outside it.
  const user = fr.find((x) => !LIBRARY.some((p) => x.func.startsWith(p)));
  return (user ?? fr[0]).func;
}

export function diagnose(f: DiagnosisFacts): DiagnosisModel {
  const duration = Math.max(f.end - f.start, 0);
  const procs = Math.max(f.gomaxprocs, 1);
  const byGroup = userGroups(f);
  const findings: Finding[] = [
    ...stwRule(f, procs),
    ...assistRule(f, byGroup),
    ...schedRule(f, byGroup),
    ...idleRule(f, duration, procs),
    ...leakRule(f, duration),
    ...contentionRule(f, duration),
    ...syscallRule(f),
    ...churnRule(f, byGroup, duration),
    ...taskRule(f),
  ];
  findings.sort((a, b) => b.cost - a.cost);
  return {
    findings,
    rules: RULES,
    duration,
    goroutines: f.groups.goroutines.reduce((a, b) => a + b, 0),
    gomaxprocs: f.gomaxprocs,
  };
}

function stwRule(f: DiagnosisFacts, procs: number): Finding[] {
  let n = 0, total = 0, worst = -1, worstDur = 0;
  const kinds = new Map<string, number>();
  for (let k = 0; k < f.stw.length; k += 2) {
    const d = f.stw[k + 1] - f.stw[k];
    if (d < T.stwPause) continue;
    n++;
    total += d;
    const kind = f.names[f.stwKinds[k / 2]] ?? "";
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (d > worstDur) {
      worstDur = d;
      worst = k;
    }
  }
  if (n === 0) return [];
  const top = [...kinds].sort((a, b) => b[1] - a[1])[0][0];
  return [{
    rule: "stw",
    title: "Long stop-the-world pauses",
    subject: top,
    cost: total * procs,
    evidence: [
      { label: `pauses of ${formatDuration(T.stwPause)} or more`, value: n, unit: "count" },
      { label: "their total", value: total, unit: "ns" },
      { label: "the longest", value: worstDur, unit: "ns" },
      { label: "GOMAXPROCS", value: procs, unit: "count" },
    ],
    links: [
      {
        label: "the longest pause on the timeline",
        href: timelineAt(f.start, f.stw[worst], f.stw[worst + 1]),
      },
      { label: "MMU", href: "/mmu" },
    ],
  }];
}

function assistRule(f: DiagnosisFacts, groups: number[]): Finding[] {
  const out: Finding[] = [];
  const g = f.groups;
  for (const k of groups) {
    const a = g.assist[k] + g.gcWait[k], base = g.running[k] + g.gcWait[k];
    if (base <= 0 || a < T.assistMin || a / base < T.assistShare) continue;
    const name = g.name[k];
    out.push({
      rule: "gc-assist",
      title: "GC assist takes a large share of a goroutine group's time",
      subject: name,
      cost: a,
      evidence: [
        { label: "running in mark assists", value: g.assist[k], unit: "ns" },
        { label: "waiting for mark-assist work", value: g.gcWait[k], unit: "ns" },
        { label: "share of running and GC-wait time", value: 100 * a / base, unit: "percent" },
        { label: "running time", value: g.running[k], unit: "ns" },
        { label: "goroutines", value: g.goroutines[k], unit: "count" },
      ],
      links: [groupLink(name), { label: "MMU", href: "/mmu" }],
    });
  }
  return out;
}

function schedRule(f: DiagnosisFacts, groups: number[]): Finding[] {
  const out: Finding[] = [];
  const g = f.groups;
  // Long waits by group (records: group, start, duration, goroutine).
  const longByGroup = new Map<number, number[]>();
  for (let k = 0; k < f.longWaits.length; k += 4) {
    const grp = f.longWaits[k];
    let l = longByGroup.get(grp);
    if (!l) longByGroup.set(grp, l = []);
    l.push(k);
  }
  for (const grp of groups) {
    const n = g.waits[grp];
    const long = longByGroup.get(grp) ?? [];
    if (n < T.schedMinWaits || long.length === 0) continue;
    const durs = Float64Array.from(long, (k) => f.longWaits[k + 2]).sort();
    // Nearest rank over all n waits: the long ones are the top of the distribution.
    const r = Math.ceil(0.99 * n);
    const shorter = n - durs.length;
    if (r <= shorter) continue; // p99 is below LONG_WAIT
    const p99 = durs[r - shorter - 1];
    if (p99 < T.schedP99) continue;
    let cost = 0, worst = long[0];
    for (const k of long) {
      cost += f.longWaits[k + 2];
      if (f.longWaits[k + 2] > f.longWaits[worst + 2]) worst = k;
    }
    const ws = f.longWaits[worst + 1], wd = f.longWaits[worst + 2];
    const goid = f.longWaits[worst + 3];
    const name = g.name[grp];
    out.push({
      rule: "sched-latency",
      title: "Scheduling latency outliers",
      subject: name,
      cost,
      evidence: [
        { label: "p99 runnable → running", value: p99, unit: "ns" },
        { label: "the longest", value: wd, unit: "ns" },
        { label: "waits", value: n, unit: "count" },
        {
          label: `waits of ${formatDuration(T.schedP99)} or more`,
          value: long.length,
          unit: "count",
        },
        { label: "mean wait", value: g.runnable[grp] / n, unit: "ns" },
      ],
      links: [
        groupLink(name),
        { label: "scheduler latency profile", href: `/sched?name=${q(name)}` },
        {
          label: `the longest wait (G${goid}) on the timeline`,
          href: timelineAt(f.start, ws, ws + wd),
        },
      ],
    });
  }
  return out;
}

function idleRule(f: DiagnosisFacts, duration: number, procs: number): Finding[] {
  const capacity = duration * procs;
  // Stretches shorter than IDLE_STRETCH are a P waking up: only longer ones count.
  let lost = 0, worst = -1;
  for (let k = 0; k < f.idleStretches.length; k += 3) {
    lost += f.idleStretches[k + 2];
    if (worst < 0 || f.idleStretches[k + 2] > f.idleStretches[worst + 2]) worst = k;
  }
  if (lost < T.idleMin || lost < T.idleShare * capacity) return [];
  const ev: Evidence[] = [
    { label: "P-time lost in stretches of 100µs or more", value: lost, unit: "ns" },
    { label: "share of the trace's P-time", value: 100 * lost / capacity, unit: "percent" },
    { label: "P-time lost in all stretches", value: f.idleLost, unit: "ns" },
    { label: "stretches of 100µs or more", value: f.idleStretches.length / 3, unit: "count" },
  ];
  const links: Link[] = [];
  if (worst >= 0) {
    const s = f.idleStretches[worst], e = f.idleStretches[worst + 1];
    ev.push({ label: "the longest stretch", value: e - s, unit: "ns" });
    links.push({ label: "the worst stretch on the timeline", href: timelineAt(f.start, s, e) });
  }
  return [{
    rule: "idle-ps",
    title: "Ps idle while goroutines are runnable",
    subject: `GOMAXPROCS=${procs}`,
    cost: lost,
    evidence: ev,
    links,
  }];
}

function leakRule(f: DiagnosisFacts, duration: number): Finding[] {
  const t = f.tails;
  const min = Math.min(T.leakShare * duration, T.leakMin);
  const byStack = new Map<number, number[]>();
  for (let k = 0; k < t.goid.length; k++) {
    if (t.state[k] !== GoState.Waiting) continue;
    if (isSystemGoroutine(f.groups.name[t.group[k]])) continue;
    const reason = t.reason[k] < 0 ? "" : f.names[t.reason[k]];
    if (reason === "forever") continue;
    const since = t.head[k] ? f.start : t.since[k];
    if (f.end - since < min) continue;
    let l = byStack.get(t.stack[k]);
    if (!l) byStack.set(t.stack[k], l = []);
    l.push(k);
  }
  const out: Finding[] = [];
  for (const [stack, ks] of byStack) {
    if (ks.length < T.leakCount) continue;
    let total = 0, whole = 0, earliest = Infinity;
    const reasons = new Map<string, number>();
    for (const k of ks) {
      const since = t.head[k] ? f.start : t.since[k];
      total += f.end - since;
      if (t.head[k]) whole++;
      if (since < earliest) earliest = since;
      const r = t.reason[k] < 0 ? "" : f.names[t.reason[k]];
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    const [reason, nReason] = [...reasons].sort((a, b) => b[1] - a[1])[0];
    const first = ks[0];
    const name = f.groups.name[t.group[first]];
    out.push({
      rule: "leak",
      title: "Leak suspects: goroutines blocked on the same stack until the end",
      subject: where(f, stack),
      cost: total,
      evidence: [
        { label: "goroutines still blocked at the end", value: ks.length, unit: "count" },
        { label: "of them blocked for the whole trace", value: whole, unit: "count" },
        { label: "their blocked time, added up", value: total, unit: "ns" },
        { label: "blocked the longest", value: f.end - earliest, unit: "ns" },
        {
          label: `blocked in "${reason || "(a status: reason unknown)"}"`,
          value: nReason,
          unit: "count",
        },
      ],
      links: [
        groupLink(name),
        {
          label: `one of them (G${t.goid[first]}) on the timeline`,
          href: `/trace?goid=${t.goid[first]}`,
        },
      ],
      stack: frames(f, stack),
    });
  }
  return out;
}

/**
 * Whether waits on this stack are contention: a mutex (sync.Mutex, RWMutex and the like)
 * or a channel send, in a goroutine of the program. Receives, selects, WaitGroup.Wait and
 * Cond.Wait are mostly goroutines waiting for work or for an event, not for a resource.
 */
function contended(f: DiagnosisFacts, reason: string, stack: number): boolean {
  if (reason !== "sync" && reason !== "chan send") return false;
  const fr = frames(f, stack);
  if (!fr || fr.length === 0) return reason === "chan send";
  if (isSystemGoroutine(fr[fr.length - 1].func)) return false;
  return !fr.some((x) => x.func === "sync.(*WaitGroup).Wait" || x.func === "sync.(*Cond).Wait");
}

function contentionRule(f: DiagnosisFacts, duration: number): Finding[] {
  const c = f.contention;
  const min = Math.max(T.contentionMin, T.contentionShare * duration);
  const order = [...c.ns.keys()].filter((k) =>
    c.ns[k] >= min && c.count[k] >= T.contentionWaits &&
    contended(f, f.names[c.reason[k]] ?? "", c.stack[k])
  ).sort((a, b) => c.ns[b] - c.ns[a]).slice(0, T.contentionTop);
  return order.map((k) => {
    const reason = f.names[c.reason[k]] ?? "";
    return {
      rule: "contention",
      title: reason === "chan send"
        ? "Contention hot spot: channel send"
        : "Contention hot spot: lock",
      subject: where(f, c.stack[k]),
      cost: c.ns[k],
      evidence: [
        { label: `blocked (${reason})`, value: c.ns[k], unit: "ns" },
        { label: "waits", value: c.count[k], unit: "count" },
        { label: "mean wait", value: c.ns[k] / c.count[k], unit: "ns" },
        { label: "the longest wait", value: c.max[k], unit: "ns" },
      ],
      links: [{ label: "synchronization blocking profile", href: "/block" }],
      stack: frames(f, c.stack[k]),
    };
  });
}

function syscallRule(f: DiagnosisFacts): Finding[] {
  const byStack = new Map<number, number[]>();
  for (let k = 0; k < f.heldSyscalls.length; k += 3) {
    if (f.heldSyscalls[k + 1] < T.syscallHeld) continue;
    const st = f.heldSyscallStacks[k / 3];
    let l = byStack.get(st);
    if (!l) byStack.set(st, l = []);
    l.push(k);
  }
  let out: Finding[] = [];
  for (const [stack, ks] of byStack) {
    let total = 0, worst = ks[0];
    for (const k of ks) {
      total += f.heldSyscalls[k + 1];
      if (f.heldSyscalls[k + 1] > f.heldSyscalls[worst + 1]) worst = k;
    }
    if (total < T.syscallTotal) continue;
    const s = f.heldSyscalls[worst], d = f.heldSyscalls[worst + 1];
    const goid = f.heldSyscalls[worst + 2];
    out.push({
      rule: "syscall-held",
      title: "Syscalls that hold a P long",
      subject: where(f, stack),
      cost: total,
      evidence: [
        {
          label: `syscalls of ${formatDuration(T.syscallHeld)} or more with their P`,
          value: ks.length,
          unit: "count",
        },
        { label: "their total", value: total, unit: "ns" },
        { label: "the longest", value: d, unit: "ns" },
      ],
      links: [
        { label: "syscall profile", href: "/syscall" },
        { label: `the longest (G${goid}) on the timeline`, href: timelineAt(f.start, s, s + d) },
      ],
      stack: frames(f, stack),
    });
  }
  out = out.sort((a, b) => b.cost - a.cost).slice(0, T.syscallTop);
  return out;
}

function churnRule(f: DiagnosisFacts, groups: number[], duration: number): Finding[] {
  const g = f.groups;
  const out: Finding[] = [];
  if (duration <= 0) return out;
  for (const k of groups) {
    const made = g.created[k];
    if (made < T.churnCount) continue;
    const rate = made / (duration / 1e9);
    if (rate < T.churnRate || g.ended[k] < made / 2) continue; // most still alive: no churn
    const median = medianLifetime(g, k);
    if (!(median <= T.churnLife)) continue;
    const name = g.name[k];
    out.push({
      rule: "churn",
      title: "Goroutine creation churn",
      subject: name,
      cost: g.startDelay[k],
      evidence: [
        { label: "goroutines created", value: made, unit: "count" },
        { label: "created per second", value: rate, unit: "rate" },
        { label: "median lifetime (±9%)", value: median, unit: "ns" },
        { label: "waits before their first run, added up", value: g.startDelay[k], unit: "ns" },
      ],
      links: [groupLink(name)],
    });
  }
  return out;
}

function taskRule(f: DiagnosisFacts): Finding[] {
  const t = f.tasks;
  const byType = new Map<number, number[]>();
  for (let k = 0; k < t.id.length; k++) {
    if (!(t.begin[k] === t.begin[k] && t.end[k] === t.end[k])) continue;
    let l = byType.get(t.type[k]);
    if (!l) byType.set(t.type[k], l = []);
    l.push(k);
  }
  const out: Finding[] = [];
  for (const [type, ks] of byType) {
    if (ks.length < T.taskMin) continue;
    const name = type < 0 ? "" : f.names[type];
    ks.sort((a, b) => (t.end[a] - t.begin[a]) - (t.end[b] - t.begin[b]));
    const d = Float64Array.from(ks, (k) => t.end[k] - t.begin[k]);
    const p50 = percentile(d, 0.5), p90 = percentile(d, 0.9), p99 = percentile(d, 0.99);
    const max = d[d.length - 1];
    const slowest = ks[ks.length - 1];
    const modes = twoModes(d);
    const bimodal = modes !== null;
    const tail = p99 >= T.tailRatio * p50 && p99 - p50 >= T.tailMin;
    if (!bimodal && !tail) continue;
    const cut = bimodal ? d[modes!.split] : T.tailRatio * p50;
    let cost = 0, slow = 0;
    for (const x of d) {
      if (x >= cut) {
        cost += x - p50;
        slow++;
      }
    }
    const ev: Evidence[] = [
      { label: "complete tasks", value: d.length, unit: "count" },
      { label: "median", value: p50, unit: "ns" },
      { label: "p90", value: p90, unit: "ns" },
      { label: "p99", value: p99, unit: "ns" },
      { label: "the slowest", value: max, unit: "ns" },
    ];
    if (bimodal) {
      ev.push(
        { label: "fast mode: tasks", value: modes!.split, unit: "count" },
        { label: "fast mode: median", value: modes!.fastMedian, unit: "ns" },
        { label: "slow mode: tasks", value: d.length - modes!.split, unit: "count" },
        { label: "slow mode: median", value: modes!.slowMedian, unit: "ns" },
      );
    } else {
      ev.push({ label: "p99 / median", value: p99 / p50, unit: "ratio" });
    }
    out.push({
      rule: "task-latency",
      title: bimodal ? "Task latency has two modes" : "Task latency has a long tail",
      subject: name,
      cost,
      evidence: ev,
      links: [
        {
          label: `the ${slow} slow tasks`,
          href: `/usertask?type=${q(name)}&latmin=${q(formatDuration(cut))}`,
        },
        {
          label: `the slowest task's critical path (task ${t.id[slowest]})`,
          href: `/criticalpath?taskid=${t.id[slowest]}`,
        },
        { label: "task types", href: "/usertasks" },
      ],
    });
  }
  return out;
}

/**
 * Two modes in sorted durations: Otsu's split of their logarithms (the cut that makes
 * the two classes' variance between them largest), if the classes are big enough, far
 * enough apart and well separated; null otherwise.
 */
export function twoModes(
  sorted: Float64Array,
): { split: number; fastMedian: number; slowMedian: number; separation: number } | null {
  const n = sorted.length;
  if (n < 2) return null;
  const x = Float64Array.from(sorted, (v) => Math.log(Math.max(v, 1)));
  let sum = 0, sq = 0;
  for (const v of x) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / n, varT = sq / n - mean * mean;
  if (!(varT > 0)) return null;
  let best = -1, bestVar = -1, left = 0;
  const minSize = Math.max(1, Math.ceil(T.modeShare * n));
  for (let k = 1; k < n; k++) {
    left += x[k - 1];
    if (k < minSize || n - k < minSize || x[k] === x[k - 1]) continue;
    const w0 = k / n, w1 = 1 - w0;
    const m0 = left / k, m1 = (sum - left) / (n - k);
    const vb = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (vb > bestVar) {
      bestVar = vb;
      best = k;
    }
  }
  if (best < 0) return null;
  const separation = bestVar / varT;
  const fastMedian = percentile(sorted.subarray(0, best), 0.5);
  const slowMedian = percentile(sorted.subarray(best), 0.5);
  if (separation < T.modeSeparation || slowMedian < T.modeRatio * fastMedian) return null;
  return { split: best, fastMedian, slowMedian, separation };
}
