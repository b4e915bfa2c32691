// What the server sent for a window (spans, density blocks, instants, arrows, counters),
// indexed by lane and row for drawing and hit testing; and the fetcher that keeps one
// such window around the visible one: it asks for three screen widths at screen
// resolution, one request at a time, and only when the view has left what it holds.

import { decodeWire, type WireArray } from "./wire.ts";

export interface Spans {
  lane: Uint32Array;
  row: Uint32Array;
  start: Float64Array;
  end: Float64Array;
  busy: Float64Array;
  count: Uint32Array;
  name: Uint32Array;
  kind: Uint8Array;
  cls: Uint8Array;
  g: Float64Array;
  src: Uint8Array;
  id: Uint32Array;
}

export interface Instants {
  lane: Uint32Array;
  start: Float64Array;
  end: Float64Array;
  count: Uint32Array;
  name: Uint32Array;
  kind: Uint8Array;
  src: Uint8Array;
  id: Uint32Array;
}

export interface Arrows {
  from: Int32Array;
  to: Int32Array;
  start: Float64Array;
  end: Float64Array;
  name: Uint32Array;
}

export interface CounterData {
  name: string;
  fields: string[];
  ts: Float64Array;
  max: Float64Array[];
  last: Float64Array[];
}

export interface WindowRequest {
  t0: number;
  t1: number;
  px: number;
  laneFrom: number;
  laneTo: number;
  arrows: boolean;
  /** The selection whose arrows are asked for (null: all in the window). */
  arrowsIn: { t0: number; t1: number } | null;
}

export class WindowData {
  readonly names: string[];
  readonly spans: Spans;
  readonly instants: Instants;
  readonly arrows: Arrows | null;
  readonly arrowsOmitted: number;
  readonly counters: CounterData[];
  /** Per lane * 4096 + row: [first, end) into spans (sorted by start within). */
  readonly rowRanges = new Map<number, [number, number]>();
  /** Per lane: [first, end) into instants. */
  readonly instRanges = new Map<number, [number, number]>();

  constructor(readonly req: WindowRequest, buf: ArrayBuffer) {
    const { header, columns } = decodeWire(buf);
    const col = <A extends WireArray>(k: string) => columns.get(k) as A;
    this.names = header.names as string[];
    this.spans = {
      lane: col("span.lane"),
      row: col("span.row"),
      start: col("span.start"),
      end: col("span.end"),
      busy: col("span.busy"),
      count: col("span.count"),
      name: col("span.name"),
      kind: col("span.kind"),
      cls: col("span.cls"),
      g: col("span.g"),
      src: col("span.src"),
      id: col("span.id"),
    };
    this.instants = {
      lane: col("inst.lane"),
      start: col("inst.start"),
      end: col("inst.end"),
      count: col("inst.count"),
      name: col("inst.name"),
      kind: col("inst.kind"),
      src: col("inst.src"),
      id: col("inst.id"),
    };
    this.arrows = columns.has("arrow.from")
      ? {
        from: col("arrow.from"),
        to: col("arrow.to"),
        start: col("arrow.start"),
        end: col("arrow.end"),
        name: col("arrow.name"),
      }
      : null;
    this.arrowsOmitted = (header.arrowsOmitted as number) ?? 0;
    const meta = (header.counters as { name: string; fields: string[] }[]) ?? [];
    this.counters = meta.map((m, n) => ({
      name: m.name,
      fields: m.fields,
      ts: col(`counter.${n}.ts`),
      max: m.fields.map((_, k) => col<Float64Array>(`counter.${n}.max.${k}`)),
      // Absent for raw samples (each is its own last value).
      last: m.fields.map((_, k) =>
        col<Float64Array>(`counter.${n}.last.${k}`) ?? col<Float64Array>(`counter.${n}.max.${k}`)
      ),
    }));
    const s = this.spans;
    for (let i = 0; i < s.lane.length;) {
      const key = s.lane[i] * 4096 + s.row[i];
      let j = i + 1;
      while (j < s.lane.length && s.lane[j] === s.lane[i] && s.row[j] === s.row[i]) j++;
      this.rowRanges.set(key, [i, j]);
      i = j;
    }
    const ins = this.instants;
    for (let i = 0; i < ins.lane.length;) {
      let j = i + 1;
      while (j < ins.lane.length && ins.lane[j] === ins.lane[i]) j++;
      this.instRanges.set(ins.lane[i], [i, j]);
      i = j;
    }
  }

  /** Whether this data can draw the window at this resolution without looking coarse. */
  covers(
    t0: number,
    t1: number,
    px: number,
    laneFrom: number,
    laneTo: number,
    arrows: boolean,
    arrowsIn: { t0: number; t1: number } | null,
  ) {
    const r = this.req;
    const sameArrows = !arrows ||
      (r.arrows && r.arrowsIn?.t0 === arrowsIn?.t0 && r.arrowsIn?.t1 === arrowsIn?.t1);
    return t0 >= r.t0 && t1 <= r.t1 && px >= r.px / 2.5 && px <= r.px * 2.5 &&
      laneFrom >= r.laneFrom && laneTo <= r.laneTo && sameArrows;
  }
}

/** First index in [a, b) whose end is >= t (ends sorted within a row). */
export function firstEndingAfter(end: Float64Array, a: number, b: number, t: number): number {
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (end[mid] < t) a = mid + 1;
    else b = mid;
  }
  return a;
}

export class WindowFetcher {
  current: WindowData | null = null;
  #busy = false;
  #want: WindowRequest | null = null;
  /** Time the last response took (ms), for the status line. */
  lastMs = 0;
  error = "";

  constructor(readonly query: string, readonly onData: () => void) {}

  /** Makes sure data for the visible window is (being) fetched. */
  ensure(
    t0: number,
    t1: number,
    px: number,
    laneFrom: number,
    laneTo: number,
    arrows: boolean,
    arrowsIn: { t0: number; t1: number } | null = null,
  ) {
    if (this.current?.covers(t0, t1, px, laneFrom, laneTo, arrows, arrowsIn)) return;
    const span = t1 - t0;
    this.#want = {
      t0: t0 - span,
      t1: t1 + span,
      px,
      laneFrom: Math.max(0, laneFrom - 8),
      laneTo: laneTo + 8,
      arrows,
      arrowsIn: arrows ? arrowsIn : null,
    };
    if (!this.#busy) void this.#fetch();
  }

  async #fetch(): Promise<void> {
    const req = this.#want;
    if (!req) return;
    this.#want = null;
    this.#busy = true;
    const started = performance.now();
    try {
      const p = new URLSearchParams(this.query);
      p.set("t0", String(req.t0));
      p.set("t1", String(req.t1));
      p.set("px", String(req.px));
      p.set("lanes", `${req.laneFrom}-${req.laneTo}`);
      if (req.arrows) p.set("arrows", "1");
      if (req.arrowsIn) p.set("arrowsin", `${req.arrowsIn.t0}:${req.arrowsIn.t1}`);
      const res = await fetch(`/api/timeline/window?${p}`);
      if (!res.ok) throw new Error(`${res.status}: ${(await res.text()).trim()}`);
      this.current = new WindowData(req, await res.arrayBuffer());
      this.error = "";
      this.lastMs = performance.now() - started;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.#busy = false;
    }
    this.onData();
    if (this.#want) void this.#fetch();
  }
}
