// Trace files for differential tests against `go tool trace -d=wire|footprint`: fresh
// traces from tests/go/tinytrace, the Go test vectors converted to binary, the fuzz seeds,
// every committed trace under testdata/, damaged copies of some of them, and
// hand-made byte strings that hit the raw reader's corner cases.

import { decodeFuzzBytes } from "./fuzz_corpus.ts";
import { GoCommand } from "./go_tool.ts";
import { goTraceVectors, listDir, REPO_ROOT } from "./paths.ts";
import { textTraceToBytes } from "./goport/text_trace.ts";
import { parseTxtar, txtarFile } from "./goport/txtar.ts";
import { reframeAsGo126 } from "./v2_batches.ts";

export interface TraceCase {
  name: string;
  bytes: Uint8Array;
}

const enc = new TextEncoder();

/** Traces written now by the current Go (with and without CPU samples), in `dir`. */
export async function freshTraces(dir: string): Promise<TraceCase[]> {
  await using tiny = await GoCommand.build("tinytrace");
  const cases: TraceCase[] = [];
  for (const [name, args] of [["tinytrace", []], ["tinytrace-cpu", ["-cpu"]]] as const) {
    const path = `${dir}/${name}.trace`;
    const res = await tiny.run([...args, path], new Uint8Array());
    if (res.code !== 0) throw new Error(`tinytrace failed: ${res.stderr}`);
    cases.push({ name, bytes: await Deno.readFile(path) });
  }
  return cases;
}

/** The 22 Go test vectors, converted from text to wire bytes. */
export function vectorTraces(): TraceCase[] {
  const dir = goTraceVectors().tests;
  return listDir(dir, ".test").map((name) => {
    const trace = txtarFile(parseTxtar(Deno.readFileSync(new URL(name, dir))), "trace");
    if (!trace) throw new Error(`${name}: no trace file`);
    return { name, bytes: textTraceToBytes(trace) };
  });
}

/**
 * The Go 1.25 vectors re-framed as Go 1.26 (end-of-generation markers): Go has no 1.26
 * vector, and none of its 1.26 traces here has more than one generation.
 */
export function go126VectorTraces(): TraceCase[] {
  return vectorTraces()
    .filter((c) => c.name.startsWith("go125-"))
    .map((c) => ({ name: `${c.name} as go 1.26`, bytes: reframeAsGo126(c.bytes) }));
}

/** Go's FuzzReader seeds (hostile inputs, one of them a v1 trace). */
export function fuzzSeedTraces(): TraceCase[] {
  const dir = goTraceVectors().fuzz;
  return listDir(dir).map((name) => ({
    name: `fuzz/${name}`,
    bytes: decodeFuzzBytes(Deno.readFileSync(new URL(name, dir))),
  }));
}

/** Every *.trace file under testdata/, if that directory exists. */
export function committedTraces(): TraceCase[] {
  const cases: TraceCase[] = [];
  const walk = (dir: URL, rel: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    for (const e of entries.sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (e.isDirectory) walk(new URL(`${e.name}/`, dir), `${rel}${e.name}/`);
      else if (e.isFile && e.name.endsWith(".trace")) {
        cases.push({ name: `${rel}${e.name}`, bytes: Deno.readFileSync(new URL(e.name, dir)) });
      }
    }
  };
  walk(new URL("testdata/", REPO_ROOT), "testdata/");
  return cases;
}

/** Small deterministic PRNG (mulberry32) so damaged variants are the same every run. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Truncated copies (inside the header, at batch starts, at random points) and byte flips. */
export function damagedTraces(base: TraceCase, count = 12): TraceCase[] {
  const { bytes } = base;
  const rand = prng(bytes.length);
  const cuts = new Set([0, 1, 5, 15, 16, 17, 18, 20, 40, bytes.length - 1, bytes.length - 2]);
  while (cuts.size < 11 + count) cuts.add(Math.floor(rand() * bytes.length));
  const cases: TraceCase[] = [...cuts]
    .filter((n) => n >= 0 && n < bytes.length)
    .map((n) => ({ name: `${base.name} cut at ${n}`, bytes: bytes.slice(0, n) }));
  for (let i = 0; i < count; i++) {
    const at = 16 + Math.floor(rand() * (bytes.length - 16));
    const flip = 1 + Math.floor(rand() * 255);
    const copy = bytes.slice();
    copy[at] ^= flip;
    cases.push({ name: `${base.name} byte ${at} ^= ${flip}`, bytes: copy });
  }
  return cases;
}

// Minimal uvarint, or padded to `width` bytes (as the runtime pads batch sizes).
function uv(value: number | bigint, width = 0): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  } while (v > 0n);
  while (out.length < width) out.push(0x80);
  out[out.length - 1] &= 0x7f;
  return out;
}

function header(text: string): number[] {
  return [...enc.encode(text)];
}

const V22 = header("go 1.22 trace\0\0\0");
const V26 = header("go 1.26 trace\0\0\0");
const NONE = (1n << 64n) - 1n;

function crafted(name: string, ...parts: (number[] | string)[]): TraceCase {
  return {
    name,
    bytes: Uint8Array.from(parts.flatMap((p) => typeof p === "string" ? header(p) : p)),
  };
}

