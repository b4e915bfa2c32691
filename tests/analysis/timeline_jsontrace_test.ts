// /jsontrace against `go tool trace`'s, on every committed trace and each of Go's views
// (by proc, by thread, a goroutine's, a task's on both): the same lanes, slices, instants,
// counters and flows — compared per (phase, name, pid, tid) by count, summed durations
// and summed counter values, since Go orders some of them by map iteration — and our
// JSON is valid trace-event format.

import assert from "node:assert/strict";
import { startGoTraceServer } from "../support/go_oracle.ts";
import { appFor, get, tracePath } from "../support/web_app.ts";
import { listDir, REPO_ROOT } from "../support/paths.ts";
import {
  diffGroups,
  groupEvents,
  type TraceEventJSON,
  validateTraceEvents,
} from "../support/trace_events.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarizeWhole } from "../../server/core/summary/summary.ts";

const TRACES = [...Deno.readDirSync(new URL("testdata/traces/", REPO_ROOT))]
  .filter((e) => e.isDirectory)
  .map((e) => e.name)
  .sort()
  .flatMap((dir) =>
    listDir(new URL(`testdata/traces/${dir}/`, REPO_ROOT), ".trace")
      .map((f) => `testdata/traces/${dir}/${f}`)
  );

/** Go's views worth comparing on this trace: its URLs' query strings. */
async function viewsOf(rel: string): Promise<string[]> {
  const t = await parseTrace(await Deno.readFile(tracePath(rel)));
  const s = summarizeWhole(t);
  const views = ["", "view=thread"];
  const gs = s.goroutines.filter((g) => g.id > 0);
  const main = gs.find((g) => g.id === 1) ?? gs[0];
  const busiest = [...gs].sort((a, b) => b.execTime - a.execTime || a.id - b.id)[0];
  for (const g of new Set([main, busiest])) if (g) views.push(`goid=${g.id}`);
  const task = s.tasks.find((k) => k.start !== null && k.id > 0);
  if (task) {
    views.push(`focustask=${task.id}`, `taskid=${task.id}`, `focustask=${task.id}&view=thread`);
  }
  return views;
}

let compared = 0;
const totals = { events: 0, keys: 0 };

Deno.test({
  name: "/jsontrace has Go's lanes, slices, instants, counters and flows on every committed trace",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert.ok(TRACES.length > 50, "committed traces found");
    for (const rel of TRACES) {
      await t.step(rel, async () => {
        const app = await appFor(rel);
        const views = await viewsOf(rel);
        await using go = await startGoTraceServer(tracePath(rel));
        for (const q of views) {
          const path = `/jsontrace${q ? "?" + q : ""}`;
          const theirs = await go.get(path);
          assert.ok(!theirs.dropped && theirs.status === 200, `${rel} ${path}: Go failed`);
          const res = await get(app, path);
          assert.equal(res.status, 200, `${rel} ${path}`);
          const ours = JSON.parse(await res.text()) as TraceEventJSON;
          assert.deepEqual(
            validateTraceEvents(ours),
            [],
            `${rel} ${path}: invalid trace-event JSON`,
          );
          const goDoc = JSON.parse(theirs.body) as TraceEventJSON;
          const want = groupEvents(goDoc), got = groupEvents(ours);
          assert.deepEqual(diffGroups(want, got), [], `${rel} ${path}: differs from Go`);
          assert.equal(ours.traceEvents.length, goDoc.traceEvents.length);
          assert.equal(
            Object.keys(ours.stackFrames).length,
            Object.keys(goDoc.stackFrames).length,
            `${rel} ${path}: stack frames`,
          );
          compared++;
          totals.events += ours.traceEvents.length;
          totals.keys += got.size;
        }
      });
    }
    console.log(
      `compared ${compared} /jsontrace responses on ${TRACES.length} traces: ` +
        `${totals.events} events in ${totals.keys} (phase, name, pid, tid) groups, all equal`,
    );
  },
});

Deno.test({
  name: "/jsontrace rejects a malformed goid instead of answering an empty 200 as Go does",
  async fn() {
    const app = await appFor("testdata/traces/go1.26/gc.trace");
    const res = await get(app, "/jsontrace?goid=abc");
    assert.equal(res.status, 400);
    assert.match(await res.text(), /failed to parse goid parameter "abc"/);
  },
});
