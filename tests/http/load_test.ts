// The loopback load test in the suite (scripts/load_test.ts runs longer ones by hand): 30
// clients cycle through the heavy pages of a committed trace for 15 s (/jsontrace by proc
// and thread, the biggest goroutine group, the MMU plot with every flag, raw profiles)
// while a probe fetches /api/summary twice a second; then the server idles 6 s. It holds
// whatever the machine: every probe is answered, overload is a 503 with Retry-After (never
// an error, a hang or a dropped connection), the server logs no error. And the figures
// issues 15 and 17 ask for: the probe's p99 within 200 ms, memory back within 1.5× of idle
// once the load ends. Those two rest on timing, and a machine busy with other work can
// spoil one run: a run that misses them is run once more, and the second must make them.

import assert from "node:assert/strict";
import { runLoad } from "../../scripts/load_test.ts";
import { tracePath } from "../support/web_app.ts";

/** The probe's p99 under load, ms. */
const P99_MS = 200;
/** RSS after the load, at most this many times the idle RSS. */
const AFTER_RATIO = 1.5;

Deno.test("under 30 heavy clients the probe answers within 200 ms p99, overload is a 503 with Retry-After, and memory comes back", async () => {
  for (let attempt = 1;; attempt++) {
    const r = await runLoad({
      trace: tracePath("testdata/traces/go1.26/service.trace"),
      clients: 30,
      seconds: 15,
      settle: 6,
    });
    console.log(JSON.stringify(r));
    assert.equal(r.probe.failed, 0, "a probe of /api/summary failed");
    assert.ok(r.probe.answers >= 20, `only ${r.probe.answers} probes answered in 15 s`);
    assert.ok(r.heavy.ok > 0, "no heavy page was answered");
    assert.equal(r.heavy.failed, 0, "a heavy request failed (connection error)");
    assert.deepEqual(r.heavy.others, {}, "a heavy request got neither 200 nor 503");
    assert.equal(r.heavy.busyWithoutRetryAfter, 0, "a 503 without Retry-After");
    assert.deepEqual(r.serverErrors, []);
    const after = r.rssMB.after6s;
    const misses = [
      r.probe.p99ms > P99_MS ? `probe p99 ${r.probe.p99ms} ms > ${P99_MS} ms` : "",
      after > AFTER_RATIO * r.rssMB.idle
        ? `RSS ${after} MB after the load > ${AFTER_RATIO} × ${r.rssMB.idle} MB idle`
        : "",
    ].filter((m) => m !== "");
    if (misses.length === 0) return;
    if (attempt === 2) assert.fail(misses.join("; "));
    console.error(`load run 1 missed (${misses.join("; ")}): running it again`);
  }
});
