// printFootprint against `go tool trace -d=footprint` (Go 1.26): same stdout bytes, same
// stderr, same exit status.

import assert from "node:assert/strict";
import { runPrinter } from "../support/debug_diff.ts";
import { registerDebugModeDifferential } from "../support/debug_mode_suite.ts";
import { printFootprint } from "../../server/core/trace/footprint.ts";

registerDebugModeDifferential("footprint", printFootprint, [
  "go122-gc-stress.test",
  "go125-sync.test",
]);

Deno.test("-d=footprint counts minimal varint sizes, not the padding in the file", () => {
  const header = [...new TextEncoder().encode("go 1.22 trace\0\0\0")];
  // Frequency with a 10-byte padded 1: 11 bytes in the file, 2 re-encoded.
  const bytes = Uint8Array.from([...header, 8, ...Array(9).fill(0x80), 0x00]);
  const text = new TextDecoder().decode(runPrinter(printFootprint, bytes).stdout);
  assert.match(text, /^Frequency +2 +7\.41% +1 +100\.00%$/m);
});
