// The trace comparison (`-diff`):
// - two runs of tests/go/knownchange, the second with a known mutex hold (3 waiters ×
//   100 ms of sync blocking) and a known allocation loop (250 ms of execution): those two
//   rank first, with magnitudes within 10% of the known values (as the program measured
//   them), and the sync and CPU differential profiles put Mutex.Lock and the loop on top;
// - the difference profile equals what `go tool pprof -diff_base` makes of the two
//   traces' own profiles, function by function;
// - stacks match by function and line across builds (different program counters);
// - a trace compared with itself has no change.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarize } from "../../server/core/summary/summary.ts";
import {
  compareTraces,
  type DiffSide,
  explainUnknown,
  profileDiff,
  profileUnits,
  quantile,
} from "../../server/core/diff/compare.ts";
import { diffProfile, functionChanges } from "../../server/core/diff/profile_diff.ts";
import { buildProfile, encodeProfile } from "../../server/core/profiles/pprof_encode.ts";
import { CPU_UNITS, cpuProfile } from "../../server/core/cpu/samples.ts";
import { wholeTrace } from "../../server/core/cpu/selection.ts";
import { knownChangeTraces } from "../support/known_change.ts";
import { goPprofTop } from "../support/go_pprof.ts";
import { tracePath } from "../support/web_app.ts";

// The known changes of tests/go/knownchange, nominal (its Waiters × HoldMs, AllocMs).
// The test compares with what the program measured on its own clock, which a busy
// machine can stretch; those must be near the nominal values.
const MUTEX_WAIT_NS = 3 * 100e6;
const ALLOC_EXEC_NS = 250e6;

async function side(file: string): Promise<DiffSide> {
  const trace = await parseTrace(await Deno.readFile(file));
  return { file, trace, summary: await summarize(trace) };
}

const within = (got: number, want: number, tol = 0.1) => Math.abs(got - want) <= tol * want;
const ms = (ns: number) => `${(ns / 1e6).toFixed(3)} ms`;

