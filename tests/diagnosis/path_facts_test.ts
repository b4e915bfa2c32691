// What critical paths read without the whole diagnosis: the pathOnly pass's facts are the
// diagnosis pass's (so a path asked before /diagnosis answers what it answers after), and
// a block's goroutine index finds what a scan of the block finds.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import {
  gatherFacts,
  gatherPathFacts,
  goroutineCriticalPath,
  taskCriticalPath,
} from "../../server/core/diagnosis/diagnosis.ts";
import type { PathFacts } from "../../server/core/diagnosis/facts.ts";
import { GoroutineIndex, isGoTransitionType } from "../../server/core/diagnosis/goroutine_index.ts";
import { committedTraces, damagedTraces } from "../support/trace_corpus.ts";
import { tracePath } from "../support/web_app.ts";
import { AppContext } from "../../server/core/pages/context.ts";

/** The path facts with indexes into `names` and groups resolved to their strings. */
function resolved(f: PathFacts) {
  const group = Array.from(f.byIndex.group, (k) => f.groups.name[k]);
  return {
    start: f.start,
    end: f.end,
    stw: Array.from(f.stw),
    tasks: {
      id: Array.from(f.tasks.id),
      type: Array.from(f.tasks.type, (k) => k < 0 ? null : f.names[k]),
      begin: Array.from(f.tasks.begin),
      beginG: Array.from(f.tasks.beginG),
      end: Array.from(f.tasks.end),
      endG: Array.from(f.tasks.endG),
    },
    group,
    created: Array.from(f.byIndex.created),
    ended: Array.from(f.byIndex.ended),
  };
}

Deno.test("every committed trace: the path facts are the diagnosis facts' start, end, pauses, tasks and goroutine names, creations and ends", async () => {
  let withTasks = 0;
  for (const { name, bytes } of committedTraces()) {
    const trace = await parseTrace(bytes);
    const full = await gatherFacts(trace);
    const path = await gatherPathFacts(trace);
    assert.deepEqual(resolved(path), resolved(full), name);
    if (full.tasks.id.length > 0) withTasks++;
  }
  assert.ok(withTasks > 5, `${withTasks} traces with tasks`);
});

async function samePaths(trace: Trace, name: string): Promise<number> {
  const full = await gatherFacts(trace);
  const path = await gatherPathFacts(trace);
  let n = 0;
  for (const id of full.tasks.id.slice(0, 20)) {
    if (id <= 0) continue;
    const a = await taskCriticalPath(trace, full, id).catch((e) => String(e));
    const b = await taskCriticalPath(trace, path, id).catch((e) => String(e));
    assert.deepEqual(b, a, `${name} task ${id}`);
    n++;
  }
  for (let g = 1; g < Math.min(trace.gId.length, 20); g++) {
    const a = await goroutineCriticalPath(trace, full, trace.gId[g]).catch((e) => String(e));
    const b = await goroutineCriticalPath(trace, path, trace.gId[g]).catch((e) => String(e));
    assert.deepEqual(b, a, `${name} G${trace.gId[g]}`);
    n++;
  }
  return n;
}

Deno.test("the Go 1.26 and 1.21 traces, whole and damaged: every critical path from the path facts is the one from the diagnosis facts", async () => {
  let paths = 0;
  for (const c of committedTraces()) {
    if (!/go1\.(26|21)\//.test(c.name)) continue;
    paths += await samePaths(await parseTrace(c.bytes), c.name);
  }
  const base = {
    name: "critpath",
    bytes: Deno.readFileSync(tracePath("testdata/traces/go1.26/diagnose/critpath.trace")),
  };
  for (const c of damagedTraces(base, 12)) {
    let trace: Trace;
    try {
      trace = await parseTrace(c.bytes);
    } catch {
      continue; // a damaged trace that does not parse has no path (diagnosis_test)
    }
    paths += await samePaths(trace, c.name);
  }
  assert.ok(paths > 100, `${paths} paths compared`);
});

Deno.test("a block's goroutine index: the last transition of each goroutine before each row is the one a backward scan finds", async () => {
  let checked = 0;
  for (const { name, bytes } of committedTraces()) {
    if (!/go1\.26\/diagnose\//.test(name)) continue;
    const trace = await parseTrace(bytes);
    for (let k = 0; k < trace.blocks.length; k++) {
      const b = await trace.block(k);
      const idx = new GoroutineIndex(b, trace, trace.gIds.length);
      // Every goroutine's last transition so far, row by row (-1 none).
      const last = new Map<number, number>();
      const gs = new Set<number>();
      for (let j = 0; j < b.count; j++) if (isGoTransitionType(b.type[j])) gs.add(b.a0[j]);
      for (let j = 0; j <= b.count; j++) {
        if (j % 7 === 0 || j === b.count) {
          for (const g of gs) {
            assert.equal(idx.lastBefore(g, j), last.get(g) ?? -1, `${name} block ${k} G${g}`);
            checked++;
          }
          assert.equal(idx.lastBefore(trace.gIds.length + 5, j), -1);
        }
        if (j < b.count && isGoTransitionType(b.type[j])) last.set(b.a0[j], j);
      }
    }
  }
  assert.ok(checked > 1000, `${checked} lookups`);
});

Deno.test("a path asked as the diagnosis starts waits for the diagnosis's facts: one pass, not two", async () => {
  const bytes = await Deno.readFile(tracePath("testdata/traces/go1.26/requests.trace"));
  const trace = await parseTrace(bytes);
  // Path first, diagnosis at once: the lighter pass stops and the path gets the full facts.
  const ctx = new AppContext(trace, "requests.trace");
  const path = ctx.pathFacts;
  const facts = ctx.facts;
  assert.equal(await path, await facts);
  // Diagnosis first: the path does not start a pass of its own.
  const ctx2 = new AppContext(trace, "requests.trace");
  const facts2 = ctx2.facts;
  assert.equal(await ctx2.pathFacts, await facts2);
  // Alone, a path reads the lighter pass's facts (not the diagnosis's).
  const ctx3 = new AppContext(trace, "requests.trace");
  const alone = await ctx3.pathFacts;
  assert.notEqual(alone, await ctx3.facts);
  assert.equal(await ctx3.pathFacts, await ctx3.facts, "once the facts are there, paths read them");
});
