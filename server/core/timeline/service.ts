// The timeline of one trace: base models per view mode (built once, in steps so a server
// stays responsive), Go's split ranges (computed in the same pass as the proc model),
// task overlays and views per URL, and /jsontrace as a stream. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { Summary } from "../summary/summary.ts";
import { TeeSink, type ViewerSink } from "./event.ts";
import {
  defaultGenOptions,
  generateOver,
  generateSteps,
  type GenOptions,
  type GenSnapshot,
  type ViewMode,
} from "./generator.ts";
import { JSONTraceWriter } from "./json.ts";
import { ModelBuilder, type TimelineModel } from "./model.ts";
import { TimelineParamError, type TimelineRequest, timelineRequest } from "./params.ts";
import {
  maxProcOf,
  requiredSizeForProcView,
  SPLIT_MAX,
  type SplitRange,
  TraceSplitter,
} from "./split.ts";
import { TimelineView } from "./view.ts";
import { partAt, type TimelinePart, timelineParts } from "./parts.ts";

/**
 * Bytes a base model may take while it is built, per event of the trace (measured: the
 * proc view of a 63 M-event HTTP service trace grew the server by 10.2 GB). The timeline
 * still holds every slice of a view; this bounds how many views are held at once.
 */
export const MODEL_BYTES_PER_EVENT = 160;

/** Bytes of base models held at once when the server does not say (it does: serve.ts). */
export const DEFAULT_TIMELINE_BYTES = 4 * 2 ** 30;

/** Parts are cut so that this many base models fit the budget at once. */
export const PARTS_HELD = 2;

/** A view's model would not fit the timeline's memory budget. */
export class TimelineTooBigError extends Error {}

export class TimelineService {
  // Base models by "mode:part", least recently used first, and the bytes each may take.
  #models = new Map<string, Promise<TimelineModel>>();
  #modelBytes = new Map<string, number>();
  #split?: Promise<SplitRange[]>;
  #parts?: TimelinePart[];
  // Generator states at the parts' starts, by view mode and first event.
  #snapshots = new Map<ViewMode, Map<number, GenSnapshot>>();
  #overlays = new Map<string, TimelineModel>();
  #views = new Map<string, Promise<TimelineView>>();
  // The base model each view was drawn from.
  #viewModels = new Map<string, string>();

  constructor(
    readonly trace: Trace,
    readonly summary: () => Promise<Summary>,
    /** Go's split size (tests use small ones). */
    readonly splitMax = SPLIT_MAX,
    /** Bytes the base models may take together (estimated: MODEL_BYTES_PER_EVENT). */
    readonly budgetBytes = DEFAULT_TIMELINE_BYTES,
  ) {}

  /** Estimated bytes of one base model of the whole trace. */
  get modelBytes(): number {
    return this.trace.validCount * MODEL_BYTES_PER_EVENT;
  }

  get endTime(): number {
    return this.trace.validEndTime;
  }

  /**
   * The parts the viewer shows the trace in: one when a whole view's model fits the
   * budget; else runs of generations of which PARTS_HELD fit it at once.
   */
  get parts(): readonly TimelinePart[] {
    if (!this.#parts) {
      const max = this.modelBytes <= this.budgetBytes
        ? Infinity
        : Math.max(1, Math.floor(this.budgetBytes / PARTS_HELD / MODEL_BYTES_PER_EVENT));
      this.#parts = timelineParts(this.trace, max);
    }
    return this.#parts;
  }

