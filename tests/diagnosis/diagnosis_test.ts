// The diagnosis and the critical path on the committed traces of the known-answer
// programs (testdata/programs/diagnose/): each program provokes its finding and no
// other rule fires on the clean one; the critpath request's path is the chain it
// made, each segment within 5% of its known duration. Also: the API, the pages and the
// CLI show the same answers, and no committed trace makes either analysis fail.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import {
  diagnose,
  gatherFacts,
  goroutineCriticalPath,
  taskCriticalPath,
} from "../../server/core/diagnosis/diagnosis.ts";
import { diagnosisText } from "../../server/core/diagnosis/text.ts";
import type { CriticalPathModel, DiagnosisModel } from "../../server/core/contract/diagnosis.ts";
import {
  checkCritpathChain,
  checkDiagnosis,
  measuredSleeps,
  near,
  PROGRAMS,
} from "./known_answers.ts";
import { appFor, bootOf, get, tracePath } from "../support/web_app.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { committedTraces } from "../support/trace_corpus.ts";

const dir = "testdata/traces/go1.26/diagnose";
const load = async (program: string): Promise<Trace> =>
  await parseTrace(await Deno.readFile(tracePath(`${dir}/${program}.trace`)));

for (const program of PROGRAMS) {
  Deno.test(`diagnose/${program}: the committed trace's diagnosis shows what the program provokes`, async () => {
    const trace = await load(program);
    checkDiagnosis(program, diagnose(await gatherFacts(trace)));
  });
}

const CRITPATH_GO = ["1.18", "1.19", "1.21", "1.22", "1.23", "1.24", "1.25", "1.26"];
for (const go of CRITPATH_GO) {
  Deno.test(`diagnose/critpath (Go ${go}): the request's critical path is the chain of three goroutines, each segment within 5% of its known duration`, async () => {
    const bytes = await Deno.readFile(
      tracePath(`testdata/traces/go${go}/diagnose/critpath.trace`),
    );
    const trace = await parseTrace(bytes);
    const facts = await gatherFacts(trace);
    assert.equal(facts.tasks.id.length, 1);
    const p = await taskCriticalPath(trace, facts, facts.tasks.id[0]);
    checkCritpathChain(p, await measuredSleeps(bytes));
  });
}

Deno.test("diagnose/critpath: C's critical path up to a moment in its sleep runs back through B's hold and A's sleep", async () => {
  const trace = await load("critpath");
  const facts = await gatherFacts(trace);
  const task = await taskCriticalPath(trace, facts, 1);
  const c = task.hops[3];
  // 100 ms into C's 200 ms sleep.
  const at = c.start + 100e6;
  const p = await goroutineCriticalPath(trace, facts, c.goroutine, facts.start + at);
  assert.equal(p.end, at);
  assert.equal(p.subject.complete, false);
  const names = p.hops.map((h) => h.name);
  assert.deepEqual(names.slice(-3), [
    "main.main.func1.1",
    "main.main.func1.2",
    "main.main.func1.3",
  ]);
  const last = p.hops[p.hops.length - 1];
  near(last.categories.sleep ?? 0, 100e6, 0.05, "C's sleep so far");
  const m = await measuredSleeps(await Deno.readFile(tracePath(`${dir}/critpath.trace`)));
  near(p.hops[p.hops.length - 2].categories.sleep ?? 0, m.B, 0.05, "B's hold");
  // Before the request, main slept 10 ms with the three goroutines created: the path
  // starts at C's creation and leads to main, which created it.
  assert.equal(p.hops[0].name, "main.main");
  const sum = Object.values(p.totals).reduce((x, y) => x + y, 0);
  assert.equal(sum, p.end - p.start);
});

Deno.test("/api/criticalpath answers a task and a goroutine at a time, the /criticalpath page embeds the same, bad queries are 400 and unknown ones 404", async () => {
  const app = await appFor(`${dir}/critpath.trace`);
  const res = await get(app, "/api/criticalpath?taskid=1");
  assert.equal(res.status, 200);
  const byTask = await res.json() as CriticalPathModel;
  checkCritpathChain(
    byTask,
    await measuredSleeps(await Deno.readFile(tracePath(`${dir}/critpath.trace`))),
  );
  const page = await get(app, "/criticalpath?taskid=1");
  assert.equal(page.status, 200);
  assert.deepEqual(bootOf(await page.text()), { view: "criticalpath", data: byTask });

  const c = byTask.hops[3];
  const t = `${(c.start + 100e6) / 1e6}ms`;
  const byG = await (await get(app, `/api/criticalpath?goid=${c.goroutine}&time=${t}`))
    .json() as CriticalPathModel;
  assert.equal(byG.subject.kind, "goroutine");
  assert.equal(byG.subject.id, c.goroutine);
  assert.ok(Math.abs(byG.end - (c.start + 100e6)) < 1, `${byG.end}`);

  for (
    const q of ["", "?taskid=x", "?taskid=1&goid=2", "?goid=1&time=soon", "?taskid=1&time=1ms"]
  ) {
    const r = await get(app, `/api/criticalpath${q}`);
    assert.equal(r.status, 400, q);
    await r.body?.cancel();
  }
  for (const q of ["?taskid=999", "?goid=99999"]) {
    const r = await get(app, `/api/criticalpath${q}`);
    assert.equal(r.status, 404, q);
    await r.body?.cancel();
  }
});

