// What must hold for ANY input, however hostile: the decoder either returns a Trace
// (perhaps with an error that points into the input) or throws a TraceError; it never
// throws anything else, never traps, stays within a time and memory budget, and every
// event it returns can be printed and validated without throwing. Used in-process and
// inside fuzz_worker.ts (which lets a runner kill a hang).

import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { TraceError } from "../../server/core/trace/error.ts";
import { EventPrinter } from "../../server/core/trace/event_string.ts";
import { kindOfType } from "../../server/core/trace/kinds.ts";
import { validateTrace } from "./goport/validator.ts";

/** Per-input wall-clock budget for parse + print + validate. */
export const TIME_LIMIT_MS = 2000;

/**
 * Memory budget: the decoder's linear memory may grow to this multiple of the input size
 * plus a constant. The multiple covers event columns and tables, which grow with the
 * number of events. The constant covers static data and the id maps' direct arrays: a
 * map keeps ids below its dense limit (up to 2^22 for goroutines and threads) in an array
 * indexed by id, so one id just under a limit costs up to 16 MiB even in a tiny input.
 */
export const MEMORY_PER_INPUT_BYTE = 256;
export const MEMORY_BASE = 64 << 20;

export interface FuzzOutcome {
  /** Broken properties; empty when the input was handled well. */
  problems: string[];
  /** Events decoded. */
  events: number;
  /** The decoder's error (thrown or attached), if any. */
  error: string | null;
  /** Linear memory size after the parse, bytes (0 when the header was rejected). */
  memory: number;
  /** Time for parse, print and validate. */
  ms: number;
}

/** Runs one input through the decoder, the printer and the validator. */
export async function checkInput(bytes: Uint8Array): Promise<FuzzOutcome> {
  const start = performance.now();
  const out: FuzzOutcome = { problems: [], events: 0, error: null, memory: 0, ms: 0 };
  let trace: Trace | undefined;
  try {
    trace = await parseTrace(bytes);
  } catch (e) {
    if (e instanceof TraceError) {
      out.error = e.message;
      checkOffset(out, e, bytes.length);
    } else {
      out.problems.push(`parseTrace threw ${describe(e)}`);
    }
  }
  if (trace) checkTrace(out, trace, bytes.length);
  out.ms = performance.now() - start;
  if (out.ms > TIME_LIMIT_MS) {
    out.problems.push(`took ${out.ms.toFixed(0)} ms, budget ${TIME_LIMIT_MS} ms`);
  }
  return out;
}

function checkTrace(out: FuzzOutcome, t: Trace, size: number): void {
  out.events = t.count;
  // The columns are views on the decoder's memory, so their buffer is that memory.
  out.memory = t.time.buffer.byteLength;
  const budget = MEMORY_PER_INPUT_BYTE * size + MEMORY_BASE;
  if (out.memory > budget) {
    out.problems.push(`decoder memory ${out.memory} bytes, budget ${budget} for ${size} bytes`);
  }
  if (t.error) {
    out.error = t.error.message;
    if (!(t.error instanceof TraceError)) out.problems.push(`trace.error is ${describe(t.error)}`);
    checkOffset(out, t.error, size);
  }
  if (!(t.validCount >= 0 && t.validCount <= t.count)) {
    out.problems.push(`validCount ${t.validCount} outside [0, ${t.count}]`);
  }
  if (!(t.validBytes >= 0 && t.validBytes <= size)) {
    out.problems.push(`validBytes ${t.validBytes} outside [0, ${size}]`);
  }
  let printer: EventPrinter;
  try {
    printer = new EventPrinter(t, t.baseTime);
  } catch (e) {
    out.problems.push(`EventPrinter threw ${describe(e)}`);
    return;
  }
  const whole = t.wholeBlock();
  let last = 0n;
  // Reported once each, with a count: one fault tends to repeat for every later event.
  const bad = new Tally(), late = new Tally();
  for (let i = 0; i < t.count; i++) {
    if (kindOfType(t.type[i]) === "Bad") bad.add(`event ${i} has wire type ${t.type[i]}`);
    // Go bumps equal or earlier times by 1 ns, so output times strictly increase.
    const time = t.absTime(i);
    if (i > 0 && time <= last) late.add(`event ${i} time ${time} not after ${last}`);
    last = time;
    try {
      printer.format(whole, i);
    } catch (e) {
      out.problems.push(`printing event ${i} threw ${describe(e)}`);
      break;
    }
  }
  bad.report(out);
  late.report(out);
  try {
    // Hostile input may well break the invariants; the validator must still not crash.
    validateTrace(t);
  } catch (e) {
    out.problems.push(`validator threw ${describe(e)}`);
  }
}

class Tally {
  first = "";
  count = 0;
  add(problem: string): void {
    if (this.count++ === 0) this.first = problem;
  }
  report(out: FuzzOutcome): void {
    if (this.count === 1) out.problems.push(this.first);
    if (this.count > 1) out.problems.push(`${this.first} (and ${this.count - 1} more like it)`);
  }
}

function checkOffset(out: FuzzOutcome, e: TraceError, size: number): void {
  // An error at the end of a truncated input points just past the last byte.
  if (!(e.offset === -1 || (e.offset >= 0 && e.offset <= size))) {
    out.problems.push(`error offset ${e.offset} outside the input (${size} bytes): ${e.goMessage}`);
  }
  if (e.goMessage === "") out.problems.push("error with an empty message");
}

function describe(e: unknown): string {
  if (e instanceof WebAssembly.RuntimeError) return `a WebAssembly trap: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
