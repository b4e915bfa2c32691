// `-d=parsed` against `go tool trace -d=parsed` (Go 1.26) on v2 traces (Go 1.22+): same
// stdout bytes, same exit status, same first stderr line (Go's message; our second line
// adds the byte offset). v1 traces have their own test (parsed_v1_test.ts).

import assert from "node:assert/strict";
import { diffRunWithGoTool, runDebugModeInProcess } from "../support/debug_diff.ts";
import {
  committedTraces,
  damagedTraces,
  fuzzSeedTraces,
  go126VectorTraces,
  type TraceCase,
  vectorTraces,
} from "../support/trace_corpus.ts";
import { boundaryTruncations, v2MutationSeed } from "../support/mutate.ts";
import { encodeUvarint, listV2Batches } from "../support/v2_batches.ts";
import { validateTrace } from "../support/goport/validator.ts";
import { isHeaderError, readTraceHeader } from "../../server/core/trace/header.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";

const isV2 = (c: TraceCase) => {
  const h = readTraceHeader(c.bytes);
  return !isHeaderError(h) && h.version >= 22;
};

const committed = committedTraces().filter(isV2);
const vectors = vectorTraces();
const byName = (cases: TraceCase[], name: string) => {
  const c = cases.find((c) => c.name === name);
  if (!c) throw new Error(`no trace ${name}`);
  return c;
};

const go126Vectors = go126VectorTraces();

// A few real traces of each framing to damage: 1.22 spill, 1.25 clock snapshots, 1.26
// end markers, and one with CPU samples and one with coroutine switches.
const damageBases = [
  "testdata/traces/go1.22/sched.trace",
  "testdata/traces/go1.23/coroutines.trace",
  "testdata/traces/go1.25/cpuprofile.trace",
  "testdata/traces/go1.26/gc.trace",
].map((n) => byName(committed, n));

