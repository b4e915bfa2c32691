// The task and region pages against `go tool trace`'s own HTML on the same trace: task
// types with counts and histogram buckets (labels, counts, links), task lists with every
// event line, region kinds, and region breakdown rows. Go orders tied rows at random (map
// iteration), so lists whose order Go does not define are compared as multisets.

import assert from "node:assert/strict";
import { type RunningServer, startGoTrace } from "../support/servers.ts";
import { appFor, get, tracePath } from "../support/web_app.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";
import { parseTraceFile } from "../../server/cli/load.ts";
import { summarize } from "../../server/core/summary/summary.ts";
import { GO_TASK_PAGE, taskList } from "../../server/core/annotations/tasks.ts";
import type {
  HistogramModel,
  RegionListModel,
  RegionTypesModel,
  TaskListModel,
  TaskTypesModel,
} from "../../server/core/contract/pages.ts";

const TRACES = [
  "testdata/traces/go1.26/annotations.trace",
  "testdata/traces/go1.22/annotations.trace",
  "testdata/traces/go1.21/annotations.trace",
  // 1,600 tasks of one type, the slowest among them (the web tests' /usertask trace).
  "testdata/traces/go1.26/requests.trace",
];

function unescapeHTML(s: string): string {
  return s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

/** A Go histogram table (TimeHistogram.ToHTML) as our HistogramModel rows. */
function goHistogram(html: string | undefined): Omit<HistogramModel, "count"> {
  if (!html) return { rows: [], last: "" };
  const rows = [...html.matchAll(
    /<td class="histoTime" align="right">(?:<a href=([^>]*)>)?([^<]*)(?:<\/a>)?<\/td>.*?<div style="position:relative">(\d+)<\/div>/g,
  )].map(([, href, label, n]) => ({ label, count: Number(n), href }));
  const last = html.match(/<tr><td align="right">([^<]*)<\/td><\/tr><\/table>/)![1];
  return { rows, last };
}

function ourHistogram(h: HistogramModel, withHrefs: boolean) {
  return {
    rows: h.rows.map((r) => ({
      label: r.label,
      count: r.count,
      href: withHrefs ? r.href : undefined,
    })),
    last: h.last,
  };
}

async function goPage(go: RunningServer, path: string): Promise<string> {
  const res = await fetch(go.url + path);
  assert.equal(res.status, 200, path);
  return await res.text();
}

// html/template writes NUL as U+FFFD.
const asGoText = (s: string) => s.replace(/\0/g, "\uFFFD");

// Invalid UTF-8 in a name: Go escapes its raw bytes in links; we decode the name first
// (U+FFFD), so only those links differ.
const hasInvalidUTF8 = (s: string) => s.includes("\uFFFD");

function compareTaskTypes(goHTML: string, ours: TaskTypesModel) {
  const rows = [...goHTML.matchAll(
    /<tr>\s*<td>([^<]*)<\/td>\s*<td><a href="[^"]*">(\d+)<\/a><\/td>\s*<td>(<table>[\s\S]*?<\/table>)?<\/td>\s*<\/tr>/g,
  )].map(([, type, count, hist]) => ({ type: unescapeHTML(type), count: Number(count), hist }));
  assert.deepEqual(ours.types.map((t) => asGoText(t.type)), rows.map((r) => r.type));
  ours.types.forEach((t, i) => {
    const hrefs = !hasInvalidUTF8(t.type);
    assert.equal(t.count, rows[i].count, t.type);
    const want = goHistogram(rows[i].hist);
    if (!hrefs) want.rows.forEach((r) => r.href = undefined);
    assert.deepEqual(ourHistogram(t.histogram, hrefs), want, t.type);
  });
}

interface TaskLines {
  head: string;
  events: string[];
}

