// What each program under testdata/programs/diagnose/ does by construction, as
// assertions on its diagnosis and critical path: shared by the committed traces' test
// and the test that runs the programs again under the local Go.

import assert from "node:assert/strict";
import { openTrace } from "../../mod.ts";
import type {
  CriticalPathModel,
  DiagnosisModel,
  Finding,
} from "../../server/core/contract/diagnosis.ts";

export const PROGRAMS = [
  "critpath",
  "stw",
  "gcassist",
  "sched",
  "leak",
  "contention",
  "syscall",
  "churn",
  "tasklatency",
  "idleps",
  "clean",
] as const;
export type Program = (typeof PROGRAMS)[number];

const MS = 1e6;

function ev(f: Finding, label: string | RegExp): number {
  const e = f.evidence.find((e) =>
    typeof label === "string" ? e.label === label : label.test(e.label)
  );
  if (!e) throw new Error(`no evidence "${label}" in ${JSON.stringify(f.evidence)}`);
  return e.value;
}

function only(d: DiagnosisModel, rule: string, subject?: string): Finding {
  const hits = d.findings.filter((f) => f.rule === rule && (!subject || f.subject === subject));
  if (hits.length !== 1) {
    throw new Error(
      `want one ${rule} finding${subject ? ` on ${subject}` : ""}, got ${
        JSON.stringify(d.findings.map((f) => [f.rule, f.subject]))
      }`,
    );
  }
  return hits[0];
}

/** Asserts the diagnosis of `program`'s trace shows what the program provokes. */
export function checkDiagnosis(program: Program, d: DiagnosisModel): void {
  switch (program) {
    case "critpath":
    case "clean":
      // Neither reaches any threshold.
      assert.deepEqual(d.findings.map((f) => `${f.rule}: ${f.subject}`), []);
      return;
    case "stw": {
      // Five runtime.GC calls, each stopping the world while a preemption-free loop
      // runs (steps of ~20 ms); some of each cycle's pauses wait for it.
      const f = only(d, "stw");
      assert.ok(ev(f, /^pauses of/) >= 5, JSON.stringify(f.evidence));
      assert.ok(ev(f, "the longest") >= 5 * MS, JSON.stringify(f.evidence));
      return;
    }
    case "gcassist": {
      const f = only(d, "gc-assist", "main.allocator");
      assert.deepEqual(ev(f, "goroutines"), 2);
      assert.ok(ev(f, "running in mark assists") > 0);
      assert.ok(ev(f, /share/) >= 10, JSON.stringify(f.evidence));
      return;
    }
    case "sched": {
      // 110 wake-ups, each runnable until the spinner is preempted (≥ ~10 ms).
      const f = only(d, "sched-latency", "main.ticker");
      assert.ok(ev(f, "waits") >= 110, JSON.stringify(f.evidence));
      assert.ok(ev(f, /p99/) >= 5 * MS, JSON.stringify(f.evidence));
      return;
    }
    case "idleps": {
      // 400 rounds waking three workers while the only CPU runs the driver: about a tenth
      // of the P-time is lost (1% fires), in hundreds of stretches of 100 µs or more.
      const f = only(d, "idle-ps");
      assert.ok(ev(f, /^share of the trace/) >= 3, JSON.stringify(f.evidence));
      assert.ok(ev(f, /^stretches of/) >= 100, JSON.stringify(f.evidence));
      assert.ok(ev(f, "the longest stretch") >= 0.1 * MS, JSON.stringify(f.evidence));
      return;
    }
    case "leak": {
      const f = only(d, "leak", "main.waiter");
      assert.deepEqual(ev(f, "goroutines still blocked at the end"), 20);
      assert.deepEqual(ev(f, `blocked in "chan receive"`), 20);
      assert.ok(ev(f, "blocked the longest") >= 200 * MS);
      return;
    }
    case "contention": {
      // 8 workers × 10 rounds holding the lock 2 ms: ≥ 160 ms of holds, the others wait.
      const f = only(d, "contention", "main.worker");
      assert.ok(f.stack?.some((fr) => fr.func === "sync.(*Mutex).Lock"), JSON.stringify(f.stack));
      assert.ok(ev(f, "waits") >= 10, JSON.stringify(f.evidence));
      assert.ok(ev(f, "blocked (sync)") >= 160 * MS, JSON.stringify(f.evidence));
      return;
    }
    case "syscall": {
      // 20 nanosleeps of 1.5 ms; the runtime takes the P from those that overrun 10 ms
      // (a loaded machine), which are not counted: ≥ 7 must keep it (10 ms in total).
      const f = only(d, "syscall-held", "main.sleeper");
      const n = ev(f, /^syscalls of/);
      assert.ok(n >= 7 && n <= 20, JSON.stringify(f.evidence));
      assert.ok(ev(f, "the longest") >= 1.5 * MS * 0.95, JSON.stringify(f.evidence));
      assert.ok(ev(f, "their total") >= n * 1.5 * MS * 0.95, JSON.stringify(f.evidence));
      return;
    }
    case "churn": {
      const f = only(d, "churn", "main.job");
      assert.deepEqual(ev(f, "goroutines created"), 5000);
      assert.ok(ev(f, /median lifetime/) <= 1 * MS);
      return;
    }
    case "tasklatency": {
      // 30 tasks of 1 ms, 10 of 60 ms (a loaded machine may oversleep a fast one).
      const f = only(d, "task-latency", "request");
      assert.deepEqual(f.title, "Task latency has two modes");
      assert.deepEqual(ev(f, "complete tasks"), 40);
      const slow = ev(f, "slow mode: tasks");
      assert.ok(slow >= 10 && slow <= 12, JSON.stringify(f.evidence));
      assert.deepEqual(ev(f, "fast mode: tasks"), 40 - slow);
      assert.ok(ev(f, "fast mode: median") < 5 * MS, JSON.stringify(f.evidence));
      near(ev(f, "slow mode: median"), 60 * MS, 0.1);
      return;
    }
  }
}

