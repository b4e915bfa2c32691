// Hand-made v1 traces: one small valid trace that uses nearly every v1 event and the
// converter's quirks, and one input per rule of Go's v1 parser and checks (each is a
// few bytes on top of a minimal valid trace). Tests compare them with Go; the fuzz test
// mutates them.

import type { TraceCase } from "./trace_corpus.ts";
import { v1Batch, v1Event as E, v1Header, v1String, v1UserLog } from "./v1_events.ts";

// v1 event types (Go 1.11–1.21 runtime/trace.go).
const Frequency = 2, Stack = 3, Gomaxprocs = 4, ProcStart = 5, ProcStop = 6, GCStart = 7;
const GCDone = 8, STWStart = 9, STWDone = 10, GCSweepStart = 11, GCSweepDone = 12;
const GoCreate = 13, GoStart = 14, GoEnd = 15, GoSched = 17, GoPreempt = 18, GoBlock = 20;
const GoUnblock = 21, GoBlockSend = 22, GoBlockNet = 27, GoSysCall = 28, GoSysExit = 29;
const GoSysBlock = 30, GoWaiting = 31, HeapAlloc = 33, HeapGoal = 34, TimerGoroutine = 35;
const FutileWakeup = 36, GoStartLocal = 38, GoSysExitLocal = 40, GoStartLabel = 41;
const GCMarkAssistStart = 43, GCMarkAssistDone = 44, UserTaskCreate = 45, UserTaskEnd = 46;
const UserRegion = 47, UserLog = 48, CPUSample = 49;

const STRINGS = [
  ...v1String(1, "main.main"),
  ...v1String(2, "/x/main.go"),
  ...v1String(3, "task"),
  ...v1String(4, "region"),
  ...v1String(5, "cat"),
  ...v1String(6, "GC (idle)"),
];
// Stack 1: main.main; stack 2: two frames, the second sharing stack 1's PC (Go keeps the
// first frame it saw for a PC).
const STACKS = [
  ...E(Stack, 1, 1, 0x1000, 1, 2, 10),
  ...E(Stack, 2, 2, 0x2000, 1, 2, 20, 0x1000, 1, 2, 11),
];

/**
 * A valid trace of version `minor` (11, 19 or 21) on P 0 from tick 1000 (1 tick = 1 ns)
 * and P 1 from tick 2000: the initial state (created, waiting, running goroutines and a
 * timer goroutine), GOMAXPROCS, heap metrics, tasks (one ended without a begin, one
 * with parent 0), regions, logs (one empty), GC, STW kinds, sweep, mark assist, a
 * syscall that does not block (before and after the P has a thread) and one that does
 * (with a real exit time that moves it), unblocks by the timer goroutine and from the
 * network, a GC worker label, CPU samples with and without a stack (1.19+).
 */
