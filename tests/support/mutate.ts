// A deterministic, seeded mutator of trace files for fuzz tests. Mutant n of a seed
// depends only on (mutator seed, n, seed trace), so any failing input can be rebuilt
// from the numbers in its name. Works on v2 traces (units are batches, and generation
// numbers can be rewritten) and on any other byte format given a list of cut offsets
// (e.g. v1 event boundaries).

import { prng } from "./trace_corpus.ts";
import { encodeUvarint, listV2Batches } from "./v2_batches.ts";

/** A trace to mutate and what is known of its structure. */
export interface MutationSeed {
  name: string;
  bytes: Uint8Array;
  /** First byte after the header: most mutations leave the header alone. */
  headerEnd: number;
  /**
   * Sorted offsets that split the input into units (v2: `headerEnd` and every batch end;
   * v1: any event offsets the caller knows). Truncation, duplication and swapping work
   * on the units between consecutive boundaries.
   */
  boundaries: number[];
  /** v2 only: where each batch's generation uvarint is. */
  genFields: { start: number; end: number; gen: bigint }[];
}

/** One generated input. */
export interface Mutant {
  /** Seed name, mutant number and what was done, enough to rebuild it. */
  name: string;
  bytes: Uint8Array;
}

/** A seeded random source with the few helpers the mutations need. */
export class Rng {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = prng(seed);
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.#next();
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }
  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
}

/** A v2 trace as a seed: batch boundaries and generation fields from its framing. */
export function v2MutationSeed(name: string, bytes: Uint8Array): MutationSeed {
  const framing = listV2Batches(bytes);
  return {
    name,
    bytes,
    headerEnd: framing.headerEnd,
    boundaries: [framing.headerEnd, ...framing.batches.map((b) => b.end)],
    genFields: framing.batches
      .filter((b) => b.kind !== "end")
      .map((b) => ({ start: b.genStart, end: b.genEnd, gen: b.gen })),
  };
}

/** Any trace as a seed, with the caller's cut offsets (e.g. v1 event starts). */
export function byteMutationSeed(
  name: string,
  bytes: Uint8Array,
  boundaries: number[],
  headerEnd = 16,
): MutationSeed {
  const cuts = [...new Set([headerEnd, ...boundaries, bytes.length])]
    .filter((b) => b >= headerEnd && b <= bytes.length)
    .sort((a, b) => a - b);
  return { name, bytes, headerEnd, boundaries: cuts, genFields: [] };
}

/** The seed cut at every boundary but its full length: the inputs a crash mid-write leaves. */
export function boundaryTruncations(seed: MutationSeed): Mutant[] {
  return seed.boundaries
    .filter((b) => b < seed.bytes.length)
    .map((b) => ({ name: `${seed.name} cut at boundary ${b}`, bytes: seed.bytes.slice(0, b) }));
}

type Mutation = (rng: Rng, s: MutationSeed, bytes: Uint8Array) => [string, Uint8Array];

// Values that sit on edges: varint widths, Go's limits, sentinels.
const INTERESTING = [
  0n,
  1n,
  2n,
  127n,
  128n,
  255n,
  1024n,
  1025n,
  65536n,
  65537n,
  (1n << 32n) - 1n,
  1n << 32n,
  (1n << 53n) + 1n,
  1n << 63n,
  (1n << 64n) - 1n,
];
const BYTES = [0x00, 0x01, 0x02, 0x04, 0x06, 0x08, 0x31, 0x32, 0x33, 0x34, 0x7f, 0x80, 0xff];

const splice = (b: Uint8Array, at: number, del: number, ins: ArrayLike<number> = []) => {
  const out = new Uint8Array(b.length - del + ins.length);
  out.set(b.subarray(0, at));
  out.set(ins, at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
};

// Past the header, unless the input is all header.
const bodyOffset = (rng: Rng, s: MutationSeed, len: number) =>
  len > s.headerEnd ? rng.range(s.headerEnd, len - 1) : rng.int(Math.max(len, 1));

// The units between boundaries that still lie inside `len` bytes.
const units = (s: MutationSeed, len: number) => {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < s.boundaries.length; i++) {
    if (s.boundaries[i + 1] <= len) out.push([s.boundaries[i], s.boundaries[i + 1]]);
  }
  return out;
};

