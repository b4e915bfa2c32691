// Differential test of the HTTP surface: `go tool trace -http` and traceglass on the same
// trace, the same requests (good ones, bad parameters, unknown paths). Status codes must
// match except where we deliberately differ (each listed with its reason); the JSON Go
// serves (MMU plot and details) must match. One Go server at a time.

import assert from "node:assert/strict";
import { type RunningServer, startGoTrace, startTraceglass } from "../support/servers.ts";
import { ANNOTATIONS, GC, tracePath } from "../support/web_app.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";
import { lockWait, REQUESTS } from "../support/requests_trace.ts";

interface Endpoint {
  path: string;
  method?: string;
  /** Where we deliberately differ from Go: Go's status, ours, and why. */
  go?: number;
  ours?: number;
  why?: string;
}

/** Deviations, listed once: the path pattern, our status, and the reason. */
const NO_GRAPHVIZ = "Go renders profiles as SVG with `go tool pprof` and Graphviz " +
  "(500 when dot is missing); we serve a flame graph page";
const STRICT = "Go ignores a malformed value (200); we answer 400 saying what was expected";
const NOT_FOUND =
  'Go\'s "/" route catches every unknown path and serves the index (200); we answer 404';

const FLAGS = "system|stw|background|assist";

const GC_ENDPOINTS: Endpoint[] = [
  { path: "/" },
  { path: "/goroutines" },
  { path: "/goroutine?name=main.main" },
  { path: "/goroutine?name=main.main&sortby=Execution+time" },
  {
    path: "/goroutine",
    go: 200,
    ours: 400,
    why: "Go shows an empty group for a missing name (200)",
  },
  {
    path: "/goroutine?name=no.such.function",
    go: 200,
    ours: 404,
    why: "Go shows an empty table for an unknown group (200)",
  },
  { path: "/goroutine?name=main.main&sortby=bogus", go: 200, ours: 400, why: STRICT },
  { path: "/io", ours: 200, why: NO_GRAPHVIZ },
  { path: "/block", ours: 200, why: NO_GRAPHVIZ },
  { path: "/syscall", ours: 200, why: NO_GRAPHVIZ },
  { path: "/sched", ours: 200, why: NO_GRAPHVIZ },
  { path: "/sched?name=main.main", ours: 200, why: NO_GRAPHVIZ },
  { path: "/io?raw=1" },
  { path: "/block?raw=1" },
  { path: "/syscall?raw=1" },
  { path: "/sched?raw=1" },
  { path: "/sched?raw=1&name=main.main" },
  {
    path: "/sched?raw=1&name=no.such.function",
    go: 500,
    ours: 404,
    why: 'Go answers 500 "failed to get records" for an unknown group',
  },
  { path: "/regionio?raw=1" },
  { path: "/regionsched?raw=1" },
  { path: "/regionsched", ours: 200, why: NO_GRAPHVIZ },
  { path: "/regionblock?raw=1&latmin=bogus", go: 200, ours: 400, why: STRICT },
  { path: "/mmu" },
  { path: `/mmu?mode=plot&flags=${FLAGS}` },
  { path: "/mmu?mode=plot&flags=" },
  { path: `/mmu?mode=details&window=1000000&flags=${FLAGS}` },
  { path: `/mmu?mode=details&window=abc&flags=${FLAGS}` },
  { path: "/mmu?mode=details" },
  {
    path: `/mmu?mode=details&window=0&flags=${FLAGS}`,
    go: 200,
    ours: 400,
    why: "Go answers null for a window of 0 ns",
  },
  { path: "/mmu?mode=plot&flags=stw|bogus", go: 200, ours: 400, why: STRICT },
  {
    path: "/mmu?mode=nonsense",
    go: 200,
    ours: 400,
    why: "Go serves the MMU page for an unknown mode (200)",
  },
  {
    path: `/mmuPlot?flags=${FLAGS}`,
    go: 200,
    ours: 200,
    why: 'Go 1.26 dropped /mmuPlot (its "/" route serves the index HTML); we serve the plot JSON',
  },
  { path: "/trace" },
  { path: "/trace?view=thread" },
  { path: "/jsontrace" },
  {
    path: "/jsontrace?view=thread&start=-5&end=10",
    go: 200,
    ours: 400,
    why: "Go serves the whole trace for negative or reversed start/end",
  },
  { path: "/jsontrace?start=10&end=5", go: 200, ours: 400, why: "as above" },
  { path: "/trace?start=-1&end=3", go: 200, ours: 400, why: "as above" },
  { path: "/static/trace_viewer_full.html", go: 200, ours: 404, why: "we have no Catapult files" },
  { path: "/no/such/page", go: 200, ours: 404, why: NOT_FOUND },
  { path: "/favicon.ico", go: 200, ours: 404, why: NOT_FOUND },
  {
    path: "/goroutines",
    method: "POST",
    go: 200,
    ours: 405,
    why: "Go answers any method; we serve GET and HEAD",
  },
];