function goTaskList(html: string): TaskLines[] {
  const table = html.slice(html.indexOf('<table id="reqs">'));
  const tasks: TaskLines[] = [];
  for (const [tr] of table.matchAll(/<tr( class="first")?>[\s\S]*?<\/tr>/g)) {
    const cells = [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    if (tr.startsWith('<tr class="first">')) {
      const [when, elapsed, , desc] = cells;
      const id = desc.match(/>Task (\d+)</)![1];
      const hash = desc.match(/#([^"]*)"/)![1];
      const complete = desc.includes("(complete)");
      tasks.push({ head: `${when} ${elapsed} ${id} ${hash} ${complete}`, events: [] });
    } else if (cells.length === 4) {
      tasks.at(-1)!.events.push(cells.map(unescapeHTML).join("|"));
    }
  }
  return tasks;
}

function ourTaskList(m: TaskListModel): TaskLines[] {
  return m.tasks.map((t) => ({
    head: `${t.when} ${formatDuration(t.duration)} ${t.id} ${t.startMs}:${t.endMs} ${t.complete}`,
    events: t.events.map((e) => asGoText([e.when, e.elapsed, e.goroutine, e.what].join("|"))),
  }));
}

const sortLines = (ts: TaskLines[]) => ts.map((t) => JSON.stringify(t)).sort();

function compareRegionTypes(goHTML: string, ours: RegionTypesModel) {
  const rows = [...goHTML.matchAll(
    /<tr>\s*<td><pre>([^<]*)<br>([^<]*) @ 0x([0-9a-f]+)<br>([^<]*)<\/pre><\/td>\s*<td><a href="([^"]*)">(\d+)<\/a><\/td>\s*<td>(<table>[\s\S]*?<\/table>)?<\/td>/g,
  )].map(([, qtype, fn, pc, fileLine, , count, hist]) => ({
    // Go quotes the raw bytes (\xff); we decoded them to U+FFFD first.
    key: `${unescapeHTML(qtype).replace(/\\x[89a-f][0-9a-f]/g, "\uFFFD")} ${
      unescapeHTML(fn)
    } @ ${pc} ${unescapeHTML(fileLine)}`,
    count: Number(count),
    hist,
  }));
  assert.deepEqual(
    ours.regions.map((r) => asGoText(`${r.quoted} ${r.func} @ ${r.pc} ${r.file}:${r.line}`)),
    rows.map((r) => r.key),
  );
  ours.regions.forEach((r, i) => {
    assert.equal(r.count, rows[i].count, rows[i].key);
    const hrefs = !hasInvalidUTF8(r.type);
    const want = goHistogram(rows[i].hist);
    if (!hrefs) want.rows.forEach((x) => x.href = undefined);
    assert.deepEqual(ourHistogram(r.histogram, hrefs), want, rows[i].key);
  });
}