/** Hand-made inputs for the header scanner and the raw reader's corner cases. */
export function craftedTraces(): TraceCase[] {
  const batch = [1, ...uv(1), ...uv(NONE), ...uv(0), ...uv(5)];
  return [
    crafted("empty file"),
    crafted("not a trace", "hello, world\n"),
    crafted("PNG signature", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    crafted("header only v22", V22),
    crafted("header only v26", V26),
    crafted("v1 header only", "go 1.21 trace\0\0\0"),
    crafted("v1 header and events", "go 1.19 trace\0\0\0", [0x01, 0x02, 0x03]),
    crafted("v1.11 header and events", "go 1.11 trace\0\0\0", [0x31, 0x00]),
    crafted("unsupported version 5", "go 1.5 trace\0\0\0"),
    crafted("unsupported version 24", "go 1.24 trace\0\0\0"),
    crafted("version beyond uint32", "go 1.4294967296 trace\0\0\0"),
    crafted("version max uint32", "go 1.4294967295 trace\0\0\0"),
    crafted("huge version", "go 1.99999999999999999999999 trace\0\0\0"),
    crafted("leading zeros and runs of spaces", "go   1.0022 \t trace\0\0\0", [4]),
    crafted("space before the number", "go 1. 22 trace\0\0\0", [4]),
    crafted("unicode spaces", "go\u00a01.26\u3000\u2003trace\0\0\0", [2]),
    crafted("newline before the number", "go 1.\n22 trace\0\0\0"),
    crafted("CRLF before the number", "go 1.\r\n22 trace\0\0\0"),
    crafted("CR before the number", "go 1.\r22 trace\0\0\0"),
    crafted("signed version", "go 1.+22 trace\0\0\0"),
    crafted("no space after version", "go 1.22trace\0\0\0"),
    crafted("missing space after go", "go1.22 trace\0\0\0"),
    crafted("two NULs only", "go 1.22 trace\0\0"),
    crafted("truncated header", "go 1.2"),
    crafted("invalid UTF-8 in header", "go", [0xc2], " 1.22 trace\0\0\0"),
    crafted("event type 0", V22, [0]),
    crafted("event type 45 in a v22 trace", V22, [45, 1, 2, 3]),
    crafted("event type 52 in a v26 trace", V26, [52, 52]),
    crafted("unused ids 53..127 in a v26 trace", V26, [53, 99, 127, 128, 1, 2, 3, 4]),
    crafted("event type 137", V26, [137]),
    crafted("event type 255", V26, [255]),
    crafted("padded varints print as values", V22, batch, [8, ...uv(15625000, 10)]),
    crafted("10-byte varint with top bit", V22, [8, ...uv(1n << 63n)]),
    crafted("uint64 max", V22, [8, ...uv(NONE)]),
    crafted("varint overflow in the 10th byte", V22, [8, ...Array(9).fill(0xff), 0x02]),
    crafted("varint of 11 bytes", V22, [8, ...Array(10).fill(0x80), 0x00]),
    crafted("varint cut in the middle", V22, [8, 0x80, 0x80]),
    crafted("varint missing at the end", V22, [1, 1, 2]),
    crafted("stack with frames", V22, [2, 3, ...uv(7), ...uv(2), 1, 2, 3, 4, 5, 6, 7, 8]),
    crafted("stack cut inside a frame", V22, [3, 1, 2, 1, 2, 3, 4, 5, 6]),
    crafted("stack cut mid-varint", V22, [3, 1, 2, 1, 2, 3, 4, 5, 6, 7, 0x80]),
    crafted("stack nframes 2^63 has no frames", V22, [3, 1, ...uv(1n << 63n), 4, 5, 1, 2]),
    crafted("stack nframes 2^62 runs out", V22, [3, 1, ...uv(1n << 62n), 1, 2, 3, 4, 5]),
    crafted("stack nframes 2^60 hits overflow", V22, [
      3,
      1,
      ...uv(1n << 60n),
      ...Array(12).fill(0xff),
    ]),
    crafted("stack nframes 1000 runs out", V22, [3, 1, ...uv(1000), ...Array(40).fill(1)]),
    crafted("string with data", V22, [4, 5, 1, 3, 0x61, 0x22, 0xff]),
    crafted("string with empty data", V22, [5, 1, 0, 5, 2, 1, 0x7a]),
    crafted("string data past the end", V22, [5, 1, 10, 0x61, 0x62]),
    crafted("string data length 2^53", V22, [5, 1, ...uv(2n ** 53n), 0x61]),
    crafted("string data length 2^63", V22, [5, 1, ...uv(1n << 63n), 5, 2, 1, 0x78]),
    crafted("string data length missing", V22, [5, 1]),
    crafted("string data length cut", V22, [5, 1, 0x80]),
    crafted("string of invalid UTF-8", V26, [5, 1, 6, 0xed, 0xa0, 0x80, 0xe2, 0x80, 0xa8]),
    crafted("experimental batch", V26, [49, 1, 1, ...uv(NONE), 9, 3, 128, 1, 2]),
  ];
}