/** |got − want| ≤ tol × want. */
export function near(got: number, want: number, tol: number, what = ""): void {
  assert.ok(
    Math.abs(got - want) <= tol * want,
    `${what} ${got / MS} ms, want ${want / MS} ms ±${tol * 100}%`,
  );
}

/** What the critpath program measured of its sleeps (its "measured" logs), in ns. */
export interface Measured {
  A: number;
  B: number;
  C: number;
}

/** The critpath program's "measured" logs ("A 100123456") of a trace's bytes. */
export async function measuredSleeps(bytes: Uint8Array): Promise<Measured> {
  const trace = await openTrace(bytes);
  const m: Partial<Measured> = {};
  for (const t of await trace.tasks()) {
    for (const l of t.logs) {
      const hit = l.category === "measured" && /^([ABC]) (\d+)$/.exec(l.message);
      if (hit) m[hit[1] as keyof Measured] = Number(hit[2]);
    }
  }
  assert.ok(m.A && m.B && m.C, `measured logs: ${JSON.stringify(m)}`);
  return m as Measured;
}

/**
 * The critpath program's request: main sends to A; A sleeps 100 ms and wakes B; B locks
 * the mutex, wakes C and holds the lock across a 150 ms sleep; C waits for the lock,
 * sleeps 200 ms and replies. The path must be that chain, each sleep within 5% of what
 * the program measured (a loaded machine oversleeps: the program logs what it slept).
 */
export function checkCritpathChain(p: CriticalPathModel, m: Measured): void {
  // A sleep never ends early.
  assert.ok(m.A >= 100 * MS && m.B >= 150 * MS && m.C >= 200 * MS, JSON.stringify(m));
  assert.deepEqual(p.subject.kind, "task");
  assert.deepEqual(p.subject.name, "request");
  assert.ok(p.subject.complete);
  const names = p.hops.map((h) => h.name);
  assert.deepEqual(names, [
    "main.main",
    "main.main.func1.1", // A
    "main.main.func1.2", // B
    "main.main.func1.3", // C
    "main.main",
  ]);
  const [, a, b, c] = p.hops;
  near(a.categories.sleep ?? 0, m.A, 0.05, "A's sleep");
  near(b.categories.sleep ?? 0, m.B, 0.05, "B's hold of the mutex (its sleep)");
  near(c.categories.sleep ?? 0, m.C, 0.05, "C's sleep");
  // How the path moved: each hop woke the next, for the wait the program made it wait.
  assert.deepEqual(p.hops.map((h) => h.woke?.reason), [
    "chan receive",
    "chan receive",
    "sync",
    "chan receive",
    undefined,
  ]);
  for (let k = 0; k + 1 < p.hops.length; k++) {
    assert.deepEqual(p.hops[k].woke?.goroutine, p.hops[k + 1].goroutine);
    assert.deepEqual(p.hops[k].end, p.hops[k + 1].start);
  }
  // The whole path is the request's latency, and its time adds up.
  const slept = m.A + m.B + m.C;
  near(p.end - p.start, slept, 0.05, "the request");
  const sum = Object.values(p.totals).reduce((x, y) => x + y, 0);
  assert.deepEqual(sum, p.end - p.start);
  near(p.totals.sleep, slept, 0.05, "sleeping on the path");
  // The segments tile the path.
  assert.deepEqual(p.segments[0].start, p.start);
  assert.deepEqual(p.segments[p.segments.length - 1].end, p.end);
  for (let k = 1; k < p.segments.length; k++) {
    assert.deepEqual(p.segments[k].start, p.segments[k - 1].end);
  }
}
