// printWire against `go tool trace -d=wire` (Go 1.26): same stdout bytes, same stderr,
// same exit status.

import assert from "node:assert/strict";
import { runPrinter } from "../support/debug_diff.ts";
import { registerDebugModeDifferential } from "../support/debug_mode_suite.ts";
import { readTraceHeader } from "../../server/core/trace/header.ts";
import { printWire } from "../../server/core/trace/wire.ts";
import { printFootprint } from "../../server/core/trace/footprint.ts";
import { syncBytesOf } from "../../server/core/trace/raw_reader.ts";
import {
  committedTraces,
  damagedTraces,
  fuzzSeedTraces,
  vectorTraces,
} from "../support/trace_corpus.ts";

registerDebugModeDifferential("wire", printWire, [
  "go122-gc-stress.test",
  "go122-annotations-stress.test",
  "go123-sync.test",
  "go125-sync.test",
]);

Deno.test("printWire errors carry the offset of the bad byte", () => {
  const v22 = [...new TextEncoder().encode("go 1.22 trace\0\0\0")];
  const cases: [number[], string, number][] = [
    [[0x67, 0x6f], "bad file format: not a Go execution trace?", 0],
    [[...v22, 8, 1, 45], "invalid event type: 45", 18],
    [[...v22, 8, 0x80, 0x80], "unexpected EOF", 19],
    [[...v22, 8, 1, 8, ...Array(10).fill(0xff)], "binary: varint overflows a 64-bit integer", 19],
  ];
  for (const [bytes, message, offset] of cases) {
    assert.deepEqual(printWire(Uint8Array.from(bytes), () => {}), { message, offset });
  }
});

Deno.test("printWire hands output over in chunks of about 64 KiB", () => {
  // A committed trace big enough to print several chunks (fresh traces vary in size).
  const trace = {
    bytes: Deno.readFileSync(new URL("../../testdata/sample.trace", import.meta.url)),
  };
  const chunks: string[] = [];
  assert.equal(printWire(trace.bytes, (c) => chunks.push(c)), null);
  assert.ok(chunks.length > 1, "a real trace spans several chunks");
  for (const c of chunks.slice(0, -1)) assert.ok(c.length >= 65536 && c.length < 65536 + 4096);
  assert.equal(
    chunks.join(""),
    new TextDecoder().decode(runPrinter(printWire, trace.bytes).stdout),
  );
});

Deno.test("readTraceHeader returns the version and where the events start", () => {
  const enc = new TextEncoder();
  assert.deepEqual(readTraceHeader(enc.encode("go 1.26 trace\0\0\0\x01")), {
    version: 26,
    end: 16,
  });
  assert.deepEqual(readTraceHeader(enc.encode("go  1.023 trace\0\0\0")), { version: 23, end: 18 });
  assert.deepEqual(readTraceHeader(enc.encode("go 1.24 trace\0\0\0")), {
    message: "unknown or unsupported trace version go 1.24",
    offset: 0,
  });
});

Deno.test("-d=wire and -d=footprint streamed through a small window print what a whole read prints", () => {
  const cases = [...committedTraces(), ...vectorTraces(), ...fuzzSeedTraces()];
  const base = cases.find((c) => c.name.endsWith("go1.26/gc.trace"))!;
  cases.push(...damagedTraces(base, 8));
  let n = 0;
  for (const c of cases) {
    for (const print of [printWire, printFootprint]) {
      const want: string[] = [];
      const wantErr = print(c.bytes, (s) => want.push(s));
      for (const window of [257, 4096]) {
        const got: string[] = [];
        const err = print(syncBytesOf(c.bytes), (s) => got.push(s), window);
        assert.deepEqual(err, wantErr, `${c.name} (${print.name}, window ${window})`);
        assert.equal(got.join(""), want.join(""), `${c.name} (${print.name}, window ${window})`);
        n++;
      }
    }
  }
  assert.ok(n > 200, `only ${n} comparisons`);
});
