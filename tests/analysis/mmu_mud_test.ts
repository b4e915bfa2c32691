// The mutator utilization distribution (asm/src/mmu/mud.ts, Go's mud.go). Go 1.26's
// MMUCurve.MUD never feeds it (so /mmu's percentiles equal the MMU, which mmu_test.ts
// checks against Go); these tests pin the distribution itself on shapes whose quantiles
// follow from the definition: uniform pieces of density area/(r-l) and Dirac deltas.

import assert from "node:assert/strict";
import { compileModule } from "../../scripts/build_wasm.ts";

interface Mud {
  reset(): void;
  add(l: number, r: number, area: number): void;
  setTrackMass(mass: number): void;
  trackedKnown(): number;
  trackedLower(): number;
  trackedUpper(): number;
  invCumulativeSum(y: number): number;
  found(): number;
}

let mudPromise: Promise<Mud> | undefined;
function mud(): Promise<Mud> {
  return mudPromise ??= (async () => {
    const module = await WebAssembly.compile(
      await compileModule("asm/test/mud_entry.ts"),
    );
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error("wasm abort");
        },
      },
    });
    return instance.exports as unknown as Mud;
  })();
}

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

Deno.test("an empty distribution has no quantiles", async () => {
  const d = await mud();
  d.reset();
  assert.ok(Number.isNaN(d.invCumulativeSum(0)));
  assert.equal(d.found(), 0);
});

Deno.test("a uniform distribution's inverse cumulative sum is linear in the mass", async () => {
  const d = await mud();
  d.reset();
  d.add(0, 1, 10); // 10 units of time spread evenly over utilization 0..1
  near(d.invCumulativeSum(2.5), 0.25);
  near(d.invCumulativeSum(5), 0.5);
  near(d.invCumulativeSum(10), 1);
  assert.equal(d.found(), 1);
  // More mass than there is: the maximum, not found.
  near(d.invCumulativeSum(11), 1);
  assert.equal(d.found(), 0);
});

Deno.test("a Dirac delta holds its mass at one utilization; reversed bounds are swapped", async () => {
  const d = await mud();
  d.reset();
  d.add(0.3, 0.3, 5);
  d.add(1, 0.5, 5); // uniform over [0.5, 1]
  near(d.invCumulativeSum(0), 0.3);
  near(d.invCumulativeSum(4.9), 0.3);
  near(d.invCumulativeSum(5), 0.3);
  near(d.invCumulativeSum(7.5), 0.75);
});

Deno.test("edges added after a query are merged into the sorted ones", async () => {
  const d = await mud();
  d.reset();
  d.add(0.5, 1, 4);
  near(d.invCumulativeSum(2), 0.75);
  d.add(0, 0.5, 4); // now uniform over [0, 1] with mass 8
  near(d.invCumulativeSum(2), 0.25);
  near(d.invCumulativeSum(6), 0.75);
  d.add(0.25, 0.25, 0); // zero area: ignored
  near(d.invCumulativeSum(4), 0.5);
});

Deno.test("the histogram tracks which 1/1024 bucket holds a cumulative mass", async () => {
  const d = await mud();
  d.reset();
  d.setTrackMass(10.5);
  assert.equal(d.trackedKnown(), 0); // no mass yet
  d.add(0, 1, 1024); // one unit per bucket
  assert.equal(d.trackedKnown(), 1);
  near(d.trackedLower(), 10 / 1024);
  near(d.trackedUpper(), 11 / 1024);
  d.setTrackMass(1023.5);
  near(d.trackedLower(), 1023 / 1024);
  d.setTrackMass(2000);
  assert.equal(d.trackedKnown(), 0);
});
