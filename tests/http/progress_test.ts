// A page whose data takes long answers with a progress page (never a hanging request),
// the work goes on and its result is cached, /api/progress says how far the passes over
// the trace are; downloads and quick pages are not affected.

import assert from "node:assert/strict";
import { withProgress } from "../../server/http/progress.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { committedTraces } from "../support/trace_corpus.ts";

const c = committedTraces().find((c) => c.name.endsWith("go1.26/service.trace"))!;

Deno.test("a slow page answers with a progress page showing the passes running, then its work finishes", async () => {
  const trace = await parseTrace(c.bytes, { wholeBytes: 0, cacheBytes: 1 });
  let finished = false;
  const gate = Promise.withResolvers<void>();
  // A page whose data is a pass over the blocks, held up at its first block.
  const h = withProgress(trace, "/slow", async () => {
    for await (const _ of trace.eachBlock()) await gate.promise;
    finished = true;
    return new Response("done");
  }, 20);
  const res = await h(new URL("http://x/slow"), new Request("http://x/slow"));
  const html = await res.text();
  assert.match(html, /"view":"progress"/);
  assert.match(html, /"passes":\[\{"done":0,"total":3\}\]/);
  assert.equal(res.headers.get("Cache-Control"), "no-store");
  assert.deepEqual(trace.passes, [{ done: 0, total: 3 }]);
  gate.resolve();
  for (let i = 0; i < 100 && !finished; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(finished, "the work went on after the progress page");
  assert.deepEqual(trace.passes, []);
});

Deno.test("quick pages and raw downloads are answered as they are", async () => {
  const trace = await parseTrace(c.bytes);
  const quick = withProgress(trace, "/q", () => new Response("quick"), 1000);
  assert.equal(
    await (await quick(new URL("http://x/q"), new Request("http://x/q"))).text(),
    "quick",
  );
  const raw = withProgress(trace, "/io", async () => {
    await new Promise((r) => setTimeout(r, 50));
    return new Response("profile bytes");
  }, 5);
  const res = await raw(new URL("http://x/io?raw=1"), new Request("http://x/io?raw=1"));
  assert.equal(await res.text(), "profile bytes");
});
