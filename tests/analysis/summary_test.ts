// The goroutine summary against `go tool trace -http` (Go 1.26): for every committed trace,
// Go's /goroutines page (groups: start function, count, total execution time) and its
// /goroutine?name= page for every group (count, share of execution time, the breakdown
// and special-range columns, and every goroutine's total, breakdown and range times) must
// show exactly our numbers, to the nanosecond, in Go's sort order.
//
// Why the HTML pages: Go's summarizer lives in internal/trace, which no program outside
// GOROOT can import, and golang.org/x/exp/trace (the pinned version) has no Summarizer.
// The pages are the oracle's own output; durations print exactly (time.Duration.String).

import assert from "node:assert/strict";
import { startGoTraceServer } from "../support/go_oracle.ts";
import { committedTraces, type TraceCase, vectorTraces } from "../support/trace_corpus.ts";
import {
  type GoGroupPage,
  type GoGroupRow,
  parseGroupPage,
  parseGroupsPage,
} from "../support/goroutine_pages.ts";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { summarize, type Summary } from "../../server/core/summary/summary.ts";
import { goroutineLifetimes } from "../../server/core/summary/lifetimes.ts";
import {
  goroutineGroups,
  type GoroutineGroupTable,
  goroutineGroupTable,
} from "../../server/core/summary/goroutines.ts";

const CONCURRENCY = 2;

/** Our trace, or a note when the decoder does not take this trace (yet). */
async function oursOrSkip(c: TraceCase): Promise<Trace | string> {
  try {
    return await parseTrace(c.bytes);
  } catch (e) {
    const msg = (e as Error).message;
    if (msg.includes("not supported yet")) return `${c.name}: skipped (${msg})`;
    throw e;
  }
}

interface Tally {
  traces: number;
  groups: number;
  goroutines: number;
  sorted: number;
  failedAlike: number;
  skipped: string[];
  problems: string[];
}

function compareGroups(where: string, ours: ReturnType<typeof goroutineGroups>, go: GoGroupRow[]) {
  const problems: string[] = [];
  const byName = (rows: GoGroupRow[]) =>
    rows.map((r) => JSON.stringify([r.name, r.count, r.execTime])).sort();
  const a = byName(ours), b = byName(go);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    problems.push(`${where}: groups ${JSON.stringify(a)} vs Go ${JSON.stringify(b)}`);
  }
  // Go breaks ties at random (map order), so compare the sort keys in order.
  const keys = (rows: GoGroupRow[]) => rows.map((r) => r.execTime).join(",");
  if (keys(ours) !== keys(go)) {
    problems.push(`${where}: group order ${keys(ours)} vs Go ${keys(go)}`);
  }
  return problems;
}

function compareGroupPage(where: string, ours: GoroutineGroupTable, go: GoGroupPage): string[] {
  const problems: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    const x = JSON.stringify(a), y = JSON.stringify(b);
    if (x !== y) problems.push(`${where}: ${what} ${x} vs Go ${y}`);
  };
  same("name", ours.name, go.name);
  same("count", ours.count, go.count);
  same("execution time share", ours.execTimePercent, go.execTimePercent);
  same("breakdown columns", ours.nonOverlappingStats, go.nonOverlappingStats);
  same("range columns", ours.rangeStats, go.rangeStats);
  const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);
  same(
    "breakdown rows",
    byId(ours.goroutines).map((g) => [g.id, g.totalTime, ...g.breakdown]),
    byId(go.goroutines).map((g) => [g.id, g.totalTime, ...g.breakdown]),
  );
  same(
    "range rows",
    byId(ours.goroutines.filter((g) => g.hasRangeTime)).map((
      g,
    ) => [g.id, g.totalTime, ...g.rangeTimes]),
    byId(go.ranges).map((g) => [g.id, g.totalTime, ...g.rangeTimes]),
  );
  return problems;
}

/** The sort key column's values in page order (ties are in random order in Go). */
function sortKeys(
  t: { goroutines: { totalTime: number; breakdown: number[] }[]; nonOverlappingStats: string[] },
  col: string,
) {
  const k = t.nonOverlappingStats.indexOf(col);
  return t.goroutines.map((g) => (k < 0 ? g.totalTime : g.breakdown[k]));
}

