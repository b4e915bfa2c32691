// Heavy requests run in a lane of limited concurrency with a bounded queue (then 503 with
// Retry-After), cheap pages never wait behind them, and the result cache is bounded by bytes.

import assert from "node:assert/strict";
import { WorkLimiter } from "../../server/http/limiter.ts";
import { HttpError } from "../../server/core/pages/errors.ts";
import { estimateBytes, ResultCache } from "../../server/core/pages/cache.ts";
import { createApp, isHeavy } from "../../server/http/app.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { CONTENT_SECURITY_POLICY } from "../../server/http/security.ts";
import { GC, tracePath } from "../support/web_app.ts";

const never = new AbortController().signal;

function gate() {
  const g = Promise.withResolvers<void>();
  return { open: () => g.resolve(), work: async () => (await g.promise, new Response("done")) };
}

Deno.test("heavy work runs `active` at a time, `queued` wait, the rest is a 503 with Retry-After", async () => {
  const lim = new WorkLimiter({ active: 1, queued: 1, retryAfterS: 3 });
  const a = gate(), b = gate();
  const first = lim.run(never, a.work);
  const second = lim.run(never, b.work);
  assert.equal(lim.running, 1);
  assert.equal(lim.waiting, 1);
  await assert.rejects(lim.run(never, () => Promise.resolve(new Response("x"))), (e) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 503);
    assert.equal(e.headers["Retry-After"], "3");
    assert.match(e.message, /1 heavy requests are running and 1 waiting; retry in 3 s/);
    return true;
  });
  let secondStarted = false;
  second.then(() => secondStarted = true);
  b.open(); // the queued one cannot finish before it starts
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(secondStarted, false, "the queued request ran before a slot was free");
  a.open();
  assert.equal(await (await first).text(), "done");
  assert.equal(await (await second).text(), "done");
  assert.equal(lim.running, 0);
  assert.equal(lim.waiting, 0);
});

Deno.test("a queued request whose client leaves gives its place up", async () => {
  const lim = new WorkLimiter({ active: 1, queued: 1, retryAfterS: 1 });
  const a = gate();
  const first = lim.run(never, a.work);
  const ac = new AbortController();
  let ran = false;
  const left = lim.run(ac.signal, () => (ran = true, Promise.resolve(new Response("x"))));
  ac.abort();
  await assert.rejects(left, (e) => e instanceof HttpError && e.status === 499);
  assert.equal(lim.waiting, 0);
  a.open();
  await (await first).text();
  assert.equal(ran, false);
  assert.equal(lim.running, 0);
});

Deno.test("a streamed heavy answer keeps its slot until it is read or cancelled", async () => {
  const lim = new WorkLimiter({ active: 1, queued: 0, retryAfterS: 1 });
  const stream = () =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new Uint8Array([1]));
            c.close();
          },
        }),
      ),
    );
  const res = await lim.run(never, stream);
  assert.equal(lim.running, 1);
  await assert.rejects(lim.run(never, stream), (e) => e instanceof HttpError && e.status === 503);
  await res.arrayBuffer();
  assert.equal(lim.running, 0);
  const res2 = await lim.run(never, stream);
  await res2.body!.cancel();
  assert.equal(lim.running, 0);
  // A failing handler frees its slot too.
  await assert.rejects(lim.run(never, () => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(lim.running, 0);
});

Deno.test("the heavy lane: whole-trace pages, profiles, MMU, SQL; not the index, lists or timeline windows", () => {
  for (
    const p of [
      "/jsontrace",
      "/trace",
      "/goroutine",
      "/api/goroutine",
      "/sched",
      "/regionio",
      "/mmu",
      "/cpu",
      "/api/sql",
      "/usertask",
      "/userregion",
    ]
  ) {
    assert.ok(isHeavy(p), p);
  }
  for (
    const p of [
      "/",
      "/api/summary",
      "/goroutines",
      "/usertasks",
      "/userregions",
      "/api/progress",
      "/api/timeline/window",
      "/static/app.js",
    ]
  ) {
    assert.ok(!isHeavy(p), p);
  }
});

