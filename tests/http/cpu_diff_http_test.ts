// The CPU pages (/cpu, /wallclock) and the comparison server (-diff): routes, their /api
// twins, pprof downloads, bad parameters, and the command line.

import assert from "node:assert/strict";
import { appFor, bootOf, get, tracePath } from "../support/web_app.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarize } from "../../server/core/summary/summary.ts";
import { createDiffApp } from "../../server/http/diff_app.ts";
import { serveDiff } from "../../server/http/serve_diff.ts";
import type { CpuModel } from "../../server/core/contract/pages.ts";
import type { DiffModel, DiffProfileModel } from "../../server/core/contract/diff.ts";
import { gunzip } from "../support/pprof_samples.ts";
import { goPprofTop } from "../support/go_pprof.ts";
import { Profile } from "pprof-format";
import { parseFlags } from "../../server/cli/flags.ts";

const CPUWORK = "testdata/traces/go1.26/cpuwork.trace";
const NO_SAMPLES = "testdata/traces/go1.26/gc.trace";
const MAIN = new URL("server/main.ts", REPO_ROOT).pathname;

async function profileTypes(res: Response): Promise<string[]> {
  const p = Profile.decode(await gunzip(new Uint8Array(await res.arrayBuffer())));
  const s = (i: number | bigint) => p.stringTable.strings[Number(i)];
  return p.sampleType.map((t) => `${s(t.type)}/${s(t.unit)}`);
}

Deno.test("the CPU pages serve their /api data for every kind of selection", async () => {
  const app = await appFor(CPUWORK);
  for (
    const q of [
      "",
      "?name=main.renderWorker",
      "?task=compress",
      "?region=deflate",
      "?goid=1",
      "?from=400000000&to=1000000000",
    ]
  ) {
    for (const page of ["/cpu", "/wallclock"]) {
      const res = await get(app, page + q);
      assert.equal(res.status, 200, page + q);
      const boot = bootOf(await res.text());
      assert.equal(boot.view, "cpu");
      const api = await (await get(app, `/api${page}${q}`)).json() as CpuModel;
      assert.deepEqual(api, boot.data, page + q);
      assert.equal(api.params, q.slice(1));
      assert.ok(api.traceSamples > 0);
      if (q !== "?goid=1") assert.ok(api.samples.length > 0, `${page}${q} has samples`);
    }
    const raw = await get(app, `/cpu${q}${q ? "&" : "?"}raw=1`);
    assert.equal(raw.status, 200);
    assert.deepEqual(await profileTypes(raw), ["samples/count", "cpu/nanoseconds"]);
  }
});

Deno.test("the CPU pages reject bad selections with 400 and unknown ones with 404", async () => {
  const app = await appFor(CPUWORK);
  const cases: [string, number, RegExp][] = [
    ["/cpu?name=main.spinner&task=render", 400, /choose one of name/],
    ["/cpu?from=abc&to=5", 400, /bad from=abc: expected ns/],
    ["/cpu?to=5", 400, /bad from=/],
    ["/cpu?from=9&to=5", 400, /expected from <= to/],
    ["/cpu?goid=x", 400, /bad goid=x/],
    ["/cpu?name=no.such", 404, /no goroutines with start function "no.such"/],
    ["/wallclock?task=nope", 404, /no tasks of type "nope"/],
    ["/cpu?goid=987654", 404, /no goroutine 987654/],
  ];
  for (const [path, status, message] of cases) {
    const res = await get(app, path);
    assert.equal(res.status, status, path);
    assert.match(await res.text(), message, path);
  }
});

Deno.test("a trace without CPU samples says so on the overview and the CPU page", async () => {
  const app = await appFor(NO_SAMPLES);
  const overview = await (await get(app, "/api/summary")).json();
  assert.equal(overview.cpuSamples, 0);
  const cpu = await (await get(app, "/api/cpu")).json() as CpuModel;
  assert.equal(cpu.traceSamples, 0);
  assert.deepEqual(cpu.samples, []);
  // The wall-clock graph needs no samples: running time is the scheduler's.
  const wall = await (await get(app, "/api/wallclock")).json() as CpuModel;
  assert.ok(wall.running! > 0 && wall.samples.length > 0);
});

function diffApp() {
  const side = async (rel: string) => {
    const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
    return { file: rel, trace, summary: await summarize(trace) };
  };
  return createDiffApp({
    before: side("testdata/traces/go1.25/service.trace"),
    after: side("testdata/traces/go1.26/service.trace"),
  });
}

