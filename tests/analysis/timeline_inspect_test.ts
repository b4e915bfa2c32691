// What the timeline tells about a wait and where to look, on requests.trace (a lock that
// main.db holds across a 15 ms sleep, requests blocking on it): a gap on a goroutine lane
// names the block reason, where it stopped and the goroutine that unblocked it, as Go's
// own flow events say; a task view gives that goroutine a lane (Go's JSON keeps its
// own set); find matches functions on stacks and task and region names; zoomed-out flow
// arrows are thinned per pixel column over the whole window.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { TimelineService } from "../../server/core/timeline/service.ts";
import { findGoroutines, gapDetails } from "../../server/core/timeline/inspect.ts";
import { ARROWS_PER_PX, windowQuery } from "../../server/core/timeline/query.ts";
import { summarizeWhole } from "../../server/core/summary/summary.ts";
import { decodeWire } from "../../web/timeline/wire.ts";
import { tracePath } from "../support/web_app.ts";
import { lockWait, REQUESTS } from "../support/requests_trace.ts";
const SERVICE = "testdata/traces/go1.26/service.trace";

async function service(rel: string) {
  const t = await parseTrace(await Deno.readFile(tracePath(rel)));
  return { t, svc: new TimelineService(t, () => Promise.resolve(summarizeWhole(t))) };
}

async function goJSON(svc: TimelineService, query: string) {
  let json = "";
  for await (const c of await svc.jsonStream(new URLSearchParams(query))) {
    json += new TextDecoder().decode(c);
  }
  return JSON.parse(json) as {
    traceEvents: { ph: string; name: string; tid: number; pid: number; ts: number; id?: number }[];
  };
}

Deno.test("a gap on a goroutine lane names the block reason, where it stopped, and who unblocked it", async () => {
  const w = await lockWait();
  const { t, svc } = await service(REQUESTS);
  const view = await svc.view(new URLSearchParams(`goid=${w.waiter}`));
  const lane = view.laneOfGoroutine.get(w.waiter)!;
  // Scan the waiter's life for its longest gap.
  let best = null;
  for (
    let x = view.initial.t0;
    x < view.initial.t1;
    x += (view.initial.t1 - view.initial.t0) / 400
  ) {
    const g = await gapDetails(t, view, lane, x);
    if (g && (!best || g.end - g.start > best.end - best.start)) best = g;
  }
  assert.ok(best, "the waiter has gaps");
  assert.equal(best.goroutine, w.waiter);
  assert.equal(best.reason, "sync");
  assert.equal(best.transition, "Running -> Waiting");
  assert.ok(best.stack.some((f) => f.func === "sync.(*Mutex).Lock"), "stopped in Mutex.Lock");
  assert.ok(best.end - best.start > 10e6, "the gap is the long wait");
  assert.ok(best.unblock, "something unblocked it");
  assert.equal(best.unblock.goroutine, w.holder);
  assert.ok(best.unblock.stack.some((f) => f.func === "sync.(*Mutex).Unlock"));
  assert.equal(best.waiting + best.runnable, best.end - best.start);
  // Go's JSON for the same view (ours equals Go's: timeline_jsontrace_test.ts) has that flow: from the holder's lane to the waiter's,
  // starting when the holder unblocked it and ending when the waiter ran.
  const doc = await goJSON(svc, `goid=${w.waiter}`);
  const starts = doc.traceEvents.filter((e) =>
    e.ph === "s" && e.name === best.unblock!.event && e.tid === w.holder
  );
  const ends = new Map(
    doc.traceEvents.filter((e) => e.ph === "t" && e.tid === w.waiter).map((e) => [e.id, e]),
  );
  const flow = starts.find((s) => Math.abs(s.ts * 1000 - best.unblock!.time) < 1);
  assert.ok(flow, `Go's JSON has the flow ${best.unblock.event} from G${w.holder}`);
  assert.ok(
    Math.abs(ends.get(flow.id)!.ts * 1000 - best.end) < 1,
    "the flow ends where the gap ends",
  );
  // Inside a slice there is no gap.
  const s = view.base.slices;
  const row = view.base.lanes[view.lanes[lane].sources[0].lane].rows[0];
  const mid = (s.start[row.first] + s.end[row.first]) / 2;
  if (s.end[row.first] - s.start[row.first] > 2) {
    assert.equal(await gapDetails(t, view, lane, mid), null);
  }
  // A lane that is no goroutine's has no gaps.
  const proc = await svc.view(new URLSearchParams(""));
  assert.equal(await gapDetails(t, proc, 0, best.start + 1), null);
});

