// Robustness of the decoder on hostile input: Go's fuzz seeds and a few thousand seeded
// mutants of real traces must each give a Trace (perhaps carrying an error) or a thrown
// TraceError, within time and memory budgets, with every event printable
// (tests/support/fuzz_check.ts says exactly what is checked). Longer runs with other
// seeds: `deno run -A scripts/fuzz.ts --seed=N --count=M`.
//
// Also: a v2 trace cut inside a generation keeps every generation before it.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { EventPrinter } from "../../server/core/trace/event_string.ts";
import { SYNC } from "../../server/core/trace/kinds.ts";
import { TraceError } from "../../server/core/trace/error.ts";
import { FuzzRunner } from "../support/fuzz_runner.ts";
import { boundaryTruncations, type Mutant, Mutator } from "../support/mutate.ts";
import { v2FuzzSeeds } from "../support/fuzz_seeds.ts";
import {
  fuzzSeedTraces,
  go126VectorTraces,
  type TraceCase,
  vectorTraces,
} from "../support/trace_corpus.ts";
import { listV2Batches, listV2Generations, type V2Framing } from "../support/v2_batches.ts";

/** The CI run's mutator seed and size (about 15 s here). */
const CI_SEED = 1;
const CI_MUTANTS = 6000;

/** Runs inputs through the runner; returns "name: problems" for each that failed. */
async function fuzz(
  inputs: Iterable<Mutant | TraceCase>,
): Promise<{ run: number; failures: string[] }> {
  using runner = new FuzzRunner();
  let run = 0;
  const failures: string[] = [];
  for (const input of inputs) {
    const outcome = await runner.run(input.bytes);
    run++;
    if (outcome.problems.length > 0) failures.push(`${input.name}: ${outcome.problems.join("; ")}`);
  }
  return { run, failures };
}

Deno.test("every Go fuzz seed parses, prints and validates without crashing", async () => {
  const seeds = fuzzSeedTraces();
  assert.ok(seeds.length >= 17, `only ${seeds.length} fuzz seeds`);
  const { run, failures } = await fuzz(seeds);
  console.log(`fuzz: ${run} Go fuzz seeds run`);
  assert.deepEqual(failures, []);
});

Deno.test("thousands of mutated traces never crash, trap, hang or exhaust memory", async () => {
  const seeds = v2FuzzSeeds();
  const truncations = seeds.flatMap(boundaryTruncations);
  const mutants = new Mutator(CI_SEED).mutants(seeds, CI_MUTANTS);
  const { run, failures } = await fuzz([...truncations, ...mutants]);
  console.log(
    `fuzz: ${run} inputs run (${truncations.length} batch-boundary cuts, ${CI_MUTANTS} mutants of ${seeds.length} seeds, seed ${CI_SEED})`,
  );
  assert.equal(run, truncations.length + CI_MUTANTS);
  assert.deepEqual(failures, []);
});

// Multi-generation v2 traces: Go's vectors with two or three generations, and the 1.26
// framing of one, so both the read-ahead (≤1.25) and the end-marker (1.26) paths are cut.
const MULTI_GEN = [
  "go122-confuse-seq-across-generations.test",
  "go122-task-across-generations.test",
  "go123-sync.test",
  "go125-sync.test",
];

Deno.test("a v2 trace cut inside generation k keeps every event of the generations before k", async () => {
  const cases = [
    ...vectorTraces().filter((c) => MULTI_GEN.includes(c.name)),
    ...go126VectorTraces(),
  ];
  assert.equal(cases.length, MULTI_GEN.length + 1);
  let cuts = 0;
  for (const c of cases) {
    const full = await parseTrace(c.bytes);
    assert.equal(full.error, undefined, c.name);
    const framing = listV2Batches(c.bytes);
    const gens = listV2Generations(framing);
    const syncs = syncIndexes(full);
    assert.ok(gens.length >= 2, `${c.name} has several generations`);
    // Sync k opens generation k: the events before it belong to generations < k.
    assert.equal(syncs.length, gens.length + 1, `${c.name}: one Sync per generation plus one`);
    const boundaries = new Set(framing.batches.map((b) => b.end));
    const fullText = texts(full, syncs[gens.length - 1]);
    for (let k = 1; k < gens.length; k++) {
      const kept = syncs[k];
      for (let cut = gens[k].start + 1; cut < gens[k].end; cut++) {
        cuts++;
        const what = `${c.name} cut at ${cut} (inside generation #${k + 1})`;
        const t = await parseTrace(c.bytes.slice(0, cut));
        assert.ok(t.count >= kept, `${what}: ${t.count} events, want at least ${kept}`);
        assert.deepEqual(texts(t, kept), fullText.slice(0, kept), what);
        // A cut inside a batch always fails. A cut between batches fails only in 1.26 and
        // only once an event batch of the generation is in: before 1.26 the rest looks like
        // a complete (shorter) generation, and Go 1.26 drops a tail of table batches.
        const mustFail = !boundaries.has(cut) ||
          (framing.version >= 26 && hasEventBatch(c.bytes, framing, gens[k].start, cut));
        if (mustFail) assert.ok(t.error instanceof TraceError, `${what}: no error`);
        if (t.error) {
          assert.ok(t.error.goMessage.length > 0, what);
          assert.ok(
            t.error.offset >= gens[k].start && t.error.offset <= cut,
            `${what}: ${t.error.message}`,
          );
          assert.ok(t.validCount >= kept, `${what}: validCount ${t.validCount} < ${kept}`);
          assert.ok(
            t.validBytes >= gens[k].start && t.validBytes <= cut,
            `${what}: validBytes ${t.validBytes} outside [${gens[k].start}, ${cut}]`,
          );
        }
      }
    }
  }
  console.log(`truncation: ${cuts} cuts inside later generations checked`);
});

// Whether an event batch (not a string, stack, CPU-sample or sync section) lies in [from, to).
function hasEventBatch(bytes: Uint8Array, framing: V2Framing, from: number, to: number): boolean {
  const sections = [0x02, 0x04, 0x06, 0x08, 0x32];
  return framing.batches.some((b) =>
    b.kind === "events" && b.start >= from && b.end <= to &&
    (b.dataStart < 0 || !sections.includes(bytes[b.dataStart]))
  );
}

function syncIndexes(t: Trace): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.type[i] === SYNC) out.push(i);
  return out;
}

// The first n events as `go tool trace -d=parsed` prints them.
function texts(t: Trace, n: number): string[] {
  const p = new EventPrinter(t, t.baseTime);
  const whole = t.wholeBlock();
  return Array.from({ length: n }, (_, i) => p.format(whole, i));
}
