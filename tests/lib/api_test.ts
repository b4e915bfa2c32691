// The public API (mod.ts) against Go: events as `go tool trace -d=parsed` reads them
// (kind, context, time, stacks, transitions, tasks, regions, logs, metrics), profiles
// with Go's -pprof samples, `debug("parsed")` byte for byte, and the same answers from
// every kind of input (bytes, ArrayBuffer, Blob, stream).

import assert from "node:assert/strict";
import { openTrace, type Trace, type TraceEvent } from "../../mod.ts";
import { goToolTrace } from "../support/go_oracle.ts";
import { type ParsedEvent, parseEvents } from "../support/parsed_events.ts";
import { unquoteGo } from "../support/goport/go_string.ts";
import { profileContent } from "../support/pprof_samples.ts";
import { tracePath } from "../support/web_app.ts";
import { mmuPlot } from "../../server/core/mmu/mmu.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarize } from "../../server/core/summary/summary.ts";

const TRACES = [
  "testdata/traces/go1.26/annotations.trace",
  "testdata/traces/go1.26/gc.trace",
  "testdata/traces/go1.25/cpuprofile.trace",
  "testdata/traces/go1.23/coroutines.trace",
  "testdata/traces/go1.22/syscalls.trace",
  "testdata/traces/go1.21/sync.trace",
  "testdata/traces/go1.19/annotations.trace",
];

async function goParsed(rel: string): Promise<string> {
  const res = await goToolTrace(["-d=parsed", tracePath(rel)]);
  assert.equal(res.code, 0, res.stderr);
  return new TextDecoder().decode(res.stdout);
}

/** A `Key=value` field of Go's line; quoted values unquoted as Go's %q wrote them. */
function field(e: ParsedEvent, key: string): string | undefined {
  const m = new RegExp(` ${key}=("(?:[^"\\\\]|\\\\.)*"|\\S*)`).exec(e.rest);
  if (!m) return undefined;
  return m[1].startsWith('"') ? new TextDecoder().decode(unquoteGo(m[1])) : m[1];
}

const frameText = (f: { func: string; pc: bigint; file: string; line: number }) =>
  `${f.func} @ 0x${f.pc.toString(16)} ${f.file}:${f.line}`;

/** What Go's line says of the event, in the API's terms, for the fields both have. */
function assertLike(e: TraceEvent, g: ParsedEvent, base: bigint, where: string): void {
  assert.deepEqual(
    [e.kind, e.thread, e.proc, e.goroutine, base + BigInt(e.time)],
    [g.kind, g.m, g.p, g.g, BigInt(g.time)],
    where,
  );
  assert.deepEqual(e.stack.map(frameText), g.stack, `${where}: stack`);
  const q = (k: string) => field(g, k);
  switch (e.kind) {
    case "StateTransition": {
      const t = e.transition!;
      const m = / (GoID|ProcID)=(-?\d+) (\w+)->(\w+) Reason=/.exec(g.rest)!;
      assert.deepEqual(
        [t.resource, t.id, t.from, t.to, t.reason],
        [m[1] === "GoID" ? "goroutine" : "proc", +m[2], m[3], m[4], q("Reason")],
        where,
      );
      assert.deepEqual(t.stack.map(frameText), g.transitionStack, `${where}: transition stack`);
      break;
    }
    case "TaskBegin":
    case "TaskEnd":
      assert.deepEqual(
        [e.task!.id, e.task!.parent, e.task!.type],
        [
          Number(BigInt.asIntN(64, BigInt(q("ID")!))),
          Number(BigInt.asIntN(64, BigInt(q("Parent")!))),
          q("Type"),
        ],
        where,
      );
      break;
    case "RegionBegin":
    case "RegionEnd":
      assert.deepEqual([e.region!.task, e.region!.type], [
        Number(BigInt.asIntN(64, BigInt(q("Task")!))),
        q("Type"),
      ], where);
      break;
    case "Log":
      assert.deepEqual([e.log!.category, e.log!.message], [q("Category"), q("Message")], where);
      break;
    case "Metric":
      assert.deepEqual([e.metric!.name, `Value{Uint64(${e.metric!.value})}`], [
        q("Name"),
        q("Value"),
      ], where);
      break;
    case "RangeBegin":
    case "RangeActive":
    case "RangeEnd": {
      const r = e.range!;
      const scope = r.scope.kind === "none"
        ? "None"
        : `${r.scope.kind === "proc" ? "Proc" : "Goroutine"}(${r.scope.id})`;
      assert.deepEqual([r.name, scope], [q("Name"), q("Scope")], where);
      break;
    }
    case "Label":
      assert.equal(e.label!.label, q("Label"), where);
      break;
    case "Sync":
      assert.equal(String(e.sync!.n), q("N"), where);
      if (e.sync!.clock) assert.equal(String(e.sync!.clock.mono), q("Mono"), where);
      break;
  }
}

