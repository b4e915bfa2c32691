// printFootprint against `go tool trace -d=footprint` (Go 1.26): same stdout bytes, same
// stderr, same exit status.

import assert from "node:assert/strict";
import { assertSameAsGoTool, runPrinter } from "./support/debug_diff.ts";
import {
  committedTraces,
  craftedTraces,
  damagedTraces,
  freshTraces,
  fuzzSeedTraces,
  type TraceCase,
  vectorTraces,
} from "./support/trace_corpus.ts";
import { printFootprint } from "../server/trace/footprint.ts";

let fresh: Promise<TraceCase[]> | undefined;

// Written once per run into a temp dir that lives as long as the test process.
function freshOnce(): Promise<TraceCase[]> {
  return fresh ??= Deno.makeTempDir({ prefix: "traceglass-tinytrace-" }).then(async (dir) => {
    try {
      return await freshTraces(dir);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

const byName = (cases: TraceCase[], name: string) => cases.filter((c) => c.name === name);

Deno.test("-d=footprint is byte-identical to Go on traces the current Go runtime writes", async () => {
  assert.equal(await assertSameAsGoTool("footprint", printFootprint, await freshOnce()), 2);
});

Deno.test("-d=footprint is byte-identical to Go on all 22 test vectors", async () => {
  assert.equal(await assertSameAsGoTool("footprint", printFootprint, vectorTraces()), 22);
});

Deno.test("-d=footprint is byte-identical to Go on every committed trace in testdata/", async () => {
  const cases = committedTraces();
  if (cases.length > 0) await assertSameAsGoTool("footprint", printFootprint, cases);
});

Deno.test("-d=footprint matches Go on truncated and byte-flipped traces", async () => {
  const vectors = vectorTraces();
  const bases = [
    ...await freshOnce(),
    ...byName(vectors, "go122-gc-stress.test"),
    ...byName(vectors, "go125-sync.test"),
    ...committedTraces().slice(0, 1),
  ];
  await assertSameAsGoTool("footprint", printFootprint, bases.flatMap((b) => damagedTraces(b)));
});

Deno.test("-d=footprint matches Go on fuzz seeds, non-traces, v1 headers and corner cases", async () => {
  await assertSameAsGoTool("footprint", printFootprint, [...fuzzSeedTraces(), ...craftedTraces()]);
});

Deno.test("-d=footprint counts minimal varint sizes, not the padding in the file", () => {
  const header = [...new TextEncoder().encode("go 1.22 trace\0\0\0")];
  // Frequency with a 10-byte padded 1: 11 bytes in the file, 2 re-encoded.
  const bytes = Uint8Array.from([...header, 8, ...Array(9).fill(0x80), 0x00]);
  const text = new TextDecoder().decode(runPrinter(printFootprint, bytes).stdout);
  assert.match(text, /^Frequency +2 +7\.41% +1 +100\.00%$/m);
});
