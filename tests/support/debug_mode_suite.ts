// The differential tests shared by the -d=wire and -d=footprint printers: each corpus
// against `go tool trace -d=MODE` (Go 1.26), same stdout bytes, stderr and exit status.

import assert from "node:assert/strict";
import { assertSameAsGoTool, type DebugPrinter } from "./debug_diff.ts";
import {
  committedTraces,
  craftedTraces,
  damagedTraces,
  freshTraces,
  fuzzSeedTraces,
  type TraceCase,
  vectorTraces,
} from "./trace_corpus.ts";

let fresh: Promise<TraceCase[]> | undefined;

/** Traces the current Go runtime writes, made once per test process. */
function freshOnce(): Promise<TraceCase[]> {
  return fresh ??= Deno.makeTempDir({ prefix: "traceglass-tinytrace-" }).then(async (dir) => {
    try {
      return await freshTraces(dir);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/**
 * Registers the corpus tests for one debug mode. `damagedVectors` names the test
 * vectors whose truncated and byte-flipped variants are compared too.
 */
export function registerDebugModeDifferential(
  mode: "wire" | "footprint",
  print: DebugPrinter,
  damagedVectors: string[],
): void {
  const flag = `-d=${mode}`;
  Deno.test(`${flag} is byte-identical to Go on traces the current Go runtime writes`, async () => {
    assert.equal(await assertSameAsGoTool(mode, print, await freshOnce()), 2);
  });

  Deno.test(`${flag} is byte-identical to Go on all 22 test vectors`, async () => {
    assert.equal(await assertSameAsGoTool(mode, print, vectorTraces()), 22);
  });

  Deno.test(`${flag} is byte-identical to Go on every committed trace in testdata/`, async () => {
    const cases = committedTraces();
    assert.ok(cases.length > 0, "testdata/ has traces");
    await assertSameAsGoTool(mode, print, cases);
  });

  Deno.test(`${flag} fails like Go on truncated and byte-flipped traces`, async () => {
    const vectors = vectorTraces().filter((v) => damagedVectors.includes(v.name));
    assert.equal(vectors.length, damagedVectors.length, "every named vector exists");
    const bases = [...await freshOnce(), ...vectors, ...committedTraces().slice(0, 1)];
    await assertSameAsGoTool(mode, print, bases.flatMap((b) => damagedTraces(b)));
  });

  Deno.test(`${flag} matches Go on fuzz seeds, non-traces, v1 headers and corner cases`, async () => {
    await assertSameAsGoTool(mode, print, [...fuzzSeedTraces(), ...craftedTraces()]);
  });
}
