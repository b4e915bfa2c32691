// Checks traceglass's timeline against `go tool trace` on a large trace (too slow for the
// test suite): the index page's split ranges ("View trace by proc (0s-8.5s)" links) and,
// with --json, the whole default /jsontrace line for line. Go itself needs a lot of memory
// (it ran out of 23 GB on a 126 MB trace): keep the trace modest (scripts/gen_bench_trace.sh
// with SIZE_MB=24 makes one whose JSON splits into 5 ranges).
//
//   deno run -A scripts/check_timeline_split.ts TRACE [--json]

import { startGoTraceServer } from "../tests/support/go_oracle.ts";
import { parseTraceFile } from "../server/cli/load.ts";
import { TimelineService } from "../server/core/timeline/service.ts";
import { defaultGenOptions, generateSteps } from "../server/core/timeline/generator.ts";
import { JSONTraceWriter } from "../server/core/timeline/json.ts";
import type { Trace } from "../server/core/trace/trace.ts";

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

// Go's server is stopped on every way out (Deno.exit would skip an `await using`).
const go = await startGoTraceServer(file);
let failed = false;
try {
  const index = await go.get("/");
  if (index.dropped) throw new Error(index.error);
  const theirs = [
    ...index.body.matchAll(
      /<a href="(\/trace\?view=proc&amp;start=\d+&amp;end=\d+)">View trace by proc \(([^)]*)\)<\/a>/g,
    ),
  ].map((m) => `${m[1].replaceAll("&amp;", "&")} (${m[2]})`);
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    const same = ours[i] === theirs[i];
    failed ||= !same;
    console.log(same ? "same" : "DIFF", ours[i] ?? "-", same ? "" : `| go: ${theirs[i] ?? "-"}`);
  }
  console.log(`${ours.length} ranges, Go ${theirs.length}`);

  if (Deno.args.includes("--json")) {
    // Both streamed: ours generated a step at a time as Go's bytes arrive.
    // Line by line (Go writes one event per line), both streamed. Go orders the last part
    // (slices still open at the end, lane metadata) by map iteration: once the lines
    // differ, the rest is compared as a multiset.
    const res = await fetch(go.url + "/jsontrace");
    const theirs = lines(res.body!.pipeThrough(new TextDecoderStream()));
    const ours = lines(oursText(trace));
    let n = 0, same = true, tail = 0;
    for (;;) {
      const [x, y] = await Promise.all([theirs.next(), ours.next()]);
      if (x.done && y.done) break;
      if (x.value === y.value) {
        n++;
        continue;
      }
      const rest = async (it: AsyncGenerator<string>, first: string | void) => {
        const out = first === undefined ? [] : [first];
        for await (const l of { [Symbol.asyncIterator]: () => it }) out.push(l);
        return out.sort();
      };
      const [a, b] = await Promise.all([rest(theirs, x.value), rest(ours, y.value)]);
      same = a.length === b.length && a.every((l, i) => l === b[i]);
      tail = a.length;
      break;
    }
    console.log(
      !same
        ? `/jsontrace differs from line ${n + 1}`
        : tail > 0
        ? `/jsontrace: ${n} lines identical, the last ${tail} the same in another order (Go's map order)`
        : `/jsontrace identical (${n} lines)`,
    );
    failed ||= !same;
  }
} finally {
  await go.close();
}
Deno.exit(failed ? 1 : 0);

async function* lines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let buf = "";
  for await (const chunk of text) {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, i);
      buf = buf.slice(i + 1);
    }
  }
  if (buf !== "") yield buf;
}

// Our /jsontrace, generated a step at a time as it is read.
async function* oursText(trace: Trace): AsyncGenerator<string> {
  const queue: string[] = [];
  const writer = new JSONTraceWriter((c) => queue.push(c));
  for await (const _ of generateSteps(trace, writer, defaultGenOptions())) {
    while (queue.length > 0) yield queue.shift()!;
  }
  while (queue.length > 0) yield queue.shift()!;
}
