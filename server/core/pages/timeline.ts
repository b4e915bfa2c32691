// The timeline's routes: "/trace" (our viewer's page, with Go's parameters), "/jsontrace"
// (Go's Chrome trace-event JSON, streamed), and the viewer's own API: window queries
// (binary), slice/instant details, selection totals, goroutine search.

import { TimelineParamError } from "../timeline/params.ts";
import { TimelineService, TimelineTooBigError } from "../timeline/service.ts";
import { SPLIT_MAX } from "../timeline/split.ts";
import { partLabel, type TimelinePart } from "../timeline/parts.ts";
import { windowQuery } from "../timeline/query.ts";
import {
  findGoroutines,
  gapDetails,
  instantDetails,
  selectionStats,
  sliceDetails,
} from "../timeline/inspect.ts";
import type { SplitRange, TimelineBoot } from "../contract/timeline.ts";
import type { TimelineView } from "../timeline/view.ts";
import type { Trace } from "../trace/trace.ts";
import { summarize, type Summary } from "../summary/summary.ts";
import type { AppContext } from "./context.ts";
import { badRequest, HttpError, notFound } from "./errors.ts";
import { pageAnswer } from "./respond.ts";
import { Query } from "./query.ts";
import { bytesResponse, jsonResponse } from "./respond.ts";
import type { Handler } from "./routes.ts";

// One service per trace, so start-up can prepare it before the app's context exists.
const services = new WeakMap<Trace, { service: TimelineService; ctx?: AppContext }>();

/** The trace's timeline service; its goroutine summary comes from the app's context. */
export function timelineService(ctx: AppContext): TimelineService {
  const entry = entryFor(ctx.trace, ctx.timelineBytes);
  entry.ctx ??= ctx;
  return entry.service;
}

function entryFor(trace: Trace, budgetBytes?: number) {
  let e = services.get(trace);
  if (!e) {
    let own: Promise<Summary> | undefined;
    const entry: { service: TimelineService; ctx?: AppContext } = {
      service: new TimelineService(
        trace,
        () => entry.ctx?.summary ?? (own ??= summarize(trace)),
        SPLIT_MAX,
        budgetBytes,
      ),
    };
    e = entry;
    services.set(trace, e);
  }
  return e;
}

/**
 * Builds the default (proc) view and Go's split ranges, as `go tool trace` does before
 * it serves ("Splitting trace for viewer..."); resolves when they are ready.
 */
export async function prepareTimeline(trace: Trace): Promise<void> {
  await entryFor(trace).service.splitRanges();
}

/** Go's split ranges, for the index page's links and the MMU page's window links. */
export function splitRanges(ctx: AppContext): Promise<SplitRange[]> {
  return timelineService(ctx).splitRanges();
}

/** The parts the timeline is shown in (one unless the trace is too big to show at once). */
export function timelineParts(ctx: AppContext): readonly TimelinePart[] {
  return timelineService(ctx).parts;
}

async function view(ctx: AppContext, url: URL): Promise<TimelineView> {
  try {
    return await timelineService(ctx).view(viewParams(url));
  } catch (e) {
    if (e instanceof TimelineParamError) throw badRequest(e.message);
    if (e instanceof TimelineTooBigError) throw new HttpError(503, e.message);
    throw e;
  }
}

// The parameters that select a view (the API adds its own beside them).
function viewParams(url: URL): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of ["view", "goid", "focustask", "taskid", "start", "end", "part"]) {
    const v = url.searchParams.get(k);
    if (v !== null) out.set(k, v);
  }
  return out;
}

async function boot(ctx: AppContext, url: URL): Promise<TimelineBoot> {
  const v = await view(ctx, url);
  return {
    title: v.title,
    query: viewParams(url).toString(),
    mode: v.req.opts.mode,
    startTime: v.startTime,
    endTime: v.endTime,
    parts: v.parts && {
      index: v.parts.index,
      list: v.parts.list.map((p) => ({ name: partLabel(p), t0: p.startTime, t1: p.endTime })),
    },
    baseTimeMs: Number(ctx.trace.baseTime) / 1e6,
    initial: v.initial,
    lanes: v.lanes.map((l) => ({
      name: l.name,
      kind: l.kind,
      tid: l.tid,
      goroutine: l.goroutine,
      rows: l.sources.flatMap((s) => v.models[s.src].lanes[s.lane].rows.map((r) => r.cat)),
      instants: l.sources.reduce((n, s) => n + v.models[s.src].lanes[s.lane].instCount, 0),
    })),
    counters: v.base.counters.map((c) => ({ name: c.name, fields: c.fields })),
    // A trace held block by block: the ranges if its proc view made them already (they
    // are a pass of their own, and a thread view must not build the proc one for them).
    ranges: ctx.trace.whole
      ? await splitRanges(ctx)
      : await timelineService(ctx).knownSplitRanges(),
    focusGoroutine: v.req.opts.focusGoroutine,
    origin: v.req.subject ? v.req.opts.startTime : 0,
    originName: v.req.subject ? `${v.req.subject} start` : "",
  };
}

