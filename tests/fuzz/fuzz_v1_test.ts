// Robustness of the v1 decoder (Go 1.11–1.21 traces) on hostile input: cuts at every
// batch (and, for small traces, every event) boundary and thousands of seeded mutants of
// real and hand-made v1 traces must each give a Trace (perhaps carrying an error) or a
// thrown TraceError with an offset inside the input, never another exception or a
// WebAssembly trap, within the time and memory budgets of support/fuzz_check.ts (run in a
// worker that is killed on a hang). Inputs shaped to be slow for Go's algorithms must
// stay fast here.

import assert from "node:assert/strict";
import { FuzzRunner } from "../support/fuzz_runner.ts";
import { boundaryTruncations, byteMutationSeed, type Mutant, Mutator } from "../support/mutate.ts";
import { committedTraces, type TraceCase } from "../support/trace_corpus.ts";
import { v1ErrorCases, v1HostileCases, v1KitchenSink } from "../support/v1_crafted.ts";
import { isV1Header, listV1Events } from "../support/v1_events.ts";

/** The CI run's mutator seed and size. */
const CI_SEED = 1;
const CI_MUTANTS = 10000;

const SMALL_REAL = /^testdata\/traces\/go1\.(18|19|21)\/(empty|timers|stacks|cpuprofile)\.trace$/;

/** Seeds: the hand-made traces (dense in rules) and the smallest real traces per version. */
function v1Seeds(): TraceCase[] {
  return [
    ...[11, 19, 21].map((m) => ({ name: `kitchen sink 1.${m}`, bytes: v1KitchenSink(m) })),
    ...v1ErrorCases().filter((c) => isV1Header(c.bytes)),
    ...committedTraces().filter((c) => SMALL_REAL.test(c.name)),
  ];
}

async function fuzz(inputs: Iterable<Mutant | TraceCase>) {
  using runner = new FuzzRunner();
  let run = 0, errors = 0;
  const failures: string[] = [];
  for (const input of inputs) {
    const outcome = await runner.run(input.bytes);
    run++;
    if (outcome.error !== null) errors++;
    if (outcome.problems.length > 0) failures.push(`${input.name}: ${outcome.problems.join("; ")}`);
  }
  return { run, errors, failures };
}

Deno.test("v1 traces cut at every batch boundary, and small ones at every event, never crash", async () => {
  const seeds = v1Seeds().map((c) => {
    const layout = listV1Events(c.bytes);
    const cuts = layout.events.length <= 2000 ? layout.events : layout.batches;
    return byteMutationSeed(c.name, c.bytes, cuts, layout.headerEnd);
  });
  const cuts = seeds.flatMap(boundaryTruncations);
  const { run, errors, failures } = await fuzz(cuts);
  console.log(`fuzz v1: ${run} truncations of ${seeds.length} seeds run (${errors} rejected)`);
  assert.deepEqual(failures, []);
});

Deno.test("thousands of mutated v1 traces never crash, trap, hang or exhaust memory", async () => {
  const seeds = v1Seeds().map((c) =>
    byteMutationSeed(c.name, c.bytes, listV1Events(c.bytes).events, 16)
  );
  const mutants = new Mutator(CI_SEED).mutants(seeds, CI_MUTANTS);
  const { run, errors, failures } = await fuzz(mutants);
  console.log(
    `fuzz v1: ${run} mutants of ${seeds.length} seeds run (seed ${CI_SEED}; ${errors} rejected, ${
      run - errors
    } accepted)`,
  );
  assert.equal(run, CI_MUTANTS);
  assert.deepEqual(failures, []);
});

Deno.test("v1 inputs that are slow for Go's algorithms stay within the budgets", async () => {
  using runner = new FuzzRunner(); // in a worker, so a hang fails instead of stalling
  for (const c of v1HostileCases()) {
    const outcome = await runner.run(c.bytes);
    console.log(`fuzz v1: ${c.name}: ${outcome.ms.toFixed(0)} ms, ${outcome.events} events`);
    assert.deepEqual(outcome.problems, [], c.name);
  }
});