/** Diffs every case with Go (2 Go processes at a time), logs a summary, asserts none differ. */
async function assertParsedLikeGo(what: string, cases: TraceCase[]): Promise<void> {
  assert.ok(cases.length > 0, "no cases to compare");
  const dir = await Deno.makeTempDir({ prefix: "traceglass-parsed-" });
  try {
    const report = await diffRunWithGoTool(
      "parsed",
      (b) => runDebugModeInProcess("parsed", b),
      cases,
      dir,
      {
        concurrency: 2,
        firstStderrLine: true,
      },
    );
    console.log(
      `-d=parsed, ${what}: ${report.identical.length} of ${cases.length} identical to Go`,
    );
    assert.deepEqual(report.differing, [], `-d=parsed differs from go tool trace`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("-d=parsed is byte-identical to Go on every committed v2 trace", async () => {
  assert.ok(committed.length >= 70, `only ${committed.length} committed v2 traces`);
  await assertParsedLikeGo("committed v2 traces", committed);
});

Deno.test("-d=parsed is byte-identical to Go on the 22 test vectors and their 1.26 framing", async () => {
  assert.equal(vectors.length, 22);
  await assertParsedLikeGo("test vectors", [...vectors, ...go126Vectors]);
});

Deno.test("-d=parsed matches Go on the v2 fuzz seeds", async () => {
  await assertParsedLikeGo("fuzz seeds", fuzzSeedTraces().filter(isV2));
});

Deno.test("-d=parsed matches Go on traces cut at every batch boundary", async () => {
  const cases = [...vectors, ...go126Vectors, ...damageBases]
    .flatMap((c) => boundaryTruncations(v2MutationSeed(c.name, c.bytes)));
  await assertParsedLikeGo("batch-boundary truncations", cases);
});

Deno.test("-d=parsed matches Go on truncated and byte-flipped real traces", async () => {
  await assertParsedLikeGo("damaged traces", damageBases.flatMap((b) => damagedTraces(b)));
});

// Small inputs that isolate one rule each of Go's reader or printer (each one found by
// the broader tests above).

const annotationsVector = () => byName(vectors, "go122-annotations.test").bytes;

/** The trace without the batches whose first data byte is `section` (0x04: strings). */
function withoutSections(bytes: Uint8Array, section: number): Uint8Array {
  const { headerEnd, batches } = listV2Batches(bytes);
  const keep = batches.filter((b) => b.dataStart < 0 || bytes[b.dataStart] !== section);
  return Uint8Array.from([
    ...bytes.subarray(0, headerEnd),
    ...keep.flatMap((b) => [...bytes.subarray(b.start, b.end)]),
  ]);
}

Deno.test("-d=parsed reports the lowest-numbered stack whose strings are missing", async () => {
  // Go checks a compact stack table in id order: its message names stack 1.
  const bytes = withoutSections(annotationsVector(), 0x04);
  await assertParsedLikeGo("stacks without strings", [{
    name: "annotations without strings",
    bytes,
  }]);
});

Deno.test("-d=parsed checks stack strings before the stacks of CPU samples", async () => {
  // Go validates stack strings when it reads a generation; a CPU sample's stack is never
  // checked by Go (we reject a missing one), so Go's message must come first.
  const none = encodeUvarint((1n << 64n) - 1n);
  const sample = [6, 7, 1, 0, 0, 1, ...encodeUvarint(999n)]; // CPUSample stack=999 (absent)
  const bytes = Uint8Array.from([
    ...withoutSections(annotationsVector(), 0x04),
    ...[1, 1, ...none, 0, sample.length, ...sample],
  ]);
  await assertParsedLikeGo("CPU sample and missing strings", [{
    name: "annotations + sample",
    bytes,
  }]);
});

Deno.test("-d=parsed prints stack frame names as raw bytes, even invalid UTF-8", async () => {
  const bytes = annotationsVector().slice();
  const at = new TextDecoder("latin1").decode(bytes).indexOf("main.main");
  assert.ok(at > 0);
  bytes[at + 4] = 0xff; // "main\xffmain..."
  await assertParsedLikeGo("invalid UTF-8 in a function name", [{ name: "main\\xffmain", bytes }]);
});

Deno.test("-d=parsed does not print an event whose successor on the same thread is malformed", async () => {
  // Go reads the thread's next event before it hands out the one it just ordered; here
  // GoStop becomes type 2 (Stacks), so Go fails before printing the GoStart before it.
  const bytes = byName(vectors, "go122-go-create-without-running-g.test").bytes.slice();
  const goStop = listV2Batches(bytes).batches[0].end - 4;
  assert.equal(bytes[goStop], 19);
  bytes[goStop] = 2;
  await assertParsedLikeGo("malformed successor", [{ name: "GoStop as type 2", bytes }]);
});

Deno.test("-d=parsed prints exact times when a trace spans more than 2^53 ns", async () => {
  // The first Sync is at tick 1 (64 ns); then two ProcStatus events at the same tick,
  // 2^50 + 1 (about 2^56 ns): Go bumps the second, and the final Sync, by 1 ns each.
  const none = encodeUvarint((1n << 64n) - 1n);
  const events = [13, 1, 0, 2, 13, 0, 1, 2]; // ProcStatus dt=1 p=0 Idle; dt=0 p=1 Idle
  const bytes = Uint8Array.from([
    ...new TextEncoder().encode("go 1.22 trace\0\0\0"),
    ...[1, 1, ...none, 1, 5, 8, ...encodeUvarint(15625000n)], // Frequency batch at tick 1
    ...[1, 1, 0, ...encodeUvarint(1n << 50n), events.length, ...events],
  ]);
  await assertParsedLikeGo("times beyond 2^53 ns", [{ name: "ProcStatus at 2^56 ns", bytes }]);
});

Deno.test("every committed v2 trace passes Go's validator", async () => {
  for (const c of committed) {
    const trace = await parseTrace(c.bytes);
    assert.equal(trace.error, undefined, c.name);
    assert.deepEqual(validateTrace(trace), [], c.name);
  }
});

Deno.test("-d=parsed prints an empty stack for a CPU sample with stack id 0", async () => {
  // Go's CPU sample stack is a handle even for id 0, so it prints "Stack=" with no frames.
  const none = encodeUvarint((1n << 64n) - 1n);
  const sample = [6, 7, 1, 0, 0, 1, 0]; // CPUSample time=1 m=0 p=0 g=1 stack=0
  const bytes = Uint8Array.from([
    ...annotationsVector(),
    ...[1, 1, ...none, 0, sample.length, ...sample],
  ]);
  await assertParsedLikeGo("CPU sample without stack", [{ name: "annotations + sample", bytes }]);
});
