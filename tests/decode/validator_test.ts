// The validator (tests/support/goport/validator.ts) must actually catch what Go's validator
// catches: each test parses a valid Go test vector, breaks one invariant by editing the
// decoded columns in place, and expects Go's complaint. Event indexes refer to the
// vectors' decoded streams (go122-annotations: G9 starts on M167926 at event 64, G7 on
// M167930 at 66, G1 blocks with stack 18 at 62, ...), which the vector tests pin down.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { Ev } from "../../server/core/trace/kinds.ts";
import { vectorTraces } from "../support/trace_corpus.ts";
import { validateTrace } from "../support/goport/validator.ts";

const vectors = vectorTraces();

async function vector(name: string): Promise<Trace> {
  const trace = await parseTrace(vectors.find((v) => v.name === name)!.bytes);
  assert.deepEqual(validateTrace(trace), [], `${name} is valid before the edit`);
  return trace;
}

const annotations = () => vector("go122-annotations.test");

/** Asserts the validator reports exactly one kind of problem, matching `re`. */
function assertInvalid(trace: Trace, re: RegExp): void {
  const errors = validateTrace(trace);
  assert.ok(errors.length > 0, `expected a complaint matching ${re}, got none`);
  assert.ok(errors.some((e) => re.test(e)), `no complaint matches ${re}: ${errors.join("; ")}`);
}

const st = (old: number, next: number) => (old << 4) | next;

Deno.test("validator rejects a time that does not increase", async () => {
  const t = await annotations();
  t.time[5] = t.time[4];
  assertInvalid(t, /event 5 .*timestamp out-of-order/);
});

Deno.test("validator rejects a transition from a state other than the tracked one", async () => {
  const t = await annotations();
  t.state[64] = st(4, 3); // G9 Waiting->Running, but G9 is Runnable
  assertInvalid(t, /bad old state for goroutine 9: got Waiting, want Runnable/);
});

Deno.test("validator rejects a transition to Undetermined", async () => {
  const t = await annotations();
  t.state[64] = st(2, 0);
  assertInvalid(t, /transition to undetermined state for goroutine 9/);
});

Deno.test("validator rejects Undetermined as an old state after the first generation", async () => {
  const t = await vector("go125-sync.test");
  t.state[4] = st(0, 2); // P0 in generation 3
  assertInvalid(t, /undetermined proc 0 after first global sync/);
});

Deno.test("validator rejects a goroutine leaving execution with a different transition stack", async () => {
  const t = await annotations();
  t.a2[62] = 0; // G1 blocks with event stack 18
  assertInvalid(t, /StateTransition.Stack doesn't match Event.Stack/);
});

Deno.test("validator rejects starting a goroutine on a thread that runs another", async () => {
  const t = await annotations();
  t.ctx[66] = t.ctx[64]; // G7 started on M167926, where G9 runs
  assertInvalid(
    t,
    /tried to run goroutine 7 when one was already executing \(9\) on thread 167926/,
  );
});

Deno.test("validator rejects starting a proc on a thread that holds another", async () => {
  const t = await annotations();
  t.ctx[63] = t.ctx[1]; // P1 started on M167926, which holds P0
  assertInvalid(t, /tried to run proc 1 when one was already executing \(0\) on thread 167926/);
});

Deno.test("validator rejects an executing goroutine without a thread", async () => {
  const t = await annotations();
  t.ctx[64] = t.ctx[0]; // no M, P or G
  assertInvalid(t, /event 64 .*must have thread, but thread ID is none/);
});

Deno.test("validator rejects Sync numbers out of sequence", async () => {
  const t = await annotations();
  t.a0[89] = 3;
  assertInvalid(t, /sync count is not sequential: expected 2, got 3/);
});

Deno.test("validator requires a clock snapshot on Go 1.25 generation Syncs", async () => {
  const t = await vector("go125-sync.test");
  t.a1[0] = 0xffffffff;
  assertInvalid(t, /sync 1 has no clock snapshot/);
});

Deno.test("validator rejects clocks that do not increase between Syncs", async () => {
  const t = await vector("go125-sync.test");
  t.extra[t.a1[2] + 2] = 99n; // sync 2's mono equals sync 1's
  assertInvalid(t, /sync 2 has non-increasing mono time: 99 vs 99/);
});

Deno.test("validator rejects ending a range that is not active", async () => {
  const t = await annotations();
  t.type[4] = Ev.HeapAlloc; // the STW begin is gone; its end remains
  assertInvalid(t, /inactive range "stop-the-world \(start trace\)" on Goroutine\(1\) ended/);
});

Deno.test("validator rejects beginning a range that is already active", async () => {
  const t = await annotations();
  t.type[54] = Ev.STWBegin;
  assertInvalid(
    t,
    /already active range "stop-the-world \(start trace\)" on Goroutine\(1\) begun again/,
  );
});

Deno.test("validator rejects a goroutine that dies with an active range", async () => {
  const t = await annotations();
  t.type[65] = Ev.GCMarkAssistBegin; // on G9, which exits at event 74
  assertInvalid(t, /goroutine 9 died with active ranges/);
});

Deno.test("validator rejects a task end whose type differs from its begin", async () => {
  const t = await annotations();
  t.a2[72] = t.a1[59]; // "task0 region" instead of "task0"
  assertInvalid(t, /task end type "task0 region" doesn't match task start type "task0" for task 1/);
});

Deno.test("validator rejects a task begin with no task ID", async () => {
  const t = await annotations();
  t.a0[58] = 0; // task index 0 is NoTask
  assertInvalid(t, /found invalid task ID for task of type task0/);
});

Deno.test("validator rejects a stack frame with missing information below the leaf", async () => {
  const t = await annotations();
  t.frameLine[t.stackFrameIds(t.stack[62])[1]] = 0n;
  assertInvalid(t, /invalid stack frame .* Line:0}: missing information/);
});

Deno.test("validator rejects a label for a goroutine it has not seen", async () => {
  const t = await vector("go122-gc-stress.test");
  assert.equal(t.type[51], Ev.GoLabel);
  t.ctx[51] = t.ctx[0]; // G = -1
  assertInvalid(t, /label for invalid goroutine -1/);
});