export function v1KitchenSink(minor: number): Uint8Array {
  return Uint8Array.from([
    ...v1Header(minor),
    ...v1Batch(0, 1000),
    ...E(Frequency, 1_000_000_000),
    ...STRINGS,
    ...STACKS,
    ...E(GoCreate, 1, 1, 2, 1),
    ...E(GoCreate, 1, 2, 2, 1),
    ...E(GoCreate, 1, 3, 2, 1),
    ...E(GoWaiting, 1, 3),
    ...E(TimerGoroutine, 1),
    ...E(GoStart, 1, 1, 1),
    ...E(Gomaxprocs, 1, 4, 1), // the first: ends the initial state
    ...E(GoSysCall, 1, 1), // P 0 has no thread yet
    ...E(ProcStart, 1, 7),
    ...E(Gomaxprocs, 1, 8, 1),
    ...E(HeapAlloc, 1, 1000),
    ...E(HeapGoal, 1, 2000),
    ...E(UserTaskCreate, 1, 1, 0, 3, 1),
    ...E(UserTaskCreate, 1, 2, 1, 3, 1),
    ...E(UserRegion, 1, 1, 0, 4, 1),
    ...v1UserLog(1, 1, 5, 1, "hello"),
    ...v1UserLog(1, 1, 5, 1, ""),
    ...E(UserRegion, 1, 1, 1, 4, 1),
    ...E(UserTaskEnd, 1, 2, 1),
    ...E(UserTaskEnd, 1, 1, 1),
    ...E(UserTaskEnd, 1, 9, 1),
    ...E(GCStart, 1, 0, 1),
    ...E(STWStart, 1, 1),
    ...E(STWDone, 1),
    ...E(STWStart, 1, 5),
    ...E(STWDone, 1),
    ...E(STWStart, 1, 99),
    ...E(STWDone, 1),
    ...E(GCSweepStart, 1, 1),
    ...E(GCSweepDone, 1, 100, 50),
    ...E(GCMarkAssistStart, 1, 1),
    ...E(GCMarkAssistDone, 1),
    ...E(GCDone, 1),
    ...E(GoSysCall, 1, 1),
    ...E(GoCreate, 1, 4, 2, 1),
    ...E(GoUnblock, 1, 3, 2, 1), // by the timer goroutine
    ...E(GoSched, 1, 1),
    ...E(GoStartLocal, 1, 4),
    ...E(GoBlockNet, 1, 1),
    ...E(GoStartLocal, 1, 1),
    ...E(GoUnblock, 1, 4, 2, 1), // a network unblock
    ...E(GoPreempt, 1, 1),
    ...E(GoStartLabel, 1, 3, 3, 6),
    ...E(GoSysCall, 1, 1),
    ...E(GoSysBlock, 1),
    ...E(HeapAlloc, 1, 1001),
    ...E(HeapAlloc, 1, 1002),
    ...E(GoSysExit, 1, 3, 4, 1000 + 45), // exited at the first HeapAlloc's tick
    ...E(GoStartLocal, 1, 1),
    ...E(GoBlockSend, 1, 1),
    ...E(ProcStop, 1),
    ...v1Batch(1, 2000),
    ...E(ProcStart, 1, 9),
    ...(minor >= 19 ? [...E(CPUSample, 0, 1010, 0, 1, 0), ...E(CPUSample, 0, 1020, 1, 4, 1)] : []),
    ...E(ProcStop, 1),
  ]);
}

// The start of a valid 1.19 trace: P 0 at tick 1000, frequency, strings, stacks.
const PRELUDE = [...v1Header(19), ...v1Batch(0, 1000), ...E(Frequency, 1e9), ...STRINGS, ...STACKS];
// A running goroutine 1 (created, started) after the initial state.
const RUNNING = [...E(Gomaxprocs, 1, 4, 1), ...E(GoCreate, 1, 1, 2, 1), ...E(GoStart, 1, 1, 1)];

const crafted = (name: string, ...parts: number[][]): TraceCase => ({
  name,
  bytes: Uint8Array.from(parts.flat()),
});

