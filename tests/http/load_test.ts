// A short loopback load test in the suite (scripts/load_test.ts runs the long one by hand):
// 20 clients on the heavy pages of a committed trace for 8 s while a probe fetches
// /api/summary. Timing on a shared machine is noise, so it asserts what must hold however
// slow the machine is: every probe is answered, overload is a 503 with Retry-After (never
// an error, a hang or a dropped connection) and the server logs no error. The figures,
// RSS included, are printed: V8 gives memory back only after a major GC, which a short
// test cannot wait for (the script's 15 s settle does; the cache's byte budget is asserted
// in limits_test.ts).

import assert from "node:assert/strict";
import { runLoad } from "../../scripts/load_test.ts";
import { tracePath } from "../support/web_app.ts";

Deno.test("under 20 heavy clients every probe is answered and overload is a 503 with Retry-After", async () => {
  const r = await runLoad({
    trace: tracePath("testdata/traces/go1.26/service.trace"),
    clients: 20,
    seconds: 8,
    settle: 1,
  });
  console.log(JSON.stringify(r));
  assert.equal(r.probe.failed, 0, "a probe of /api/summary failed");
  assert.ok(r.probe.answers >= 4, `only ${r.probe.answers} probes answered in 8 s`);
  assert.ok(r.heavy.ok > 0, "no heavy page was answered");
  assert.equal(r.heavy.failed, 0, "a heavy request failed (connection error)");
  assert.deepEqual(r.heavy.others, {}, "a heavy request got neither 200 nor 503");
  assert.equal(r.heavy.busyWithoutRetryAfter, 0, "a 503 without Retry-After");
  assert.deepEqual(r.serverErrors, []);
});
