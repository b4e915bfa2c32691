// A trace held block by block (too big to hold whole: each pass reads its blocks, most
// of them decoded again from the file) answers every analysis page exactly as the same
// trace held whole; the pages computed on demand are today's pages.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { createApp } from "../../server/http/app.ts";
import { type App, get, tracePath } from "../support/web_app.ts";

const TRACES = [
  "testdata/traces/go1.26/gc.trace",
  "testdata/traces/go1.26/annotations.trace",
  "testdata/traces/go1.26/generations.trace",
  "testdata/traces/go1.22/generations.trace",
  "testdata/traces/go1.21/sync.trace",
  "testdata/traces/go1.26/requests.trace",
];

async function json(app: App, path: string): Promise<unknown> {
  const res = await get(app, path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return await res.json();
}

/** Status and body (the MMU answers 500 where Go panics, both ways alike). */
async function answer(app: App, path: string): Promise<[number, string]> {
  const res = await get(app, path);
  return [res.status, await res.text()];
}

async function bytes(app: App, path: string): Promise<Uint8Array> {
  const res = await get(app, path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

Deno.test("every analysis page of a trace held block by block equals the trace held whole", async () => {
  for (const rel of TRACES) {
    const data = await Deno.readFile(tracePath(rel));
    const whole = createApp({ trace: await parseTrace(data), file: rel });
    const trace = await parseTrace(data, { wholeBytes: 0, cacheBytes: 1 });
    assert.equal(trace.whole, false);
    const blocks = createApp({ trace, file: rel });
    const paths = ["/api/goroutines", "/api/usertasks", "/api/userregions"];
    for (const k of ["io", "block", "syscall", "sched"]) {
      paths.push(`/api/${k}`, `/api/region${k}`);
    }
    for (const flags of ["stw|background|assist", "perProc|stw|background|assist|sweep|mut"]) {
      paths.push(`/mmu?mode=plot&flags=${encodeURIComponent(flags)}`);
    }
    const groups = await json(whole, "/api/goroutines") as { groups: { name: string }[] };
    for (const g of groups.groups.slice(0, 4)) {
      paths.push(`/api/goroutine?name=${encodeURIComponent(g.name)}&limit=0`);
      paths.push(`/api/sched?name=${encodeURIComponent(g.name)}`);
    }
    const tasks = await json(whole, "/api/usertasks") as { types: { type: string }[] };
    for (const t of tasks.types.slice(0, 3)) {
      paths.push(`/api/usertask?type=${encodeURIComponent(t.type)}`);
    }
    const regions = await json(whole, "/api/userregions") as { regions: { type: string }[] };
    for (const r of regions.regions.slice(0, 3)) {
      paths.push(`/api/userregion?type=${encodeURIComponent(r.type)}&limit=0`);
    }
    let ok = 0;
    for (const p of paths) {
      const want = await answer(whole, p);
      assert.deepEqual(await answer(blocks, p), want, `${rel} ${p}`);
      if (want[0] === 200) ok++;
    }
    assert.ok(ok >= paths.length - 2, `${rel}: only ${ok} of ${paths.length} pages answered`);
    for (const k of ["io", "sync", "sched"]) {
      const path = `/${k === "sync" ? "block" : k}?raw=1`;
      assert.deepEqual(await bytes(blocks, path), await bytes(whole, path), `${rel} ${path}`);
    }
  }
});
