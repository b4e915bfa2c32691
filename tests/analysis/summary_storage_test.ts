// The summary's compact stores give back exactly what was put in: regions' packed exec
// stats, open regions' snapshots, kept rows.

import assert from "node:assert/strict";
import { PackedStats } from "../../server/core/summary/packed_stats.ts";
import { ActiveRegions } from "../../server/core/summary/active_regions.ts";
import { newStatsRow, type StatsRow } from "../../server/core/summary/exec_stats.ts";
import type { EventBlock } from "../../server/core/trace/block.ts";
import { KeptEvents } from "../../server/core/trace/kept.ts";

/** A row of the given fields and keyed times. */
function row(fixed: number[], keys: Int32Array, vals: Float64Array, n: number): StatsRow {
  const r = newStatsRow(keys, vals);
  [r.exec, r.schedWait, r.syscall, r.syscallBlock, r.total] = fixed;
  r.len = n;
  return r;
}

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
    p.write(i, row([v(0), v(1), v(2), v(3), v(4)], keys, vals, n));
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
    p.write(i, row([i, 2 * i, 0, 3, i * 1e6], keys, vals, 2));
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
  const slots: number[] = []; // live's keys, to pick one at once
  let next = 0;
  // Open and close many regions with keyed runs of varying length: the arena is compacted
  // again and again, and every live slot keeps its own run.
  for (let step = 0; step < 150_000; step++) {
    if (slots.length > 0 && step % 3 === 2) {
      const k = (step * 31) % slots.length, s = slots[k];
      slots[k] = slots[slots.length - 1];
      slots.pop();
      live.delete(s);
      a.close(s);
      continue;
    }
    const r = next++;
    const s = a.open(r, -1);
    const n = step % 7;
    const keys = Array.from({ length: n }, (_, k) => r * 10 + k);
    const vals = keys.map((k) => k / 2);
    a.set(s, row([r, 0, 0, 0, 2 * r], Int32Array.from(keys), Float64Array.from(vals), n));
    live.set(s, { r, keys, vals });
    slots.push(s);
  }
  for (const [s, w] of live) {
    assert.deepEqual(a.region[s], w.r);
    const st = a.stats;
    assert.deepEqual(st.exec[s], w.r);
    assert.deepEqual(st.total[s], 2 * w.r);
    const off = st.kOff[s], len = st.kLen[s];
    assert.deepEqual(Array.from(st.arena.keys.subarray(off, off + len)), w.keys);
    assert.deepEqual(Array.from(st.arena.vals.subarray(off, off + len)), w.vals);
  }
});

Deno.test("kept rows are found by event index across chunks, and only kept ones", () => {
  const n = 200_000;
  const col = (f: (j: number) => number) => Uint32Array.from({ length: n }, (_, j) => f(j));
  const block = {
    first: 1000,
    count: n,
    time: Float64Array.from({ length: n }, (_, j) => j * 1.5),
    type: Uint8Array.from({ length: n }, (_, j) => j % 200),
    state: Uint8Array.from({ length: n }, (_, j) => j % 7),
    ctx: col((j) => j + 1),
    stack: col((j) => j + 2),
    a0: col((j) => j + 3),
    a1: col((j) => j + 4),
    a2: col((j) => j + 5),
  } as unknown as EventBlock;
  const kept = new KeptEvents();
  // Every third row (past two chunks of 65,536), each offered twice.
  for (let j = 0; j < n; j += 3) {
    kept.add(block, j);
    kept.add(block, j);
  }
  assert.equal(kept.size, Math.ceil(n / 3));
  for (const j of [0, 3, 65_535 * 3, 65_536 * 3, 65_537 * 3, n - 2]) {
    const i = 1000 + j;
    assert.equal(kept.has(i), true);
    assert.deepEqual(
      [kept.time(i), kept.type(i), kept.state(i), kept.ctx(i), kept.stack(i), kept.a0(i)],
      [j * 1.5, j % 200, j % 7, j + 1, j + 2, j + 3],
    );
    assert.deepEqual([kept.a1(i), kept.a2(i)], [j + 4, j + 5]);
    assert.equal(kept.has(i + 1), false);
  }
  assert.equal(kept.has(999), false);
  assert.equal(kept.has(1000 + n + 5), false);
  assert.throws(() => kept.time(1001), /event 1001 was not kept/);
  assert.throws(() => kept.add(block, 5), /must come in order/);
});
