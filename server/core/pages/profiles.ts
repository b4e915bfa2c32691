// The blocking profiles: /io /block /syscall /sched (by goroutine group, ?name=) and
// /regionio /regionblock /regionsyscall /regionsched (by region filter). Each serves a
// page (flame graph and top table), its /api twin, and with ?raw=1 the gzipped pprof
// file as Go does.

import {
  computePprof,
  type GoroutineIntervals,
  goroutineIntervals,
  type PprofType,
  type ProfileRecord,
  type RegionFilter,
  regionIntervals,
} from "../profiles/pprof.ts";
import { buildProfile, encodeProfile } from "../profiles/pprof_encode.ts";
import { recordsModel } from "../cpu/model.ts";
import { regionFilterName } from "../annotations/regions.ts";
import { goQuoteString } from "../util/go_quote.ts";
import type { AppContext } from "./context.ts";
import { notFound } from "./errors.ts";
import {
  type FrameGoroutinesModel,
  NO_STACK,
  type ProfileKind,
  type ProfileModel,
} from "../contract/pages.ts";
import { pageAnswer } from "./respond.ts";
import { Query } from "./query.ts";
import { jsonResponse, pprofDownload } from "./respond.ts";
import { requireRegionType } from "./annotation_types.ts";
import type { Handler } from "./routes.ts";
import { timelineHash } from "./timeline_hash.ts";

const KINDS: { kind: ProfileKind; type: PprofType; title: string }[] = [
  { kind: "io", type: "net", title: "Network blocking profile" },
  { kind: "block", type: "sync", title: "Synchronization blocking profile" },
  { kind: "syscall", type: "syscall", title: "Syscall profile" },
  { kind: "sched", type: "sched", title: "Scheduler latency profile" },
];

/** The region filter of a /region… query; malformed values are a 400. */
export function regionFilterOf(q: Query): RegionFilter {
  const f: RegionFilter = {};
  if (q.has("type")) f.type = q.get("type")!;
  const pc = q.hexPC("pc");
  if (pc !== undefined) f.pc = pc;
  const min = q.duration("latmin"), max = q.duration("latmax");
  if (min !== undefined) f.latMin = min;
  if (max !== undefined) f.latMax = max;
  return f;
}

interface Selection {
  key: string;
  filter: string;
  intervals: (ctx: AppContext) => Promise<GoroutineIntervals>;
}

function byGoroutine(q: Query): Selection {
  const name = q.get("name") ?? "";
  return {
    key: `g\0${name}`,
    filter: name === "" ? "" : `goroutines started at ${name}`,
    intervals: async (ctx) => {
      const iv = goroutineIntervals(ctx.trace, await ctx.summary, name);
      if (iv instanceof Error) {
        throw notFound(`no goroutines with start function ${goQuoteString(name)}; see /goroutines`);
      }
      return iv;
    },
  };
}

function byRegion(q: Query): Selection {
  const f = regionFilterOf(q);
  const name = regionFilterName(f);
  return {
    key: `r\0${name}`,
    filter: name === "" ? "all regions" : `regions ${name}`,
    intervals: async (ctx) => {
      await requireRegionType(ctx, f.type);
      return regionIntervals(ctx.trace, await ctx.summary, f);
    },
  };
}

function records(ctx: AppContext, type: PprofType, sel: Selection): Promise<ProfileRecord[]> {
  return ctx.cached(
    `pprof\0${type}\0${sel.key}`,
    async () => computePprof(ctx.trace, type, await sel.intervals(ctx)),
  );
}

async function profileModel(
  ctx: AppContext,
  k: (typeof KINDS)[number],
  sel: Selection,
  params: string,
): Promise<ProfileModel> {
  const base = await ctx.cached(`profile\0${k.type}\0${sel.key}`, async () => {
    const { frames, samples } = recordsModel(ctx.trace, await records(ctx, k.type, sel));
    return { kind: k.kind, title: k.title, filter: sel.filter, frames, samples };
  });
  return { ...base, params };
}

