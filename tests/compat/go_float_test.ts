import assert from "node:assert/strict";
import { GoCommand } from "../support/go_tool.ts";
import { formatFixed } from "../../server/core/util/go_float.ts";

/** Go's fmt "%.<prec>f" of each case, via tests/go/floatcheck. */
async function goFormat(cases: [number, number][]): Promise<string[]> {
  const view = new DataView(new ArrayBuffer(8));
  const lines = cases.map(([x, prec]) => {
    view.setFloat64(0, x);
    return view.getBigUint64(0).toString(16).padStart(16, "0") + " " + prec;
  });
  await using cmd = await GoCommand.build("floatcheck");
  const res = await cmd.run([], new TextEncoder().encode(lines.join("\n") + "\n"));
  if (res.code !== 0) throw new Error(`floatcheck failed: ${res.stderr}`);
  const out = new TextDecoder().decode(res.stdout).split("\n");
  out.pop();
  return out;
}

async function assertFormatsLikeGo(cases: [number, number][]): Promise<void> {
  const want = await goFormat(cases);
  const diffs = cases
    .map(([x, prec], i) => [x, prec, formatFixed(x, prec), want[i]] as const)
    .filter(([, , got, go]) => got !== go)
    .slice(0, 20)
    .map(([x, prec, got, go]) => `${x} %.${prec}f: got ${got}, Go ${go}`);
  assert.deepEqual(diffs, [], "formatting differs from Go's fmt");
}

Deno.test("formatFixed rounds exact ties half to even like Go's %.2f", async () => {
  const cases: [number, number][] = [];
  for (let k = 0; k < 2000; k++) cases.push([k / 8, 2], [k / 16, 3], [k / 2, 0], [-k / 8, 2]);
  assert.deepEqual(formatFixed(0.125, 2), "0.12");
  assert.deepEqual(formatFixed(0.375, 2), "0.38");
  await assertFormatsLikeGo(cases);
});

Deno.test("formatFixed matches Go on percentages of the kind -d=footprint prints", async () => {
  const cases: [number, number][] = [];
  for (let total = 1; total <= 400; total++) {
    for (let part = 0; part <= total; part++) cases.push([part / total * 100, 2]);
  }
  await assertFormatsLikeGo(cases);
});

Deno.test("formatFixed matches Go on special and extreme values", async () => {
  const cases: [number, number][] = [];
  const specials = [
    NaN,
    Infinity,
    -Infinity,
    0,
    -0,
    -0.001,
    5e-324,
    2.2250738585072014e-308,
    1e21,
    1.7976931348623157e308,
    123456789012345680000,
    0.5,
    1.5,
    2.5,
    1e-7,
  ];
  for (const x of specials) for (const prec of [0, 1, 2, 6, 20, 120]) cases.push([x, prec]);
  let seed = 12345;
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 5000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    view.setUint32(0, seed ^ 0x5bd1e995);
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    view.setUint32(4, seed);
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) cases.push([x, i % 8]);
  }
  await assertFormatsLikeGo(cases);
});
