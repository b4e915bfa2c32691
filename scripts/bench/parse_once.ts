// Parses one trace with traceglass and prints JSON: events, time, table size, peak RSS.
// Run in its own process by scripts/bench.ts so that peak RSS is this parse alone.
// `--one-thread`: without the copier thread (server/core/trace/copier.ts).

import { parseTraceFile } from "../../server/cli/load.ts";
import { peakRssKB } from "./rss.ts";

const start = performance.now();
const trace = await parseTraceFile(Deno.args[0], {
  threads: !Deno.args.includes("--one-thread"),
});
const ms = performance.now() - start;
// Bytes per event row: the columns time(8) type(1) state(1) ctx, stack, a0..a2 (4 each).
const rowBytes = trace.time.BYTES_PER_ELEMENT + 2 + 5 * 4;
console.log(JSON.stringify({
  events: trace.count,
  ms,
  rowBytes,
  rssKB: peakRssKB(),
  error: trace.error?.goMessage ?? "",
}));
