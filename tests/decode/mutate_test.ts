// The fuzzing helpers: the v2 batch lister (checked against Go's own wire reader) and
// the seeded mutator (deterministic, and using every mutation it has).

import assert from "node:assert/strict";
import { goToolTrace } from "../support/go_oracle.ts";
import {
  boundaryTruncations,
  byteMutationSeed,
  MUTATION_NAMES,
  Mutator,
  v2MutationSeed,
} from "../support/mutate.ts";
import { committedTraces, go126VectorTraces, vectorTraces } from "../support/trace_corpus.ts";
import {
  batchBoundaries,
  encodeUvarint,
  listV2Batches,
  listV2Generations,
  readUvarint,
} from "../support/v2_batches.ts";

const vectors = vectorTraces();
const vector = (name: string) => vectors.find((v) => v.name === name)!;

Deno.test("the batch lister finds the batches Go's wire reader finds", async () => {
  const cases = [
    ...committedTraces().filter((c) => /go1\.2[2-6]\/(empty|cpuprofile)\.trace$/.test(c.name)),
    ...go126VectorTraces(),
    vector("go122-gc-stress.test"),
  ];
  assert.ok(cases.length >= 10);
  const dir = await Deno.makeTempDir({ prefix: "traceglass-batches-" });
  try {
    for (const c of cases) {
      await Deno.writeFile(`${dir}/t.trace`, c.bytes);
      const wire = new TextDecoder().decode(
        (await goToolTrace(["-d=wire", `${dir}/t.trace`])).stdout,
      );
      const headers = wire.split("\n").filter((l) =>
        /^(EventBatch|ExperimentalBatch|EndOfGeneration)\b/.test(l)
      );
      const framing = listV2Batches(c.bytes);
      assert.equal(framing.error, undefined, c.name);
      assert.equal(framing.batches.length, headers.length, c.name);
      framing.batches.forEach((b, i) => {
        if (b.kind === "end") return assert.equal(headers[i], "EndOfGeneration", c.name);
        assert.match(headers[i], new RegExp(` gen=${b.gen} `), `${c.name} batch ${i}`);
        assert.match(
          headers[i],
          new RegExp(` size=${b.end - (b.dataStart < 0 ? b.end : b.dataStart)}$`),
        );
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("batch boundaries tile the trace from the header to the end", () => {
  for (const c of vectors) {
    const cuts = batchBoundaries(c.bytes);
    assert.equal(cuts[0], 16, c.name);
    if (c.name !== "go122-fail-first-gen-first.test") {
      assert.equal(cuts.at(-1), c.bytes.length, c.name);
    }
    for (let i = 1; i < cuts.length; i++) assert.ok(cuts[i] > cuts[i - 1], c.name);
  }
});

Deno.test("generations are runs of batches with one number, closed by the 1.26 end marker", () => {
  const v125 = listV2Generations(listV2Batches(vector("go125-sync.test").bytes));
  assert.deepEqual(v125.map((g) => g.gen), [1n, 2n, 3n]);
  const v126 = listV2Generations(listV2Batches(go126VectorTraces()[0].bytes));
  assert.deepEqual(v126.map((g) => g.gen), [1n, 2n, 3n]);
  // Same batches plus one end byte per generation.
  assert.deepEqual(v126.map((g) => g.batchCount), v125.map((g) => g.batchCount + 1));
});

Deno.test("uvarints round-trip, and Go's limits on length and the 10th byte hold", () => {
  for (const v of [0n, 1n, 127n, 128n, 15625000n, (1n << 63n) + 5n, (1n << 64n) - 1n]) {
    const enc = encodeUvarint(v);
    assert.deepEqual(readUvarint(Uint8Array.from(enc), 0), { value: v, end: enc.length });
  }
  assert.equal(readUvarint(Uint8Array.from([...Array(9).fill(0xff), 0x02]), 0), undefined);
  assert.equal(readUvarint(Uint8Array.from([0x80, 0x80]), 0), undefined);
});

Deno.test("the same mutator seed gives the same mutants, another seed others", () => {
  const seeds = [v2MutationSeed("gc-stress", vector("go122-gc-stress.test").bytes)];
  const a = [...new Mutator(7).mutants(seeds, 50)];
  const b = [...new Mutator(7).mutants(seeds, 50)];
  const c = [...new Mutator(8).mutants(seeds, 50)];
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.map((m) => m.name), c.map((m) => m.name));
  // Mutant n can be rebuilt alone, which is how a saved failure is replayed.
  assert.deepEqual(new Mutator(7).mutant(seeds[0], 31), a[31]);
});

Deno.test("the mutator uses every kind of mutation", () => {
  const seed = v2MutationSeed("go125-sync", vector("go125-sync.test").bytes);
  const names = [...new Mutator(3).mutants([seed], 2000)].map((m) => m.name).join("\n");
  const marks: Record<string, RegExp> = {
    truncate: /: cut at \d+(;|$)/m,
    truncateAtBoundary: /cut at boundary/,
    bitFlip: /flip bits/,
    insertBytes: /insert \d+ bytes/,
    deleteBytes: /delete \d+ bytes/,
    overwriteVarint: /varint \d+ over/,
    duplicateUnit: /copy \[/,
    swapUnits: /swap \[/,
    randomAfterHeader: /random bytes after the header/,
    changeGeneration: /generation at \d+ \d+ -> \d+/,
  };
  assert.deepEqual(Object.keys(marks).sort(), [...MUTATION_NAMES].sort());
  for (const [op, re] of Object.entries(marks)) assert.match(names, re, op);
});

Deno.test("a changed generation number is what the batch lister then reads", () => {
  const bytes = vector("go125-sync.test").bytes;
  const seed = v2MutationSeed("go125-sync", bytes);
  const m = [...new Mutator(5).mutants([seed], 3000)].find((m) =>
    /^[^;]*generation at \d+ \d+ -> \d+$/.test(m.name.split(": ")[1])
  );
  assert.ok(m, "a single generation change among the mutants");
  const [, at, from, to] = /generation at (\d+) (\d+) -> (\d+)/.exec(m.name)!;
  const batch = listV2Batches(m.bytes).batches.find((b) => b.genStart === Number(at));
  assert.ok(batch, `a batch whose generation starts at ${at}`);
  assert.equal(batch.gen, BigInt(to));
  assert.notEqual(from, to);
});

Deno.test("truncations cut at every boundary but the end, for v2 and for given offsets", () => {
  const bytes = vector("go123-sync.test").bytes;
  const seed = v2MutationSeed("go123-sync", bytes);
  const cuts = boundaryTruncations(seed).map((m) => m.bytes.length);
  assert.deepEqual(cuts, batchBoundaries(bytes).slice(0, -1));
  const v1 = byteMutationSeed("v1", new Uint8Array(40), [30, 20, 99]);
  assert.deepEqual(v1.boundaries, [16, 20, 30, 40]);
  assert.deepEqual(boundaryTruncations(v1).map((m) => m.bytes.length), [16, 20, 30]);
});