Deno.test("a task view gives a lane to the goroutine that unblocked the task's goroutine; Go's JSON keeps its set", async () => {
  const w = await lockWait();
  const { svc } = await service(REQUESTS);
  const view = await svc.view(new URLSearchParams(`taskid=${w.task}`));
  const lanes = view.lanes.map((l) => l.goroutine).filter((g) => g >= 0);
  assert.ok(lanes.includes(w.waiter), "the task's goroutine");
  assert.ok(lanes.includes(w.holder), "the lock holder that unblocked it");
  const doc = await goJSON(svc, `taskid=${w.task}`);
  const goLanes = new Set(
    doc.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === 0)
      .map((e) => e.tid),
  );
  assert.ok(goLanes.has(w.waiter));
  assert.ok(!goLanes.has(w.holder), "Go's task view has no lane for the holder");
  for (const g of goLanes) if (g < 1_000_000) assert.ok(lanes.includes(g), `G${g} kept`);
});

Deno.test("find matches a function on a goroutine's stacks, and task and region names", async () => {
  const w = await lockWait();
  const { t, svc } = await service(REQUESTS);
  const view = await svc.view(new URLSearchParams(""));
  const sources = { trace: t, summary: summarizeWhole(t) };
  // No goroutine starts in Unlock or Lock; the waiters stopped in Mutex.Lock.
  const byStack = findGoroutines(view, "Mutex).Lock", sources, 2000);
  const waiter = byStack.find((g) => g.id === w.waiter);
  assert.ok(waiter, `G${w.waiter} blocked in sync.(*Mutex).Lock`);
  assert.equal(waiter.why, "stack: sync.(*Mutex).Lock");
  assert.deepEqual(findGoroutines(view, "Mutex).Lock", undefined), [], "only with stacks");
  // The 40 requests that took the lock ran the "cache.get" region.
  const byRegion = findGoroutines(view, "cache.get", sources, 2000);
  assert.equal(byRegion.length, 40);
  assert.ok(byRegion.every((g) => g.why === 'region "cache.get"'));
  // A task's name: annotations.trace hands task "handoff" to another goroutine.
  const ann = await service("testdata/traces/go1.26/annotations.trace");
  const annView = await ann.svc.view(new URLSearchParams(""));
  const byTask = findGoroutines(annView, "handoff", {
    trace: ann.t,
    summary: summarizeWhole(ann.t),
  });
  assert.ok(byTask.length >= 2, byTask.map((g) => g.name).join());
  for (const g of byTask) assert.match(g.why, /^task "handoff" \(\d+\)$/);
  // Ids still work.
  assert.deepEqual(findGoroutines(view, `G${w.holder}`, sources).map((g) => g.why), ["id"]);
});

Deno.test("zoomed out, flow arrows are at most two per pixel column over the whole window", async () => {
  const { svc } = await service(SERVICE);
  const view = await svc.view(new URLSearchParams(""));
  const end = view.endTime, px = end / 1000;
  const lanes = view.lanes.map((_, i) => i);
  const arrows = (arrowsIn?: [number, number]) => {
    const buf = windowQuery(view, {
      t0: 0,
      t1: end,
      px,
      lanes,
      arrows: true,
      arrowsIn,
      counters: false,
    });
    const { columns } = decodeWire(
      buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer,
    );
    return {
      start: columns.get("arrow.start") as Float64Array,
      end: columns.get("arrow.end") as Float64Array,
    };
  };
  const all = view.base.arrows;
  // More flows than two per column: some must be left out.
  assert.ok(all.start.length > 2 * 1000, `${all.start.length} flows in the model`);
  const got = arrows();
  assert.ok(got.start.length < all.start.length);
  const perColumn = new Map<number, number>();
  for (const s of got.start) {
    const c = Math.floor(s / px);
    perColumn.set(c, (perColumn.get(c) ?? 0) + 1);
  }
  assert.ok(Math.max(...perColumn.values()) <= ARROWS_PER_PX);
  // Every column where the model has a flow shows one.
  const modelColumns = new Set([...all.start].map((s) => Math.floor(s / px)));
  for (const c of modelColumns) assert.ok(perColumn.has(c), `column ${c} has no arrow`);
  // With a selection, the arrows asked for have an end in it.
  const sel: [number, number] = [end * 0.4, end * 0.45];
  const inSel = arrows(sel);
  assert.ok(inSel.start.length > 0);
  for (let k = 0; k < inSel.start.length; k++) {
    const a = inSel.start[k], b = inSel.end[k];
    assert.ok((a >= sel[0] && a <= sel[1]) || (b >= sel[0] && b <= sel[1]), `${a}–${b}`);
  }
});
