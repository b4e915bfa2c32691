// The CPU profile inside a trace against Go's reading of it: the samples per stack equal
// the StackSample events `go tool trace -d=parsed` lists, for the whole trace, and for a
// goroutine group, a task type, a region type, one goroutine and a time range, each
// counted here from Go's events independently of traceglass's summary.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { summarize, type Summary } from "../../server/core/summary/summary.ts";
import { CPU_UNITS, cpuProfile } from "../../server/core/cpu/samples.ts";
import { RUNNING, wallClock } from "../../server/core/cpu/wallclock.ts";
import { buildProfile, encodeProfile } from "../../server/core/profiles/pprof_encode.ts";
import { goroutineGroups } from "../../server/core/summary/goroutines.ts";
import { goPprofTop } from "../support/go_pprof.ts";
import {
  goroutineGroup,
  oneGoroutine,
  regionType,
  type Selection,
  taskType,
  timeRange,
  wholeTrace,
} from "../../server/core/cpu/selection.ts";
import {
  field,
  frameFunc,
  goParsedEvents,
  type ParsedEvent,
  transition,
} from "../support/parsed_events.ts";
import { tracePath } from "../support/web_app.ts";

const SAMPLED = [
  ...[19, 21, 22, 23, 24, 25, 26].map((v) => `testdata/traces/go1.${v}/cpuprofile.trace`),
  ...[21, 22, 25, 26].map((v) => `testdata/traces/go1.${v}/cpuwork.trace`),
  "testdata/traces/go1.26/service.trace",
];
const CPUWORK = [21, 22, 25, 26].map((v) => `testdata/traces/go1.${v}/cpuwork.trace`);

/** Our samples of a selection as stack text → count. */
async function ours(t: Trace, sel: Selection): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await cpuProfile(t, sel)) {
    const key = stackText(t, r.stack);
    out.set(key, (out.get(key) ?? 0) + r.count);
  }
  return out;
}

function stackText(t: Trace, stack: number): string {
  return Array.from(
    t.stackFrameIds(stack),
    (f) =>
      `${t.string(t.frameFunc[f])} @ 0x${t.framePC[f].toString(16)} ${t.string(t.frameFile[f])}:${
        t.frameLine[f]
      }`,
  ).join("\n");
}

type Span = [number, number];

/** What Go's events say about samples and where each goroutine was, in relative time. */
interface Facts {
  samples: { g: number; time: number; stack: string }[];
  /** Start function per goroutine id. */
  names: Map<number, string>;
  /** Per region type, per goroutine id: the spans inside such a region. */
  regions: Map<string, Map<number, Span[]>>;
  /** Per task type, per goroutine id: spans in a region of such a task, or of the task
   * itself on the goroutine that began it. */
  tasks: Map<string, Map<number, Span[]>>;
  last: number;
}