Deno.test("while the heavy lane is full, heavy pages get 503 + Retry-After and cheap pages answer", async () => {
  const trace = await parseTrace(await Deno.readFile(tracePath(GC)));
  const app = createApp({
    trace,
    file: GC,
    limits: { active: 1, queued: 0, retryAfterS: 7 },
  });
  const get = (p: string) => app(new Request(`http://traceglass.test${p}`));
  // An unread /jsontrace holds the one slot.
  const holder = await get("/jsontrace");
  assert.equal(holder.status, 200);
  const busy = await get("/api/goroutine?name=runtime.gcBgMarkWorker");
  assert.equal(busy.status, 503);
  assert.equal(busy.headers.get("retry-after"), "7");
  assert.equal(busy.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
  assert.match(await busy.text(), /503 Service Unavailable: 1 heavy requests are running/);
  const page = await get("/goroutine?name=runtime.gcBgMarkWorker");
  assert.equal(page.status, 503, "an HTML page is refused too");
  await page.body?.cancel();
  for (const p of ["/api/summary", "/", "/goroutines", "/usertasks", "/api/progress"]) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    await res.body?.cancel();
  }
  await holder.body!.cancel();
  const after = await get("/api/goroutine?name=runtime.gcBgMarkWorker");
  assert.equal(after.status, 200);
  await after.body?.cancel();
});

Deno.test("the result cache keeps at most its byte budget, least recently used out first", () => {
  const cache = new ResultCache({ maxEntries: 100, maxBytes: 10_000 });
  const block = () => new Uint8Array(3000);
  cache.get("a", block);
  cache.get("b", block);
  cache.get("c", block);
  assert.equal(cache.size, 3);
  cache.get("a", () => assert.fail("a was evicted")); // a is now the most recent
  cache.get("d", block); // over budget: b (least recently used) goes
  assert.equal(cache.size, 3);
  assert.ok(cache.bytes <= 10_000, `${cache.bytes} bytes kept`);
  let made = 0;
  cache.get("b", () => (made++, block()));
  assert.equal(made, 1, "b was still cached");
  // A value bigger than the budget is answered but not kept.
  const huge = cache.get("huge", () => new Uint8Array(50_000));
  assert.equal(huge.length, 50_000);
  assert.ok(cache.bytes <= 10_000);
  cache.get("huge", () => (made++, new Uint8Array(1)));
  assert.equal(made, 2);
});

Deno.test("the result cache sizes a promise when it resolves and does not keep failures", async () => {
  const cache = new ResultCache({ maxEntries: 10, maxBytes: 10_000 });
  const v = await cache.get("p", () => Promise.resolve(new Float64Array(1000)));
  assert.equal(v.length, 1000);
  await new Promise((r) => setTimeout(r, 0));
  assert.ok(cache.bytes >= 8000, `${cache.bytes}`);
  await assert.rejects(cache.get("bad", () => Promise.reject(new Error("no"))), /no/);
  await new Promise((r) => setTimeout(r, 0));
  let retried = false;
  await cache.get("bad", () => (retried = true, Promise.resolve(1)));
  assert.ok(retried, "a failed result was kept");
  // The entry limit still holds.
  for (let i = 0; i < 20; i++) cache.get(`n${i}`, () => i);
  assert.equal(cache.size, 10);
});

Deno.test("estimateBytes counts typed arrays, strings and nested objects, and stops at its limit", () => {
  assert.ok(estimateBytes(new Uint8Array(1 << 20)) >= 1 << 20);
  assert.ok(estimateBytes("x".repeat(5000)) >= 5000);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ name: `row ${i}`, n: i }));
  const n = estimateBytes({ rows, byName: new Map(rows.map((r) => [r.name, r])) });
  assert.ok(n > 1000 * 40 && n < 1000 * 400, `${n}`);
  assert.ok(estimateBytes(rows, 1000) < 10_000, "the walk went on past its limit");
});
