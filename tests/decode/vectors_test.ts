// Go's golden trace tests (internal/trace/reader_test.go TestReaderGolden and
// TestTraceGenSync) run against our decoder: each of the 22 vectors is converted to wire
// bytes and parsed; the outcome must be the one the vector expects, and every event
// before the end (or the error) must pass Go's validator.

import assert from "node:assert/strict";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { TraceError } from "../../server/core/trace/error.ts";
import { SYNC } from "../../server/core/trace/kinds.ts";
import { checkExpectation, parseExpectation } from "../support/goport/expectation.ts";
import { goTraceVectors, listDir } from "../support/paths.ts";
import { textTraceToBytes } from "../support/goport/text_trace.ts";
import { parseTxtar, txtarFile } from "../support/goport/txtar.ts";
import { syncSnapshot, validateTrace } from "../support/goport/validator.ts";

const dir = goTraceVectors().tests;
const names = listDir(dir, ".test");

function loadVector(name: string) {
  const archive = parseTxtar(Deno.readFileSync(new URL(name, dir)));
  const text = txtarFile(archive, "trace");
  const expect = txtarFile(archive, "expect");
  if (!text || !expect) throw new Error(`${name}: needs a trace and an expect file`);
  return { bytes: textTraceToBytes(text), expectation: parseExpectation(expect) };
}

/** Parses like Go's testReader: the trace (if any) and the first error, by Go's message. */
async function read(bytes: Uint8Array): Promise<{ trace?: Trace; error?: Error }> {
  try {
    const trace = await parseTrace(bytes);
    return { trace, error: trace.error && new Error(trace.error.goMessage) };
  } catch (e) {
    if (e instanceof TraceError) return { error: new Error(e.goMessage) };
    throw e;
  }
}

Deno.test("there are 22 Go test vectors", () => {
  assert.equal(names.length, 22);
});

for (const name of names) {
  Deno.test(`vector ${name} has the outcome Go expects and passes the validator`, async () => {
    const { bytes, expectation } = loadVector(name);
    const { trace, error } = await read(bytes);
    assert.equal(checkExpectation(expectation, error), undefined);
    if (trace) {
      // Go validates every event it returned before the error, too.
      assert.deepEqual(validateTrace(trace), []);
      if (!expectation.failure) assert.ok(trace.count >= 2, "a trace has at least two Syncs");
    }
  });
}

interface WantSync {
  time: bigint;
  snapshot?: { trace: bigint; mono: bigint; wall: Date; nsec: bigint };
}

// The expected values are Go's own (reader_test.go TestTraceGenSync).
const SYNC_WANT: Record<string, WantSync[]> = {
  "go123-sync.test": [{ time: 10n }, { time: 40n }, { time: 60n }, { time: 63n }],
  "go125-sync.test": [
    {
      time: 9n,
      snapshot: {
        trace: 10n,
        mono: 99n,
        wall: new Date(Date.UTC(2025, 1, 28, 15, 4, 9)),
        nsec: 123n,
      },
    },
    {
      time: 38n,
      snapshot: {
        trace: 40n,
        mono: 199n,
        wall: new Date(Date.UTC(2025, 1, 28, 15, 4, 10)),
        nsec: 123n,
      },
    },
    {
      time: 58n,
      snapshot: {
        trace: 60n,
        mono: 299n,
        wall: new Date(Date.UTC(2025, 1, 28, 15, 4, 11)),
        nsec: 123n,
      },
    },
    { time: 83n },
  ],
};

for (const [name, want] of Object.entries(SYNC_WANT)) {
  Deno.test(`vector ${name} has Go's Sync times and clock snapshots`, async () => {
    const trace = await parseTrace(loadVector(name).bytes);
    assert.equal(trace.error, undefined);
    const got = [];
    for (let i = 0; i < trace.count; i++) {
      if (trace.type[i] !== SYNC) continue;
      const s = syncSnapshot(trace, i);
      got.push({
        time: trace.absTime(i),
        ...(s && {
          snapshot: {
            trace: s.trace,
            mono: s.mono,
            wall: new Date(Number(s.sec) * 1000),
            nsec: s.nsec,
          },
        }),
      });
    }
    assert.deepEqual(got, want);
  });
}
