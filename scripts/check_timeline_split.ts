// Checks traceglass's timeline against `go tool trace` on a large trace (too slow for the
// test suite): the index page's split ranges ("View trace by proc (0s-8.5s)" links) and,
// with --json, the whole default /jsontrace byte for byte. Go itself needs a lot of memory
// (it ran out of 23 GB on a 126 MB trace): keep the trace modest (scripts/gen_bench_trace.sh
// with SIZE_MB=24 makes one whose JSON splits into 5 ranges).
//
//   deno run -A scripts/check_timeline_split.ts TRACE [--json]

import { startGoTraceServer } from "../tests/support/go_oracle.ts";
import { parseTraceFile } from "../server/cli/load.ts";
import { TimelineService } from "../server/analysis/timeline_service.ts";
import { defaultGenOptions, TimelineGenerator } from "../server/analysis/timeline_gen.ts";
import { JSONTraceWriter } from "../server/analysis/timeline_json.ts";

const file = Deno.args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: check_timeline_split.ts TRACE [--json]");
  Deno.exit(2);
}
const trace = await parseTraceFile(file);
const service = new TimelineService(trace, () => {
  throw new Error("the split needs no goroutine summary");
});
const ours = (await service.splitRanges()).map((r) =>
  `/trace?view=proc&start=${r.start}&end=${r.end} (${r.name})`
);

await using go = await startGoTraceServer(file);
const index = await go.get("/");
if (index.dropped) throw new Error(index.error);
const theirs = [
  ...index.body.matchAll(
    /<a href="(\/trace\?view=proc&amp;start=\d+&amp;end=\d+)">View trace by proc \(([^)]*)\)<\/a>/g,
  ),
].map((m) => `${m[1].replaceAll("&amp;", "&")} (${m[2]})`);
let failed = false;
for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
  const same = ours[i] === theirs[i];
  failed ||= !same;
  console.log(same ? "same" : "DIFF", ours[i] ?? "-", same ? "" : `| go: ${theirs[i] ?? "-"}`);
}
console.log(`${ours.length} ranges, Go ${theirs.length}`);

if (Deno.args.includes("--json")) {
  // Both streamed: ours generated a step at a time as Go's bytes arrive.
  const res = await fetch(go.url + "/jsontrace");
  const reader = res.body!.getReader();
  const encoder = new TextEncoder();
  const queue: Uint8Array[] = [];
  const gen = new TimelineGenerator(
    trace,
    new JSONTraceWriter((c) => queue.push(encoder.encode(c))),
    defaultGenOptions(),
  );
  let mine: Uint8Array = new Uint8Array(0), offset = 0, diffAt = -1;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    let theirs = value;
    while (theirs.length > 0 && diffAt < 0) {
      while (mine.length === 0 && (queue.length > 0 || !gen.done)) {
        if (queue.length === 0) gen.step(1 << 14);
        else mine = queue.shift()!;
      }
      if (mine.length === 0) {
        diffAt = offset; // Go wrote more
        break;
      }
      const n = Math.min(mine.length, theirs.length);
      for (let i = 0; i < n; i++) {
        if (mine[i] !== theirs[i]) {
          diffAt = offset + i;
          break;
        }
      }
      offset += n;
      mine = mine.subarray(n);
      theirs = theirs.subarray(n);
    }
    if (diffAt >= 0) break;
  }
  if (diffAt < 0) {
    while (!gen.done) gen.step(1 << 14);
    if (mine.length > 0 || queue.some((q) => q.length > 0)) diffAt = offset; // we wrote more
  }
  console.log(
    diffAt < 0 ? `/jsontrace identical (${offset} bytes)` : `/jsontrace differs at byte ${diffAt}`,
  );
  failed ||= diffAt >= 0;
  await reader.cancel().catch(() => {});
}
Deno.exit(failed ? 1 : 0);
