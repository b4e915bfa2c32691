// Window queries over a TimelineView: the spans, density blocks, instants, flow arrows
// and counter samples of the requested lanes in [t0, t1] at a given ns-per-pixel, encoded
// with timeline_wire.ts. Each lane row is answered from its levels of detail, so the cost
// follows the pixels on screen rather than the events in the window. No Deno APIs.

import { f64, i32, u32, u8 } from "./columns.ts";
import { SpanOut } from "./lod.ts";
import type { CounterSeries } from "./model.ts";
import type { TimelineView } from "./view.ts";
import { encodeWire, type WireArray } from "./wire.ts";

export interface WindowRequest {
  t0: number;
  t1: number;
  /** ns per pixel. */
  px: number;
  /** View lane indexes. */
  lanes: number[];
  arrows: boolean;
  counters: boolean;
}

/** At most this many arrows are sent; beyond, only their number. */
const MAX_ARROWS = 4000;

// Names referenced by a response, numbered locally.
class NameTable {
  readonly names: string[] = [];
  #ids = [new Map<number, number>(), new Map<number, number>()];
  id(view: TimelineView, src: number, name: number): number {
    const m = this.#ids[src];
    let id = m.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(view.models[src].names[name]);
      m.set(name, id);
    }
    return id;
  }
}

export function windowQuery(view: TimelineView, q: WindowRequest): Uint8Array {
  const names = new NameTable();
  const columns: [string, WireArray][] = [];
  const header: Record<string, unknown> = { t0: q.t0, t1: q.t1, px: q.px };

  // Spans, lane by lane and row by row (a lane's rows: base rows, then overlay rows).
  const sLane = u32(), sRow = u32(), sStart = f64(), sEnd = f64(), sBusy = f64();
  const sCount = u32(), sName = u32(), sKind = u8(), sCls = u8(), sG = f64(), sSrc = u8();
  const sId = u32();
  const iLane = u32(), iStart = f64(), iEnd = f64(), iCount = u32(), iName = u32();
  const iKind = u8(), iSrc = u8(), iId = u32();
  const out = new SpanOut();
  for (const vl of q.lanes) {
    const lane = view.lanes[vl];
    if (!lane) continue;
    let rowBase = 0;
    for (const { src, lane: ml } of lane.sources) {
      const m = view.models[src];
      const L = m.lanes[ml];
      const sl = m.slices;
      L.rows.forEach((row, r) => {
        const before = out.length;
        row.index.query(q.t0, q.t1, q.px, rowBase + r, out);
        for (let k = before; k < out.length; k++) {
          const rep = out.rep.get(k);
          sLane.push(vl);
          sRow.push(out.row.get(k));
          sStart.push(out.start.get(k));
          sEnd.push(out.end.get(k));
          sBusy.push(out.busy.get(k));
          sCount.push(out.count.get(k));
          sName.push(names.id(view, src, sl.name[rep]));
          sKind.push(sl.kind[rep]);
          sCls.push(sl.cls[rep]);
          sG.push(sl.g[rep]);
          sSrc.push(src);
          sId.push(rep);
        }
      });
      rowBase += L.rows.length;
      if (L.instIndex) {
        const io = new SpanOut();
        L.instIndex.query(q.t0, q.t1, q.px, 0, io);
        const inst = m.instants;
        for (let k = 0; k < io.length; k++) {
          const rep = io.rep.get(k);
          iLane.push(vl);
          iStart.push(io.start.get(k));
          iEnd.push(io.end.get(k));
          iCount.push(io.count.get(k));
          iName.push(names.id(view, src, inst.name[rep]));
          iKind.push(inst.kind[rep]);
          iSrc.push(src);
          iId.push(rep);
        }
      }
    }
  }
  columns.push(
    ["span.lane", sLane.finish()],
    ["span.row", sRow.finish()],
    ["span.start", sStart.finish()],
    ["span.end", sEnd.finish()],
    ["span.busy", sBusy.finish()],
    ["span.count", sCount.finish()],
    ["span.name", sName.finish()],
    ["span.kind", sKind.finish()],
    ["span.cls", sCls.finish()],
    ["span.g", sG.finish()],
    ["span.src", sSrc.finish()],
    ["span.id", sId.finish()],
    ["inst.lane", iLane.finish()],
    ["inst.start", iStart.finish()],
    ["inst.end", iEnd.finish()],
    ["inst.count", iCount.finish()],
    ["inst.name", iName.finish()],
    ["inst.kind", iKind.finish()],
    ["inst.src", iSrc.finish()],
    ["inst.id", iId.finish()],
  );
  if (q.arrows) header.arrowsOmitted = arrowColumns(view, q, names, columns);
  if (q.counters) header.counters = counterColumns(view.base.counters, q, columns);
  header.names = names.names;
  return encodeWire(header, columns);
}

