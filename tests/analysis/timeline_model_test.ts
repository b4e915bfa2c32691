// The timeline's tables and queries: the viewer's model holds exactly the slices of Go's
// JSON; window queries return every span when zoomed in and merge sub-pixel ones into
// blocks that keep their busy time and count; selection totals are the clipped sums;
// split sizes are the bytes Go's encoder writes; the wire format round-trips; Go's
// "#start:end" hashes (relative, and the MMU page's absolute ones) name the right window.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import {
  defaultGenOptions,
  generate,
  type ViewMode,
} from "../../server/core/timeline/generator.ts";
import { ModelBuilder, type TimelineModel } from "../../server/core/timeline/model.ts";
import { eventJSON, frameJSON, JSONTraceWriter } from "../../server/core/timeline/json.ts";
import { TraceSplitter } from "../../server/core/timeline/split.ts";
import { SpanOut } from "../../server/core/timeline/lod.ts";
import { TimelineService } from "../../server/core/timeline/service.ts";
import { selectionStats } from "../../server/core/timeline/inspect.ts";
import { SLICE_CLASS_NAMES } from "../../server/core/timeline/model.ts";
import { encodeWire } from "../../server/core/timeline/wire.ts";
import { summarizeWhole } from "../../server/core/summary/summary.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";
import { decodeWire } from "../../web/timeline/wire.ts";
import { formatHash, parseHash } from "../../web/timeline/viewport.ts";
import { tracePath } from "../support/web_app.ts";
import type { ViewerEvent } from "../../server/core/timeline/event.ts";

const GC = "testdata/traces/go1.26/gc.trace";
const SERVICE = "testdata/traces/go1.26/service.trace";

const load = async (rel: string) => parseTrace(await Deno.readFile(tracePath(rel)));

function modelOf(t: Awaited<ReturnType<typeof load>>, mode: ViewMode): Promise<TimelineModel> {
  const b = new ModelBuilder(mode, t.time[t.validCount - 1]);
  generate(t, b, defaultGenOptions(mode));
  return b.build();
}

Deno.test("the viewer's model holds exactly the slices and instants of Go's JSON, lane by lane", async () => {
  const t = await load(SERVICE);
  for (const mode of ["proc", "thread", "goroutine"] as const) {
    const m = await modelOf(t, mode);
    let json = "";
    generate(t, new JSONTraceWriter((c) => (json += c)), defaultGenOptions(mode));
    const doc = JSON.parse(json) as { traceEvents: Record<string, number | string>[] };
    const want = new Map<string, number>();
    for (const e of doc.traceEvents) {
      if (e.ph === "X" || e.ph === "I") {
        const k = `${e.ph}:${e.tid}`;
        want.set(k, (want.get(k) ?? 0) + 1);
      }
    }
    const got = new Map<string, number>();
    m.lanes.forEach((l) => {
      const slices = l.rows.reduce((n, r) => n + r.count, 0);
      if (slices) got.set(`X:${l.tid}`, slices);
      if (l.instCount) got.set(`I:${l.tid}`, l.instCount);
    });
    assert.deepEqual([...got].sort(), [...want].sort(), mode);
  }
});

Deno.test("the model names each string once: goroutine names by name key, others by value", async () => {
  for (const rel of [SERVICE, GC, "testdata/traces/go1.26/annotations.trace"]) {
    const t = await load(rel);
    for (const mode of ["proc", "thread", "goroutine"] as const) {
      const m = await modelOf(t, mode);
      assert.equal(new Set(m.names).size, m.names.length, `${rel} ${mode}: a name stored twice`);
      // Every slice's name id points at a name, and goroutine execution slices at "G<id> …".
      const exec = m.slices.name.filter((_, k) => m.slices.kind[k] === 0);
      assert.ok(exec.length > 0);
      for (const id of exec) assert.match(m.names[id], /^G\d+/);
    }
  }
});