/** Inputs that each break one rule; Go's outcome is the expectation. */
export function v1ErrorCases(): TraceCase[] {
  return [
    crafted("go 1.10 header", v1Header(10), PRELUDE.slice(16)),
    crafted("go 1.9 header", v1Header(9), PRELUDE.slice(16)),
    crafted("go 1.12 header", v1Header(12), PRELUDE.slice(16)),
    crafted("v1 header and garbage", v1Header(21), [0xde, 0xad, 0xbe, 0xef, 0x13, 0x37, 0x00]),
    crafted("v1 header and zeros", v1Header(19), [0, 0, 0, 0]),
    crafted("event before any batch", v1Header(19), E(HeapAlloc, 1, 5)),
    crafted("string before any batch", v1Header(19), v1String(1, "x"), PRELUDE.slice(16)),
    crafted("CPU sample in a 1.11 trace", v1Header(11), v1Batch(0, 1), E(CPUSample, 0, 1, 0, 1, 0)),
    crafted("batch header with 3 values", v1Header(19), [0x81, 0, 1, 2]),
    crafted("P id above 2^31-1", v1Header(19), v1Batch(2 ** 31, 1)),
    crafted("P id 2^64-1 is no P", PRELUDE, v1Batch(2n ** 64n - 1n, 1), E(HeapAlloc, 1, 5)),
    crafted("string id 0", PRELUDE, v1String(0, "x")),
    crafted("duplicate string id", PRELUDE, v1String(1, "again")),
    crafted("string of length 0", PRELUDE, [37, 9, 0]),
    crafted("string cut short", PRELUDE, [37, 9, 5, 0x61]),
    crafted("length-prefixed argument too big", PRELUDE, [GoCreate | 0xc0, 0xb8, 0x17, 1]),
    crafted("length-prefixed argument cut short", PRELUDE, [GoCreate | 0xc0, 9, 1, 2]),
    crafted("varint overflow in an argument", PRELUDE, [
      HeapAlloc | 0x40,
      1,
      ...Array(10).fill(0xff),
    ]),
    crafted("user log message cut short", PRELUDE, RUNNING, E(UserLog, 1, 1, 5, 1), [9, 0x61]),
    crafted("frequency 0", PRELUDE, E(Frequency, 0)),
    crafted("no frequency", v1Header(19), v1Batch(0, 1), E(HeapAlloc, 1, 5)),
    crafted("frequency event with 2 values", PRELUDE, E(Frequency, 1, 2)),
    crafted("stack of 1001 frames", PRELUDE, E(Stack, 7, 1001)),
    crafted("stack with a missing frame value", PRELUDE, E(Stack, 7, 1, 0x10, 1, 2)),
    crafted("heap alloc with 3 values", PRELUDE, E(HeapAlloc, 1, 5, 6)),
    crafted("event type 0", PRELUDE, [0]),
    crafted("event type 50", PRELUDE, [50, 1]),
    crafted("futile wakeup", PRELUDE, RUNNING, E(FutileWakeup, 1)),
    crafted("no consistent ordering", PRELUDE, E(GoStart, 1, 5, 7)),
    crafted(
      "impossible transition",
      PRELUDE,
      E(Gomaxprocs, 1, 4, 1),
      E(GoCreate, 1, 5, 2, 1),
      v1Batch(1, 1000),
      E(GoWaiting, 10, 5),
      v1Batch(2, 1000),
      E(GoWaiting, 11, 5),
    ),
    crafted(
      "merged out of time order",
      PRELUDE,
      E(GoCreate, 100, 5, 2, 1),
      v1Batch(1, 1000),
      E(GoWaiting, 50, 5),
    ),
    crafted(
      "stray syscall exit",
      PRELUDE,
      RUNNING,
      E(GoBlock, 1, 1),
      E(GoSysExit, 1, 1, 2, 1004),
    ),
    crafted(
      "syscall exit before its block",
      PRELUDE,
      RUNNING,
      E(GoSysCall, 1, 1),
      E(GoSysBlock, 1),
      E(GoSysExit, 1, 1, 2, 1001),
    ),
    crafted(
      "syscall exit (local): its real time is ignored and its G is the P's",
      PRELUDE,
      RUNNING,
      E(GoSysCall, 1, 1),
      E(GoSysBlock, 1),
      E(GoSysExitLocal, 1, 1, 99999),
    ),
    crafted("proc stop without start", PRELUDE, E(ProcStop, 1)),
    crafted("proc started twice", PRELUDE, E(ProcStart, 1, 1), E(ProcStart, 1, 1)),
    crafted("proc stop with a goroutine", PRELUDE, E(ProcStart, 1, 1), RUNNING, E(ProcStop, 1)),
    crafted("GC start twice", PRELUDE, E(GCStart, 1, 0, 1), E(GCStart, 1, 1, 1)),
    crafted("GC end without start", PRELUDE, E(GCDone, 1)),
    crafted("STW end without start", PRELUDE, E(STWDone, 1)),
    crafted("STW start twice", PRELUDE, E(STWStart, 1, 0), E(STWStart, 1, 0)),
    crafted("sweep end without start", PRELUDE, E(GCSweepDone, 1, 0, 0)),
    crafted("sweep start twice", PRELUDE, E(GCSweepStart, 1, 1), E(GCSweepStart, 1, 1)),
    crafted("mark assist twice", PRELUDE, E(GCMarkAssistStart, 1, 1), E(GCMarkAssistStart, 1, 1)),
    crafted("goroutine created twice: not orderable", PRELUDE, RUNNING, E(GoCreate, 1, 1, 2, 1)),
    crafted("goroutine 0 ends", PRELUDE, E(GoEnd, 1)),
    crafted("start on a busy P", PRELUDE, RUNNING, E(GoCreate, 1, 2, 2, 1), E(GoStart, 1, 2, 1)),
    crafted(
      "unblock of a running goroutine: not orderable",
      PRELUDE,
      RUNNING,
      E(GoUnblock, 1, 1, 2, 1),
    ),
    crafted(
      "task id conflict",
      PRELUDE,
      RUNNING,
      E(UserTaskCreate, 1, 1, 0, 3, 1),
      E(UserTaskCreate, 1, 1, 0, 3, 1),
    ),
    crafted("region mode 2", PRELUDE, RUNNING, E(UserRegion, 1, 1, 2, 4, 1)),
    crafted(
      "region end that does not match",
      PRELUDE,
      RUNNING,
      E(UserRegion, 1, 1, 0, 4, 1),
      E(UserRegion, 1, 2, 1, 4, 1),
    ),
    crafted("region end without start", PRELUDE, RUNNING, E(UserRegion, 1, 1, 1, 4, 1)),
    // Go does not check these ids and panics printing the event; we report an error.
    crafted("region name never defined", PRELUDE, RUNNING, E(UserRegion, 1, 1, 0, 77, 1)),
    crafted(
      "GC worker label never defined",
      PRELUDE,
      E(Gomaxprocs, 1, 4, 1),
      E(GoCreate, 1, 1, 2, 1),
      E(GoStartLabel, 1, 1, 1, 77),
    ),
    crafted("new goroutine's stack never defined", PRELUDE, RUNNING, E(GoCreate, 1, 2, 77, 1)),
    crafted(
      "frame function never defined",
      PRELUDE,
      E(Stack, 8, 1, 0x30, 77, 2, 1),
      RUNNING,
      E(GoSched, 1, 8),
    ),
  ];
}

