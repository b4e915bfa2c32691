// The v2 traces the fuzz test and scripts/fuzz.ts mutate: Go's 22 test vectors (small,
// and full of corner cases: syscall steals, generation boundaries, sync batches), their
// Go 1.26 framing, and the smallest real trace of each Go release.

import { type MutationSeed, v2MutationSeed } from "./mutate.ts";
import { committedTraces, go126VectorTraces, vectorTraces } from "./trace_corpus.ts";

const SMALL_REAL = /^testdata\/traces\/go1\.2[2-6]\/(empty|timers|stacks)\.trace$/;

/** Mutation seeds, in a fixed order (mutant n uses seed n mod count). */
export function v2FuzzSeeds(): MutationSeed[] {
  return [
    ...vectorTraces(),
    ...go126VectorTraces(),
    ...committedTraces().filter((c) => SMALL_REAL.test(c.name)),
  ].map((c) => v2MutationSeed(c.name, c.bytes));
}
