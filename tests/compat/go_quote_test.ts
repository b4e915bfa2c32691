import assert from "node:assert/strict";
import { GoCommand } from "../support/go_tool.ts";
import { goQuote, goQuoteString } from "../../server/core/util/go_quote.ts";

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** Go's strconv.Quote of every input, via tests/go/quotecheck (one process for all). */
async function goQuotes(inputs: Uint8Array[]): Promise<string[]> {
  const lines: string[] = [];
  for (const b of inputs) {
    let line = "";
    for (const x of b) line += HEX[x];
    lines.push(line);
  }
  await using cmd = await GoCommand.build("quotecheck");
  const res = await cmd.run(["quote"], encoder.encode(lines.join("\n") + "\n"));
  if (res.code !== 0) throw new Error(`quotecheck failed: ${res.stderr}`);
  const out = new TextDecoder().decode(res.stdout).split("\n");
  out.pop();
  assert.deepEqual(out.length, inputs.length, "quotecheck answered every input");
  return out;
}

/** Compares our quoting with Go's and fails listing the first few differences. */
async function assertQuotesLikeGo(inputs: Uint8Array[]): Promise<void> {
  const want = await goQuotes(inputs);
  const diffs: string[] = [];
  for (let i = 0; i < inputs.length && diffs.length < 20; i++) {
    const got = goQuote(inputs[i]);
    if (got !== want[i]) {
      diffs.push(`[${Array.from(inputs[i], (b) => HEX[b]).join(" ")}]: got ${got}, Go ${want[i]}`);
    }
  }
  assert.deepEqual(diffs, [], "quotes differ from Go's strconv.Quote");
}

// Encodes any code point, surrogates included, the way UTF-8 would if they were allowed
// (Go must see those as three invalid bytes).
function encodeCodePoint(r: number): Uint8Array {
  if (r < 0x80) return Uint8Array.of(r);
  if (r < 0x800) return Uint8Array.of(0xc0 | (r >> 6), 0x80 | (r & 63));
  if (r < 0x10000) {
    return Uint8Array.of(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 63), 0x80 | (r & 63));
  }
  return Uint8Array.of(
    0xf0 | (r >> 18),
    0x80 | ((r >> 12) & 63),
    0x80 | ((r >> 6) & 63),
    0x80 | (r & 63),
  );
}

// Small deterministic PRNG (mulberry32) so failures reproduce.
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("goQuote matches strconv.Quote for every code point, surrogates included", async () => {
  const inputs: Uint8Array[] = [];
  for (let r = 0; r <= 0x10ffff; r++) inputs.push(encodeCodePoint(r));
  await assertQuotesLikeGo(inputs);
});

Deno.test("goQuote escapes invalid UTF-8 byte by byte like strconv.Quote", async () => {
  const cases: number[][] = [
    [0x80],
    [0xbf],
    [0xc0, 0x80], // overlong NUL
    [0xc1, 0xbf],
    [0xc2], // truncated at the end
    [0xc2, 0x41],
    [0xe0, 0x80, 0x80], // overlong
    [0xe0, 0x9f, 0xbf],
    [0xe0, 0xa0], // truncated
    [0xed, 0xa0, 0x80], // surrogate D800
    [0xed, 0xbf, 0xbf], // surrogate DFFF
    [0xed, 0x9f, 0xbf], // U+D7FF, valid
    [0xef, 0xbf, 0xbd], // a real U+FFFD stays as is
    [0xef, 0xbf],
    [0xf0, 0x80, 0x80, 0x80], // overlong
    [0xf0, 0x8f, 0xbf, 0xbf],
    [0xf0, 0x90, 0x80], // truncated
    [0xf4, 0x8f, 0xbf, 0xbf], // U+10FFFF
    [0xf4, 0x90, 0x80, 0x80], // > U+10FFFF
    [0xf5, 0x80, 0x80, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xfe],
    [0xff],
    [0x41, 0xe2, 0x82, 0x41, 0xe2, 0x82, 0xac], // broken then whole euro sign
    [0x22, 0x5c, 0x27, 0x60, 0x00, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x7f],
    [],
  ];
  // Every lead byte followed by every continuation-ish byte.
  for (let b0 = 0xc0; b0 <= 0xff; b0++) {
    for (const b1 of [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0]) {
      cases.push([b0, b1], [b0, b1, 0x80], [b0, b1, 0x80, 0x80]);
    }
  }
  await assertQuotesLikeGo(cases.map((c) => Uint8Array.from(c)));
});

Deno.test("goQuote matches strconv.Quote on random byte strings", async () => {
  const rand = prng(20240601);
  const inputs: Uint8Array[] = [];
  for (let i = 0; i < 20000; i++) {
    const parts: number[] = [];
    const len = Math.floor(rand() * 48);
    while (parts.length < len) {
      const pick = rand();
      if (pick < 0.3) parts.push(Math.floor(rand() * 256));
      else if (pick < 0.5) parts.push(0x20 + Math.floor(rand() * 0x5f));
      else if (pick < 0.6) parts.push(0x80 | Math.floor(rand() * 64));
      else parts.push(...encodeCodePoint(Math.floor(rand() * 0x110000)));
    }
    inputs.push(Uint8Array.from(parts));
  }
  // One long string too, to cover the chunked ASCII path.
  inputs.push(encoder.encode("x".repeat(10000) + "\u00e9\u2028" + "y".repeat(5000)));
  await assertQuotesLikeGo(inputs);
});

Deno.test("goQuoteString quotes a JS string as Go quotes its UTF-8 bytes", async () => {
  const rand = prng(7);
  const strings = ["", "plain", 'q"b\\', "\ud800", "a\udc00b", "\ud83d\ude00", "\u0085\u00ad"];
  for (let i = 0; i < 2000; i++) {
    let s = "";
    for (let k = Math.floor(rand() * 12); k > 0; k--) {
      s += String.fromCharCode(Math.floor(rand() * 0x10000));
    }
    strings.push(s);
  }
  const want = await goQuotes(strings.map((s) => encoder.encode(s)));
  assert.deepEqual(strings.map(goQuoteString), want);
});
