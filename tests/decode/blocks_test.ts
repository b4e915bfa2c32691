// Reading a trace a few generations at a time (server/core/trace/decoder.ts): whatever
// the window, the events are those of a whole-file read; each block decoded again
// alone, from the state saved before it, equals the block the first pass gave; a trace
// held block by block gives the same events as one held whole, within its byte budget.

import assert from "node:assert/strict";
import { bytesSource } from "../../server/core/trace/source.ts";
import { Decoder } from "../../server/core/trace/decoder.ts";
import type { EventBlock } from "../../server/core/trace/block.ts";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { isHeaderError, readTraceHeader } from "../../server/core/trace/header.ts";
import {
  committedTraces,
  damagedTraces,
  go126VectorTraces,
  type TraceCase,
  vectorTraces,
} from "../support/trace_corpus.ts";

const COLUMNS = ["time", "type", "state", "ctx", "stack", "a0", "a1", "a2"] as const;

/** Rows of a block as comparable values (columns, and its side-table parts). */
function rows(b: EventBlock) {
  return {
    first: b.first,
    count: b.count,
    ...Object.fromEntries(COLUMNS.map((k) => [k, Array.from(b[k])])),
    extra: [b.extraBase, ...b.extra],
    expData: [b.expBase, ...b.expData],
    bigTimes: [...b.bigTimes],
  };
}

/** Every event of a trace, by global index, from a whole read. */
function wholeRows(t: Trace) {
  return Object.fromEntries(COLUMNS.map((k) => [k, Array.from(t[k])]));
}

async function blockRows(t: Trace) {
  const out: Record<string, number[]> = Object.fromEntries(COLUMNS.map((k) => [k, []]));
  for await (const b of t.eachBlock()) {
    for (const k of COLUMNS) out[k].push(...Array.from(b[k]));
  }
  return out;
}

const v2Traces = (): TraceCase[] =>
  [...committedTraces(), ...vectorTraces(), ...go126VectorTraces()].filter((c) => {
    const h = readTraceHeader(c.bytes);
    return !isHeaderError(h) && h.version >= 22;
  });

Deno.test("a trace read through a small window gives the events of a whole-file read", async () => {
  let checked = 0;
  for (const c of v2Traces()) {
    const whole = await parseTrace(c.bytes);
    // 4 KiB: every generation of these traces takes several refills of the window.
    const windowed = await parseTrace(c.bytes, { windowBytes: 4096 });
    assert.equal(windowed.count, whole.count, c.name);
    assert.equal(windowed.validCount, whole.validCount, c.name);
    assert.equal(windowed.error?.message, whole.error?.message, c.name);
    assert.deepEqual(wholeRows(windowed), wholeRows(whole), c.name);
    assert.deepEqual(
      windowed.blocks.map((b) => [b.first, b.count]),
      whole.blocks.map((b) => [b.first, b.count]),
      c.name,
    );
    checked++;
  }
  assert.ok(checked >= 40, `only ${checked} v2 traces`);
});

async function checkRedecode(c: TraceCase): Promise<number> {
  const dec = await Decoder.create(bytesSource(c.bytes));
  const first: { info: Parameters<Decoder["redecode"]>[0]; rows: ReturnType<typeof rows> }[] = [];
  try {
    await dec.firstPass((view, info) => {
      first.push({ info, rows: rows(view) });
    }, { windowBytes: 8192 });
  } catch {
    return 0; // a bad header: no blocks
  }
  let n = 0;
  // Backwards, so no block follows the one decoded before it.
  for (const { info, rows: want } of [...first].reverse()) {
    if (!info.state) continue;
    assert.deepEqual(rows(await dec.redecode(info)), want, `${c.name} block ${info.index}`);
    n++;
  }
  return n;
}

Deno.test("each block decoded again alone equals the first pass's block", async () => {
  let blocks = 0;
  for (const c of v2Traces()) blocks += await checkRedecode(c);
  assert.ok(blocks >= 100, `only ${blocks} blocks decoded again`);
});

Deno.test("blocks of truncated and damaged traces decode again to the same rows", async () => {
  let blocks = 0;
  const bases = committedTraces().filter((c) =>
    /go1\.(22|25|26)\/(gc|service)\.trace$/.test(c.name)
  );
  assert.ok(bases.length >= 3);
  for (const base of bases) {
    for (const c of damagedTraces(base, 6)) blocks += await checkRedecode(c);
  }
  assert.ok(blocks > 0);
});

Deno.test("a trace held block by block has the events of one held whole, within its budget", async () => {
  const c = committedTraces().find((c) => c.name.endsWith("go1.26/service.trace"))!;
  const whole = await parseTrace(c.bytes);
  assert.ok(whole.whole && whole.blocks.length >= 3, "expected a trace of several generations");
  const budget = Math.max(...whole.blocks.map((b) => b.bytes)) + 1;
  const cached = await parseTrace(c.bytes, { wholeBytes: 0, cacheBytes: budget });
  assert.equal(cached.whole, false);
  assert.throws(() => cached.time, /block by block/);
  assert.deepEqual(await blockRows(cached), wholeRows(whole));
  // The last block is always held; at most one other fits the budget.
  const last = cached.blocks[cached.blocks.length - 1].bytes;
  assert.ok(cached.heldBytes <= budget + last, `${cached.heldBytes} > ${budget} + ${last}`);
  // And again, out of order: blocks come back decoded again.
  for (const k of [2, 0, 1]) {
    const b = await cached.block(k);
    assert.equal(b.first, whole.blocks[k].first);
    assert.deepEqual(
      Array.from(b.time),
      Array.from(whole.time.subarray(b.first, b.first + b.count)),
    );
  }
});