const ANNOTATION_ENDPOINTS: Endpoint[] = [
  { path: "/usertasks" },
  { path: "/usertask" },
  { path: "/usertask?type=request" },
  { path: "/usertask?type=request&complete=1" },
  { path: "/usertask?type=request&complete=true&latmin=100%C2%B5s&latmax=1ms" },
  { path: "/usertask?logtext=alert" },
  { path: "/usertask?latmin=abc", go: 200, ours: 400, why: STRICT },
  { path: "/usertask?complete=maybe", go: 200, ours: 400, why: STRICT },
  { path: "/userregions" },
  { path: "/userregion?type=parse" },
  { path: "/userregion?type=parse&sortby=Execution+time" },
  { path: "/userregion?pc=zz", go: 200, ours: 400, why: STRICT },
  {
    path: "/usertask?type=no.such.type",
    go: 200,
    ours: 404,
    why: "Go shows an empty list for an unknown task type (200)",
  },
  {
    path: "/userregion?type=no.such.type",
    go: 200,
    ours: 404,
    why: "Go shows an empty table for an unknown region type (200)",
  },
  { path: "/userregion?latmax=5", go: 200, ours: 400, why: STRICT },
  { path: "/regionio?type=parse&raw=1" },
  { path: "/regionsched?type=parse&raw=1" },
  { path: "/regionblock?type=process", ours: 200, why: NO_GRAPHVIZ },
];

interface Answer {
  status: number;
  body: string;
}

async function walk(srv: RunningServer, endpoints: Endpoint[]): Promise<Map<string, Answer>> {
  const out = new Map<string, Answer>();
  for (const e of endpoints) {
    const res = await fetch(srv.url + e.path, { method: e.method ?? "GET" });
    const binary = e.path.includes("raw=1") && res.status === 200;
    const body = binary ? "" : await res.text();
    if (binary) await res.body?.cancel();
    out.set(`${e.method ?? "GET"} ${e.path}`, { status: res.status, body });
  }
  return out;
}

/** The MMU JSON requests worth comparing: several flag sets, windows from Go's own curve. */
async function mmuRequests(srv: RunningServer): Promise<string[]> {
  const flagSets = [
    FLAGS,
    "perProc|stw|background|assist",
    "system|stw|background|assist|sweep",
    "system|stw",
    "system|background|assist|mut",
    "",
  ];
  const paths: string[] = [];
  for (const f of flagSets) {
    const plotPath = `/mmu?mode=plot&flags=${f}`;
    paths.push(plotPath);
    const plot = await (await fetch(srv.url + plotPath)).json();
    for (const i of [10, 45, 80, 99]) {
      paths.push(`/mmu?mode=details&window=${plot.curve[i][0]}&flags=${f}`);
    }
  }
  return paths;
}

function assertCloseJSON(ours: unknown, go: unknown, where: string): void {
  if (typeof go === "number" && typeof ours === "number") {
    const tol = 1e-9 * Math.max(1, Math.abs(go));
    assert.ok(Math.abs(ours - go) <= tol, `${where}: ${ours} != Go's ${go}`);
  } else if (Array.isArray(go)) {
    assert.ok(Array.isArray(ours) && ours.length === go.length, `${where}: length differs`);
    go.forEach((g, i) => assertCloseJSON((ours as unknown[])[i], g, `${where}[${i}]`));
  } else if (go && typeof go === "object") {
    assert.deepEqual(Object.keys(ours as object).sort(), Object.keys(go).sort(), where);
    for (const [k, v] of Object.entries(go)) {
      assertCloseJSON((ours as Record<string, unknown>)[k], v, `${where}.${k}`);
    }
  } else assert.deepEqual(ours, go, where);
}