Deno.test("window queries return every span when zoomed in, and blocks that keep busy time and count when not", async () => {
  const t = await load(SERVICE);
  const m = await modelOf(t, "proc");
  const s = m.slices;
  let rows = 0;
  for (const lane of m.lanes) {
    for (const row of lane.rows) {
      rows++;
      const t0 = s.start[row.first], t1 = s.end[row.first + row.count - 1];
      // At 1 ns per pixel nothing merges.
      const fine = new SpanOut();
      row.index.query(t0, t1, 1e-3, 0, fine);
      assert.equal(fine.length, row.count);
      for (let k = 0; k < fine.length; k++) assert.equal(fine.rep.get(k), row.first + k);
      // At a thousand pixels across, blocks hold all spans and their busy time.
      const px = (t1 - t0) / 1000;
      const coarse = new SpanOut();
      row.index.query(t0, t1, px, 0, coarse);
      let count = 0, busy = 0;
      for (let k = 0; k < coarse.length; k++) {
        count += coarse.count.get(k);
        busy += coarse.busy.get(k);
      }
      assert.equal(count, row.count);
      const total = row.cum[row.count];
      assert.ok(Math.abs(busy - total) <= 1e-9 * Math.max(1, total), `busy ${busy} vs ${total}`);
      // Few entries per pixel.
      assert.ok(coarse.length <= 2 * 1000 + 2, `${coarse.length} entries for 1000 px`);
    }
  }
  assert.ok(rows > 3);
});

Deno.test("selection totals are the slice durations clipped to the selection", async () => {
  const t = await load(GC);
  const svc = new TimelineService(t, () => Promise.resolve(summarizeWhole(t)));
  const view = await svc.view(new URLSearchParams());
  const end = view.endTime;
  const t0 = end * 0.3, t1 = end * 0.55;
  const lanes = view.lanes.map((_, i) => i);
  const stats = selectionStats(view, t0, t1, lanes);
  const s = view.base.slices;
  const want = new Map<string, { total: number; count: number }>();
  for (let k = 0; k < s.start.length; k++) {
    if (s.end[k] <= t0 || s.start[k] >= t1) continue;
    const name = SLICE_CLASS_NAMES[s.cls[k]];
    const e = want.get(name) ?? { total: 0, count: 0 };
    e.total += Math.min(s.end[k], t1) - Math.max(s.start[k], t0);
    e.count++;
    want.set(name, e);
  }
  assert.equal(stats.classes.length, want.size);
  for (const c of stats.classes) {
    const w = want.get(c.name)!;
    assert.equal(c.count, w.count, c.name);
    assert.ok(
      Math.abs(c.total - w.total) < 1e-6 * w.total + 1e-6,
      `${c.name}: ${c.total} vs ${w.total}`,
    );
  }
  assert.ok(stats.goroutines && stats.goroutines.length > 0);
  const running = stats.classes.find((c) => c.name === "Running")!;
  const perG = stats.goroutines!.reduce((n, g) => n + g.total, 0);
  assert.ok(Math.abs(perG - running.total) < 1e-6 * running.total);
});

// Go's SplittingTraceConsumer, written out over the JSON text itself.
function goSplit(
  events: { json: string; ts: number; frames: number[] }[],
  frames: Map<number, { name: string; parent: number }>,
  required: number,
  max: number,
) {
  const enc = new TextEncoder();
  const ranges: { start: number; end: number; name: string }[] = [];
  let start = 0, eventsSize = 0, framesSize = 0;
  let seen = new Set<number>();
  const frameSize = (id: number) => {
    const f = frames.get(id)!;
    let n = '"'.length + '":{"name":"'.length + '"},'.length + enc.encode(f.name).length +
      String(id).length;
    if (f.parent > 0) n += ',"parent":'.length + String(f.parent).length;
    return n;
  };
  const time = (ts: number) => Math.trunc(ts / 1000 * 1000);
  events.forEach((e, i) => {
    eventsSize += enc.encode(e.json).length + 2;
    for (const id of e.frames) {
      if (seen.has(id)) continue;
      seen.add(id);
      framesSize += frameSize(id);
    }
    if (required + framesSize + eventsSize < max) return;
    ranges.push({
      start,
      end: i + 1,
      name: `${formatDuration(time(events[start].ts))}-${formatDuration(time(e.ts))}`,
    });
    start = i + 1;
    seen = new Set();
    framesSize = eventsSize = 0;
  });
  if (ranges.length <= 1) return [];
  const end = events.length - 1;
  if (start < end) {
    ranges.push({
      start,
      end,
      name: `${formatDuration(time(events[start].ts))}-${formatDuration(time(events[end].ts))}`,
    });
  }
  return ranges;
}