Deno.test("events carry what go tool trace -d=parsed shows of each event", async () => {
  for (const rel of TRACES) {
    const trace = await openTrace(await Deno.readFile(tracePath(rel)));
    const go = parseEvents(await goParsed(rel));
    const ours: TraceEvent[] = [];
    for await (const e of trace.events()) ours.push(e);
    assert.equal(ours.length, go.length, `${rel}: event count`);
    assert.equal(trace.eventCount, go.length, `${rel}: eventCount`);
    ours.forEach((e, i) => assertLike(e, go[i], trace.baseTime, `${rel} event ${i}`));
    const kinds = new Set(ours.map((e) => e.kind));
    assert.ok(kinds.has("StateTransition") && kinds.has("Sync"), `${rel}: kinds ${[...kinds]}`);
  }
});

Deno.test("debug('parsed') is go tool trace -d=parsed byte for byte, from every kind of input", async () => {
  for (const rel of TRACES.slice(0, 4)) {
    const bytes = await Deno.readFile(tracePath(rel));
    const want = await goParsed(rel);
    const inputs: [string, () => Promise<Trace>][] = [
      ["Uint8Array", () => openTrace(bytes)],
      ["ArrayBuffer", () => openTrace(bytes.slice().buffer)],
      ["Blob", () => openTrace(new Blob([bytes]))],
      ["ReadableStream", () => openTrace(new Blob([bytes]).stream())],
    ];
    for (const [kind, open] of inputs) {
      const t = await open();
      assert.equal(await t.debug("parsed"), want, `${rel} from ${kind}`);
      const chunks: string[] = [];
      assert.equal(await t.debug("parsed", (c) => chunks.push(c)), "");
      assert.equal(chunks.join(""), want, `${rel} from ${kind}, streamed`);
    }
  }
});

Deno.test("profile(type) has the samples of go tool trace -pprof=TYPE", async () => {
  for (const rel of ["testdata/traces/go1.26/gc.trace", "testdata/traces/go1.22/syscalls.trace"]) {
    const trace = await openTrace(await Deno.readFile(tracePath(rel)));
    for (const type of ["net", "sync", "syscall", "sched"] as const) {
      const go = await goToolTrace([`-pprof=${type}`, tracePath(rel)]);
      assert.equal(go.code, 0, go.stderr);
      assert.deepEqual(
        await profileContent(await trace.profile(type)),
        await profileContent(go.stdout),
        `${rel} ${type}`,
      );
    }
  }
});

Deno.test("goroutines, tasks, regions and the MMU curve are the analyses' results", async () => {
  const rel = "testdata/traces/go1.26/annotations.trace";
  const bytes = await Deno.readFile(tracePath(rel));
  const trace = await openTrace(bytes);
  const core = await parseTrace(bytes);
  const summary = await summarize(core);
  const goroutines = await trace.goroutines();
  assert.deepEqual(
    goroutines.map((g) => [g.id, g.name, g.execTime, g.totalTime]),
    summary.goroutines.map((g) => [g.id, g.name, g.execTime, g.totalTime]),
  );
  const regions = await trace.regions();
  assert.equal(regions.length, summary.goroutines.reduce((n, g) => n + g.regions.length, 0));
  assert.ok(regions.some((r) => r.type === "<b>bold</b> region" || r.type !== ""), "named regions");
  const tasks = await trace.tasks();
  assert.equal(tasks.length, summary.tasks.length);
  // Each task's logs are the Log events of that task, in order.
  const logs = new Map<number, string[]>();
  for await (const e of trace.events()) {
    if (e.kind === "Log") {
      const l = logs.get(e.log!.task) ?? [];
      l.push(`${e.time} ${e.goroutine} ${e.log!.category} ${e.log!.message}`);
      logs.set(e.log!.task, l);
    }
  }
  for (const t of tasks) {
    assert.deepEqual(
      t.logs.map((l) => `${l.time} ${l.goroutine} ${l.category} ${l.message}`),
      logs.get(t.id) ?? [],
      `task ${t.id} logs`,
    );
  }
  const plot = await mmuPlot(core, "stw|background|assist|sweep");
  assert.deepEqual((await trace.mmu()).map((p) => [p.window, p.utilization]), plot.curve);
});

Deno.test("a file that is not a trace is an error; a bad profile type too", async () => {
  await assert.rejects(openTrace(new TextEncoder().encode("not a trace")), /trace/);
  const trace = await openTrace(await Deno.readFile(tracePath("testdata/traces/go1.26/gc.trace")));
  // deno-lint-ignore no-explicit-any
  await assert.rejects(trace.profile("heap" as any), /unknown profile type heap/);
});