  /**
   * The base model of a view mode over one part of the trace (the proc one of a trace in
   * one part also yields the split ranges). Models beyond the budget are dropped, least
   * recently used first (and built again when asked); one that alone exceeds it is
   * refused (TimelineTooBigError).
   */
  model(mode: ViewMode, part = 0): Promise<TimelineModel> {
    const key = `${mode}:${part}`;
    let p = this.#models.get(key);
    if (p) {
      this.#touch(key);
      return p;
    }
    const parts = this.parts;
    const pt = parts[part];
    if (!pt) return Promise.reject(new RangeError(`no part ${part} of the timeline`));
    const need = (pt.endEvent - pt.firstEvent) * MODEL_BYTES_PER_EVENT;
    if (need > this.budgetBytes) {
      const which = parts.length > 1
        ? `part ${part} of the timeline of this trace`
        : "the timeline of this trace";
      return Promise.reject(
        new TimelineTooBigError(
          `${which} (${pt.endEvent - pt.firstEvent} of its ${this.trace.validCount} events) ` +
            `needs about ${gib(need)} of memory, more than its limit of ${
              gib(this.budgetBytes)
            }; ` +
            `open part of the trace with -range=START:END (times such as 2s:5s, or ` +
            `generations such as 1:10; this trace has ${this.trace.blocks.length})`,
        ),
      );
    }
    let held = 0;
    for (const b of this.#modelBytes.values()) held += b;
    for (const old of [...this.#models.keys()]) {
      if (held + need <= this.budgetBytes) break;
      held -= this.#modelBytes.get(old) ?? 0;
      this.#drop(old);
    }
    p = mode === "proc" && parts.length === 1 ? this.#buildProc() : this.#build(mode, [], pt);
    this.#models.set(key, p);
    this.#modelBytes.set(key, need);
    p.catch(() => {
      if (this.#models.get(key) === p) this.#drop(key);
    });
    return p;
  }

  // Marks a model as the most recently used.
  #touch(key: string): void {
    const p = this.#models.get(key);
    if (!p) return;
    this.#models.delete(key);
    this.#models.set(key, p);
  }

  /** Whether the base model of a mode (over a part) is held (built or being built). */
  holds(mode: ViewMode, part = 0): boolean {
    return this.#models.has(`${mode}:${part}`);
  }

  // Forgets a base model and the views drawn from it (a page still open builds it again).
  #drop(key: string): void {
    this.#models.delete(key);
    this.#modelBytes.delete(key);
    for (const k of [...this.#views.keys()]) {
      if (this.#viewModels.get(k) === key) {
        this.#views.delete(k);
        this.#viewModels.delete(k);
      }
    }
    const mode = key.slice(0, key.indexOf(":"));
    for (const k of this.#overlays.keys()) if (k.startsWith(`${mode}:`)) this.#overlays.delete(k);
  }

  /** Go's split ranges of the proc view (none when the trace needs no split or is in parts). */
  splitRanges(): Promise<SplitRange[]> {
    if (this.parts.length > 1) return Promise.resolve([]);
    if (!this.#split) {
      const m = this.model("proc");
      // The model was refused: no ranges either.
      if (!this.#split) return m.then(() => []);
    }
    return this.#split!;
  }

  /** The split ranges when a proc model has made them (never starts one); else none. */
  knownSplitRanges(): Promise<SplitRange[]> {
    return this.#split ? this.#split.catch(() => []) : Promise.resolve([]);
  }

  #buildProc(): Promise<TimelineModel> {
    const { promise, resolve, reject } = Promise.withResolvers<SplitRange[]>();
    this.#split = promise;
    const model = (async () => {
      const required = requiredSizeForProcView(this.trace, await maxProcOf(this.trace));
      const splitter = new TraceSplitter(required, this.splitMax);
      const m = await this.#build("proc", [splitter], this.parts[0]);
      return { m, ranges: splitter.ranges };
    })();
    model.then((r) => resolve(r.ranges), reject);
    // Nobody may ask for the ranges: their failure is the model's.
    promise.catch(() => {});
    return model.then((r) => r.m);
  }

  async #build(mode: ViewMode, extra: ViewerSink[], part: TimelinePart): Promise<TimelineModel> {
    const opts = defaultGenOptions(mode);
    const builder = new ModelBuilder(mode, part.endTime);
    const sink = extra.length ? new TeeSink([builder, ...extra]) : builder;
    if (this.parts.length === 1) {
      await generateOver(this.trace, sink, opts);
      return await builder.build();
    }
    // The generator's state at the part's start comes from the nearest snapshot before
    // it (or a run from the trace's start), and the run leaves snapshots at the starts of
    // the parts it passes; it emits only what overlaps the part.
    opts.startTime = part.startTime;
    opts.endTime = part.endTime;
    opts.part = { endEvent: part.endEvent, finishTime: part.endTime };
    const snaps = this.#snapshots.get(mode) ?? new Map<number, GenSnapshot>();
    this.#snapshots.set(mode, snaps);
    let from: GenSnapshot | undefined;
    for (let k = part.index; k > 0 && !from; k--) from = snaps.get(this.parts[k].firstEvent);
    const starts = new Set(this.parts.map((p) => p.firstEvent));
    await generateOver(this.trace, sink, opts, {}, {
      from,
      snapshotAt: (first) => first > 0 && starts.has(first) && !snaps.has(first),
      keep: (s) => snaps.set(s.pos, s),
    });
    return await builder.build();
  }

  async #overlay(req: TimelineRequest): Promise<TimelineModel | null> {
    if (req.opts.tasks.length === 0) return null;
    const key = `${req.opts.mode}:${req.opts.tasks.map((t) => t.id).join(",")}`;
    let m = this.#overlays.get(key);
    if (!m) {
      const builder = new ModelBuilder(req.opts.mode, this.endTime);
      const opts: GenOptions = { ...req.opts, tasksOnly: true, goroutines: null };
      await generateOver(this.trace, builder, opts);
      m = await builder.build();
      if (this.#overlays.size > 16) this.#overlays.clear();
      this.#overlays.set(key, m);
    }
    return m;
  }

  /**
   * The view a /trace URL's parameters describe (throws TimelineParamError). On a trace in
   * parts, `part=N` picks the part; without it, the part where the goroutine or task the
   * view is about starts, else the first.
   */
  view(params: URLSearchParams): Promise<TimelineView> {
    const key = viewKey(params);
    let p = this.#views.get(key);
    const model = this.#viewModels.get(key);
    if (p && model) this.#touch(model);
    if (!p) {
      // Reading the parameters can cost a pass over the trace (goid: related goroutines),
      // so it happens once per view, not per window query.
      const partParam = params.get("part");
      p = timelineRequest(this.trace, this.summary, params).then((req) => {
        const part = this.#partOf(req, partParam);
        this.#viewModels.set(key, `${req.opts.mode}:${part}`);
        return this.#makeView(req, part);
      });
      if (this.#views.size > 32) {
        this.#views.clear();
        this.#viewModels.clear();
      }
      this.#views.set(key, p);
      p.catch(() => this.#views.delete(key));
    }
    return p;
  }

  #partOf(req: TimelineRequest, param: string | null): number {
    const parts = this.parts;
    if (param !== null && param !== "") {
      const n = /^[0-9]+$/.test(param) ? Number(param) : NaN;
      if (!(n < parts.length)) {
        throw new TimelineParamError(
          `bad part=${param}: expected a part number below ${parts.length}`,
        );
      }
      return n;
    }
    return req.subject ? partAt(parts, req.opts.startTime) : 0;
  }

  async #makeView(req: TimelineRequest, part: number): Promise<TimelineView> {
    const base = await this.model(req.opts.mode, part);
    const overlay = await this.#overlay(req);
    const models = overlay ? [base, overlay] : [base];
    const pt = this.parts[part];
    let initial = { t0: pt.startTime, t1: pt.endTime };
    if (req.opts.startTime > 0 || req.opts.endTime !== Infinity) {
      initial = {
        t0: Math.max(req.opts.startTime, pt.startTime),
        t1: Math.min(req.opts.endTime, pt.endTime),
      };
    }
    if (req.split && this.parts.length === 1) {
      const ranges = await this.splitRanges();
      const r = ranges.find((r) => r.start === req.startIdx && r.end === req.endIdx) ??
        approximateRange(ranges, req.startIdx, req.endIdx);
      if (r) initial = { t0: r.spanStart, t1: r.spanEnd };
    }
    if (initial.t1 <= initial.t0) initial = { t0: initial.t0, t1: initial.t0 + 1000 };
    const parts = this.parts.length > 1 ? { index: part, list: this.parts } : null;
    return new TimelineView(models, req, initial, viewTitle(req), parts);
  }

  /** /jsontrace: Go's JSON for these parameters, written in chunks as it is generated. */
  async jsonStream(params: URLSearchParams): Promise<ReadableStream<Uint8Array>> {
    const req = await timelineRequest(this.trace, this.summary, params);
    const encoder = new TextEncoder();
    const chunks: string[] = [];
    const writer = new JSONTraceWriter((c) => chunks.push(c), req.startIdx, req.endIdx);
    const abort = new AbortController();
    const steps = generateSteps(this.trace, writer, req.opts, { signal: abort.signal });
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        let done = false;
        while (chunks.length === 0 && !done) done = (await steps.next()).done === true;
        if (chunks.length > 0) controller.enqueue(encoder.encode(chunks.splice(0).join("")));
        if (done) controller.close();
      },
      cancel() {
        abort.abort();
        void steps.return(undefined);
      },
    }, { highWaterMark: 4 });
  }
}

/** Parameters that change what a view shows, in a canonical order. */
function viewKey(params: URLSearchParams): string {
  return ["view", "goid", "focustask", "taskid", "start", "end", "part"]
    .map((k) => `${k}=${params.get(k) ?? ""}`)
    .join("&");
}

function viewTitle(req: TimelineRequest): string {
  const mode = req.opts.mode;
  if (req.subject) return mode === "goroutine" ? `${req.subject} (goroutine view)` : req.subject;
  return mode === "thread" ? "by thread" : "by proc";
}

// The ranges spanning start..end when they are not exactly one of Go's ranges.
function approximateRange(ranges: SplitRange[], start: number, end: number): SplitRange | null {
  if (ranges.length === 0) return null;
  const a = ranges.find((r) => r.end > start) ?? ranges[ranges.length - 1];
  const b = [...ranges].reverse().find((r) => r.start <= end) ?? ranges[0];
  return {
    ...a,
    end,
    endTime: b.endTime,
    spanStart: Math.min(a.spanStart, b.spanStart),
    spanEnd: Math.max(a.spanEnd, b.spanEnd),
  };
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
