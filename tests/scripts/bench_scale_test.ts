// The scale bench's own logic (scripts/bench/scale/): the growth fit, a page session that
// follows traceglass's progress page to the real page and reports a timeout instead of
// failing, and child processes that are killed with everything they started.

import assert from "node:assert/strict";
import { fitLine, pageCell, slopes, type TraceResult } from "../../scripts/bench/scale/report.ts";
import { isProgressPage, openPage } from "../../scripts/bench/scale/pages.ts";
import { processTree, run, Watch } from "../../scripts/bench/scale/children.ts";
import { Child, killTree } from "../../scripts/bench/scale/children.ts";
import { pageResponse } from "../../server/http/page.ts";
import type { PageBoot } from "../../server/core/contract/views.ts";
import { progressRoute, withProgress } from "../../server/http/progress.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { committedTraces } from "../support/trace_corpus.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("the least-squares line through points on a line is that line", () => {
  const fit = fitLine([[1, 5], [2, 7], [4, 11], [10, 23]])!;
  assert.ok(Math.abs(fit.slope - 2) < 1e-12);
  assert.ok(Math.abs(fit.intercept - 3) < 1e-12);
  assert.equal(fitLine([[1, 5]]), undefined, "one point has no slope");
  assert.equal(fitLine([[2, 5], [2, 9]]), undefined, "one x has no slope");
});

Deno.test("slopes are per million events, per program, from the traces that worked", () => {
  const t = (program: "bench" | "service", mev: number, parseS: number, error?: string) =>
    ({
      trace: { name: "", program, path: "", bytes: 0 },
      events: mev * 1e6,
      parse: { ms: parseS * 1000, rssKB: mev * 1000, error },
    }) as TraceResult;
  const s = slopes([
    t("bench", 2, 1),
    t("bench", 20, 7),
    t("bench", 200, 0, "failed"),
    t("service", 60, 9),
  ]);
  const parse = s.find((x) => x.program === "bench" && x.measure === "parse, time")!;
  assert.equal(parse.points, 2, "the failed parse is not a point");
  assert.ok(Math.abs(parse.perMEvents - 6 / 18) < 1e-12);
  const rss = s.find((x) => x.program === "bench" && x.measure === "parse, peak RSS")!;
  assert.ok(Math.abs(rss.perMEvents - 1000 * 1024) < 1e-6, "bytes per million events");
  assert.equal(s.filter((x) => x.program === "service").length, 0, "one trace: no line");
});

Deno.test("traceglass's progress page is recognised, and a real page is not", async () => {
  const html = (boot: PageBoot) => pageResponse("t", boot).text();
  assert.ok(isProgressPage(await html({ view: "progress", data: { passes: [] } })));
  assert.ok(!isProgressPage(await html({ view: "goroutines", data: { groups: [] } })));
});

Deno.test("a page that answers with progress is followed to the real page; a silent one is a timeout", async () => {
  const c = committedTraces().find((c) => c.name.endsWith("go1.26/service.trace"))!;
  const trace = await parseTrace(c.bytes, { wholeBytes: 0, cacheBytes: 1 });
  // The page's data: a pass over the blocks, slow enough for the progress page, cached.
  let work: Promise<string> | undefined;
  const slow = withProgress(trace, "/slow", async () => {
    work ??= (async () => {
      for await (const _ of trace.eachBlock()) await sleep(150);
      return "the real page";
    })();
    return new Response(await work);
  }, 30);
  const [progressPath, progress] = progressRoute(trace);
  const hung = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname === progressPath) return progress(url, req);
    if (url.pathname === "/slow") return slow(url, req);
    return hung.promise.then(() => new Response("late"));
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const o = { pageTimeoutMs: 300, readyTimeoutMs: 20_000 };
  try {
    const p = await openPage(base, "/slow", "/slow", o);
    assert.equal(p.progress, true);
    assert.equal(p.status, 200);
    assert.equal(p.readyStatus, 200);
    assert.ok(p.readyMs! > p.firstMs!, `ready ${p.readyMs} after first ${p.firstMs}`);
    assert.equal(p.bytes, "the real page".length);
    assert.match(pageCell(p), /^progress \d\.\d\d s → \d\.\d\d s$/);

    const h = await openPage(base, "/hang", "/hang", o);
    assert.equal(h.firstMs, undefined);
    assert.equal(h.error, "timeout after 0.3 s");
  } finally {
    hung.resolve();
    await server.shutdown();
  }
});

Deno.test("a killed child takes the processes it started with it", async () => {
  const child = new Child(["sh", "-c", "sleep 60 & sleep 60 & wait"], {});
  for (let i = 0; i < 100 && processTree(child.pid).length < 3; i++) await sleep(20);
  const tree = processTree(child.pid);
  assert.equal(tree.length, 3, "sh and its two sleeps");
  killTree(child.pid);
  await child.done();
  for (let i = 0; i < 100 && tree.some(alive); i++) await sleep(20);
  assert.deepEqual(tree.filter(alive), []);
});

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

Deno.test("a child past its memory limit is stopped, and the run says why", async () => {
  const hog =
    "const a = new Uint8Array(400 << 20).fill(1); await new Promise((r) => setTimeout(r, 60000)); console.log(a[0]);";
  const start = performance.now();
  const r = await run([Deno.execPath(), "eval", hog], { limits: { maxRssKB: 200 * 1024 } });
  assert.equal(r.ok, false);
  assert.match(r.stopped ?? "", /^stopped past 0\.2 GB RSS$/);
  assert.ok(performance.now() - start < 30_000, "stopped long before its minute");
  assert.ok(r.peakKB > 200 * 1024);
});

Deno.test("a watch over a process that is gone reports nothing and stops nothing", () => {
  const w = new Watch(2 ** 22 + 12345, { maxRssKB: 1 });
  assert.equal(w.sample(), 0);
  w.end();
  assert.equal(w.stopped, undefined);
});
