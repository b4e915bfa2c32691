// The /mmu endpoints' data, as Go's traceviewer/mmu.go serves it: mmuPlot is
// `/mmu?mode=plot&flags=...` and mmuDetails is `/mmu?mode=details&window=...&flags=...`.
// These are the single entry points for the HTTP routes and the web UI. The *JSON
// variants give the exact bytes Go's json.Encoder writes (int64 times stay exact there
// even beyond 2^53). Curves are cached per trace and flags, as Go caches them.
// No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { MMUFlag } from "../api/types.ts";
import { goExp, goLog } from "../util/go_math.ts";
import { formatFloatV } from "../util/go_format_float.ts";
import { jsonFloat, jsonString } from "../util/go_json.ts";
import { goQuoteString } from "../util/go_quote.ts";
import { MMUCurve } from "./curve.ts";
import { MMUPanic, mutatorUtilization, UtilFlags } from "./utilization.ts";

export { MMUPanic };

/** The plot JSON: window sizes (ns) with the MMU, or with the MUD quantiles for "mut". */
export interface MMUPlot {
  xMin: number;
  xMax: number;
  quantiles: number[] | null;
  curve: number[][];
}

/** One of the worst windows (Go's linkedUtilWindow); Time is absolute trace time in ns. */
export interface MMUWorstWindow {
  Time: number;
  MutatorUtil: number;
  URL: string;
}

/**
 * A part of the split trace view (Go's traceviewer.Range: Start, End, EndTime). Details
 * link each window to the first part whose EndTime exceeds the window's absolute time
 * (Go compares them as they are), else the last one; with no parts, to start=0&end=0.
 */
export interface ViewerRange {
  start: number;
  end: number;
  endTime: number;
}

/** A request Go answers with an HTTP error (status and Go's message). */
export class MMUError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The names of Go's UtilFlags in its page's flags parameter (the public MMUFlag). */
export const UTIL_FLAG_NAMES: Readonly<Record<MMUFlag, number>> = {
  perProc: UtilFlags.PerProc,
  stw: UtilFlags.STW,
  background: UtilFlags.Background,
  assist: UtilFlags.Assist,
  sweep: UtilFlags.Sweep,
};

/** Go's requestUtilFlags: "|"-separated names; unknown ones ("system", "mut") add nothing. */
export function parseUtilFlags(flags: string): number {
  let f = 0;
  for (const name of flags.split("|")) {
    if (Object.hasOwn(UTIL_FLAG_NAMES, name)) f |= UTIL_FLAG_NAMES[name as MMUFlag];
  }
  return f;
}

/** The quantiles Go's page asks for with "mut" (its constants, 1 - .999 etc., are exact). */
const MUT_QUANTILES = [0, 0.001, 0.01, 0.05];

interface Entry {
  curve: MMUCurve;
  base: bigint;
}

const cache = new WeakMap<Trace, Map<number, Promise<Entry>>>();

/** Curves kept per trace (of 32 flag sets), the most recently used. */
const CURVES_KEPT = 4;

/** Go's mmu.get: the utilization series and curve for these flags, built once. */
function curveFor(trace: Trace, flags: number): Promise<Entry> {
  let byFlags = cache.get(trace);
  if (!byFlags) cache.set(trace, byFlags = new Map());
  let entry = byFlags.get(flags);
  if (entry) byFlags.delete(flags); // re-inserted below: most recently used last
  else {
    entry = (async () => {
      const series = await mutatorUtilization(trace, flags);
      return { curve: await MMUCurve.build(series ?? []), base: trace.baseTime };
    })();
  }
  byFlags.set(flags, entry);
  if (byFlags.size > CURVES_KEPT) byFlags.delete(byFlags.keys().next().value!);
  return entry;
}

// Go's int64(f) on amd64 (CVTTSD2SQ): truncation; NaN and out of range give MinInt64.
function goInt64(f: number): bigint {
  if (!(f >= -(2 ** 63) && f < 2 ** 63)) return -(1n << 63n);
  return BigInt(Math.trunc(f));
}