async function compareTrace(c: TraceCase, dir: string, tally: Tally): Promise<void> {
  const trace = await oursOrSkip(c);
  if (typeof trace === "string") {
    tally.skipped.push(trace);
    return;
  }
  const summary: Summary = await summarize(trace);
  const path = `${dir}/${c.name.replaceAll("/", "_")}`;
  await Deno.writeFile(path, c.bytes);
  let server;
  try {
    server = await startGoTraceServer(path);
  } catch (e) {
    // Go serves nothing when no generation is complete; nor would we.
    if (trace.validCount !== 0) tally.problems.push(`${c.name}: Go did not serve: ${e}`);
    else tally.failedAlike++;
    return;
  }
  await using go = server;
  const get = async (p: string) => {
    const r = await go.get(p);
    if (r.dropped || r.status !== 200) throw new Error(`${c.name} ${p}: ${JSON.stringify(r)}`);
    return r.body;
  };

  const groups = goroutineGroups(summary);
  const goGroups = parseGroupsPage(await get("/goroutines"));
  tally.problems.push(...compareGroups(c.name, groups, goGroups));
  tally.traces++;

  for (const { name } of goGroups) {
    const where = `${c.name} group ${JSON.stringify(name)}`;
    const ours = goroutineGroupTable(summary, name);
    const page = parseGroupPage(await get(`/goroutine?name=${encodeURIComponent(name)}`));
    tally.problems.push(...compareGroupPage(where, ours, page));
    const a = sortKeys(ours, "").join(","), b = page.goroutines.map((g) => g.totalTime).join(",");
    if (a !== b) tally.problems.push(`${where}: order by total ${a} vs Go ${b}`);
    tally.groups++;
    tally.goroutines += page.goroutines.length;
  }

  // Every breakdown column as the sort key, on the largest group.
  const largest = goGroups.reduce((a, b) => (b.count > a.count ? b : a), goGroups[0]);
  if (largest) {
    const cols = goroutineGroupTable(summary, largest.name).nonOverlappingStats;
    for (const col of [...cols, "Total time", "no such column"]) {
      const q = `name=${encodeURIComponent(largest.name)}&sortby=${encodeURIComponent(col)}`;
      const page = parseGroupPage(await get(`/goroutine?${q}`));
      const ours = goroutineGroupTable(summary, largest.name, col);
      const a = sortKeys(ours, col).join(","), b = sortKeys(page, col).join(",");
      if (a !== b) tally.problems.push(`${c.name} ?${q}: order ${a} vs Go ${b}`);
      tally.sorted++;
    }
  }

  // A name no goroutine has: an empty table, and Go's share of nothing.
  const none = "no.such.function";
  tally.problems.push(
    ...compareGroupPage(
      `${c.name} unknown group`,
      goroutineGroupTable(summary, none),
      parseGroupPage(await get(`/goroutine?name=${none}`)),
    ),
  );
}

Deno.test("goroutine groups and per-group breakdowns equal go tool trace's goroutine pages", async () => {
  // Real traces of every version, and Go's crafted test vectors (syscalls losing their P,
  // tasks across generations, …), whose corner cases real traces seldom hit.
  const cases = [...committedTraces(), ...vectorTraces()];
  assert.ok(cases.length > 0, "no traces");
  const dir = await Deno.makeTempDir({ prefix: "traceglass-summary-" });
  const tally: Tally = {
    traces: 0,
    groups: 0,
    goroutines: 0,
    sorted: 0,
    failedAlike: 0,
    skipped: [],
    problems: [],
  };
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) await compareTrace(cases[i], dir, tally);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  for (const s of tally.skipped) console.log(s);
  console.log(
    `goroutine pages: ${tally.traces} traces, ${tally.groups} groups, ${tally.goroutines} goroutine rows, ` +
      `${tally.sorted} sort orders compared with Go, ${tally.failedAlike} traces failing alike; ` +
      `${tally.problems.length} differences`,
  );
  assert.deepEqual(tally.problems, [], "goroutine pages differ from go tool trace");
  assert.ok(tally.traces > 0, "no trace was compared");
});

Deno.test("goroutine lifetimes give the summary's start and end times without summarizing", async () => {
  // -pprof takes goroutine intervals from the light pass; the pages from the summary.
  let compared = 0;
  for (const c of [...committedTraces(), ...vectorTraces()]) {
    const trace = await oursOrSkip(c);
    if (typeof trace === "string") continue;
    const summary = await summarize(trace);
    const lt = await goroutineLifetimes(trace);
    const fromSummary = summary.goroutines
      .map((g) => [g.id, g.startTime ?? "unset", g.endTime ?? "unset"])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    const fromLifetimes = [...lt.known.keys()].filter((g) => lt.known[g])
      .map((g) => [
        trace.gId[g],
        lt.start[g] === lt.unset ? "unset" : lt.start[g],
        lt.end[g] === lt.unset ? "unset" : lt.end[g],
      ])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    assert.deepEqual(fromLifetimes, fromSummary, c.name);
    assert.equal(lt.count, summary.goroutines.length, c.name);
    compared += fromSummary.length;
  }
  assert.ok(compared > 0, "no goroutine compared");
});