async function compare(trace: string, endpoints: Endpoint[], withMMU: boolean) {
  let goAnswers: Map<string, Answer>;
  let mmuPaths: string[] = [];
  const goMMU = new Map<string, string>();
  let goLines: string[];
  {
    await using go = await startGoTrace(tracePath(trace));
    goLines = go.lines;
    goAnswers = await walk(go, endpoints);
    if (withMMU) {
      mmuPaths = await mmuRequests(go);
      for (const p of mmuPaths) goMMU.set(p, await (await fetch(go.url + p)).text());
    }
  }
  await using ours = await startTraceglass(tracePath(trace));
  const ourAnswers = await walk(ours, endpoints);
  const mismatches: string[] = [];
  for (const e of endpoints) {
    const key = `${e.method ?? "GET"} ${e.path}`;
    const g = goAnswers.get(key)!, o = ourAnswers.get(key)!;
    if (e.go !== undefined && g.status !== e.go) {
      mismatches.push(`${key}: Go now answers ${g.status}, not ${e.go}: update the deviation`);
    }
    const want = e.ours ?? g.status;
    if (o.status !== want) {
      mismatches.push(`${key}: ours ${o.status}, want ${want} (Go ${g.status})`);
    }
    if (o.status === 400) assert.match(o.body, /expected|failed to parse/, `${key}: 400 says why`);
  }
  assert.deepEqual(mismatches, []);
  // Start-up: the same lines (the URL aside).
  const strip = (ls: string[]) => ls.map((l) => l.replace(/http:\/\/\S+/, "URL"));
  assert.deepEqual(strip(ours.lines), strip(goLines));
  for (const p of mmuPaths) {
    const res = await fetch(ours.url + p);
    assert.equal(res.status, 200, p);
    const mine = await res.text();
    assertCloseJSON(JSON.parse(mine), JSON.parse(goMMU.get(p)!), p);
  }
  return mmuPaths.length;
}

Deno.test("endpoints answer like go tool trace's on gc.trace, MMU JSON included", async () => {
  const n = await compare(GC, GC_ENDPOINTS, true);
  assert.equal(n, 30);
});

Deno.test("task and region endpoints answer like go tool trace's on annotations.trace", async () => {
  await compare(ANNOTATIONS, ANNOTATION_ENDPOINTS, false);
});

/** The elapsed times of the task rows of a Go /usertask page, in page order. */
function goTaskDurations(html: string): string[] {
  return [...html.matchAll(/<tr class="first">\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)]
    .map((m) => m[1].trim());
}

Deno.test("/usertask lists longest first where Go lists shortest first; sortby=duration&order=asc is Go's order", async () => {
  let goOrder: string[];
  {
    await using go = await startGoTrace(tracePath(ANNOTATIONS));
    goOrder = goTaskDurations(await (await fetch(`${go.url}/usertask?type=request`)).text());
  }
  assert.ok(goOrder.length > 2, "Go lists the request tasks");
  await using ours = await startTraceglass(tracePath(ANNOTATIONS));
  const list = async (q: string) =>
    (await (await fetch(`${ours.url}/api/usertask?type=request${q}`)).json() as {
      tasks: { duration: number }[];
    }).tasks.map((t) => formatDuration(t.duration));
  assert.deepEqual(await list("&sortby=duration&order=asc"), goOrder);
  assert.deepEqual(await list(""), [...goOrder].reverse());
});

Deno.test("the task view adds lanes for the goroutines that unblocked the task's; /jsontrace keeps Go's", async () => {
  const w = await lockWait();
  const path = `/jsontrace?taskid=${w.task}`;
  let goJSON: string;
  {
    await using go = await startGoTrace(tracePath(REQUESTS));
    goJSON = await (await fetch(go.url + path)).text();
  }
  const lanesOf = (json: string) =>
    new Set(
      (JSON.parse(json).traceEvents as { ph: string; name: string; pid: number; tid: number }[])
        .filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === 0 && e.tid < 1e6)
        .map((e) => e.tid),
    );
  await using ours = await startTraceglass(tracePath(REQUESTS));
  assert.deepEqual(lanesOf(await (await fetch(ours.url + path)).text()), lanesOf(goJSON));
  assert.ok(!lanesOf(goJSON).has(w.holder), "Go's task view has no lane for the lock holder");
  const boot = await (await fetch(`${ours.url}/api/trace?taskid=${w.task}`)).json() as {
    lanes: { goroutine: number }[];
  };
  const viewer = new Set(boot.lanes.map((l) => l.goroutine).filter((g) => g >= 0));
  for (const g of lanesOf(goJSON)) assert.ok(viewer.has(g), `G${g} has a lane`);
  assert.ok(viewer.has(w.holder), "ours gives the lock holder a lane");
});

Deno.test("a lost tail is announced with Go's error line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = await Deno.readFile(tracePath(GC));
    const cut = `${dir}/cut.trace`;
    await Deno.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    let goLines: string[];
    {
      await using go = await startGoTrace(cut);
      goLines = go.lines;
    }
    await using ours = await startTraceglass(cut);
    const errLine = (ls: string[]) => ls.find((l) => l.startsWith("Encountered error"));
    assert.equal(errLine(ours.lines), errLine(goLines));
    // Go's "Lost" figure counts bytes its buffered reader had consumed, not the bytes of
    // complete generations, so only the wording is compared.
    const lost = /^Lost \d+\.\d\d% of the latest trace data due to error \(.+ of 208\.2 KiB\)$/;
    assert.match(goLines.find((l) => l.startsWith("Lost"))!, lost);
    assert.match(ours.lines.find((l) => l.startsWith("Lost"))!, lost);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
