// The packed stores of the summary's per-region stats give back exactly what was put in.

import assert from "node:assert/strict";
import { PackedStats } from "../../server/core/summary/packed_stats.ts";
import { ActiveRegions } from "../../server/core/summary/active_regions.ts";

function rowOf(p: PackedStats, i: number) {
  const r = p.at(i);
  return {
    fixed: [r.exec, r.schedWait, r.syscall, r.syscallBlock, r.total],
    keyed: Array.from({ length: r.len }, (_, k) => [r.keys[r.off + k], r.vals[r.off + k]]),
  };
}

Deno.test("packed exec stats rows read back exactly, whatever the values", () => {
  const values = [
    0,
    1,
    -1,
    127,
    128,
    -129,
    2 ** 31,
    -(2 ** 31) - 7,
    2 ** 49 + 3,
    2 ** 50, // past the varint range: stored raw
    -(2 ** 52),
    0.5,
    -1e-9,
    Number.MAX_VALUE,
  ];
  const p = new PackedStats(4);
  const want: ReturnType<typeof rowOf>[] = [];
  // Rows written out of order (regions end in any order), past the first capacity.
  const rows = Array.from({ length: 40 }, (_, i) => (i * 7) % 40);
  for (const i of rows) {
    const v = (k: number) => values[(i + k) % values.length];
    const n = i % 5;
    const keys = Int32Array.from({ length: n }, (_, k) => (k % 2 ? -1 - k : k * 1000 + i));
    const vals = Float64Array.from({ length: n }, (_, k) => v(k + 5));
    p.write(i, v(0), v(1), v(2), v(3), v(4), keys, vals, n);
    want[i] = {
      fixed: [v(0), v(1), v(2), v(3), v(4)],
      keyed: Array.from(keys, (key, k) => [key, vals[k]]),
    };
  }
  for (let i = 0; i < 40; i++) assert.deepEqual(rowOf(p, i), want[i], `row ${i}`);
  // A row never written reads as zero.
  assert.deepEqual(rowOf(p, 99), { fixed: [0, 0, 0, 0, 0], keyed: [] });
});

Deno.test("packed exec stats rows span chunks", () => {
  const p = new PackedStats(16);
  const n = 300_000; // ~30 bytes a row: past the first 4 MiB chunk
  const keys = Int32Array.of(3, -2), vals = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    vals[0] = i * 1_000_003;
    vals[1] = i;
    p.write(i, i, 2 * i, 0, 3, i * 1e6, keys, vals, 2);
  }
  for (const i of [0, 1, 139_000, 140_001, n - 1]) {
    assert.deepEqual(rowOf(p, i), {
      fixed: [i, 2 * i, 0, 3, i * 1e6],
      keyed: [[3, i * 1_000_003], [-2, i]],
    });
  }
});

Deno.test("open regions keep their snapshots while others open and close", () => {
  const a = new ActiveRegions(2);
  const live = new Map<number, { r: number; keys: number[]; vals: number[] }>();
  let next = 0;
  // Open and close many regions with keyed runs of varying length: the arena is compacted
  // again and again, and every live slot keeps its own run.
  for (let step = 0; step < 5000; step++) {
    if (live.size > 0 && step % 3 === 2) {
      const s = [...live.keys()][(step * 31) % live.size];
      live.delete(s);
      a.close(s);
      continue;
    }
    const r = next++;
    const s = a.open(r, -1);
    const n = step % 7;
    const keys = Array.from({ length: n }, (_, k) => r * 10 + k);
    const vals = keys.map((k) => k / 2);
    a.set(s, r, 0, 0, 0, 2 * r, Int32Array.from(keys), Float64Array.from(vals), n);
    live.set(s, { r, keys, vals });
  }
  for (const [s, w] of live) {
    assert.deepEqual(a.region[s], w.r);
    assert.deepEqual(a.exec[s], w.r);
    assert.deepEqual(a.total[s], 2 * w.r);
    const off = a.kOff[s], len = a.kLen[s];
    assert.deepEqual(Array.from(a.keys.subarray(off, off + len)), w.keys);
    assert.deepEqual(Array.from(a.vals.subarray(off, off + len)), w.vals);
  }
});
