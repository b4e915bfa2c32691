// The comparison of two traces of one program (old and new): goroutine groups, task and
// region types matched by name; the blocking profiles and the CPU profile matched by
// stack (function and line); the GC. Every list is ranked by the absolute change, so the
// first row is the biggest regression (or improvement). No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { Summary } from "../summary/summary.ts";
import {
  computePprof,
  goroutineIntervals,
  type PprofType,
  type ProfileRecord,
} from "../profiles/pprof.ts";
import { BLOCKING_UNITS, type ProfileUnits } from "../profiles/pprof_encode.ts";
import { CPU_UNITS, cpuProfile, cpuSampleCount } from "../cpu/samples.ts";
import { goroutineGroup, wholeTrace } from "../cpu/selection.ts";
import { mmuPlot } from "../mmu/mmu.ts";
import { bucketMin, bucketOf } from "../summary/histogram.ts";
import { formatDuration } from "../util/go_duration.ts";
import type {
  ChangeRow,
  DiffModel,
  GroupDiffRow,
  LatencyDiffRow,
  Pair,
  ProfileDiffSummary,
} from "../contract/diff.ts";
import { blockMetric, EXEC, SCHED, SYSCALL, type TraceFacts, traceFacts } from "./facts.ts";
import { type DiffSamples, diffSamples, diffTotals, functionChanges } from "./profile_diff.ts";

/** One trace of the comparison. */
export interface DiffSide {
  file: string;
  trace: Trace;
  summary: Summary;
}

export const DIFF_PROFILES = ["cpu", "net", "sync", "syscall", "sched"] as const;
export type DiffProfileType = (typeof DIFF_PROFILES)[number];

export function isDiffProfileType(s: string): s is DiffProfileType {
  return (DIFF_PROFILES as readonly string[]).includes(s);
}

export const PROFILE_TITLES: Record<DiffProfileType, string> = {
  cpu: "CPU profile",
  net: "Network blocking profile",
  sync: "Synchronization blocking profile",
  syscall: "Syscall profile",
  sched: "Scheduler latency profile",
};

export function profileUnits(type: DiffProfileType): ProfileUnits {
  return type === "cpu" ? CPU_UNITS : BLOCKING_UNITS;
}

/**
 * One side's profile of `type`, for every goroutine or for the group `group` (empty when
 * the trace has no such group).
 */
export async function sideProfile(
  side: DiffSide,
  type: DiffProfileType,
  group?: string,
): Promise<ProfileRecord[]> {
  const { trace: t, summary: s } = side;
  if (type === "cpu") {
    const sel = group === undefined ? wholeTrace() : goroutineGroup(t, s, group);
    return sel instanceof Error ? [] : await cpuProfile(t, sel);
  }
  const intervals = goroutineIntervals(t, s, group ?? "");
  if (intervals instanceof Error) return [];
  return await computePprof(t, type as PprofType, intervals);
}

/** The two sides' profiles of `type` matched by stack. */
export async function profileDiff(
  before: DiffSide,
  after: DiffSide,
  type: DiffProfileType,
  group?: string,
): Promise<DiffSamples> {
  return diffSamples(
    before.trace,
    await sideProfile(before, type, group),
    after.trace,
    await sideProfile(after, type, group),
  );
}

const abs = (p: Pair) => Math.abs(p.after - p.before);
const byChange = <T extends { change: number }>(a: T, b: T) => b.change - a.change;

/** Which differential profile shows the stacks behind a group's metric ("" if none). */
export function profileOfMetric(metric: string): DiffProfileType | "" {
  if (metric === EXEC) return "cpu";
  if (metric === SCHED) return "sched";
  if (metric === SYSCALL) return "syscall";
  const reason = /^Block time \((.*)\)$/.exec(metric)?.[1];
  if (reason === undefined) return "";
  if (reason === "network") return "net";
  // Go's sync profile: reasons about channels, sync and select.
  if (reason.includes("chan") || reason.includes("sync") || reason.includes("select")) {
    return "sync";
  }
  return "";
}

function groupRows(b: TraceFacts, a: TraceFacts): { rows: GroupDiffRow[]; changes: ChangeRow[] } {
  const rows: GroupDiffRow[] = [];
  const changes: ChangeRow[] = [];
  for (const name of new Set([...b.groups.keys(), ...a.groups.keys()])) {
    const gb = b.groups.get(name), ga = a.groups.get(name);
    const metrics: GroupDiffRow["metrics"] = [];
    for (const metric of new Set([...(gb?.time.keys() ?? []), ...(ga?.time.keys() ?? [])])) {
      metrics.push({ metric, before: gb?.time.get(metric) ?? 0, after: ga?.time.get(metric) ?? 0 });
    }
    const ranks = explainUnknown(metrics);
    let top = 0;
    metrics.forEach((m, k) => {
      const type = profileOfMetric(m.metric);
      changes.push({
        group: name,
        ...m,
        href: type === "" ? "" : `/diffprofile?type=${type}&name=${encodeURIComponent(name)}`,
        change: ranks[k],
      });
      top = Math.max(top, ranks[k]);
    });
    metrics.sort((x, y) => abs(y) - abs(x) || (x.metric < y.metric ? -1 : 1));
    rows.push({
      name,
      count: { before: gb?.count ?? 0, after: ga?.count ?? 0 },
      metrics,
      change: top,
    });
  }
  rows.sort((x, y) => byChange(x, y) || (x.name < y.name ? -1 : 1));
  changes.sort((x, y) => byChange(x, y) || (x.group < y.group ? -1 : 1));
  return { rows, changes };
}

