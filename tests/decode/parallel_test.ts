// The first pass on two cores (server/core/trace/parallel.ts) gives the trace the one
// decoder gives: the same blocks, tables and events, whether the worker's half is taken
// over (its blocks then decoded when first asked, from the state of the block before)
// or the decoders disagree and the main one reads on (damaged traces).

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { isHeaderError, readTraceHeader } from "../../server/core/trace/header.ts";
import {
  committedTraces,
  damagedTraces,
  go126VectorTraces,
  type TraceCase,
  vectorTraces,
} from "../support/trace_corpus.ts";

const WORKER = new URL("../../server/core/trace/decode_worker.ts", import.meta.url).href;
const worker = () => new Worker(WORKER, { type: "module" });
const COLUMNS = ["time", "type", "state", "ctx", "stack", "a0", "a1", "a2"] as const;
const TABLES = [
  "gIds",
  "pIds",
  "mIds",
  "taskIds",
  "ctxM",
  "ctxP",
  "ctxG",
  "stringBytes",
  "stringOffsets",
  "framePC",
  "frameFunc",
  "frameFile",
  "frameLine",
  "stackOffsets",
  "stackFrames",
] as const;

function blockList(t: Trace) {
  return t.blocks.map((b) => [
    b.first,
    b.count,
    b.startTime,
    b.endTime,
    b.fileStart,
    b.fileEnd,
    b.extraBase,
    b.expBase,
  ]);
}

async function rows(t: Trace) {
  const out: unknown[] = [];
  for await (const b of t.eachBlock()) {
    out.push([
      b.first,
      ...COLUMNS.map((k) => Array.from(b[k])),
      b.extraBase,
      Array.from(b.extra),
      b.expBase,
      Array.from(b.expData),
      [...b.bigTimes],
    ]);
  }
  return out;
}

/** Compares the two first passes; returns how many blocks the worker's half gave. */
async function compare(c: TraceCase): Promise<number> {
  let one: Trace;
  try {
    one = await parseTrace(c.bytes, { wholeBytes: 0, cacheBytes: 1 });
  } catch (e) {
    await assert.rejects(
      parseTrace(c.bytes, { wholeBytes: 0, parallel: worker, forceParallel: true }),
      { message: (e as Error).message },
    );
    return 0;
  }
  const two = await parseTrace(c.bytes, {
    wholeBytes: 0,
    cacheBytes: 1,
    parallel: worker,
    forceParallel: true,
  });
  const derived = two.blocks.filter((b) => b.derived).length;
  assert.equal(two.count, one.count, c.name);
  assert.equal(two.validCount, one.validCount, c.name);
  assert.equal(two.validBytes, one.validBytes, c.name);
  assert.equal(two.error?.message, one.error?.message, c.name);
  assert.deepEqual(blockList(two), blockList(one), c.name);
  for (const k of TABLES) assert.deepEqual(two[k], one[k], `${c.name}: ${k}`);
  assert.deepEqual(await rows(two), await rows(one), c.name);
  return derived;
}

const v2 = (cases: TraceCase[]) =>
  cases.filter((c) => {
    const h = readTraceHeader(c.bytes);
    return !isHeaderError(h) && h.version >= 22;
  });

Deno.test("two decoders give the one decoder's blocks, tables and events", async () => {
  let derived = 0, traces = 0;
  for (const c of v2([...committedTraces(), ...vectorTraces(), ...go126VectorTraces()])) {
    derived += await compare(c);
    traces++;
  }
  assert.ok(traces >= 60, `only ${traces} traces`);
  // The worker's half was taken over somewhere (or the test would prove nothing).
  assert.ok(derived >= 3, `only ${derived} blocks came from the worker`);
});

Deno.test("a damaged trace read by two decoders is the one decoder's trace", async () => {
  for (const name of ["go1.22/generations.trace", "go1.26/generations.trace"]) {
    const base = committedTraces().find((c) => c.name.endsWith(name))!;
    for (const c of damagedTraces(base, 6)) await compare(c);
  }
});