// Arrows with an end in the window and an end on a requested lane, both ends shown.
function arrowColumns(
  view: TimelineView,
  q: WindowRequest,
  names: NameTable,
  columns: [string, WireArray][],
): number {
  const want = new Set(q.lanes);
  const from = i32(), to = i32(), start = f64(), end = f64(), name = u32(), src = u8(), id = u32();
  let omitted = 0;
  const seen = new Set<number>();
  view.models.forEach((m, s) => {
    const a = m.arrows;
    const take = (k: number) => {
      const key = s * 2 ** 32 + k;
      if (seen.has(key)) return;
      seen.add(key);
      const f = view.viewLaneOf(s, a.from[k]), t = view.viewLaneOf(s, a.to[k]);
      if (f < 0 || t < 0 || (!want.has(f) && !want.has(t))) return;
      if (from.length >= MAX_ARROWS) {
        omitted++;
        return;
      }
      from.push(f);
      to.push(t);
      start.push(a.start[k]);
      end.push(a.end[k]);
      name.push(names.id(view, s, a.name[k]));
      src.push(s);
      id.push(k);
    };
    // By start within the window, then by end within the window.
    let lo = lowerBound(a.start, q.t0);
    for (let k = lo; k < a.start.length && a.start[k] <= q.t1; k++) take(k);
    lo = lowerBound(a.endSorted, q.t0);
    for (let k = lo; k < a.endSorted.length && a.endSorted[k] <= q.t1; k++) take(a.byEnd[k]);
  });
  columns.push(
    ["arrow.from", from.finish()],
    ["arrow.to", to.finish()],
    ["arrow.start", start.finish()],
    ["arrow.end", end.finish()],
    ["arrow.name", name.finish()],
    ["arrow.src", src.finish()],
    ["arrow.id", id.finish()],
  );
  return omitted;
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Counter samples in the window at about pixel resolution: per bucket the sample with
// the largest total and the last one; one sample before t0 carries the value in.
function counterColumns(
  series: CounterSeries[],
  q: WindowRequest,
  columns: [string, WireArray][],
): { name: string; fields: string[] }[] {
  const meta: { name: string; fields: string[] }[] = [];
  series.forEach((c, n) => {
    let ts = c.ts, max = c.values, last = c.values;
    for (const lv of c.levels) {
      if (lv.res <= q.px) {
        ts = lv.ts;
        max = lv.max;
        last = lv.last;
      }
    }
    let a = lowerBound(ts, q.t0);
    if (a > 0) a--;
    let b = lowerBound(ts, q.t1);
    if (b < ts.length) b++;
    columns.push([`counter.${n}.ts`, ts.slice(a, b)]);
    c.fields.forEach((_, k) => {
      columns.push([`counter.${n}.max.${k}`, max[k].slice(a, b)]);
      // Raw samples are their own last value: the client reuses "max".
      if (last !== max) columns.push([`counter.${n}.last.${k}`, last[k].slice(a, b)]);
    });
    meta.push({ name: c.name, fields: c.fields });
  });
  return meta;
}
