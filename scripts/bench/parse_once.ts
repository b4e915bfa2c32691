// Parses one trace with traceglass and prints JSON: events, blocks, time, peak RSS.
// Run in its own process by scripts/bench.ts so that peak RSS is this parse alone.
// `--whole-bytes=N` and `--cache-bytes=N` set the trace's memory limits (ParseOptions); the
// block cache is by default the one the server and every CLI mode open a trace with.

import { parseTraceFile, PASS_CACHE_BYTES } from "../../server/cli/load.ts";
import { peakRssKB } from "./rss.ts";

const opt = (name: string) => {
  const a = Deno.args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split("=")[1]) : undefined;
};
const path = Deno.args.find((a) => !a.startsWith("--"))!;
const start = performance.now();
const trace = await parseTraceFile(path, {
  wholeBytes: opt("whole-bytes"),
  cacheBytes: opt("cache-bytes") ?? PASS_CACHE_BYTES,
});
const ms = performance.now() - start;
console.log(JSON.stringify({
  events: trace.count,
  blocks: trace.blocks.length,
  whole: trace.whole,
  heldMB: Math.round(trace.heldBytes / 1e6),
  ms,
  rssKB: peakRssKB(),
  error: trace.error?.goMessage ?? "",
}));
