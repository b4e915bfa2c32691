// A timeline too big for its memory budget is shown in parts (runs of generations): each
// part's model shows exactly what the whole trace's model shows within the part's times,
// the parts held at once fit the budget, and pages name and link the parts.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarizeWhole } from "../../server/core/summary/summary.ts";
import {
  MODEL_BYTES_PER_EVENT,
  PARTS_HELD,
  TimelineService,
} from "../../server/core/timeline/service.ts";
import type { TimelineModel } from "../../server/core/timeline/model.ts";
import type { ViewMode } from "../../server/core/timeline/generator.ts";
import { windowQuery } from "../../server/core/timeline/query.ts";
import { decodeWire } from "../../web/timeline/wire.ts";
import { partAt, partLabel, type TimelinePart } from "../../server/core/timeline/parts.ts";
import { SPLIT_MAX } from "../../server/core/timeline/split.ts";
import { createApp } from "../../server/http/app.ts";
import { get, tracePath } from "../support/web_app.ts";

const GENERATIONS = "testdata/traces/go1.26/generations.trace";

async function services() {
  const data = await Deno.readFile(tracePath(GENERATIONS));
  const t = await parseTrace(data);
  const s = summarizeWhole(t);
  const whole = new TimelineService(t, () => Promise.resolve(s));
  // Room for half the whole model: parts of a quarter of the events.
  const budget = t.validCount * MODEL_BYTES_PER_EVENT / 2;
  const parted = new TimelineService(t, () => Promise.resolve(s), SPLIT_MAX, budget);
  const reversed = new TimelineService(t, () => Promise.resolve(s), SPLIT_MAX, budget);
  return { t, whole, parted, reversed, budget };
}

// The slices, instants and arrows a model shows strictly within [t0, t1), as sorted text.
function shown(m: TimelineModel, t0: number, t1: number): string[] {
  const lane = (l: number) => m.lanes[l] ? `${m.lanes[l].section}:${m.lanes[l].tid}` : "none";
  const out: string[] = [];
  const s = m.slices;
  for (let i = 0; i < s.start.length; i++) {
    if (s.start[i] < t0 || s.end[i] >= t1) continue;
    out.push(
      `slice ${lane(s.lane[i])} ${s.start[i]} ${s.end[i]} ${m.names[s.name[i]]} ${s.kind[i]} ` +
        `g${s.g[i]} stk${s.stk[i]} e${s.event[i]}`,
    );
  }
  const n = m.instants;
  for (let i = 0; i < n.ts.length; i++) {
    if (n.ts[i] < t0 || n.ts[i] >= t1) continue;
    out.push(`instant ${lane(n.lane[i])} ${n.ts[i]} ${m.names[n.name[i]]} e${n.event[i]}`);
  }
  const a = m.arrows;
  for (let i = 0; i < a.start.length; i++) {
    if (a.start[i] < t0 || a.end[i] >= t1) continue;
    out.push(`arrow ${lane(a.from[i])} ${lane(a.to[i])} ${a.start[i]} ${a.end[i]}`);
  }
  return out.sort();
}

Deno.test("each part of a timeline shows what the whole timeline shows within its times", async () => {
  const { whole, parted, reversed } = await services();
  assert.equal(whole.parts.length, 1);
  const parts = parted.parts;
  assert.ok(parts.length >= 3, `${parts.length} parts`);
  for (let k = 1; k < parts.length; k++) {
    assert.equal(parts[k].firstEvent, parts[k - 1].endEvent, "parts follow each other");
    assert.equal(parts[k].firstBlock, parts[k - 1].endBlock);
  }
  for (const mode of ["proc", "thread", "goroutine"] as ViewMode[]) {
    const w = await whole.model(mode);
    let total = 0;
    for (const p of parts) {
      const m = await parted.model(mode, p.index);
      const got = shown(m, p.startTime, p.endTime);
      const want = shown(w, p.startTime, p.endTime);
      assert.ok(want.length > 100, `${mode} part ${p.index}: ${want.length} items`);
      assert.deepEqual(got, want, `${mode} part ${p.index}`);
      total += want.length;
      // Built in the other order, each part resumes from another run's snapshot.
      const r = await reversed.model(mode, parts.length - 1 - p.index);
      const q = parts[parts.length - 1 - p.index];
      assert.deepEqual(
        shown(r, q.startTime, q.endTime),
        shown(w, q.startTime, q.endTime),
        `${mode} part ${q.index}, resumed`,
      );
      // What spans the part's edges is shown too, cut at its end.
      for (let i = 0; i < m.slices.start.length; i++) {
        assert.ok(m.slices.end[i] >= p.startTime && m.slices.start[i] <= p.endTime);
      }
    }
    assert.ok(total > 0.9 * shown(w, 0, Infinity).length, `${mode}: the parts show nearly all`);
  }
});