function compareRegionList(goHTML: string, ours: RegionListModel) {
  const details = goHTML.slice(goHTML.indexOf('<table class="details">'));
  const first = details.slice(0, details.indexOf("</table>"));
  const cols = [...first.matchAll(/reloadTable\('sortby', '([^']*)'\)"[^>]*>/g)]
    .map((m) => unescapeHTML(m[1])).filter((c) => c !== "Total time");
  assert.deepEqual(ours.nonOverlappingStats, cols);
  const goRows = [...first.matchAll(/<tr>\s*<td> <a href="\/trace\?goid=(\d+)">[\s\S]*?<\/tr>/g)]
    .map(
      ([tr, g]) => {
        const task = tr.match(/focustask=(\d+)/)?.[1] ?? "";
        const tds = [...tr.matchAll(/<td> ([^<]*?)\s*<\/td>/g)].map((m) => m[1].trim());
        return [g, task === "18446744073709551615" ? "" : task, ...tds].join("|");
      },
    );
  const ourRows = ours.regions.map((r) =>
    [
      r.goroutine,
      r.taskId ? String(r.taskId) : "",
      formatDuration(r.totalTime),
      ...cols.map((c) => formatDuration(r.stats[c] ?? 0)),
    ].join("|")
  );
  assert.deepEqual(ourRows.slice().sort(), goRows.slice().sort());
}

for (const trace of TRACES) {
  Deno.test(`task and region pages equal go tool trace's on ${trace}`, async () => {
    const app = await appFor(trace);
    const api = async <T>(path: string) => await (await get(app, path)).json() as T;
    await using go = await startGoTrace(tracePath(trace));

    const types = await api<TaskTypesModel>("/api/usertasks");
    compareTaskTypes(await goPage(go, "/usertasks"), types);

    const taskQueries = ["", "?type=request", "?logtext=alert", "?type=part&complete=1"];
    // Every histogram link of the first few task types.
    for (const t of types.types) {
      if (hasInvalidUTF8(t.type)) continue; // Go's link has the raw bytes, ours U+FFFD
      for (const r of t.histogram.rows) {
        if (r.href) taskQueries.push(r.href.slice("/usertask".length));
      }
    }
    const known = new Set(types.types.map((t) => t.type));
    for (const q of taskQueries) {
      const sep = q ? "&" : "?";
      const type = new URLSearchParams(q).get("type");
      if (type !== null && !known.has(type)) {
        // Deliberate difference (README): an unknown task type is a 404; Go lists nothing.
        const res = await get(app, `/api/usertask${q}`);
        assert.equal(res.status, 404, `/usertask${q}`);
        await res.body?.cancel();
        assert.deepEqual(goTaskList(await goPage(go, `/usertask${q}`)), [], `/usertask${q}`);
        continue;
      }
      // Go's order (shortest first) is ours with sortby=duration&order=asc.
      const ours = await api<TaskListModel>(
        `/api/usertask${q}${sep}limit=0&sortby=duration&order=asc`,
      );
      const theirs = goTaskList(await goPage(go, `/usertask${q}`));
      assert.deepEqual(sortLines(ourTaskList(ours)), sortLines(theirs), `/usertask${q}`);
      // Shortest first: the durations appear in the same order.
      const dur = (ts: TaskLines[]) => ts.map((x) => x.head.split(" ")[1]);
      assert.deepEqual(dur(ourTaskList(ours)), dur(theirs), `/usertask${q} order`);
      // By default the same tasks come longest first.
      const longest = await api<TaskListModel>(`/api/usertask${q}${sep}limit=0`);
      assert.deepEqual(
        longest.tasks.map((t) => t.duration),
        ours.tasks.map((t) => t.duration).reverse(),
        `/usertask${q} longest first`,
      );
    }

    const regions = await api<RegionTypesModel>("/api/userregions");
    compareRegionTypes(await goPage(go, "/userregions"), regions);
    for (const r of regions.regions.slice(0, 8)) {
      if (hasInvalidUTF8(r.type)) continue;
      const q = `?type=${encodeURIComponent(r.type)}&pc=${r.pc}`;
      const ours = await api<RegionListModel>(`/api/userregion${q}&limit=0`);
      compareRegionList(await goPage(go, `/userregion${q}`), ours);
    }
  });
}

Deno.test("a task list split within tasks' events (evoffset) pages to the whole list", async () => {
  // The task pages read the rows of the events they show from the trace: pages that start
  // inside a task's events must describe them, and measure the first one's elapsed time,
  // exactly as the whole list does.
  const trace = await parseTraceFile("testdata/traces/go1.26/annotations.trace");
  const summary = await summarize(trace);
  const whole = (await taskList(trace, summary, {})).tasks.flatMap((t) => t.events);
  assert.ok(whole.length > 10, "the trace's tasks have events");
  const paged = [];
  let at: { offset: number; eventOffset: number } | null = { offset: 0, eventOffset: 0 };
  let pages = 0;
  while (at) {
    const list = await taskList(trace, summary, {}, {
      ...GO_TASK_PAGE,
      limit: 100,
      eventBudget: 3,
      ...at,
    });
    paged.push(...list.tasks.flatMap((t) => t.events));
    at = list.next;
    pages++;
  }
  assert.ok(pages > 3, `${pages} pages`);
  assert.deepEqual(paged, whole);
});