const MUTATIONS: Record<string, Mutation> = {
  truncate(rng, _s, b) {
    const at = rng.int(b.length);
    return [`cut at ${at}`, b.slice(0, at)];
  },
  truncateAtBoundary(rng, s, b) {
    const cuts = s.boundaries.filter((x) => x < b.length);
    if (cuts.length === 0) return MUTATIONS.truncate(rng, s, b);
    const at = rng.pick(cuts);
    return [`cut at boundary ${at}`, b.slice(0, at)];
  },
  bitFlip(rng, s, b) {
    const out = b.slice();
    const flips: string[] = [];
    for (let n = rng.range(1, 8); n > 0 && out.length > 0; n--) {
      // Rarely flip inside the header too, so header errors stay covered.
      const at = rng.chance(0.05) ? rng.int(out.length) : bodyOffset(rng, s, out.length);
      const bit = rng.int(8);
      out[at] ^= 1 << bit;
      flips.push(`${at}.${bit}`);
    }
    return [`flip bits ${flips.join(",")}`, out];
  },
  insertBytes(rng, s, b) {
    const at = bodyOffset(rng, s, b.length + 1);
    const ins = Array.from(
      { length: rng.range(1, 16) },
      () => rng.chance(0.5) ? rng.pick(BYTES) : rng.int(256),
    );
    return [`insert ${ins.length} bytes at ${at}`, splice(b, at, 0, ins)];
  },
  deleteBytes(rng, s, b) {
    const at = bodyOffset(rng, s, b.length);
    const n = Math.min(rng.range(1, 16), b.length - at);
    return [`delete ${n} bytes at ${at}`, splice(b, at, n)];
  },
  overwriteVarint(rng, s, b) {
    const at = bodyOffset(rng, s, b.length);
    const v = rng.pick(INTERESTING);
    const enc = encodeUvarint(v);
    return [`varint ${v} over ${at}`, splice(b, at, Math.min(enc.length, b.length - at), enc)];
  },
  duplicateUnit(rng, s, b) {
    const us = units(s, b.length);
    if (us.length === 0) return MUTATIONS.insertBytes(rng, s, b);
    const [from, to] = rng.pick(us);
    const at = rng.chance(0.5) ? to : rng.pick(s.boundaries.filter((x) => x <= b.length));
    return [`copy [${from},${to}) to ${at}`, splice(b, at, 0, b.subarray(from, to))];
  },
  swapUnits(rng, s, b) {
    const us = units(s, b.length);
    if (us.length < 2) return MUTATIONS.deleteBytes(rng, s, b);
    let i = rng.int(us.length), j = rng.int(us.length);
    if (i === j) j = (i + 1) % us.length;
    if (i > j) [i, j] = [j, i];
    const [a0, a1] = us[i], [b0, b1] = us[j];
    const out = Uint8Array.from([
      ...b.subarray(0, a0),
      ...b.subarray(b0, b1),
      ...b.subarray(a1, b0),
      ...b.subarray(a0, a1),
      ...b.subarray(b1),
    ]);
    return [`swap [${a0},${a1}) with [${b0},${b1})`, out];
  },
  randomAfterHeader(rng, s, b) {
    const n = rng.range(1, 512);
    // Half the time mostly small bytes, which decode as plausible event types and varints.
    const small = rng.chance(0.5);
    const tail = Array.from({ length: n }, () => small ? rng.int(64) : rng.int(256));
    return [
      `${n} random bytes after the header`,
      splice(b, s.headerEnd, b.length - s.headerEnd, tail),
    ];
  },
  changeGeneration(rng, s, b) {
    const fields = s.genFields.filter((f) => f.end <= b.length);
    if (fields.length === 0) return MUTATIONS.overwriteVarint(rng, s, b);
    const f = rng.pick(fields);
    const gen = rng.pick([
      f.gen + 1n,
      f.gen - 1n,
      f.gen + 2n,
      0n,
      1n,
      f.gen + 1000n,
      (1n << 64n) - 1n,
    ]);
    return [
      `generation at ${f.start} ${f.gen} -> ${gen}`,
      splice(b, f.start, f.end - f.start, encodeUvarint(gen)),
    ];
  },
};

/** The mutation names, in the order they are drawn from. */
export const MUTATION_NAMES: readonly string[] = Object.keys(MUTATIONS);

/** Generates mutants; the same mutator seed always yields the same inputs. */
export class Mutator {
  constructor(readonly seed: number) {}

  /**
   * Mutant number n of a seed trace: one mutation, or two or three stacked (each on the
   * result of the one before), drawn from a generator seeded by (mutator seed, n).
   */
  mutant(s: MutationSeed, n: number): Mutant {
    const rng = new Rng(mix(this.seed, n));
    let bytes = s.bytes;
    const steps: string[] = [];
    const rounds = rng.chance(0.75) ? 1 : rng.range(2, 3);
    for (let r = 0; r < rounds; r++) {
      const op = rng.pick(MUTATION_NAMES);
      const [what, out] = MUTATIONS[op](rng, s, bytes);
      steps.push(what);
      bytes = out;
    }
    return { name: `${s.name} #${this.seed}/${n}: ${steps.join("; ")}`, bytes };
  }

  /** `count` mutants spread round-robin over the seeds, starting at mutant number `first`. */
  *mutants(seeds: readonly MutationSeed[], count: number, first = 0): Generator<Mutant> {
    for (let n = first; n < first + count; n++) yield this.mutant(seeds[n % seeds.length], n);
  }
}

// A 32-bit hash of two integers (murmur3's finalizer over a combination), so nearby n
// give unrelated generator states.
function mix(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ (b | 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
