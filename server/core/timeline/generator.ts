// Go's generateTrace (cmd/trace gen.go): picks the generator of a view (gen/: the shared
// part in common.ts, one file per view as Go's procgen.go, threadgen.go, goroutinegen.go)
// and runs it over the trace's blocks, whole, in steps for a stream, or from a snapshot
// (a part of a big timeline). No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { pickRows, pickRowsWhole } from "../trace/picked_rows.ts";
import type { ViewerSink } from "./event.ts";
import type { GenOptions, GenSnapshot, TimelineGenerator } from "./gen/common.ts";
import { ProcGenerator } from "./gen/proc.ts";
import { ThreadGenerator } from "./gen/thread.ts";
import { GoroutineGenerator } from "./gen/goroutine.ts";
import { nextTurn, timeToYield } from "../util/turns.ts";

export {
  defaultGenOptions,
  type GenOptions,
  type GenSnapshot,
  TimelineGenerator,
  type ViewMode,
} from "./gen/common.ts";

/** The generator of the view `opts.mode`. */
export function newGenerator(
  trace: Trace,
  sink: ViewerSink,
  opts: GenOptions,
): TimelineGenerator {
  switch (opts.mode) {
    case "proc":
      return new ProcGenerator(trace, sink, opts);
    case "thread":
      return new ThreadGenerator(trace, sink, opts);
    case "goroutine":
      return new GoroutineGenerator(trace, sink, opts);
  }
}

/** The blocks a run reads: those holding events [0, end). */
function blocksOf(trace: Trace, end: number): number {
  return end > 0 ? trace.blockOf(end - 1) + 1 : 0;
}

/**
 * Go's generateTrace: a pass over the trace's blocks (a trace held block by block has
 * them decoded again; the pass shows in trace.passes and lets a server answer meanwhile).
 */
export async function generateOver(
  trace: Trace,
  sink: ViewerSink,
  opts: GenOptions,
  pass: PassOptions = {},
  resume: Resume = {},
): Promise<void> {
  const gen = newGenerator(trace, sink, opts);
  if (resume.from) gen.restore(resume.from);
  const rows = await pickRows(trace, gen.taskEvents());
  const first = resume.from ? trace.blockOf(resume.from.pos) : 0;
  // In slices of blocks (a block may hold millions of events): the event loop runs between.
  for await (const b of trace.eachSlice(first, blocksOf(trace, gen.end), pass)) {
    if (gen.atEnd) break;
    if (resume.snapshotAt?.(b.first)) resume.keep!(gen.snapshot());
    gen.rows(b);
  }
  // Where the next part starts, when the run stops there.
  if (resume.snapshotAt?.(gen.pos)) resume.keep!(gen.snapshot());
  gen.finish(rows);
}

/** Where a run starts (a snapshot of another run) and where it leaves snapshots. */
export interface Resume {
  from?: GenSnapshot;
  /** Whether to keep a snapshot before the block whose first event is `first`. */
  snapshotAt?: (first: number) => boolean;
  keep?: (s: GenSnapshot) => void;
}

/** Rows of /jsontrace between steps of its stream (about 0.5 MB of JSON). */
const STREAM_ROWS = 1 << 12;

/** The blocks of a run, one at a time, for a consumer that pulls (a stream). */
export async function* generateSteps(
  trace: Trace,
  sink: ViewerSink,
  opts: GenOptions,
  pass: PassOptions = {},
): AsyncGenerator<void> {
  const gen = newGenerator(trace, sink, opts);
  const rows = await pickRows(trace, gen.taskEvents());
  for await (const b of trace.eachBlock(0, blocksOf(trace, gen.end), pass)) {
    // Rows in slices: a block may hold millions of events. A stream pulls the next step
    // in a microtask, so the event loop (other requests) runs only when a step waits for
    // it: once a slice of time is used (util/turns.ts).
    for (let j = 0; j < b.count && !gen.atEnd; j += STREAM_ROWS) {
      gen.rows(b, j, Math.min(b.count, j + STREAM_ROWS));
      yield;
      if (timeToYield()) await nextTurn();
    }
  }
  gen.finish(rows);
}

/** Go's generateTrace over a trace held whole, synchronously (tests, tools). */
export function generate(trace: Trace, sink: ViewerSink, opts: GenOptions): void {
  const gen = newGenerator(trace, sink, opts);
  if (gen.end > 0) gen.rows(trace.wholeBlock(), 0, gen.end);
  gen.finish(pickRowsWhole(trace, gen.taskEvents()));
}