Deno.test("split ranges follow the bytes Go's encoder would write, frames included", async () => {
  const t = await load(SERVICE);
  const frames = new Map<number, { name: string; parent: number }>();
  const events: { json: string; ts: number; frames: number[] }[] = [];
  const walk = (id: number, out: number[]) => {
    while (id !== 0 && frames.has(id)) {
      out.push(id);
      id = frames.get(id)!.parent;
    }
  };
  const recorder = {
    wantsFrames: true,
    frame: (id: number, name: string, parent: number) => void frames.set(id, { name, parent }),
    event(e: ViewerEvent, required: boolean) {
      if (required) return;
      const f: number[] = [];
      walk(e.sf, f);
      walk(e.esf, f);
      events.push({ json: eventJSON(e), ts: e.ts, frames: f });
    },
    flush() {},
  };
  generate(t, recorder, defaultGenOptions("proc"));
  const required = 1234;
  for (const max of [20_000, 100_000, 400_000]) {
    const splitter = new TraceSplitter(required, max);
    generate(t, splitter, defaultGenOptions("proc"));
    const want = goSplit(events, frames, required, max);
    assert.ok(want.length > 1, `${max}: the trace splits`);
    assert.deepEqual(
      splitter.ranges.map((r) => ({ start: r.start, end: r.end, name: r.name })),
      want,
    );
  }
  assert.equal(frameJSON("a", 0), `{"name":"a"}`);
});

Deno.test("window frames round-trip through the binary wire format", () => {
  const cols: [string, Float64Array | Uint32Array | Int32Array | Uint8Array][] = [
    ["a", Float64Array.of(1.5, -2, 1e300)],
    ["b", Uint32Array.of(7, 0xffffffff)],
    ["c", Uint8Array.of(1, 2, 3)],
    ["d", Int32Array.of(-5)],
    ["e", new Float64Array(0)],
  ];
  const bytes = encodeWire({ names: ["<x>", "G1 main.main"] }, cols);
  const { header, columns } = decodeWire(bytes.buffer as ArrayBuffer);
  assert.deepEqual(header.names, ["<x>", "G1 main.main"]);
  for (const [k, v] of cols) assert.deepEqual([...columns.get(k)!], [...v], k);
});

Deno.test("Go's #startMs:endMs hash names a window since the trace start, MMU's absolute one too", () => {
  const end = 80e6, base = 2342215.020672;
  assert.deepEqual(parseHash("#1.5:2.25", end, base), [1.5e6, 2.25e6]);
  const abs = parseHash(`#${base + 10}:${base + 12}`, end, base)!;
  assert.ok(Math.abs(abs[0] - 10e6) < 1 && Math.abs(abs[1] - 12e6) < 1, String(abs));
  assert.equal(parseHash("#junk", end, base), null);
  assert.equal(formatHash(1.5e6, 2.25e6), "#1.5:2.25");
});

Deno.test("a split range's link opens the timeline on that range's time span", async () => {
  const t = await load(SERVICE);
  const svc = new TimelineService(t, () => Promise.resolve(summarizeWhole(t)), 200_000);
  const ranges = await svc.splitRanges();
  assert.ok(ranges.length > 2, "the trace splits at 200 kB");
  for (const r of ranges) {
    const view = await svc.view(new URLSearchParams(`view=proc&start=${r.start}&end=${r.end}`));
    assert.deepEqual(view.initial, { t0: r.spanStart, t1: r.spanEnd }, r.name);
    assert.ok(r.spanStart <= Math.min(r.startTime, r.endTime), r.name);
    assert.ok(r.spanEnd >= Math.max(r.startTime, r.endTime), r.name);
  }
  // /jsontrace with a range's start/end writes Go's events of that range (Go's end is
  // inclusive), plus metadata; they lie in the range's span.
  let json = "";
  const r = ranges[1];
  const stream = await svc.jsonStream(new URLSearchParams(`start=${r.start}&end=${r.end}`));
  for await (const chunk of stream) json += new TextDecoder().decode(chunk);
  const events = (JSON.parse(json) as { traceEvents: { ph: string; ts: number }[] })
    .traceEvents.filter((e) => e.ph !== "M");
  assert.equal(events.length, r.end - r.start + 1);
  for (const e of events.slice(0, -1)) {
    assert.ok(e.ts * 1000 >= r.spanStart - 1 && e.ts * 1000 <= r.spanEnd + 1, String(e.ts));
  }
});
