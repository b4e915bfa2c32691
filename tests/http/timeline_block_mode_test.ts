// The timeline of a trace held block by block (too big to hold whole: its generators read
// the blocks, most of them decoded again from the file, with a cache of one block)
// answers as the same trace held whole: the page's boot data, window queries at several
// zooms, the details of slices, instants and gaps, selections, find, and Go's JSON, for
// the proc, thread, goroutine (goid) and task (taskid, focustask) views.

import assert from "node:assert/strict";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarizeWhole } from "../../server/core/summary/summary.ts";
import { createApp } from "../../server/http/app.ts";
import { decodeWire } from "../../web/timeline/wire.ts";
import { type App, get, tracePath } from "../support/web_app.ts";

const TRACES = [
  "testdata/traces/go1.26/gc.trace",
  "testdata/traces/go1.26/annotations.trace",
  "testdata/traces/go1.26/generations.trace",
  "testdata/traces/go1.22/generations.trace",
  "testdata/traces/go1.26/requests.trace",
  "testdata/traces/go1.21/sync.trace",
];

async function answer(app: App, path: string): Promise<[number, Uint8Array]> {
  const res = await get(app, path);
  return [res.status, new Uint8Array(await res.arrayBuffer())];
}

interface Boot {
  endTime: number;
  initial: { t0: number; t1: number };
  lanes: unknown[];
}

Deno.test("the timeline of a trace held block by block equals the trace held whole", async () => {
  let compared = 0;
  for (const rel of TRACES) {
    const data = await Deno.readFile(tracePath(rel));
    const wt = await parseTrace(data);
    const whole = createApp({ trace: wt, file: rel });
    const bt = await parseTrace(data, { wholeBytes: 0, cacheBytes: 1 });
    assert.equal(bt.whole, false);
    const blocks = createApp({ trace: bt, file: rel });

    // Views: by proc and thread, the busiest goroutines, every task (both ways).
    const s = summarizeWhole(wt);
    const views = ["", "view=thread"];
    const gs = s.goroutines.filter((g) => g.execTime > 0)
      .sort((a, b) => b.execTime - a.execTime).slice(0, 3);
    for (const g of gs) views.push(`goid=${g.id}`);
    for (let k = 0; k < Math.min(3, s.taskCount); k++) {
      const id = s.taskId(s.taskAt(k));
      views.push(`taskid=${id}`, `focustask=${id}`);
    }
    for (const v of views) {
      const q = v === "" ? "" : `&${v}`;
      const bootPath = `/api/trace?${v}`;
      const want = await answer(whole, bootPath);
      assert.deepEqual(await answer(blocks, bootPath), want, `${rel} ${bootPath}`);
      if (want[0] !== 200) continue;
      const boot = JSON.parse(new TextDecoder().decode(want[1])) as Boot;
      const paths = [`/jsontrace?${v}`];
      const { t0, t1 } = boot.initial;
      const span = t1 - t0;
      for (
        const [a, b, px] of [[t0, t1, span / 1000], [t0 + span / 3, t0 + span / 2, span / 8000]]
      ) {
        paths.push(`/api/timeline/window?t0=${a}&t1=${b}&px=${px}&arrows=1${q}`);
        paths.push(`/api/timeline/select?t0=${a}&t1=${b}${q}`);
      }
      paths.push(`/api/timeline/find?q=main${q}`);
      // Details of some slices and instants of the first window, and gaps on its lanes.
      const win = await get(whole, paths[1]);
      const w = decodeWire(await win.arrayBuffer());
      const ids = w.columns.get("span.id")!, srcs = w.columns.get("span.src")!;
      for (let k = 0; k < ids.length; k += Math.max(1, Math.floor(ids.length / 8))) {
        paths.push(`/api/timeline/slice?src=${srcs[k]}&id=${ids[k]}${q}`);
      }
      const iids = w.columns.get("inst.id")!, isrcs = w.columns.get("inst.src")!;
      for (let k = 0; k < iids.length; k += Math.max(1, Math.floor(iids.length / 8))) {
        paths.push(`/api/timeline/instant?src=${isrcs[k]}&id=${iids[k]}${q}`);
      }
      for (let lane = 0; lane < Math.min(boot.lanes.length, 6); lane++) {
        for (const f of [0.25, 0.5, 0.75]) {
          paths.push(`/api/timeline/gap?lane=${lane}&t=${t0 + span * f}${q}`);
        }
      }
      for (const p of paths) {
        const want = await answer(whole, p);
        assert.equal(want[0], 200, `${rel} ${p}: ${want[0]}`);
        assert.deepEqual(await answer(blocks, p), want, `${rel} ${p}`);
        compared++;
      }
    }
    // The MMU page's worst windows link into the timeline (no pass of its own for them).
    for (const w of [1e6, 1e7]) {
      const p = `/mmu?mode=details&window=${w}&flags=${
        encodeURIComponent("stw|background|assist")
      }`;
      const want = await answer(whole, p);
      assert.equal(want[0], 200, `${rel} ${p}`);
      assert.deepEqual(await answer(blocks, p), want, `${rel} ${p}`);
      compared++;
    }
  }
  assert.ok(compared > 200, `only ${compared} answers compared`);
  console.log(`compared ${compared} timeline answers`);
});
