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
  type ViewMode,
} from "./generator.ts";
import { JSONTraceWriter } from "./json.ts";
import { ModelBuilder, type TimelineModel } from "./model.ts";
import { type TimelineRequest, timelineRequest } from "./params.ts";
import {
  maxProcOf,
  requiredSizeForProcView,
  SPLIT_MAX,
  type SplitRange,
  TraceSplitter,
} from "./split.ts";
import { TimelineView } from "./view.ts";

export class TimelineService {
  #models = new Map<ViewMode, Promise<TimelineModel>>();
  #split?: Promise<SplitRange[]>;
  #overlays = new Map<string, TimelineModel>();
  #views = new Map<string, Promise<TimelineView>>();

  constructor(
    readonly trace: Trace,
    readonly summary: () => Promise<Summary>,
    /** Go's split size (tests use small ones). */
    readonly splitMax = SPLIT_MAX,
  ) {}

  get endTime(): number {
    return this.trace.validEndTime;
  }

  /** The base model of a view mode (the proc one also yields the split ranges). */
  model(mode: ViewMode): Promise<TimelineModel> {
    let p = this.#models.get(mode);
    if (!p) {
      p = mode === "proc" ? this.#buildProc() : this.#build(mode, []);
      this.#models.set(mode, p);
    }
    return p;
  }

  /** Go's split ranges of the proc view (empty when the trace needs no split). */
  splitRanges(): Promise<SplitRange[]> {
    if (!this.#split) void this.model("proc");
    return this.#split!;
  }

  #buildProc(): Promise<TimelineModel> {
    const { promise, resolve, reject } = Promise.withResolvers<SplitRange[]>();
    this.#split = promise;
    const model = (async () => {
      const required = requiredSizeForProcView(this.trace, await maxProcOf(this.trace));
      const splitter = new TraceSplitter(required, this.splitMax);
      const m = await this.#build("proc", [splitter]);
      return { m, ranges: splitter.ranges };
    })();
    model.then((r) => resolve(r.ranges), reject);
    // Nobody may ask for the ranges: their failure is the model's.
    promise.catch(() => {});
    return model.then((r) => r.m);
  }

  async #build(mode: ViewMode, extra: ViewerSink[]): Promise<TimelineModel> {
    const builder = new ModelBuilder(mode, this.endTime);
    const sink = extra.length ? new TeeSink([builder, ...extra]) : builder;
    await generateOver(this.trace, sink, defaultGenOptions(mode));
    return builder.build();
  }

  async #overlay(req: TimelineRequest): Promise<TimelineModel | null> {
    if (req.opts.tasks.length === 0) return null;
    const key = `${req.opts.mode}:${req.opts.tasks.map((t) => t.id).join(",")}`;
    let m = this.#overlays.get(key);
    if (!m) {
      const builder = new ModelBuilder(req.opts.mode, this.endTime);
      const opts: GenOptions = { ...req.opts, tasksOnly: true, goroutines: null };
      await generateOver(this.trace, builder, opts);
      m = builder.build();
      if (this.#overlays.size > 16) this.#overlays.clear();
      this.#overlays.set(key, m);
    }
    return m;
  }

  /** The view a /trace URL's parameters describe (throws TimelineParamError). */
  view(params: URLSearchParams): Promise<TimelineView> {
    const key = viewKey(params);
    let p = this.#views.get(key);
    if (!p) {
      // Reading the parameters can cost a pass over the trace (goid: related goroutines),
      // so it happens once per view, not per window query.
      p = timelineRequest(this.trace, this.summary, params).then((req) => this.#makeView(req));
      if (this.#views.size > 32) this.#views.clear();
      this.#views.set(key, p);
      p.catch(() => this.#views.delete(key));
    }
    return p;
  }

  async #makeView(req: TimelineRequest): Promise<TimelineView> {
    const base = await this.model(req.opts.mode);
    const overlay = await this.#overlay(req);
    const models = overlay ? [base, overlay] : [base];
    let initial = { t0: 0, t1: this.endTime };
    if (req.opts.startTime > 0 || req.opts.endTime !== Infinity) {
      initial = { t0: req.opts.startTime, t1: Math.min(req.opts.endTime, this.endTime) };
    }
    if (req.split) {
      const ranges = await this.splitRanges();
      const r = ranges.find((r) => r.start === req.startIdx && r.end === req.endIdx) ??
        approximateRange(ranges, req.startIdx, req.endIdx);
      if (r) initial = { t0: r.spanStart, t1: r.spanEnd };
    }
    if (initial.t1 <= initial.t0) initial = { t0: initial.t0, t1: initial.t0 + 1000 };
    return new TimelineView(models, req, initial, viewTitle(req));
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
  return ["view", "goid", "focustask", "taskid", "start", "end"]
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
