// `-d=parsed` against `go tool trace -d=parsed` (Go 1.26) on v1 traces (Go 1.11–1.21):
// same stdout, same exit status, same first stderr line (Go's message; our second line
// adds the byte offset). Go's v1 reader orders some events in map order, so where Go's
// own runs differ the trace is compared as a multiset of events without times
// (support/v1_oracle.ts); each test says how many needed that. Where Go panics (it prints
// v1 events without checking their string and stack ids) we must report an error after
// the same output.

import assert from "node:assert/strict";
import { committedTraces, type TraceCase } from "../support/trace_corpus.ts";
import { compareAllV1WithGo, type V1Report } from "../support/v1_oracle.ts";
import { v1ErrorCases, v1KitchenSink } from "../support/v1_crafted.ts";
import { isV1Header, listV1Events } from "../support/v1_events.ts";
import { byteMutationSeed, Mutator } from "../support/mutate.ts";
import { goOracleEnv } from "../support/go_oracle.ts";
import { runDebugModeInProcess } from "../support/debug_diff.ts";
import { prng } from "../support/trace_corpus.ts";

const committed = committedTraces().filter((c) => isV1Header(c.bytes));

const sinks: TraceCase[] = [11, 19, 21].map((m) => ({
  name: `kitchen sink 1.${m}`,
  bytes: v1KitchenSink(m),
}));

/** Compares, logs the tally (and which traces needed a multiset), asserts no difference. */
async function assertLikeGo(what: string, cases: TraceCase[]): Promise<V1Report> {
  assert.ok(cases.length > 0, "no cases to compare");
  const report = await compareAllV1WithGo(cases);
  console.log(
    `-d=parsed v1, ${what}: ${report.identical.length} of ${cases.length} byte-identical to a Go run, ` +
      `${report.multiset.length} compared as multisets (Go's own runs differ: map order)` +
      report.multiset.map((n) => `\n  multiset: ${n}`).join(""),
  );
  assert.deepEqual(report.different, [], `-d=parsed differs from go tool trace`);
  return report;
}

Deno.test("-d=parsed matches Go on every committed v1 trace (Go 1.18, 1.19, 1.21)", async () => {
  const versions = new Set(committed.map((c) => c.name.split("/")[2]));
  assert.ok(committed.length >= 30, `only ${committed.length} committed v1 traces`);
  assert.ok(versions.size >= 3, `v1 traces of ${[...versions]} only`);
  await assertLikeGo("committed traces", committed);
});

Deno.test("-d=parsed matches Go on Go's own v1 test traces, if its sources are here", async () => {
  const cases = await goRootV1Traces();
  if (cases.length === 0) {
    console.log("-d=parsed v1: no GOROOT/src/internal/trace/internal/tracev1/testdata, skipped");
    return;
  }
  await assertLikeGo("Go's tracev1 testdata", cases);
});

Deno.test("-d=parsed is byte-identical to Go on the hand-made v1 traces", async () => {
  const report = await assertLikeGo("hand-made traces", [...sinks, ...v1ErrorCases()]);
  // One P orders these: Go is deterministic on them, so no multiset comparison.
  assert.deepEqual(report.multiset, []);
});

Deno.test("v1 headers below 1.11 are refused with Go's message and exit status 1", async () => {
  for (const minor of [5, 9, 10]) {
    const bytes = new TextEncoder().encode(`go 1.${minor} trace\0\0\0\x01\x02`);
    const ours = await runDebugModeInProcess("parsed", bytes);
    assert.equal(ours.code, 1);
    assert.equal(ours.stderr.split("\n")[0], `unknown or unsupported trace version go 1.${minor}`);
    assert.equal(ours.stdout.length, 0);
  }
});

Deno.test("-d=parsed matches Go on v1 traces cut at batch and event boundaries", async () => {
  const cases: TraceCase[] = [];
  const rand = prng(11);
  for (const c of [...sinks, ...committed.filter((c) => /\/(empty|timers)\.trace$/.test(c.name))]) {
    const layout = listV1Events(c.bytes);
    // Every event boundary of small traces (the frequency and stacks come last, so the
    // interesting cuts are near the end); batch boundaries and random points of others.
    const small = layout.events.length <= 200;
    const cuts = new Set(small ? layout.events : layout.batches);
    for (let i = 0; i < 8; i++) cuts.add(16 + Math.floor(rand() * (c.bytes.length - 16)));
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      cases.push({ name: `${c.name} cut at ${cut}`, bytes: c.bytes.slice(0, cut) });
    }
  }
  await assertLikeGo("truncated traces", cases);
});

Deno.test("-d=parsed matches Go on mutated v1 traces", async () => {
  const seeds = [...sinks, ...committed.filter((c) => /\/(empty|stacks)\.trace$/.test(c.name))]
    .map((c) => byteMutationSeed(c.name, c.bytes, listV1Events(c.bytes).events));
  const mutants = [...new Mutator(7).mutants(seeds, 240)];
  await assertLikeGo("mutants (bit flips, insertions, deletions, cuts, swapped events)", mutants);
});

/** Go's binary v1 test traces, read in place from the oracle's GOROOT (never copied). */
async function goRootV1Traces(): Promise<TraceCase[]> {
  const out = await new Deno.Command("go", {
    args: ["env", "GOROOT"],
    env: await goOracleEnv(),
    stdout: "piped",
    stderr: "null",
  }).output();
  const root = new TextDecoder().decode(out.stdout).trim();
  const dir = `${root}/src/internal/trace/internal/tracev1/testdata`;
  try {
    return [...Deno.readDirSync(dir)]
      .filter((e) => e.isFile)
      .map((e) => e.name)
      .sort()
      .map((name) => ({
        name: `GOROOT/…/tracev1/testdata/${name}`,
        bytes: Deno.readFileSync(`${dir}/${name}`),
      }));
  } catch {
    return [];
  }
}