/**
 * Inputs shaped to make a careless v1 decoder slow or greedy: thousands of Ps whose
 * events wait for a goroutine state that comes late or never (Go re-checks every waiting
 * P after every event: quadratic), thousands of Ps, huge sparse goroutine ids, deep
 * region nesting, long syscall runs for the "does it block?" look-ahead.
 */
export function v1HostileCases(n = 30000): TraceCase[] {
  const waiting = [...PRELUDE, ...E(Gomaxprocs, 1, 4, 1), ...E(GoCreate, 1, 5, 2, 1)];
  for (let i = 0; i < n; i++) waiting.push(...E(GoStartLocal, 1, 5), ...E(GoSched, 1, 1));
  for (let p = 1; p <= n; p++) waiting.push(...v1Batch(p, 1000), ...E(GoStart, 1, 5, 1e9));
  const manyPs = [...PRELUDE];
  for (let p = 1; p <= n; p++) manyPs.push(...v1Batch(p, 1000 + p), ...E(HeapAlloc, 1, p));
  const sparse = [...PRELUDE];
  for (let i = 0; i < n; i++) sparse.push(...E(GoCreate, 1, (1n << 63n) + BigInt(i) * 7919n, 2, 1));
  const regions = [...PRELUDE, ...RUNNING];
  for (let i = 0; i < n; i++) regions.push(...E(UserRegion, 1, 1, 0, 4, 1));
  for (let i = 0; i < n; i++) regions.push(...E(UserRegion, 1, 1, 1, 4, 1));
  const syscalls = [...PRELUDE, ...E(ProcStart, 1, 7), ...RUNNING];
  for (let i = 0; i < n; i++) syscalls.push(...E(GoSysCall, 1, 1));
  return [
    crafted(`${n} Ps waiting for a goroutine state that never comes`, waiting),
    crafted(`${n} Ps`, manyPs),
    crafted(`${n} goroutines with ids above 2^63`, sparse),
    crafted(`${n} nested regions`, regions),
    crafted(`${n} syscalls in a row`, syscalls),
  ];
}