function facts(events: ParsedEvent[]): Facts {
  const t0 = events[0].time;
  const last = events[events.length - 1].time - t0;
  const rel = (e: ParsedEvent) => e.time - t0;
  const names = new Map<number, string>();
  const taskTypes = new Map<string, string>(); // task id → type
  type Open = { type: string; task: string; start: number };
  const open = new Map<number, Open[]>();
  const closed: { g: number; type: string; task: string; span: Span }[] = [];
  const taskSpans: { g: number; task: string; span: Span }[] = [];
  const openTasks = new Map<string, { g: number; start: number }>();
  const samples: Facts["samples"] = [];
  const stackOf = (g: number) => open.get(g) ?? open.set(g, []).get(g)!;
  for (const e of events) {
    const x = rel(e);
    switch (e.kind) {
      case "StackSample":
        samples.push({ g: e.g, time: x, stack: e.stack.join("\n") });
        break;
      case "StateTransition": {
        const tr = transition(e);
        if (!tr) break;
        if (!names.has(tr.id) && e.transitionStack.length > 0) {
          names.set(tr.id, frameFunc(e.transitionStack[e.transitionStack.length - 1]));
        }
        if (tr.from === "NotExist" && tr.to !== "NotExist") {
          // Created inside a region: the new goroutine carries the innermost one's task.
          const creator = open.get(e.g) ?? [];
          if (creator.length > 0) {
            stackOf(tr.id).push({ type: "", task: creator[creator.length - 1].task, start: x });
          }
        }
        if (tr.to === "NotExist") {
          for (const r of stackOf(tr.id).splice(0)) {
            closed.push({ g: tr.id, type: r.type, task: r.task, span: [r.start, x] });
          }
        }
        break;
      }
      case "RegionBegin":
        stackOf(e.g).push({ type: field(e, "Type")!, task: field(e, "Task")!, start: x });
        break;
      case "RegionEnd": {
        const r = stackOf(e.g).pop() ??
          { type: field(e, "Type")!, task: field(e, "Task")!, start: 0 };
        closed.push({ g: e.g, type: r.type, task: r.task, span: [r.start, x] });
        break;
      }
      case "TaskBegin":
        taskTypes.set(field(e, "ID")!, field(e, "Type")!);
        openTasks.set(field(e, "ID")!, { g: e.g, start: x });
        break;
      case "TaskEnd": {
        const id = field(e, "ID")!;
        taskTypes.set(id, field(e, "Type")!);
        const b = openTasks.get(id);
        if (b) taskSpans.push({ g: b.g, task: id, span: [b.start, x] });
        openTasks.delete(id);
        break;
      }
    }
  }
  for (const [g, rs] of open) {
    for (const r of rs) closed.push({ g, type: r.type, task: r.task, span: [r.start, last] });
  }
  for (const [id, b] of openTasks) taskSpans.push({ g: b.g, task: id, span: [b.start, last] });
  const put = (m: Map<string, Map<number, Span[]>>, key: string, g: number, s: Span) => {
    let byG = m.get(key);
    if (!byG) m.set(key, byG = new Map());
    let spans = byG.get(g);
    if (!spans) byG.set(g, spans = []);
    spans.push(s);
  };
  const regions = new Map<string, Map<number, Span[]>>();
  const tasks = new Map<string, Map<number, Span[]>>();
  for (const r of closed) {
    if (r.type !== "") put(regions, r.type, r.g, r.span);
    const type = taskTypes.get(r.task);
    if (type !== undefined) put(tasks, type, r.g, r.span);
  }
  for (const s of taskSpans) put(tasks, taskTypes.get(s.task)!, s.g, s.span);
  return { samples, names, regions, tasks, last };
}

function count(f: Facts, keep: (s: Facts["samples"][number]) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of f.samples) if (keep(s)) out.set(s.stack, (out.get(s.stack) ?? 0) + 1);
  return out;
}

const inSpans = (spans: Span[] | undefined, x: number) =>
  (spans ?? []).some(([a, b]) => a <= x && x <= b);

