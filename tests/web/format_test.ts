// The pages' one formatter for durations and one for bytes: 3 significant digits with
// the unit that keeps the number under 1000, rounding carried into the next unit; the
// exact forms for hover and copy.

import assert from "node:assert/strict";
import { amount, bytes, bytesFull, dur, durFull } from "../../web/lib/format.ts";

Deno.test("durations show 3 significant digits in the unit that keeps them under 1000", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [5, "5ns"],
    [845, "845ns"],
    [999.4, "999ns"],
    [999.6, "1.00µs"], // rounding carries into the next unit
    [1_500, "1.50µs"],
    [27_123_456, "27.1ms"],
    [844_177_001, "844ms"],
    [999_600_000, "1.00s"],
    [98_296_447_239, "98.3s"], // Go: 1m38.296447239s
    [1_000e9, "16m40s"],
    [7_500e9, "2h05m"],
    [-1_500, "-1.50µs"],
  ];
  for (const [ns, want] of cases) assert.equal(dur(ns), want, String(ns));
  assert.equal(durFull(98_296_447_239), "1m38.296447239s");
});

Deno.test("bytes show 3 significant digits in binary units; the exact count on hover", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1536, "1.50 KiB"],
    [6_372_047.02, "6.08 MiB"],
    [9_057_648, "8.64 MiB"],
    [1024 ** 3 * 1.5, "1.50 GiB"],
    [1024 * 1024 - 1, "1.00 MiB"],
  ];
  for (const [n, want] of cases) assert.equal(bytes(n), want, String(n));
  assert.equal(bytesFull(9_057_648), "9,057,648 B");
});

Deno.test("counts and means: integers with separators, fractions to 3 significant digits", () => {
  assert.equal(amount(2), "2");
  assert.equal(amount(1.4567), "1.46");
  assert.equal(amount(0.14321), "0.143");
  assert.equal(amount(12345.6), "12,346");
});