Deno.test("/diagnosis and /api/diagnosis carry the findings; the overview links the page", async () => {
  const app = await appFor(`${dir}/leak.trace`);
  const api = await (await get(app, "/api/diagnosis")).json() as DiagnosisModel;
  checkDiagnosis("leak", api);
  assert.equal(api.rules.length, 9);
  const page = await get(app, "/diagnosis");
  assert.equal(page.status, 200);
  assert.deepEqual(bootOf(await page.text()), { view: "diagnosis", data: api });
  const index = await (await get(app, "/")).text();
  assert.equal(bootOf(index).view, "index");
});

Deno.test("-diagnose prints the same findings as /api/diagnosis, as text", async () => {
  const rel = `${dir}/contention.trace`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts", "-diagnose", rel],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const text = new TextDecoder().decode(out.stdout);
  const api = await (await get(await appFor(rel), "/api/diagnosis")).json() as DiagnosisModel;
  assert.equal(text, diagnosisText(api));
  assert.match(text, /^1\. \[contention\] Contention hot spot: lock: main\.worker$/m);
});

Deno.test("every committed trace gets a diagnosis, and every task in the Go 1.26 and 1.21 traces a critical path whose time adds up", async () => {
  for (const { name: rel, bytes } of committedTraces()) {
    const trace = await parseTrace(bytes);
    const facts = await gatherFacts(trace);
    const d = diagnose(facts);
    for (const f of d.findings) assert.ok(f.cost >= 0 && Number.isFinite(f.cost), rel);
    if (!/go1\.(26|21)\//.test(rel)) continue;
    for (let k = 0; k < Math.min(facts.tasks.id.length, 30); k++) {
      const id = facts.tasks.id[k];
      if (id <= 0) continue;
      const p = await taskCriticalPath(trace, facts, id);
      const sum = Object.values(p.totals).reduce((x, y) => x + y, 0);
      assert.ok(
        Math.abs(sum - (p.end - p.start)) < 1,
        `${rel} task ${id}: ${sum} vs ${p.end - p.start}`,
      );
    }
  }
});

Deno.test("the README's table of rules is rules.ts's (ids, titles, thresholds, costs)", async () => {
  const { RULES } = await import("../../server/core/diagnosis/rules.ts");
  const readme = await Deno.readTextFile(new URL("README.md", REPO_ROOT));
  // The table under the header "| rule | finding | threshold | cost (rank) |".
  const lines = readme.split("\n");
  const head = lines.findIndex((l) => /^\| rule +\| finding +\| threshold +\| cost/.test(l));
  assert.ok(head >= 0, "README has no table of rules");
  const rows: string[][] = [];
  for (let k = head + 2; k < lines.length && lines[k].startsWith("|"); k++) {
    rows.push(lines[k].slice(1, -1).split(" | ").map((c) => c.trim()));
  }
  assert.deepEqual(rows, RULES.map((r) => [`\`${r.id}\``, r.title, r.rule, r.cost]));
});

Deno.test("damaged traces: the diagnosis and every task's and goroutine's critical path answer, or the parse fails with a TraceError", async () => {
  const { damagedTraces } = await import("../support/trace_corpus.ts");
  const { TraceError } = await import("../../server/core/trace/error.ts");
  const { PathError } = await import("../../server/core/diagnosis/diagnosis.ts");
  const bases = ["critpath", "leak", "tasklatency"].map((p) => ({
    name: p,
    bytes: Deno.readFileSync(tracePath(`${dir}/${p}.trace`)),
  }));
  bases.push({
    name: "go1.21 critpath",
    bytes: Deno.readFileSync(tracePath("testdata/traces/go1.21/diagnose/critpath.trace")),
  });
  let analysed = 0;
  for (const c of bases.flatMap((b) => damagedTraces(b, 16))) {
    let trace: Trace;
    try {
      trace = await parseTrace(c.bytes);
    } catch (e) {
      assert.ok(e instanceof TraceError, `${c.name}: ${e}`);
      continue;
    }
    const facts = await gatherFacts(trace);
    diagnose(facts);
    for (const id of facts.tasks.id) {
      if (id > 0) await taskCriticalPath(trace, facts, id);
    }
    for (let g = 1; g < Math.min(trace.gId.length, 40); g++) {
      try {
        await goroutineCriticalPath(trace, facts, trace.gId[g]);
      } catch (e) {
        assert.ok(e instanceof PathError, `${c.name} G${trace.gId[g]}: ${e}`);
      }
    }
    analysed++;
  }
  assert.ok(analysed > 10, `${analysed} damaged traces parsed`);
});
