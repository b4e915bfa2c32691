// Computes the MMU plot of one trace with traceglass and prints JSON timings: the parse,
// then the utilization series, the curve and the 100-window plot (the work Go does on
// the first /mmu?mode=plot request), and peak RSS. Run in its own process by
// scripts/bench.ts.
//
//   deno run -A scripts/bench/mmu_once.ts <trace> [flags]

import { parseTraceFile } from "../../server/cli/load.ts";
import { mutatorUtilization } from "../../server/core/mmu/utilization.ts";
import { MMUCurve } from "../../server/core/mmu/curve.ts";
import { mmuPlot, parseUtilFlags } from "../../server/core/mmu/mmu.ts";
import { peakRssKB } from "./rss.ts";

const [path, flags = "system|stw|background|assist"] = Deno.args;
let t = performance.now();
const lap = () => {
  const now = performance.now();
  const ms = now - t;
  t = now;
  return ms;
};
const trace = await parseTraceFile(path);
const parseMs = lap();
// The steps separately (each once), for the breakdown...
const series = (await mutatorUtilization(trace, parseUtilFlags(flags))) ?? [];
const utilMs = lap();
await MMUCurve.build(series);
const buildMs = lap();
// ...and the whole request as the server runs it (its own series and curve, cached after).
const plot = await mmuPlot(trace, flags);
const curveMs = lap();
await mmuPlot(trace, flags);
const cachedMs = lap();
console.log(JSON.stringify({
  events: trace.count,
  points: series.reduce((n, s) => n + s.time.length, 0),
  parseMs,
  utilMs,
  buildMs,
  curveMs,
  cachedMs,
  ms: parseMs + curveMs,
  rssKB: peakRssKB(),
  xMin: plot.xMin,
}));
