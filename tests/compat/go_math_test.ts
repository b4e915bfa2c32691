// Our replicas of Go's math.Exp/math.Log (amd64), math.FMA, fmt's %v for float64 and
// encoding/json's numbers and strings, against Go itself (tests/go/mathcheck). The MMU
// plot's window sizes are int64(math.Exp(...)), so exp must agree to the last bit.

import assert from "node:assert/strict";
import { GoCommand } from "../support/go_tool.ts";
import { fma, goExp, goLog } from "../../server/core/util/go_math.ts";
import { formatFloatV, jsonFloat } from "../../server/core/util/go_format_float.ts";
import { jsonString } from "../../server/core/util/go_json.ts";
import { prng } from "../support/trace_corpus.ts";

const view = new DataView(new ArrayBuffer(8));
const hexBits = (x: number) => {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
};
const fromHex = (h: string) => {
  view.setBigUint64(0, BigInt("0x" + h));
  return view.getFloat64(0);
};

// Bit equality, except that any NaN matches any NaN (JS does not keep NaN payloads).
const sameBits = (x: number, goHex: string) =>
  Number.isNaN(x) ? Number.isNaN(fromHex(goHex)) : hexBits(x) === goHex;

/** Runs tests/go/mathcheck over the lines (env: e.g. GODEBUG to switch off FMA). */
async function mathcheck(lines: string[], env: Record<string, string> = {}): Promise<string[]> {
  await using cmd = await GoCommand.build("mathcheck");
  const child = new Deno.Command(cmd.path, {
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  })
    .spawn();
  const output = child.output(); // drained while we write
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(lines.join("\n") + "\n"));
  await writer.close();
  const res = await output;
  if (!res.success) throw new Error(`mathcheck failed: ${new TextDecoder().decode(res.stderr)}`);
  const out = new TextDecoder().decode(res.stdout).split("\n");
  out.pop();
  return out;
}

// Go's amd64 Exp takes its FMA path when the CPU has AVX and FMA.
function cpuHasFMA(): boolean {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    return /\bfma\b/.test(info) && /\bavx\b/.test(info);
  } catch {
    return true;
  }
}

/** The arguments of exp in Go's MMU plot for a range of start and end windows. */
function plotArguments(): number[] {
  const args: number[] = [];
  const ends = [1, 2, 999, 1000, 123456, 1e6, 7654321, 1e9, 3e9, 1e12, 1e15];
  for (const xMin of [1, 1e3, 1e6, 1e9]) {
    for (const xMax of [...ends, xMin * 1e6]) {
      const lo = goLog(xMin), hi = goLog(xMax);
      for (let i = 0; i < 100; i++) args.push(i / 99 * (hi - lo) + lo);
    }
  }
  return args;
}

Deno.test("goExp and goLog are bit-identical to Go's math.Exp and math.Log on amd64", async () => {
  const rnd = prng(42);
  const xs = [
    ...plotArguments(),
    0,
    -0,
    1,
    -1,
    0.5,
    Math.LN2,
    709.78,
    709.7827128933841,
    710,
    -708,
    -745,
    -745.2,
    -740.5, // subnormal results
    1e-300,
    5e-324, // subnormal input to log
    2.2250738585072014e-308,
    1.7976931348623157e308,
    NaN,
    Infinity,
    -Infinity,
  ];
  for (let i = 0; i < 3000; i++) xs.push((rnd() - 0.5) * 1500);
  for (let i = 0; i < 3000; i++) xs.push(rnd() * 2 ** Math.floor(rnd() * 200 - 100));
  for (let n = 1; n < 2e15; n = n * 3 + 1) xs.push(n, n + 1, n - 1);
  const lines = xs.map((x) => `x ${hexBits(x)}`);
  // Both of Go's Exp paths: as this CPU runs it, and with FMA switched off.
  const runs: { fma: boolean; env: Record<string, string> }[] = [
    { fma: cpuHasFMA(), env: {} },
    { fma: false, env: { GODEBUG: "cpu.fma=off" } },
  ];
  for (const { fma, env } of runs) {
    const go = await mathcheck(lines, env);
    const diffs: string[] = [];
    xs.forEach((x, i) => {
      const [e, l] = go[i].split(" ");
      const ge = goExp(x, fma), gl = goLog(x);
      if (!sameBits(ge, e)) diffs.push(`Exp(${x}) = ${ge}, Go ${fromHex(e)} (fma ${fma})`);
      if (!sameBits(gl, l)) diffs.push(`Log(${x}) = ${gl}, Go ${fromHex(l)}`);
    });
    assert.deepEqual(diffs.slice(0, 20), []);
  }
  // The case that makes Math.exp unusable: Go's first window is 999999, not 1000000.
  assert.equal(Math.trunc(goExp(goLog(1e6), true)), 999999);
});

