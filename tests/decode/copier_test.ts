// The decoder with a copier thread (server/core/trace/copier.ts, asm/src/table/handoff.ts)
// must give the same event table as the plain decoder, row for row: on every committed
// trace, and on cut and mutated traces, where the decoder drops rows it had written
// (truncateEvents) and, with tiny chunks, rows already handed to the copier.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { CopierParser, DEFAULT_CHUNK_SHIFT } from "../../server/core/trace/copier.ts";
import { committedTraces, type TraceCase } from "../support/trace_corpus.ts";
import { Mutator, v2MutationSeed } from "../support/mutate.ts";
import { isV1Header } from "../support/v1_events.ts";

const columns = (t: Trace) => [t.time, t.type, t.state, t.ctx, t.stack, t.a0, t.a1, t.a2];
const COLUMN_NAMES = ["time", "type", "state", "ctx", "stack", "a0", "a1", "a2"];

/** The first difference between two parses' tables, or undefined if they are equal. */
function tableDifference(plain: Trace, threaded: Trace): string | undefined {
  if (plain.count !== threaded.count) return `${threaded.count} rows, plain ${plain.count}`;
  if (plain.validCount !== threaded.validCount) return `validCount ${threaded.validCount}`;
  if (plain.error?.message !== threaded.error?.message) return `error ${threaded.error?.message}`;
  const a = columns(plain), b = columns(threaded);
  for (let k = 0; k < a.length; k++) {
    const x = new Uint8Array(a[k].buffer, a[k].byteOffset, a[k].byteLength);
    const y = new Uint8Array(b[k].buffer, b[k].byteOffset, b[k].byteLength);
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) {
        return `column ${COLUMN_NAMES[k]} differs at row ${Math.floor(i / a[k].BYTES_PER_ELEMENT)}`;
      }
    }
  }
  return undefined;
}

/** Parses each case plainly and through a copier with chunks of 2^shift rows; lists differences. */
async function compare(cases: TraceCase[], shifts: number[]) {
  const different: string[] = [];
  let workerChunks = 0, rewinds = 0;
  for (const c of cases) {
    let plain: Trace;
    try {
      plain = await parseTrace(c.bytes);
    } catch (e) {
      // A header error comes before any row: the copier build must fail the same way.
      for (const shift of shifts) {
        const copier = await CopierParser.create(shift);
        await assert.rejects(() => parseTrace(c.bytes, { copier }), {
          message: String((e as Error).message),
        });
      }
      continue;
    }
    for (const shift of shifts) {
      const copier = await CopierParser.create(shift);
      const threaded = await parseTrace(c.bytes, { copier });
      workerChunks += copier.workerChunks;
      rewinds += copier.rewinds;
      const d = tableDifference(plain, threaded);
      if (d) different.push(`${c.name} (chunks of 2^${shift}): ${d}`);
    }
  }
  return { different, workerChunks, rewinds };
}

const committed = committedTraces();

Deno.test("the copier thread gives the plain decoder's table on every committed trace", async () => {
  assert.ok(committed.length >= 100, `only ${committed.length} committed traces`);
  const { different, workerChunks } = await compare(committed, [0, 3, DEFAULT_CHUNK_SHIFT]);
  console.log(
    `copier: ${committed.length} traces (v2 handed over, v1 declined) × chunks of 1, 8 and 65536 rows equal; ` +
      `the worker copied ${workerChunks} chunks`,
  );
  assert.deepEqual(different, []);
  // The worker, not only the decoder, did copy: with 1-row chunks it cannot keep out.
  assert.ok(workerChunks > 0, "the worker copied nothing");
});

Deno.test("the copier thread gives the plain decoder's table on cut and mutated traces", async () => {
  const v2 = committed.filter((c) => !isV1Header(c.bytes));
  const v1 = committed.filter((c) => isV1Header(c.bytes));
  const cases: TraceCase[] = [];
  // Cuts in the middle of batches and flipped bytes: the decoder accepts an event, then
  // fails on the next one of its thread and drops the rows it wrote for it.
  for (const m of new Mutator(7).mutants(v2.map((c) => v2MutationSeed(c.name, c.bytes)), 150)) {
    cases.push(m);
  }
  // Mutants that break the event after a GoSwitch (three rows for one event): with
  // one-row chunks, the dropped rows were handed over already and must be taken back.
  const coroutines = v2.filter((c) => c.name.endsWith("/coroutines.trace"))
    .map((c) => v2MutationSeed(c.name, c.bytes));
  for (const n of [102, 210, 264, 265]) {
    cases.push(new Mutator(3).mutant(coroutines[n % coroutines.length], n));
  }
  for (const c of v1.slice(0, 10)) {
    for (const frac of [0.3, 0.6, 0.9]) {
      const n = Math.floor(c.bytes.length * frac);
      cases.push({ name: `${c.name} cut at ${n}`, bytes: c.bytes.slice(0, n) });
    }
  }
  const { different, rewinds } = await compare(cases, [0, 2]);
  console.log(
    `copier: ${cases.length} cut and mutated traces × chunks of 1 and 4 rows equal; ` +
      `${rewinds} took handed-over rows back`,
  );
  assert.deepEqual(different, []);
  assert.ok(rewinds > 0, "no case took rows back from the copier: choose new GoSwitch mutants");
});