Deno.test("the comparison server serves the comparison, differential profiles and their pprof", async () => {
  const app = await diffApp();
  const res = await get(app, "/");
  assert.equal(res.status, 200);
  const boot = bootOf(await res.text());
  assert.equal(boot.view, "diff");
  const m = await (await get(app, "/api/diff")).json() as DiffModel;
  assert.deepEqual(m, boot.data);
  assert.ok(m.changes.length > 0 && m.tasks.length > 0 && m.regions.length > 0);
  for (const rows of [m.changes, m.groups, m.tasks, m.regions]) {
    for (let i = 1; i < rows.length; i++) {
      assert.ok(rows[i - 1].change >= rows[i].change, "ranked by the absolute change");
    }
  }
  for (const type of ["cpu", "net", "sync", "syscall", "sched"]) {
    const page = await get(app, `/diffprofile?type=${type}&name=main.main`);
    assert.equal(page.status, 200, type);
    const b = bootOf(await page.text());
    assert.equal(b.view, "diffprofile");
    const api = await (await get(app, `/api/diffprofile?type=${type}&name=main.main`))
      .json() as DiffProfileModel;
    assert.deepEqual(api, b.data);
    assert.equal(api.filter, "goroutines started at main.main");
    const raw = await get(app, `/diffprofile?type=${type}&raw=1`);
    assert.equal(raw.status, 200);
    assert.equal(
      (await profileTypes(raw))[1],
      type === "cpu" ? "cpu/nanoseconds" : "delay/nanoseconds",
    );
  }
  assert.equal((await get(app, "/diffprofile?type=bogus")).status, 400);
  assert.equal((await get(app, "/goroutines")).status, 404);
  assert.equal((await get(app, "/static/app.js")).status, 200);
});

async function traceglass(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("-diff -pprof=TYPE writes a difference go tool pprof reads; -pprof=cpu the trace's CPU profile", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-diffcli-" });
  try {
    const a = tracePath("testdata/traces/go1.25/cpuwork.trace");
    const b = tracePath(CPUWORK);
    const diff = await traceglass(["-diff", "-pprof=cpu", a, b]);
    assert.equal(diff.code, 0, diff.stderr);
    await Deno.writeFile(`${dir}/d.pb.gz`, diff.stdout);
    const top = await goPprofTop(`${dir}/d.pb.gz`);
    assert.match(top.text, /Type: cpu/);
    assert.ok(top.rows.has("main.sortFor"), top.text);
    const cpu = await traceglass(["-pprof=cpu", b]);
    assert.equal(cpu.code, 0, cpu.stderr);
    await Deno.writeFile(`${dir}/c.pb.gz`, cpu.stdout);
    assert.match((await goPprofTop(`${dir}/c.pb.gz`)).text, /Type: cpu/);

    const usage = await traceglass(["-diff", a]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /-diff needs two traces/);
    const bad = await traceglass(["-diff", "-pprof=bogus", a, b]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown pprof type bogus: expected one of cpu, net/);
    const missing = await traceglass(["-diff", "-pprof=sync", `${dir}/nope.trace`, b]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /failed to read trace file: open .*nope.trace: no such file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("-diff serves the comparison once both traces are read", async () => {
  const ac = new AbortController();
  const ready = Promise.withResolvers<string>();
  const lines: string[] = [];
  const done = serveDiff({
    addr: "127.0.0.1:0",
    oldFile: tracePath("testdata/traces/go1.25/cpuwork.trace"),
    newFile: tracePath(CPUWORK),
    log: (l) => lines.push(l),
    onReady: ready.resolve,
    signal: ac.signal,
  });
  const url = await ready.promise;
  try {
    const res = await fetch(`${url}/api/diff`);
    assert.equal(res.status, 200);
    const m = await res.json() as DiffModel;
    assert.ok(m.before.cpuSamples > 0 && m.after.cpuSamples > 0);
    assert.ok(lines.some((l) => l.includes("Trace comparison is listening on")), lines.join("\n"));
  } finally {
    ac.abort();
  }
  assert.equal(await done, 0);
});

Deno.test("-diff is a boolean flag, as Go's flag package reads one", () => {
  const spec = { http: "", pprof: "", diff: "false" }, bools = new Set(["diff"]);
  assert.deepEqual(parseFlags(["-diff", "a", "b"], spec, bools), {
    ok: true,
    flags: { http: "", pprof: "", diff: "true" },
    args: ["a", "b"],
  });
  const off = parseFlags(["-diff=false", "-pprof", "cpu", "a"], spec, bools);
  assert.ok(off.ok && off.flags.diff === "false" && off.flags.pprof === "cpu");
  assert.deepEqual(parseFlags(["--diff=1", "x"], spec, bools), {
    ok: true,
    flags: { http: "", pprof: "", diff: "true" },
    args: ["x"],
  });
  const bad = parseFlags(["-diff=maybe"], spec, bools);
  assert.ok(!bad.ok && /invalid boolean value "maybe" for -diff/.test(bad.message));
});