/**
 * The absolute change of each metric, less what block time of unknown reason ("Block
 * time ()": blocked since before the trace) explains: time the unknown reason lost is
 * credited to the block reasons that grew (largest first), and time it gained to those
 * that shrank. So a goroutine that waited through the old trace for no known reason and
 * through the new one for a named reason shows no change.
 */
export function explainUnknown(metrics: (Pair & { metric: string })[]): number[] {
  const delta = metrics.map((m) => m.after - m.before);
  const u = metrics.findIndex((m) => m.metric === blockMetric(""));
  if (u < 0 || delta[u] === 0) return delta.map(Math.abs);
  const sign = delta[u] < 0 ? 1 : -1; // the reasons that can absorb it move the other way
  const order = delta.map((_, k) => k)
    .filter((k) => k !== u && metrics[k].metric.startsWith("Block time (") && delta[k] * sign > 0)
    .sort((a, b) => Math.abs(delta[b]) - Math.abs(delta[a]));
  let left = Math.abs(delta[u]);
  for (const k of order) {
    const take = Math.min(left, Math.abs(delta[k]));
    delta[k] -= sign * take;
    left -= take;
  }
  delta[u] = sign * -left;
  return delta.map(Math.abs);
}

/** Nearest-rank quantile of ascending durations (0 when there are none). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function latencyRows(
  b: Map<string, { count: number; durations: number[] }>,
  a: Map<string, { count: number; durations: number[] }>,
): LatencyDiffRow[] {
  const rows: LatencyDiffRow[] = [];
  const none = { count: 0, durations: [] as number[] };
  for (const type of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(type) ?? none, y = a.get(type) ?? none;
    const q = (p: number) => ({
      before: quantile(x.durations, p),
      after: quantile(y.durations, p),
    });
    const p50 = q(0.5), p90 = q(0.9), p99 = q(0.99);
    rows.push({
      type,
      count: { before: x.count, after: y.count },
      p50,
      p90,
      p99,
      histogram: overlay(x.durations, y.durations),
      change: Math.max(abs(p50), abs(p90), abs(p99)),
    });
  }
  return rows.sort((r, s) => byChange(r, s) || (r.type < s.type ? -1 : 1));
}

/** Both duration lists in Go's histogram buckets, from the lowest used to the highest. */
function overlay(b: number[], a: number[]): LatencyDiffRow["histogram"] {
  const cb = new Map<number, number>(), ca = new Map<number, number>();
  for (const d of b) cb.set(bucketOf(d), (cb.get(bucketOf(d)) ?? 0) + 1);
  for (const d of a) ca.set(bucketOf(d), (ca.get(bucketOf(d)) ?? 0) + 1);
  const used = [...cb.keys(), ...ca.keys()];
  if (used.length === 0) return [];
  const lo = Math.min(...used), hi = Math.max(...used);
  const out: LatencyDiffRow["histogram"] = [];
  for (let i = lo; i <= hi; i++) {
    out.push({
      label: formatDuration(bucketMin(i)),
      before: cb.get(i) ?? 0,
      after: ca.get(i) ?? 0,
    });
  }
  return out;
}

async function mmuCurve(t: Trace): Promise<number[][]> {
  try {
    return (await mmuPlot(t, "stw|background|assist|sweep")).curve.map((p) => [p[0], p[1]]);
  } catch {
    return []; // No GC events to measure (Go's page fails there too).
  }
}

/** The whole comparison. */
export async function compareTraces(before: DiffSide, after: DiffSide): Promise<DiffModel> {
  const fb = await traceFacts(before.trace, before.summary);
  const fa = await traceFacts(after.trace, after.summary);
  const { rows, changes } = groupRows(fb, fa);
  const profiles: ProfileDiffSummary[] = [];
  for (const type of DIFF_PROFILES) {
    const d = await profileDiff(before, after, type);
    const totals = diffTotals(d);
    profiles.push({
      type,
      title: PROFILE_TITLES[type],
      ...totals,
      top: functionChanges(d).slice(0, 5),
    });
  }
  const pair = (f: (x: TraceFacts) => number) => ({ before: f(fb), after: f(fa) });
  return {
    before: {
      file: before.file,
      duration: fb.duration,
      cpuSamples: await cpuSampleCount(before.trace),
    },
    after: {
      file: after.file,
      duration: fa.duration,
      cpuSamples: await cpuSampleCount(after.trace),
    },
    changes: changes.slice(0, 50),
    groups: rows,
    tasks: latencyRows(fb.tasks, fa.tasks),
    regions: latencyRows(fb.regions, fa.regions),
    profiles,
    gc: {
      count: pair((f) => f.gc.count),
      total: pair((f) => f.gc.total),
      stwCount: pair((f) => f.gc.stwCount),
      stwTotal: pair((f) => f.gc.stwTotal),
      stwMax: pair((f) => f.gc.stwMax),
      assist: pair((f) => f.gc.assist),
      assistShare: pair((f) => f.gc.exec > 0 ? f.gc.assist / f.gc.exec : 0),
      mmu: { before: await mmuCurve(before.trace), after: await mmuCurve(after.trace) },
    },
  };
}
