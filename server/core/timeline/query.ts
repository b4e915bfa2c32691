// Window queries over a TimelineView: the spans, density blocks, instants, flow arrows
// and counter samples of the requested lanes in [t0, t1] at a given ns-per-pixel, encoded
// with timeline_wire.ts. Each lane row is answered from its levels of detail, so the cost
// follows the pixels on screen rather than the events in the window. No Deno APIs.

import { f64, i32, lowerBound, u32, u8 } from "./columns.ts";
import { SpanOut } from "./lod.ts";
import type { CounterSeries } from "./model.ts";
import type { TimelineView } from "./view.ts";
import { encodeWire } from "./wire.ts";
import {
  type BootCounter,
  counterColumn,
  type WindowHeader,
  type WireArray,
  wireColumns,
} from "../contract/timeline.ts";

export interface WindowRequest {
  t0: number;
  t1: number;
  /** ns per pixel. */
  px: number;
  /** View lane indexes. */
  lanes: number[];
  arrows: boolean;
  /** Only arrows with an end in this range (a selection), when given. */
  arrowsIn?: [number, number];
  counters: boolean;
}

/**
 * Arrows are thinned to this many per pixel column (by where they start, or end when
 * they start before the window), so that zoomed out they spread over the whole window
 * instead of the first few thousand filling its start.
 */
export const ARROWS_PER_PX = 2;
/** At most this many arrows are sent; beyond, only their number. */
const MAX_ARROWS = 20000;

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
  const header: Omit<WindowHeader, "names" | "columns"> & { names?: string[] } = {
    t0: q.t0,
    t1: q.t1,
    px: q.px,
  };

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
    ...wireColumns("span", {
      lane: sLane.finish(),
      row: sRow.finish(),
      start: sStart.finish(),
      end: sEnd.finish(),
      busy: sBusy.finish(),
      count: sCount.finish(),
      name: sName.finish(),
      kind: sKind.finish(),
      cls: sCls.finish(),
      g: sG.finish(),
      src: sSrc.finish(),
      id: sId.finish(),
    }),
    ...wireColumns("inst", {
      lane: iLane.finish(),
      start: iStart.finish(),
      end: iEnd.finish(),
      count: iCount.finish(),
      name: iName.finish(),
      kind: iKind.finish(),
      src: iSrc.finish(),
      id: iId.finish(),
    }),
  );

  if (q.arrows) header.arrowsOmitted = arrowColumns(view, q, names, columns);
  if (q.counters) header.counters = counterColumns(view.base.counters, q, columns);
  header.names = names.names;
  return encodeWire(header, columns);
}

// Arrows with an end in the window (and in the selection, if any) and an end on a
// requested lane, both ends shown; at most ARROWS_PER_PX per pixel column.
function arrowColumns(
  view: TimelineView,
  q: WindowRequest,
  names: NameTable,
  columns: [string, WireArray][],
): number {
  const want = new Set(q.lanes);
  const from = i32(), to = i32(), start = f64(), end = f64(), name = u32(), src = u8(), id = u32();
  let omitted = 0;
  const [t0, t1] = q.arrowsIn
    ? [Math.max(q.t0, q.arrowsIn[0]), Math.min(q.t1, q.arrowsIn[1])]
    : [q.t0, q.t1];
  const columnsN = Math.max(1, Math.ceil((q.t1 - q.t0) / q.px));
  const perColumn = new Uint8Array(columnsN);
  const column = (time: number) =>
    Math.min(columnsN - 1, Math.max(0, Math.floor((time - q.t0) / q.px)));
  view.models.forEach((m, s) => {
    const a = m.arrows;
    // Whether arrow k is on the requested lanes with both ends shown; then takes it if
    // its pixel column has room.
    const take = (k: number, col: number): boolean => {
      const f = view.viewLaneOf(s, a.from[k]), t = view.viewLaneOf(s, a.to[k]);
      if (f < 0 || t < 0 || (!want.has(f) && !want.has(t))) return false;
      if (perColumn[col] >= ARROWS_PER_PX) return true;
      if (from.length >= MAX_ARROWS) {
        omitted++;
        return false;
      }
      perColumn[col]++;
      from.push(f);
      to.push(t);
      start.push(a.start[k]);
      end.push(a.end[k]);
      name.push(names.id(view, s, a.name[k]));
      src.push(s);
      id.push(k);
      return true;
    };
    // By start within the range: when a column is full, skip to the next column.
    let k = lowerBound(a.start, t0);
    while (k < a.start.length && a.start[k] <= t1) {
      const col = column(a.start[k]);
      take(k, col);
      if (perColumn[col] >= ARROWS_PER_PX) {
        k = Math.max(k + 1, lowerBound(a.start, q.t0 + (col + 1) * q.px));
      } else k++;
    }
    // Those starting before the range and ending in it, by end.
    for (let j = lowerBound(a.endSorted, t0); j < a.endSorted.length && a.endSorted[j] <= t1; j++) {
      const k = a.byEnd[j];
      if (a.start[k] >= t0) continue;
      take(k, column(a.end[k]));
    }
  });
  columns.push(
    ...wireColumns("arrow", {
      from: from.finish(),
      to: to.finish(),
      start: start.finish(),
      end: end.finish(),
      name: name.finish(),
      src: src.finish(),
      id: id.finish(),
    }),
  );

  return omitted;
}

// Counter samples in the window at about pixel resolution: per bucket the sample with
// the largest total and the last one; one sample before t0 carries the value in.
function counterColumns(
  series: CounterSeries[],
  q: WindowRequest,
  columns: [string, WireArray][],
): BootCounter[] {
  const meta: BootCounter[] = [];
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
    columns.push([counterColumn.ts(n), ts.slice(a, b)]);
    c.fields.forEach((_, k) => {
      // Sent as doubles whatever they are kept as (counts take 32 bits).
      columns.push([counterColumn.max(n, k), Float64Array.from(max[k].subarray(a, b))]);
      // Raw samples are their own last value: the client reuses "max".
      if (last !== max) {
        columns.push([counterColumn.last(n, k), Float64Array.from(last[k].subarray(a, b))]);
      }
    });
    meta.push({ name: c.name, fields: c.fields });
  });
  return meta;
}
