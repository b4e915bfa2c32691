// Inputs crafted to make ordering expensive must end quickly with a clear error.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";

function uv(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

function batch(m: number, time: number, data: number[]): number[] {
  return [0x01, ...uv(1), ...uv(m), ...uv(time), ...uv(data.length), ...data];
}

/**
 * k Ms whose first event (a GoStart of a goroutine that never exists) can never advance,
 * and one M with many events that can: Go would sort and retry every M for every event.
 */
function starvingTrace(k: number, n: number): Uint8Array {
  const out: number[] = [...new TextEncoder().encode("go 1.22 trace\0\0\0")];
  for (let m = 1; m <= k; m++) out.push(...batch(m, 1, [16, ...uv(1), ...uv(999), ...uv(1)]));
  // The busy M: ProcStatus(p=0, Running), GoStatus(g=1, m=0, Running), then HeapAllocs.
  const busy: number[] = [13, 1, 0, 1, 25, 1, 1, 0, 2];
  while (busy.length < 60000 && n-- > 0) busy.push(37, 1, 5);
  out.push(...batch(0, 100, busy));
  out.push(...batch(0, 0, [8, ...uv(15625000)])); // Frequency
  return new Uint8Array(out);
}

Deno.test("ordering that needs endless retries fails fast instead of hanging", async () => {
  const bytes = starvingTrace(6000, 20000);
  const start = performance.now();
  const trace = await parseTrace(bytes);
  const ms = performance.now() - start;
  assert.ok(trace.error !== undefined, "expected an error");
  assert.match(trace.error.goMessage, /cannot be ordered without excessive retries/);
  assert.ok(ms < 20000, `took ${ms.toFixed(0)} ms`);
});