function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function total(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

Deno.test("CPU samples per stack equal the StackSample events of go tool trace -d=parsed", async (t) => {
  for (const rel of SAMPLED) {
    await t.step(rel, async () => {
      const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
      const f = facts(await goParsedEvents(tracePath(rel)));
      assert.ok(f.samples.length > 0, "the trace has CPU samples");
      const got = await ours(trace, wholeTrace());
      assert.deepEqual(sorted(got), sorted(count(f, () => true)));
    });
  }
});

Deno.test("CPU profiles of a group, task type, region type, goroutine and time range equal counts from Go's events", async (t) => {
  for (const rel of CPUWORK) {
    const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
    const summary: Summary = await summarize(trace);
    const f = facts(await goParsedEvents(tracePath(rel)));
    const check = async (what: string, sel: Selection | Error, want: Map<string, number>) => {
      if (sel instanceof Error) throw sel;
      const got = await ours(trace, sel);
      assert.deepEqual(sorted(got), sorted(want), `${rel}: ${what}`);
      return total(want);
    };
    await t.step(`${rel}: goroutine groups`, async () => {
      for (
        const name of [
          "main.renderWorker",
          "main.compressWorker",
          "main.spinner",
          "main.paintHelper",
        ]
      ) {
        const n = await check(
          name,
          goroutineGroup(trace, summary, name),
          count(f, (s) => f.names.get(s.g) === name),
        );
        assert.ok(n >= 1, `${name}: no samples; the test would prove nothing`);
      }
    });
    await t.step(`${rel}: task types`, async () => {
      for (const type of ["render", "compress"]) {
        const spans = f.tasks.get(type)!;
        const n = await check(
          type,
          await taskType(trace, summary, type),
          count(f, (s) => inSpans(spans.get(s.g), s.time)),
        );
        assert.ok(n >= 10, `${type}: only ${n} samples`);
      }
      // The pooled worker's region and the helper's inherited task count for their tasks.
      const compress = f.tasks.get("compress")!;
      assert.ok(
        f.samples.some((s) =>
          f.names.get(s.g) === "main.compressWorker" && inSpans(compress.get(s.g), s.time)
        ),
        "a sample of the pooled worker inside a compress task",
      );
      const render = f.tasks.get("render")!;
      assert.ok(
        f.samples.some((s) =>
          f.names.get(s.g) === "main.paintHelper" && inSpans(render.get(s.g), s.time)
        ),
        "a sample of the helper inside its inherited render task",
      );
    });
    await t.step(`${rel}: region types`, async () => {
      for (const type of ["layout", "paint", "deflate", "checksum"]) {
        const spans = f.regions.get(type)!;
        const n = await check(
          type,
          regionType(trace, summary, { type }),
          count(f, (s) => inSpans(spans.get(s.g), s.time)),
        );
        assert.ok(n >= 2, `${type}: only ${n} samples`);
      }
    });
    await t.step(`${rel}: one goroutine`, async () => {
      const ids = [...new Set(f.samples.map((s) => s.g))].filter((g) => g >= 0);
      for (const id of ids) {
        await check(`goroutine ${id}`, oneGoroutine(trace, id), count(f, (s) => s.g === id));
      }
    });
    await t.step(`${rel}: time range`, async () => {
      const a = Math.floor(f.last / 3), b = Math.floor(2 * f.last / 3);
      const n = await check(
        "middle third",
        timeRange(a, b),
        count(f, (s) => a <= s.time && s.time <= b),
      );
      assert.ok(n > 0 && n < f.samples.length);
    });
  }
});

Deno.test("go tool pprof -top reads the CPU profile: samples per leaf function as Go's events give", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-cpu-" });
  try {
    for (
      const rel of ["testdata/traces/go1.26/cpuwork.trace", "testdata/traces/go1.21/cpuwork.trace"]
    ) {
      await t.step(rel, async () => {
        const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
        const summary = await summarize(trace);
        const f = facts(await goParsedEvents(tracePath(rel)));
        const sel = await taskType(trace, summary, "render");
        if (sel instanceof Error) throw sel;
        const path = `${dir}/render.pb.gz`;
        await Deno.writeFile(
          path,
          await encodeProfile(buildProfile(trace, await cpuProfile(trace, sel), CPU_UNITS)),
        );
        const spans = f.tasks.get("render")!;
        const want = new Map<string, number>();
        let n = 0;
        for (const s of f.samples) {
          if (!inSpans(spans.get(s.g), s.time)) continue;
          n++;
          const leaf = s.stack === "" ? "" : frameFunc(s.stack.split("\n")[0]);
          want.set(leaf, (want.get(leaf) ?? 0) + 1);
        }
        const bySamples = await goPprofTop(path, ["-sample_index=samples"]);
        assert.equal(bySamples.total, String(n), bySamples.text);
        for (const [fn, c] of want) {
          assert.equal(bySamples.rows.get(fn)?.flat, String(c), `${fn}\n${bySamples.text}`);
        }
        const byTime = await goPprofTop(path);
        assert.match(byTime.text, /Type: cpu/);
        assert.equal(byTime.total, `${n * 10}ms`, byTime.text);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the wall-clock graph of a goroutine group adds up to its goroutines' time breakdown", async (t) => {
  for (
    const rel of ["testdata/traces/go1.26/cpuwork.trace", "testdata/traces/go1.26/service.trace"]
  ) {
    await t.step(rel, async () => {
      const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
      const summary = await summarize(trace);
      for (const group of goroutineGroups(summary)) {
        const sel = goroutineGroup(trace, summary, group.name);
        if (sel instanceof Error) throw sel;
        const w = await wallClock(trace, sel);
        const byRoot = new Map<string, number>();
        let runningSum = 0;
        for (const r of w.records) {
          const root = w.roots[r.root];
          byRoot.set(root, (byRoot.get(root) ?? 0) + r.time);
          if (root === RUNNING) runningSum += r.time;
        }
        const want = new Map<string, number>();
        let exec = 0, sched = 0;
        for (let k = 0; k < summary.goroutineCount; k++) {
          const g = summary.goroutineAt(k);
          if (summary.goroutineName(g) !== group.name) continue;
          const d = summary.stats.data(summary.goroutineStats, g);
          exec += d.execTime;
          sched += d.schedWaitTime;
          const add = (k: string, v: number) => v && want.set(k, (want.get(k) ?? 0) + v);
          add("syscall", d.syscallTime + d.syscallBlockTime);
          for (const [reason, v] of Object.entries(d.blockTimeByReason)) {
            add(reason === "" ? "blocked (since before the trace)" : `blocked: ${reason}`, v);
          }
        }
        const where = `${rel} ${group.name}`;
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, b);
        // The running part is the execution time, shared out among the sampled stacks.
        assert.ok(close(runningSum, w.running), `${where}: running stacks add up`);
        assert.ok(close(w.running, exec), `${where}: running ${w.running} vs exec ${exec}`);
        assert.ok(
          close(byRoot.get("runnable (waiting for a P)") ?? 0, sched),
          `${where}: runnable`,
        );
        for (const [root, v] of want) {
          assert.ok(
            close(byRoot.get(root) ?? 0, v),
            `${where}: ${root} ${byRoot.get(root)} vs ${v}`,
          );
        }
        for (const root of byRoot.keys()) {
          if (root.startsWith("blocked") || root === "syscall") {
            assert.ok(want.has(root), `${where}: ${root} not in the breakdown`);
          }
        }
      }
    });
  }
});

Deno.test("the wall-clock graph of a task or region type covers exactly its spans in Go's events", async (t) => {
  const unionLength = (spans: Span[]) => {
    const s = [...spans].sort((a, b) => a[0] - b[0]);
    let sum = 0, end = -Infinity;
    for (const [a, b] of s) {
      if (b <= end) continue;
      sum += b - Math.max(a, end);
      end = b;
    }
    return sum;
  };
  for (const rel of CPUWORK) {
    await t.step(rel, async () => {
      const trace = await parseTrace(await Deno.readFile(tracePath(rel)));
      const summary = await summarize(trace);
      const f = facts(await goParsedEvents(tracePath(rel)));
      const cases: [string, Selection | Error, Map<number, Span[]>][] = [];
      for (const type of ["render", "compress"]) {
        cases.push([`task ${type}`, await taskType(trace, summary, type), f.tasks.get(type)!]);
      }
      for (const type of ["layout", "paint", "deflate", "checksum"]) {
        cases.push([`region ${type}`, regionType(trace, summary, { type }), f.regions.get(type)!]);
      }
      for (const [what, sel, spans] of cases) {
        if (sel instanceof Error) throw sel;
        const w = await wallClock(trace, sel);
        let got = 0;
        for (const r of w.records) got += r.time;
        let want = 0;
        for (const s of spans.values()) want += unionLength(s);
        assert.ok(want > 0, what);
        assert.ok(Math.abs(got - want) <= 1e-6 * want, `${rel} ${what}: ${got} vs ${want}`);
      }
    });
  }
});
