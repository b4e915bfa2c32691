// What the server sent for a window (spans, density blocks, instants, arrows, counters),
// indexed by lane and row for drawing and hit testing; and the fetcher that keeps one
// such window around the visible one: it asks for three screen widths at screen
// resolution, one request at a time, and only when the view has left what it holds.

import { decodeWire } from "./wire.ts";
import {
  counterColumn,
  groupOf,
  type WindowHeader,
  type WireColumns,
} from "../../server/core/contract/timeline.ts";

/** The window's spans, instants and arrows: the frame's columns by field. */
export type Spans = WireColumns<"span">;
export type Instants = WireColumns<"inst">;
export type Arrows = WireColumns<"arrow">;

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
    const { header: h, columns } = decodeWire(buf);
    const header = h as unknown as WindowHeader;
    const col = (k: string) => columns.get(k) as Float64Array | undefined;
    this.names = header.names;
    this.spans = groupOf("span", columns) as Spans;
    this.instants = groupOf("inst", columns) as Instants;
    const arrows = groupOf("arrow", columns);
    this.arrows = arrows.from ? arrows as Arrows : null;
    this.arrowsOmitted = header.arrowsOmitted ?? 0;
    const meta = header.counters ?? [];
    this.counters = meta.map((m, n) => ({
      name: m.name,
      fields: m.fields,
      ts: col(counterColumn.ts(n))!,
      max: m.fields.map((_, k) => col(counterColumn.max(n, k))!),
      // Absent for raw samples (each is its own last value).
      last: m.fields.map((_, k) => col(counterColumn.last(n, k)) ?? col(counterColumn.max(n, k))!),
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
