import assert from "node:assert/strict";
import { decodeFuzzBytes, decodeFuzzCorpus } from "../support/fuzz_corpus.ts";
import { goTraceVectors, listDir } from "../support/paths.ts";

const FUZZ = goTraceVectors().fuzz;
const enc = new TextEncoder();

function seed(name: string): Uint8Array {
  return decodeFuzzBytes(Deno.readFileSync(new URL(name, FUZZ)));
}

Deno.test("every seed of Go's FuzzReader corpus decodes to one trace-looking value", () => {
  const names = listDir(FUZZ);
  assert.equal(names.length, 17);
  for (const name of names) {
    const header = new TextDecoder().decode(seed(name).subarray(0, 16));
    assert.match(header, /^go 1\.\d\d trace\0\0\0$/, name);
  }
});

Deno.test("large-id decodes to a v1.22 header and its huge stack id", () => {
  const b = seed("large-id");
  assert.deepEqual(b.subarray(0, 16), enc.encode("go 1.22 trace\0\0\0"));
  // Ends with: Stacks, Stack id=2107684625609392127 (9-byte uvarint), nframes=0.
  assert.deepEqual(
    [...b.subarray(-12)],
    [0x02, 0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x9f, 0x1d, 0x00],
  );
});

Deno.test("literal non-ASCII characters in a seed are their UTF-8 bytes", () => {
  // closing-unknown-region: `\x87ߕ\xb4` in the literal is 87 df 95 b4.
  const b = seed("closing-unknown-region");
  const at = b.indexOf(0x87);
  assert.deepEqual([...b.subarray(at, at + 4)], [0x87, 0xdf, 0x95, 0xb4]);
});

Deno.test("the v1.11 seed keeps its header", () => {
  assert.deepEqual(seed("4055b17cae1a3443").subarray(0, 16), enc.encode("go 1.11 trace\0\0\0"));
});

Deno.test("corpus files allow CRLF, blank lines and several values", () => {
  const values = decodeFuzzCorpus('go test fuzz v1\r\n\n  []byte("a\\x00")  \n[]byte(`b`)\n');
  assert.deepEqual(values.map((v) => [...v]), [[0x61, 0x00], [0x62]]);
});

Deno.test("malformed corpus files are rejected", () => {
  assert.throws(() => decodeFuzzCorpus(""), /empty/);
  assert.throws(() => decodeFuzzCorpus("go test fuzz v1"), /at least one value/);
  assert.throws(() => decodeFuzzCorpus('go test fuzz v2\n[]byte("")'), /unknown encoding version/);
  assert.throws(() => decodeFuzzCorpus('go test fuzz v1\nstring("x")'), /expected \[\]byte/);
  assert.throws(() => decodeFuzzCorpus('go test fuzz v1\n[]byte("x"'), /expected \[\]byte/);
  assert.throws(() => decodeFuzzCorpus('go test fuzz v1\n[]byte("\\q")'), /invalid syntax/);
  assert.throws(
    () => decodeFuzzBytes('go test fuzz v1\n[]byte("a")\n[]byte("b")'),
    /expected 1 value/,
  );
});