/** `/mmu?mode=plot&flags=...` (Go's mmu.HandlePlot). Throws MMUPanic where Go panics. */
export async function mmuPlot(trace: Trace, flags: string): Promise<MMUPlot> {
  const { curve } = await curveFor(trace, parseUtilFlags(flags));
  const quantiles = flags.split("|").includes("mut") ? MUT_QUANTILES : null;

  // Start at the largest of 1s, 1ms, 1µs, 1ns whose MMU is already about zero.
  let xMin = 1_000_000_000n;
  while (xMin > 1n) {
    if (curve.mmu(xMin) < 0.0001) break;
    xMin /= 1000n;
  }
  // Six orders of magnitude, but no more than the trace is long.
  let xMax = xMin * 1_000_000n;
  if (curve.minTime === undefined || curve.maxTime === undefined) {
    throw new MMUPanic("index out of range [0] with length 0");
  }
  const maxMax = BigInt(curve.maxTime - curve.minTime);
  if (xMax > maxMax) xMax = maxMax;

  const logMin = goLog(Number(xMin)), logMax = goLog(Number(xMax));
  const samples = 100;
  const plot: number[][] = [];
  for (let i = 0; i < samples; i++) {
    const window = goInt64(goExp(i / (samples - 1) * (logMax - logMin) + logMin));
    const row = quantiles ? curve.mud(window, quantiles) : [curve.mmu(window)];
    plot.push([Number(window), ...row]);
  }
  return {
    xMin: Number(xMin),
    xMax: Number(xMax),
    quantiles: quantiles ? [...quantiles] : null,
    curve: plot,
  };
}

/** mmuPlot as the bytes Go writes (json.Encoder of a map: keys sorted, newline). */
export async function mmuPlotJSON(trace: Trace, flags: string): Promise<string> {
  const p = await mmuPlot(trace, flags);
  // Go's encoder fails on NaN/Inf and then writes nothing at all.
  if (p.curve.some((row) => row.some((v) => !Number.isFinite(v)))) return "";
  const rows = p.curve.map((row) => "[" + row.map(jsonFloat).join(",") + "]").join(",");
  const q = p.quantiles ? "[" + p.quantiles.map(jsonFloat).join(",") + "]" : "null";
  return `{"curve":[${rows}],"quantiles":${q},"xMax":${p.xMax},"xMin":${p.xMin}}\n`;
}

/** Go's strconv.ParseUint(s, 10, 64), with its error text. */
function parseUint64(s: string): bigint {
  const err = (what: string) =>
    new Error(`strconv.ParseUint: parsing ${goQuoteString(s)}: ${what}`);
  if (!/^[0-9]+$/.test(s)) throw err("invalid syntax");
  const v = BigInt(s);
  if (v >= 1n << 64n) throw err("value out of range");
  return v;
}

interface Worst {
  time: bigint; // absolute
  util: number;
  url: string;
}

async function worstWindows(
  trace: Trace,
  windowParam: string,
  flags: string,
  ranges: readonly ViewerRange[],
): Promise<Worst[] | null> {
  const { curve, base } = await curveFor(trace, parseUtilFlags(flags));
  let w: bigint;
  try {
    w = parseUint64(windowParam);
  } catch (e) {
    throw new MMUError(
      400,
      `failed to parse window parameter ${goQuoteString(windowParam)}: ${(e as Error).message}`,
    );
  }
  // time.Duration(uint64): values past MaxInt64 wrap to negative windows.
  const window = BigInt.asIntN(64, w);
  const found = curve.examples(window, 10);
  if (found.length === 0) return null;
  return found.map(({ time, util }) => {
    const abs = base + BigInt(time);
    let r: ViewerRange = { start: 0, end: 0, endTime: 0 };
    for (r of ranges) if (BigInt(r.endTime) > abs) break;
    const end = BigInt.asIntN(64, abs + window);
    const url = `/trace?view=proc&start=${r.start}&end=${r.end}#${
      formatFloatV(Number(abs) / 1e6)
    }:${formatFloatV(Number(end) / 1e6)}`;
    return { time: abs, util, url };
  });
}

/**
 * `/mmu?mode=details&window=...&flags=...` (Go's mmu.HandleDetails): the 10 worst
 * disjoint windows of this size, or null when there are none. `window` is the raw query
 * value; a malformed one throws MMUError(400). Throws MMUPanic where Go panics.
 */
export async function mmuDetails(
  trace: Trace,
  window: string,
  flags: string,
  ranges: readonly ViewerRange[] = [],
): Promise<MMUWorstWindow[] | null> {
  const worst = await worstWindows(trace, window, flags, ranges);
  return worst &&
    worst.map((w) => ({ Time: Number(w.time), MutatorUtil: w.util, URL: w.url }));
}

/** mmuDetails as the bytes Go writes. */
export async function mmuDetailsJSON(
  trace: Trace,
  window: string,
  flags: string,
  ranges: readonly ViewerRange[] = [],
): Promise<string> {
  const worst = await worstWindows(trace, window, flags, ranges);
  if (!worst) return "null\n";
  const items = worst.map((w) =>
    `{"Time":${w.time},"MutatorUtil":${jsonFloat(w.util)},"URL":${jsonString(w.url)}}`
  );
  return `[${items.join(",")}]\n`;
}