Deno.test("the parts held at once fit the timeline's budget; others are built again alike", async () => {
  const { parted, budget } = await services();
  const parts = parted.parts;
  for (const p of parts) {
    assert.ok((p.endEvent - p.firstEvent) * MODEL_BYTES_PER_EVENT <= budget / PARTS_HELD);
  }
  const window = async (k: number) => {
    const v = await parted.view(new URLSearchParams(`view=proc&part=${k}`));
    assert.equal(v.parts?.index, k);
    assert.deepEqual(v.initial, { t0: parts[k].startTime, t1: parts[k].endTime });
    return windowQuery(v, {
      t0: parts[k].startTime,
      t1: parts[k].endTime,
      px: (parts[k].endTime - parts[k].startTime) / 1000,
      lanes: v.lanes.map((_, i) => i),
      arrows: true,
      counters: true,
    });
  };
  const first = await window(0);
  const frame = decodeWire(
    first.buffer.slice(first.byteOffset, first.byteOffset + first.byteLength) as ArrayBuffer,
  );
  assert.ok(frame.columns.get("span.start")!.length > 10);
  for (let k = 1; k < parts.length; k++) await window(k);
  const held = parts.filter((p) => parted.holds("proc", p.index)).length;
  assert.ok(held <= PARTS_HELD, `${held} parts held`);
  assert.equal(parted.holds("proc", 0), false, "the first part was dropped");
  assert.deepEqual(await window(0), first, "built again, the same answer");
});

Deno.test("the timeline's pages name the parts of a big trace and refuse a part that is not there", async () => {
  const data = await Deno.readFile(tracePath(GENERATIONS));
  const trace = await parseTrace(data);
  const budget = trace.validCount * MODEL_BYTES_PER_EVENT / 2;
  const app = createApp({ trace, file: GENERATIONS, timelineBytes: budget });
  const boot = await (await get(app, "/api/trace?view=thread&part=2")).json();
  assert.equal(boot.parts.index, 2);
  assert.ok(boot.parts.list.length >= 3);
  assert.equal(boot.startTime, boot.parts.list[2].t0);
  assert.equal(boot.endTime, boot.parts.list[2].t1);
  assert.match(boot.parts.list[2].name, /^[0-9.]+s–[0-9.]+s$/);
  const bad = await get(app, "/api/trace?view=proc&part=99");
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /part=99/);
  // The overview links every part of both views (and no Go split ranges, which would
  // need the whole trace's model).
  const overview = await (await get(app, "/api/summary")).json();
  const hrefs = overview.timelines.map((l: { href: string }) => l.href);
  assert.deepEqual(
    hrefs,
    ["proc", "thread"].flatMap((v) =>
      boot.parts.list.map((_: unknown, k: number) => `/trace?view=${v}&part=${k}`)
    ),
  );
  // A goroutine's view opens on the part where the goroutine starts.
  const s = summarizeWhole(trace);
  for (const g of s.goroutines.filter((g) => g.startTime !== null).slice(-3)) {
    const gv = await (await get(app, `/api/trace?goid=${g.id}`)).json();
    const k = gv.parts.index;
    assert.ok(gv.parts.list[k].t0 <= g.startTime! && g.startTime! <= gv.parts.list[k].t1);
    assert.equal(gv.initial.t0, g.startTime);
  }
});

Deno.test("a time belongs to the last part starting by then", () => {
  const part = (index: number, startTime: number, endTime: number): TimelinePart => ({
    index,
    firstEvent: 0,
    endEvent: 0,
    firstBlock: 0,
    endBlock: 0,
    startTime,
    endTime,
  });
  const parts = [part(0, 0, 99), part(1, 100, 199), part(2, 200, 299)];
  assert.deepEqual([0, 99, 100, 150, 200, 1000].map((t) => partAt(parts, t)), [0, 0, 1, 1, 2, 2]);
  assert.equal(partLabel(part(0, 2_500_000_000, 12_340_000_000)), "2.500s–12.34s");
});
