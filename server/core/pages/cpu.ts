// /cpu: the CPU samples the trace holds, as a flame graph and a top table, for the whole
// trace or a selection (?name= goroutine group, ?task= task type, ?region= region type,
// ?goid= one goroutine, ?from=&to= a time range in ns since the first event); ?raw=1 is
// the pprof file. /wallclock: the same selections' wall-clock time on and off the CPU.
// Each with its /api twin.

import type { AppContext } from "./context.ts";
import { badRequest, notFound } from "./errors.ts";
import { pageAnswer } from "./respond.ts";
import { Query } from "./query.ts";
import { jsonResponse, pprofDownload } from "./respond.ts";
import type { Handler } from "./routes.ts";
import type { CpuModel } from "../contract/pages.ts";
import { CPU_PERIOD_NS, CPU_UNITS, cpuProfile, cpuSampleCount } from "../cpu/samples.ts";
import { wallClock } from "../cpu/wallclock.ts";
import { recordsModel, wallClockModel } from "../cpu/model.ts";
import {
  goroutineGroup,
  oneGoroutine,
  regionType,
  type Selection,
  taskType,
  timeRange,
  wholeTrace,
} from "../cpu/selection.ts";
import { buildProfile, encodeProfile } from "../profiles/pprof_encode.ts";
import { goQuoteString } from "../util/go_quote.ts";

const SELECTORS = ["name", "task", "region", "goid", "from"] as const;

/** The selection a query names: at most one of name, task, region, goid, from/to. */
export function selectionKey(q: Query): string {
  const given = SELECTORS.filter((k) => q.has(k));
  if (q.has("to") && !q.has("from")) given.push("from");
  if (given.length > 1) {
    throw badRequest(
      `choose one of name (goroutine group), task, region, goid, from/to; got ${given.join(", ")}`,
    );
  }
  if (given.length === 0) return "";
  const k = given[0];
  if (k === "goid") return `goid\0${q.uint("goid") ?? badGoid()}`;
  if (k === "from") {
    const from = nanos(q, "from"), to = nanos(q, "to");
    if (!(from <= to)) throw badRequest(`bad range from=${from} to=${to}: expected from <= to`);
    return `range\0${from}\0${to}`;
  }
  return `${k}\0${q.get(k)!}`;
}

function badGoid(): never {
  throw badRequest("bad goid: expected a goroutine id");
}

function nanos(q: Query, name: string): number {
  const v = q.get(name) ?? "";
  if (!/^[0-9]{1,20}(\.[0-9]+)?$/.test(v)) {
    throw badRequest(`bad ${name}=${v}: expected ns since the trace's first event, e.g. 1500000`);
  }
  return Number(v);
}

/** The selection of a key from selectionKey; 404 when it names nothing in the trace. */
async function selection(ctx: AppContext, key: string): Promise<Selection> {
  if (key === "") return wholeTrace();
  const [kind, a, b] = key.split("\0");
  const t = ctx.trace;
  let sel: Selection | Error;
  switch (kind) {
    case "name":
      sel = goroutineGroup(t, await ctx.summary, a);
      if (sel instanceof Error) {
        throw notFound(`no goroutines with start function ${goQuoteString(a)}; see /goroutines`);
      }
      return sel;
    case "task":
      sel = await taskType(t, await ctx.summary, a);
      if (sel instanceof Error) throw notFound(`${sel.message}; see /usertasks`);
      return sel;
    case "region":
      return regionType(t, await ctx.summary, { type: a });
    case "goid":
      sel = oneGoroutine(t, Number(a));
      if (sel instanceof Error) throw notFound(sel.message);
      return sel;
    default:
      return timeRange(Number(a), Number(b));
  }
}

function traceSamples(ctx: AppContext): Promise<number> {
  return ctx.cached("cpu\0count", () => cpuSampleCount(ctx.trace));
}

function cpuRecords(ctx: AppContext, key: string) {
  return ctx.cached(`cpu\0${key}`, async () => cpuProfile(ctx.trace, await selection(ctx, key)));
}

function cpuModel(ctx: AppContext, key: string, params: string): Promise<CpuModel> {
  return ctx.cached(`cpumodel\0${key}`, async () => {
    const sel = await selection(ctx, key);
    const m = recordsModel(ctx.trace, await cpuRecords(ctx, key));
    return {
      kind: "cpu" as const,
      title: "CPU profile",
      filter: sel.filter,
      params,
      ...m,
      traceSamples: await traceSamples(ctx),
      periodNs: CPU_PERIOD_NS,
    };
  });
}

function wallModel(ctx: AppContext, key: string, params: string): Promise<CpuModel> {
  return ctx.cached(`wallclock\0${key}`, async () => {
    const sel = await selection(ctx, key);
    const w = await wallClock(ctx.trace, sel);
    return {
      kind: "wallclock" as const,
      title: "On- and off-CPU time",
      filter: sel.filter,
      params,
      ...wallClockModel(ctx.trace, w),
      traceSamples: await traceSamples(ctx),
      periodNs: CPU_PERIOD_NS,
      running: w.running,
      runningSamples: w.samples,
    };
  });
}

/** The query without `raw`: what selects the profile. */
function selectionParams(url: URL): string {
  const p = new URLSearchParams(url.search);
  p.delete("raw");
  return p.toString();
}

export function cpuRoutes(ctx: AppContext): [string, Handler][] {
  const cpu = (api: boolean): Handler => async (url) => {
    const q = Query.of(url);
    const key = selectionKey(q);
    if ((q.get("raw") ?? "") !== "") {
      const recs = await cpuRecords(ctx, key);
      const bytes = await encodeProfile(buildProfile(ctx.trace, recs, CPU_UNITS));
      return pprofDownload(bytes, "cpu.pb.gz");
    }
    const model = await cpuModel(ctx, key, selectionParams(url));
    return api ? jsonResponse(model) : pageAnswer(model.title, { view: "cpu", data: model });
  };
  const wall = (api: boolean): Handler => async (url) => {
    const key = selectionKey(Query.of(url));
    const model = await wallModel(ctx, key, selectionParams(url));
    return api ? jsonResponse(model) : pageAnswer(model.title, { view: "cpu", data: model });
  };
  return [
    ["/cpu", cpu(false)],
    ["/api/cpu", cpu(true)],
    ["/wallclock", wall(false)],
    ["/api/wallclock", wall(true)],
  ];
}
