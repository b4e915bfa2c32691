// The timeline's memory budget: base models beyond it are dropped, least recently used
// first, and built again (the same answers) when a page asks; a view whose model alone
// exceeds it is refused with a message naming the size, the limit and -range, and the
// server keeps serving the other pages.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarizeWhole } from "../../server/core/summary/summary.ts";
import { MODEL_BYTES_PER_EVENT, TimelineService } from "../../server/core/timeline/service.ts";
import { windowQuery } from "../../server/core/timeline/query.ts";
import { SPLIT_MAX } from "../../server/core/timeline/split.ts";
import { createApp } from "../../server/http/app.ts";
import { get, tracePath } from "../support/web_app.ts";

const GC = "testdata/traces/go1.26/gc.trace";

Deno.test("base models beyond the timeline's budget are dropped and built again alike", async () => {
  const data = await Deno.readFile(tracePath(GC));
  const t = await parseTrace(data, { wholeBytes: 0, cacheBytes: 1 });
  const s = summarizeWhole(await parseTrace(data));
  // Room for one model only.
  const one = t.validCount * MODEL_BYTES_PER_EVENT;
  const svc = new TimelineService(t, () => Promise.resolve(s), SPLIT_MAX, one * 1.5);
  const window = async (q: string) => {
    const v = await svc.view(new URLSearchParams(q));
    return windowQuery(v, {
      t0: 0,
      t1: v.endTime,
      px: v.endTime / 1000,
      lanes: v.lanes.map((_, i) => i),
      arrows: true,
      counters: true,
    });
  };
  const proc = await window("view=proc");
  assert.ok(svc.holds("proc"));
  const thread = await window("view=thread");
  assert.ok(svc.holds("thread"));
  assert.equal(svc.holds("proc"), false, "the proc model was dropped for the thread one");
  assert.deepEqual(await window("view=proc"), proc, "built again, the same answer");
  assert.equal(svc.holds("thread"), false);
  assert.deepEqual(await window("view=thread"), thread);
  // Within the budget, both stay.
  const roomy = new TimelineService(t, () => Promise.resolve(s), SPLIT_MAX, one * 2);
  await roomy.view(new URLSearchParams("view=proc"));
  await roomy.view(new URLSearchParams("view=thread"));
  assert.ok(roomy.holds("proc") && roomy.holds("thread"));
});

Deno.test("a timeline bigger than its budget is refused with the size, the limit and -range", async () => {
  const data = await Deno.readFile(tracePath(GC));
  const trace = await parseTrace(data, { wholeBytes: 0, cacheBytes: 1 });
  const app = createApp({ trace, file: GC, timelineBytes: 1000 });
  for (const path of ["/api/trace?view=proc", "/trace?view=thread", "/api/trace?goid=1"]) {
    const res = await get(app, path);
    const text = await res.text();
    assert.equal(res.status, 503, `${path}: ${res.status}`);
    assert.match(text, new RegExp(`${trace.validCount} events`));
    assert.match(text, /limit of/);
    assert.match(text, /-range=START:END/);
  }
  // The other pages still answer; so does Go's JSON, which needs no model.
  assert.equal((await get(app, "/api/goroutines")).status, 200);
  const json = await get(app, "/jsontrace?view=proc");
  assert.equal(json.status, 200);
  assert.ok(JSON.parse(await json.text()).traceEvents.length > 100);
});