function num(q: Query, name: string): number {
  const s = q.get(name);
  const v = s === undefined || s === "" ? NaN : Number(s);
  if (!Number.isFinite(v)) throw badRequest(`bad ${name}=${s ?? ""}: expected a number`);
  return v;
}

// "t0:t1", or undefined when absent.
function range(q: Query, name: string): [number, number] | undefined {
  const s = q.get(name);
  if (s === undefined || s === "") return undefined;
  const [a, b] = s.split(":").map(Number);
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(b >= a)) {
    throw badRequest(`bad ${name}=${s}: expected start:end in ns, start <= end`);
  }
  return [a, b];
}

function laneList(q: Query, v: TimelineView): number[] {
  const s = q.get("lanes");
  if (s === undefined || s === "") return v.lanes.map((_, i) => i);
  const out: number[] = [];
  for (const part of s.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw badRequest(`bad lanes=${s}: expected lane numbers and ranges like 0-5,9`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    for (let i = a; i <= b && i < v.lanes.length; i++) out.push(i);
  }
  return out;
}

export function timelineRoutes(ctx: AppContext): [string, Handler][] {
  return [
    ["/trace", async (url) => {
      const data = await boot(ctx, url);
      return pageAnswer(`Timeline ${data.title}`, { view: "timeline", data });
    }],
    ["/api/trace", async (url) => jsonResponse(await boot(ctx, url))],
    ["/jsontrace", async (url) => {
      let body: ReadableStream<Uint8Array>;
      try {
        body = await timelineService(ctx).jsonStream(viewParams(url));
      } catch (e) {
        if (e instanceof TimelineParamError) throw badRequest(e.message);
        throw e;
      }
      return new Response(body, { headers: { "Content-Type": "application/json" } });
    }],
    ["/api/timeline/window", async (url) => {
      const v = await view(ctx, url);
      const q = Query.of(url);
      const t0 = num(q, "t0"), t1 = num(q, "t1"), px = num(q, "px");
      if (!(t1 > t0) || !(px > 0)) throw badRequest("expected t0 < t1 and px > 0");
      const bytes = windowQuery(v, {
        t0,
        t1,
        px,
        lanes: laneList(q, v),
        arrows: q.get("arrows") === "1",
        arrowsIn: range(q, "arrowsin"),
        counters: q.get("counters") !== "0",
      });
      const res = bytesResponse(bytes, "application/octet-stream");
      res.headers.set("Cache-Control", "no-store");
      return res;
    }],
    ["/api/timeline/slice", async (url) => {
      const v = await view(ctx, url);
      const q = Query.of(url);
      const d = sliceDetails(ctx.trace, v, q.uint("src") ?? 0, q.uint("id") ?? -1);
      if (!d) throw notFound("no such slice");
      return jsonResponse(d);
    }],
    ["/api/timeline/instant", async (url) => {
      const v = await view(ctx, url);
      const q = Query.of(url);
      const d = await instantDetails(ctx.trace, v, q.uint("src") ?? 0, q.uint("id") ?? -1);
      if (!d) throw notFound("no such instant");
      return jsonResponse(d);
    }],
    ["/api/timeline/select", async (url) => {
      const v = await view(ctx, url);
      const q = Query.of(url);
      const t0 = num(q, "t0"), t1 = num(q, "t1");
      if (!(t1 >= t0)) throw badRequest("expected t0 <= t1");
      return jsonResponse(selectionStats(v, t0, t1, laneList(q, v)));
    }],
    ["/api/timeline/find", async (url) => {
      const v = await view(ctx, url);
      const q = Query.of(url);
      const sources = { trace: ctx.trace, summary: await ctx.summary };
      return jsonResponse(findGoroutines(v, q.get("q") ?? "", sources));
    }],
    ["/api/timeline/gap", async (url) => {
      const v = await view(ctx, url);
      const q = Query.of(url);
      const lane = q.uint("lane") ?? -1;
      return jsonResponse(await gapDetails(ctx.trace, v, lane, num(q, "t")));
    }],
  ];
}