/** Goroutines listed per frame unless ?limit= says (0: all); `total` counts all. */
const FRAME_GOROUTINES = 50;

// Whether a sample's stack (leaf first, as the model keeps it) starts at the outermost
// frame with the functions of `path`.
function underPath(p: ProfileModel, stack: number[], path: string[]): boolean {
  if (stack.length === 0) return path.length === 1 && path[0] === NO_STACK;
  if (path.length > stack.length) return false;
  for (let k = 0; k < path.length; k++) {
    if (p.frames[stack[stack.length - 1 - k]].func !== path[k]) return false;
  }
  return true;
}

/** Who waited under the frame at `path`: per goroutine, its delay there and when. */
function frameGoroutines(
  ctx: AppContext,
  k: (typeof KINDS)[number],
  sel: Selection,
  path: string[],
  limit: number,
): Promise<FrameGoroutinesModel> {
  const key = `frame\0${k.type}\0${sel.key}\0${JSON.stringify(path)}\0${limit}`;
  return ctx.cached(key, async () => {
    const t = ctx.trace;
    const model = await profileModel(ctx, k, sel, "");
    const summary = await ctx.summary;
    const marked = model.samples.map((s) => underPath(model, s.stack, path));
    const per = new Map<number, { time: number; count: number; start: number; end: number }>();
    await computePprof(t, k.type, await sel.intervals(ctx), (g, rec, start, end, delay) => {
      if (!marked[rec]) return;
      const e = per.get(g);
      if (!e) per.set(g, { time: delay, count: 1, start, end });
      else {
        e.time += delay;
        e.count++;
        e.start = Math.min(e.start, start);
        e.end = Math.max(e.end, end);
      }
    });
    const t0 = t.validCount > 0 ? t.startTime : 0;
    const top = [...per].sort((a, b) => b[1].time - a[1].time || a[0] - b[0])
      .slice(0, limit);
    return {
      path,
      total: per.size,
      goroutines: top.map(([g, e]) => {
        const id = t.gId[g];
        const pad = Math.max((e.end - e.start) * 0.05, 10_000);
        const span = { start: Math.max(0, e.start - t0 - pad), end: e.end - t0 + pad };
        return {
          id,
          name: summary.goroutineName(g),
          time: e.time,
          count: e.count,
          start: e.start - t0,
          end: e.end - t0,
          href: `/trace?goid=${id}#${timelineHash(span)}`,
        };
      }),
    };
  });
}

/** The query without `raw`: what selects the profile. */
function selectionParams(url: URL): string {
  const p = new URLSearchParams(url.search);
  p.delete("raw");
  return p.toString();
}

function profileHandlers(ctx: AppContext, prefix: string, select: (q: Query) => Selection) {
  const routes: [string, Handler][] = [];
  for (const k of KINDS) {
    const path = `/${prefix}${k.kind}`;
    const serve = (api: boolean): Handler => async (url) => {
      const q = Query.of(url);
      const sel = select(q);
      // Go: any non-empty raw serves the pprof file.
      if ((q.get("raw") ?? "") !== "") {
        const recs = await records(ctx, k.type, sel);
        const bytes = await encodeProfile(buildProfile(ctx.trace, recs));
        return pprofDownload(bytes, `${prefix}${k.kind}.pb.gz`);
      }
      const model = await profileModel(ctx, k, sel, selectionParams(url));
      return api ? jsonResponse(model) : pageAnswer(k.title, { view: "profile", data: model });
    };
    routes.push([path, serve(false)], [`/api${path}`, serve(true)]);
    routes.push([`/api${path}/goroutines`, async (url) => {
      const q = Query.of(url);
      const path = url.searchParams.getAll("frame");
      const limit = q.has("limit") ? q.limit() : FRAME_GOROUTINES;
      return jsonResponse(await frameGoroutines(ctx, k, select(q), path, limit));
    }]);
  }
  return routes;
}

export function profileRoutes(ctx: AppContext): [string, Handler][] {
  return [
    ...profileHandlers(ctx, "", byGoroutine),
    ...profileHandlers(ctx, "region", byRegion),
  ];
}
