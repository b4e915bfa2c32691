// What one /trace URL shows: the lanes of a base model (proc, thread or goroutine
// view), filtered and ordered as Go would for goid/taskid, with the task lanes and region
// rows of a focus task laid over them, the counters, and the window to open on. Lanes may
// draw rows from two models (base and task overlay); a "source" names which. No Deno APIs.

import type { LaneKind, TimelineModel } from "./model.ts";
import type { TimelineRequest } from "./params.ts";
import type { TimelinePart } from "./parts.ts";

/** A model and one of its lanes. */
export interface LaneSource {
  src: number;
  lane: number;
}

export interface ViewLane {
  name: string;
  kind: LaneKind;
  tid: number;
  /** Goroutine id of a goroutine lane (-1 otherwise). */
  goroutine: number;
  sources: LaneSource[];
}

export class TimelineView {
  readonly lanes: ViewLane[];
  /** Lane of each goroutine id shown as a lane (goroutine views). */
  readonly laneOfGoroutine = new Map<number, number>();
  /** The goroutines that get lanes (null: all). */
  readonly laneGoroutines: Set<number> | null;

  constructor(
    /** models[0] is the base; models[1], if any, the task overlay. */
    readonly models: TimelineModel[],
    readonly req: TimelineRequest,
    /** The window to open on (ns since the first event). */
    readonly initial: { t0: number; t1: number },
    readonly title: string,
    /** The trace's parts and the one shown, when the timeline is in parts (parts.ts). */
    readonly parts: { index: number; list: readonly TimelinePart[] } | null = null,
  ) {
    this.laneGoroutines = req.laneGoroutines ?? req.opts.goroutines;
    this.lanes = buildLanes(models, req, this.laneGoroutines);
    this.lanes.forEach((l, i) => {
      if (l.goroutine >= 0) this.laneOfGoroutine.set(l.goroutine, i);
    });
  }

  get base(): TimelineModel {
    return this.models[0];
  }

  get endTime(): number {
    return this.base.endTime;
  }

  /** Where the events shown start (a part's start; 0 for the whole trace). */
  get startTime(): number {
    return this.parts ? this.parts.list[this.parts.index].startTime : 0;
  }

  /** View lane index of a model lane, -1 if not shown. */
  viewLaneOf(src: number, lane: number): number {
    const m = (this.#reverse ??= this.#buildReverse());
    return m[src]?.[lane] ?? -1;
  }

  #reverse?: Int32Array[];
  #buildReverse(): Int32Array[] {
    const out = this.models.map((m) => new Int32Array(m.lanes.length).fill(-1));
    this.lanes.forEach((l, i) => {
      for (const s of l.sources) out[s.src][s.lane] = i;
    });
    return out;
  }
}

function buildLanes(
  models: TimelineModel[],
  req: TimelineRequest,
  filter: Set<number> | null,
): ViewLane[] {
  const base = models[0];
  const overlay = models[1];
  const focus = req.opts.focusGoroutine;
  const lanes: ViewLane[] = [];
  // Task lanes first (Go's TASKS section sorts above the procs).
  if (overlay) {
    overlay.lanes.forEach((l, i) => {
      if (l.kind === "task") {
        lanes.push({
          name: l.name,
          kind: "task",
          tid: l.tid,
          goroutine: -1,
          sources: [{ src: 1, lane: i }],
        });
      }
    });
  }
  // Region rows of the overlay, by goroutine.
  const regionLane = new Map<number, number>();
  if (overlay) {
    overlay.lanes.forEach((l, i) => {
      if (l.kind === "goroutine" && l.rows.length > 0) regionLane.set(l.tid, i);
    });
  }
  const picked: ViewLane[] = [];
  base.lanes.forEach((l, i) => {
    if (filter && l.kind === "goroutine" && !filter.has(l.tid)) return;
    // Go's filtered views drop what happens on the special lanes; keep only the GC lane,
    // whose phases put the goroutines' activity in context.
    if (filter && l.kind !== "goroutine" && l.kind !== "gc") return;
    const sources: LaneSource[] = [{ src: 0, lane: i }];
    const r = l.kind === "goroutine" ? regionLane.get(l.tid) : undefined;
    if (r !== undefined) sources.push({ src: 1, lane: r });
    picked.push({
      name: l.name,
      kind: l.kind,
      tid: l.tid,
      goroutine: l.kind === "goroutine" ? l.tid : -1,
      sources,
    });
  });
  // The focus goroutine goes on top of the goroutine lanes (Go's sort index -2).
  if (focus > 0) {
    const k = picked.findIndex((l) => l.goroutine === focus);
    if (k > 0) {
      const [f] = picked.splice(k, 1);
      const firstG = picked.findIndex((l) => l.kind === "goroutine");
      picked.splice(firstG < 0 ? picked.length : firstG, 0, f);
    }
  }
  return lanes.concat(picked);
}