Deno.test("fma rounds a*b+c once, as Go's math.FMA", async () => {
  const rnd = prng(7);
  const triples: [number, number, number][] = [
    [0.1, 10, -1],
    [1 + 2 ** -52, 1 - 2 ** -53, -1],
    [2 ** 600, 2 ** 400, -(2 ** 1000)],
    [3, 5, 0],
    [-3, 5, -0],
    [1e308, 10, -1e308],
  ];
  const r = () => (rnd() - 0.5) * 2 ** Math.floor(rnd() * 80 - 40);
  for (let i = 0; i < 3000; i++) {
    const a = r(), b = r();
    // Half the cases cancel the product almost exactly.
    triples.push([a, b, i % 2 ? r() : -(a * b) * (1 + (rnd() - 0.5) * 2 ** -40)]);
  }
  const go = await mathcheck(triples.map((t) => `f ${t.map(hexBits).join(" ")}`));
  const diffs = triples
    .map((t, i) => [t, hexBits(fma(...t)), go[i]] as const)
    .filter(([, ours, want]) => ours !== want)
    .map(([t, ours, want]) => `fma(${t}) = ${fromHex(ours)}, Go ${fromHex(want)}`);
  assert.deepEqual(diffs.slice(0, 20), []);
});

Deno.test("formatFloatV and jsonFloat write float64s as Go's %v and encoding/json", async () => {
  const rnd = prng(3);
  const xs = [
    0,
    -0,
    1,
    -1,
    1e6,
    999999,
    123456.7,
    1e-4,
    1e-5,
    0.00012345,
    1e-6,
    9.99e-7,
    1e-7,
    1e20,
    1e21,
    1.5e21,
    2348277.1488,
    2348278.629604,
    0.1,
    1 / 3,
    5e-324,
    1.7976931348623157e308,
    -9.223372036854776e18,
    NaN,
    Infinity,
    -Infinity,
  ];
  for (let i = 0; i < 3000; i++) {
    xs.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 50 - 25));
    xs.push(Math.round(rnd() * 1e12) / 1e6); // times in ms, as the details URLs show
  }
  const go = await mathcheck(xs.map((x) => `x ${hexBits(x)}`));
  const diffs: string[] = [];
  xs.forEach((x, i) => {
    const [, , v, json] = go[i].split(" ");
    if (formatFloatV(x) !== v) diffs.push(`%v of ${x}: ${formatFloatV(x)}, Go ${v}`);
    const ours = Number.isFinite(x) ? jsonFloat(x) : "error";
    if (ours !== json) diffs.push(`json of ${x}: ${ours}, Go ${json}`);
  });
  assert.deepEqual(diffs.slice(0, 20), []);
  assert.throws(() => jsonFloat(NaN));
});

Deno.test("jsonString escapes as encoding/json does, HTML characters included", async () => {
  const strings = [
    "",
    "/trace?view=proc&start=0&end=0#1.5:2.5",
    '<script>"quoted" \\ back</script>',
    "\b\f\n\r\t\x00\x01\x1f\x7f",
    "caf\u00e9 \u2028 \u2029 \u{1f600}",
  ];
  const hex = (s: string) =>
    [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const go = await mathcheck(strings.map((s) => `s ${hex(s)}`));
  assert.deepEqual(strings.map(jsonString), go);
});
