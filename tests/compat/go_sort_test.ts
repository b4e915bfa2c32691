// Our ports of Go's slices.SortFunc (TypeScript and AssemblyScript) must leave ties in
// exactly Go's order. Go itself (tests/go/sortcheck) is the reference: every generated
// array is sorted there by key alone and the resulting permutation compared with ours.

import assert from "node:assert/strict";
import { sortFunc } from "../../server/core/util/go_sort.ts";
import { GoCommand } from "../support/go_tool.ts";
import { compileModule } from "../../scripts/build_wasm.ts";

interface Case {
  name: string;
  keys: bigint[];
}

const compareKeys = (a: bigint, b: bigint) => a < b ? -1 : a > b ? 1 : 0;

// Deterministic PRNG (mulberry32), so a failure always reproduces.
function prng(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const I64_MIN = -(1n << 63n), I64_MAX = (1n << 63n) - 1n;

// Key patterns with plenty of ties, plus the shapes pdqsort treats specially (sorted,
// reversed, nearly sorted, organ pipe) and the int64 extremes.
const PATTERNS: Record<string, (n: number, rnd: (n: number) => number) => bigint[]> = {
  "all equal": (n) => Array(n).fill(7n),
  "two values": (n, rnd) => Array.from({ length: n }, () => BigInt(rnd(2))),
  "five values": (n, rnd) => Array.from({ length: n }, () => BigInt(rnd(5))),
  "n/4 values": (n, rnd) => Array.from({ length: n }, () => BigInt(rnd((n >> 2) + 1))),
  "ascending runs of 3": (n) => Array.from({ length: n }, (_, i) => BigInt(Math.floor(i / 3))),
  "strictly descending": (n) => Array.from({ length: n }, (_, i) => BigInt(n - i)),
  "descending runs of 3": (n) =>
    Array.from({ length: n }, (_, i) => BigInt(Math.floor((n - i) / 3))),
  "sawtooth": (n) => Array.from({ length: n }, (_, i) => BigInt(i % 7)),
  "organ pipe": (n) => Array.from({ length: n }, (_, i) => BigInt(Math.min(i, n - i) >> 1)),
  "nearly sorted": (n, rnd) => {
    const keys = Array.from({ length: n }, (_, i) => BigInt(i >> 1));
    for (let s = 0; s < 3 && n > 1; s++) {
      const [i, j] = [rnd(n), rnd(n)];
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    return keys;
  },
  "int64 extremes": (n, rnd) =>
    Array.from({ length: n }, () => [I64_MIN, -1n, 0n, 1n, I64_MAX][rnd(5)]),
  "wide random": (n, rnd) =>
    Array.from({ length: n }, () => BigInt(rnd(2 ** 31)) * BigInt(rnd(2 ** 31) - 2 ** 30)),
};

// A variant of McIlroy's "killer adversary", run against our own TS port: keys are fixed
// lazily during a sort so that pivots come out as bad as possible, which drives pdqsort
// through breakPatterns into its heapsort fallback. Replaying the frozen keys makes the
// same comparisons. After `tieAfter` comparisons it stops fixing keys and answers "equal"
// for unfixed pairs (they all end up as the maximum), so heapsort also meets ties.
function adversaryKeys(n: number, tieAfter = Infinity): bigint[] {
  const gas = n; // not fixed yet: above every fixed key
  const val = Array(n).fill(gas);
  let solid = 0, candidate = -1, comparisons = 0;
  const ids = Array.from({ length: n }, (_, i) => i);
  sortFunc(ids, (x, y) => {
    comparisons++;
    if (val[x] === gas && val[y] === gas) {
      if (comparisons > tieAfter) return 0;
      // Fix the likely pivot (the last unfixed element compared) low; else the first.
      val[y === candidate ? y : x] = solid++;
    }
    if (val[x] === gas) candidate = x;
    else if (val[y] === gas) candidate = y;
    return val[x] - val[y];
  });
  return val.map(BigInt);
}

// Roughly when pdqsort on the adversary gives up on quicksort (bits.Len(n) bad rounds).
const heapsortOnset = (n: number) => n * (32 - Math.clz32(n) + 1);

function generateCases(): Case[] {
  const rnd = prng(20240611);
  const cases: Case[] = [];
  for (const [pattern, make] of Object.entries(PATTERNS)) {
    for (let n = 0; n <= 200; n++) cases.push({ name: `${pattern} n=${n}`, keys: make(n, rnd) });
    for (const n of [1000, 2048, 3001, 5000]) {
      cases.push({ name: `${pattern} n=${n}`, keys: make(n, rnd) });
    }
  }
  for (const n of [13, 50, 100, 257, 1000, 3001, 5000]) {
    cases.push({ name: `adversary n=${n}`, keys: adversaryKeys(n) });
    cases.push({ name: `adversary with ties n=${n}`, keys: adversaryKeys(n, heapsortOnset(n)) });
  }
  return cases;
}

function tsPermutation(keys: bigint[]): number[] {
  const pairs = keys.map((key, id) => ({ key, id }));
  sortFunc(pairs, (a, b) => compareKeys(a.key, b.key));
  return pairs.map((p) => p.id);
}

async function goPermutations(cases: Case[]): Promise<number[][]> {
  await using sortcheck = await GoCommand.build("sortcheck");
  const input = cases.map((c) => c.keys.join(" ") + "\n").join("");
  const r = await sortcheck.run([], new TextEncoder().encode(input));
  assert.equal(r.code, 0, r.stderr);
  const lines = new TextDecoder().decode(r.stdout).split("\n").slice(0, -1);
  assert.equal(lines.length, cases.length);
  return lines.map((l) => l === "" ? [] : l.split(" ").map(Number));
}

// The AssemblyScript sort, as a function of the keys.
async function asmSorter(): Promise<(keys: bigint[]) => number[]> {
  const module = await WebAssembly.compile(
    await compileModule("asm/test/go_sort_entry.ts", [], "incremental"),
  );
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort: () => {
        throw new Error("wasm abort");
      },
    },
  });
  const x = instance.exports as {
    memory: WebAssembly.Memory;
    prepare(n: number): number;
    sortPrepared(): number;
  };
  return (keys) => {
    const n = keys.length;
    const keysPtr = x.prepare(n);
    new BigInt64Array(x.memory.buffer, keysPtr, n).set(keys);
    const orderPtr = x.sortPrepared();
    return Array.from(new Int32Array(x.memory.buffer, orderPtr, n));
  };
}

const cases = generateCases();
let goCache: Promise<number[][]> | undefined;
// Go runs once, inside the first test that needs it.
const goResults = () => goCache ??= goPermutations(cases);

Deno.test("the TypeScript sortFunc permutes every array exactly as Go's slices.SortFunc", async () => {
  const want = await goResults();
  assert.ok(cases.length > 2000, `${cases.length} arrays`);
  cases.forEach((c, i) => assert.deepEqual(tsPermutation(c.keys), want[i], c.name));
});

Deno.test("the AssemblyScript sortIndicesByKey permutes every array exactly as Go", async () => {
  const [want, sortAsm] = await Promise.all([goResults(), asmSorter()]);
  cases.forEach((c, i) => assert.deepEqual(sortAsm(c.keys), want[i], c.name));
});

Deno.test("the sorted keys ascend, so a permutation is only ever a choice among ties", () => {
  for (const c of cases.filter((_, i) => i % 50 === 0)) {
    const sorted = tsPermutation(c.keys).map((id) => c.keys[id]);
    assert.deepEqual(sorted, [...c.keys].sort(compareKeys), c.name);
  }
});