Deno.test("a diff of two runs ranks the known mutex hold and allocation loop first, within 10%", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-diff-" });
  try {
    const files = await knownChangeTraces(dir);
    const before = await side(files.before), after = await side(files.after);
    const m = await compareTraces(before, after);
    const top = m.changes.slice(0, 5);
    console.log(
      "ranking:\n" +
        top.map((c, i) =>
          `  ${i + 1}. ${c.group} ${c.metric}: ${ms(c.before)} -> ${ms(c.after)} (${
            ms(c.after - c.before)
          })`
        ).join("\n"),
    );
    const mutex = top.findIndex((c) =>
      c.group === "main.waiter" && c.metric.startsWith("Block time (sync")
    );
    const alloc = top.findIndex((c) =>
      c.group === "main.allocLoop" && c.metric === "Execution time"
    );
    assert.deepEqual([mutex, alloc].sort(), [0, 1], "the two known changes rank first");
    const dm = top[mutex].after - top[mutex].before, da = top[alloc].after - top[alloc].before;
    const { before: mb, after: ma } = files.measured;
    const knownWait = ma.waitNs - mb.waitNs, knownAlloc = ma.allocNs - mb.allocNs;
    console.log(
      `known (measured by the program): mutex wait +${ms(knownWait)} (nominal ${
        ms(MUTEX_WAIT_NS)
      }), allocation loop +${ms(knownAlloc)} (nominal ${ms(ALLOC_EXEC_NS)})`,
    );
    assert.ok(within(knownWait, MUTEX_WAIT_NS, 0.5), "the hold happened as designed");
    assert.ok(within(knownAlloc, ALLOC_EXEC_NS, 0.5), "the loop ran as designed");
    assert.ok(within(dm, knownWait), `mutex wait grew by ${ms(dm)}, known ${ms(knownWait)}`);
    assert.ok(within(da, knownAlloc), `the loop ran ${ms(da)}, known ${ms(knownAlloc)}`);
    assert.ok(top[mutex].href.startsWith("/diffprofile?type=sync"));
    assert.ok(top[alloc].href.startsWith("/diffprofile?type=cpu"));

    // The stacks behind them: the sync profile's biggest change is the Lock, the CPU
    // profile's is the loop (CPU samples are 10 ms apart: only the sign and rank are
    // certain there).
    const sync = functionChanges(await profileDiff(before, after, "sync"));
    assert.equal(sync[0].func, "sync.(*Mutex).Lock");
    assert.ok(within(sync[0].after - sync[0].before, knownWait), ms(sync[0].after));
    const cpu = functionChanges(await profileDiff(before, after, "cpu"), true)
      .filter((f) => f.func.startsWith("main."));
    assert.equal(cpu[0].func, "main.allocLoop");
    assert.ok(cpu[0].after > cpu[0].before);

    // What pprof reads of the written difference: the Lock on top, ~300 ms.
    const path = `${dir}/sync-diff.pb.gz`;
    const d = await profileDiff(before, after, "sync");
    await Deno.writeFile(path, await encodeProfile(diffProfile(d, profileUnits("sync"))));
    const t = await goPprofTop(path);
    assert.match(t.text, /Type: delay/);
    const lock = t.rows.get("sync.(*Mutex).Lock");
    assert.ok(lock, t.text);
    assert.ok(within(parseDuration(lock.flat), knownWait), t.text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** pprof's "302.92ms" / "1.20s" / "850us" as ns. */
function parseDuration(s: string): number {
  const m = /^(-?[\d.]+)(ns|us|µs|ms|s)$/.exec(s);
  if (!m) throw new Error(`not a duration: ${s}`);
  const unit = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9 }[m[2]]!;
  return Number(m[1]) * unit;
}

Deno.test("the difference profile is what go tool pprof -diff_base makes of the two traces' profiles", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-diff-" });
  try {
    // Two builds of one program (Go 1.25 and 1.26): different PCs, same functions.
    const before = await side(tracePath("testdata/traces/go1.25/cpuwork.trace"));
    const after = await side(tracePath("testdata/traces/go1.26/cpuwork.trace"));
    const write = async (name: string, s: DiffSide) => {
      const path = `${dir}/${name}.pb.gz`;
      const recs = await cpuProfile(s.trace, wholeTrace());
      await Deno.writeFile(path, await encodeProfile(buildProfile(s.trace, recs, CPU_UNITS)));
      return path;
    };
    const oldPath = await write("old", before), newPath = await write("new", after);
    const diffPath = `${dir}/diff.pb.gz`;
    const d = await profileDiff(before, after, "cpu");
    await Deno.writeFile(diffPath, await encodeProfile(diffProfile(d, CPU_UNITS)));
    const args = ["-sample_index=samples"];
    const go = await goPprofTop(newPath, [...args, `-diff_base=${oldPath}`]);
    const ours = await goPprofTop(diffPath, args);
    assert.ok(go.rows.size > 3, go.text);
    // (The totals differ by definition: pprof's for -diff_base is the new profile's.)
    for (const [fn, row] of go.rows) {
      assert.deepEqual(ours.rows.get(fn), row, `${fn}\n${ours.text}\n--- Go:\n${go.text}`);
    }
    assert.equal(ours.rows.size, go.rows.size);
    // Matched by function and line, not PC: each function's frames appear once.
    const funcs = d.frames.filter((f) => f.func === "main.sortFor").map((f) => f.line);
    assert.equal(new Set(funcs).size, funcs.length);
    // Runtime lines differ between Go releases, so whole stacks rarely match here; the
    // program's own frames do: some frame is in stacks of both traces.
    const sides = (fi: number) =>
      d.samples.filter((s) => s.stack.includes(fi)).reduce(
        (a, s) => [a[0] + s.count.before, a[1] + s.count.after],
        [0, 0],
      );
    const shared = d.frames.map((f, fi) => ({ f, n: sides(fi) }))
      .filter(({ f, n }) => f.func.startsWith("main.") && n[0] > 0 && n[1] > 0);
    assert.ok(shared.length >= 3, "frames of main matched across the builds");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a trace compared with itself has no change", async () => {
  const s = await side(tracePath("testdata/traces/go1.26/service.trace"));
  const m = await compareTraces(s, s);
  assert.ok(m.changes.length > 0 && m.groups.length > 0 && m.tasks.length > 0);
  for (const c of m.changes) assert.equal(c.change, 0, `${c.group} ${c.metric}`);
  for (const r of [...m.tasks, ...m.regions]) assert.equal(r.change, 0, r.type);
  for (const p of m.profiles) assert.equal(p.time.before, p.time.after, p.type);
  for (const p of m.profiles) {
    const d = await profileDiff(s, s, p.type as "cpu");
    assert.equal(diffProfile(d, profileUnits(p.type as "cpu")).sample.length, 0, p.type);
  }
  assert.deepEqual(m.gc.mmu.before, m.gc.mmu.after);
});

Deno.test("block time of unknown reason offsets the reasons that moved the other way", () => {
  const row = (metric: string, before: number, after: number) => ({ metric, before, after });
  // Blocked through the old trace for no known reason, through the new one on a timer.
  assert.deepEqual(
    explainUnknown([row("Block time ()", 1000, 10), row("Block time (sleep)", 0, 985)]),
    [5, 0],
  );
  // A real change beyond what the unknown time explains stays.
  assert.deepEqual(
    explainUnknown([
      row("Block time ()", 100, 0),
      row("Block time (sync)", 0, 400),
      row("Execution time", 10, 60),
    ]),
    [0, 300, 50],
  );
  // Unknown time that grew offsets reasons that shrank, the largest first.
  assert.deepEqual(
    explainUnknown([
      row("Block time ()", 0, 50),
      row("Block time (select)", 80, 0),
      row("Block time (sleep)", 30, 0),
    ]),
    [0, 30, 30],
  );
  assert.deepEqual(explainUnknown([row("Execution time", 5, 2)]), [3]);
});

Deno.test("latency quantiles are nearest-rank", () => {
  const d = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(quantile(d, 0.5), 50);
  assert.equal(quantile(d, 0.9), 90);
  assert.equal(quantile(d, 0.99), 99);
  assert.equal(quantile([7], 0.99), 7);
  assert.equal(quantile([], 0.5), 0);
});
