// The tables a trace is exported as (-export=DIR, the /sql page): one schema for every Go
// version (Go 1.11–1.21 traces are converted to the 1.22 model as they are decoded, so
// both fill the same tables). This file is the one place the schema is written down:
// the writer takes column types from it, the README's table is rendered from it (a test
// compares them), and schema.sql's views are built on it. No Deno APIs.
//
// Conventions: times are ns since the trace's first event (as on every page; the
// `traces` row has the absolute start); ids are Go's (goroutine, proc, thread, task;
// proc and thread ids, small counters in the runtime, are INTEGERs, the rest BIGINTs);
// NULL where the trace does not say (a region begun before the trace has no start).
// Strings are inline: Parquet dictionary-encodes them, so no strings table is needed.

/** Column types, as DuckDB names them. */
export type ColumnType = "BIGINT" | "INTEGER" | "VARCHAR" | "BOOLEAN";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  doc: string;
}

export interface TableSpec {
  name: string;
  doc: string;
  columns: ColumnSpec[];
}

/** Bumped when a table or column changes meaning; in the `traces` table. */
export const SCHEMA_VERSION = 1;

const col = (name: string, type: ColumnType, doc: string, nullable = false): ColumnSpec => ({
  name,
  type,
  nullable,
  doc,
});
const opt = (name: string, type: ColumnType, doc: string) => col(name, type, doc, true);

const TRACE_ID = col(
  "trace_id",
  "VARCHAR",
  "the export's name (its folder's name unless given): query many traces' files together",
);
const EVENT = col("event", "BIGINT", "index of the event in the trace's order (a total order)");
const TIME = col("time_ns", "BIGINT", "ns since the trace's first event");
const STACK = opt(
  "stack_id",
  "INTEGER",
  "the event's stack (Go's Event.Stack): the goroutine in context where the event happened",
);

export const TABLES: readonly TableSpec[] = [
  {
    name: "traces",
    doc: "One row per trace.",
    columns: [
      TRACE_ID,
      col("file", "VARCHAR", "the trace file as named on the command line"),
      col("go_version", "VARCHAR", "trace format version from the header, e.g. 1.23"),
      col("start_ns", "BIGINT", "absolute time of the first event (the runtime's clock, ns)"),
      col("duration_ns", "BIGINT", "from the first to the last event"),
      col("events", "BIGINT", "events decoded"),
      col("valid_events", "BIGINT", "events in complete generations (what go tool trace keeps)"),
      col("generations", "INTEGER", "generations (1 for Go 1.11–1.21 traces)"),
      col("file_bytes", "BIGINT", "size of the trace file"),
      col("valid_bytes", "BIGINT", "bytes of complete generations"),
      col("goroutines", "BIGINT", "goroutine ids seen"),
      col("procs", "INTEGER", "proc (P) ids seen"),
      col("threads", "INTEGER", "thread (M) ids seen"),
      opt("error", "VARCHAR", "why decoding stopped early, if it did"),
      col("schema_version", "INTEGER", "version of this schema"),
    ],
  },
  {
    name: "generations",
    doc: "The trace's generations (Go 1.22+; one for older traces), as read from the file.",
    columns: [
      TRACE_ID,
      col("generation", "INTEGER", "1 for the file's first"),
      col("start_ns", "BIGINT", "time of its first event"),
      col("end_ns", "BIGINT", "time of its last event"),
      col("first_event", "BIGINT", "event index of its first event"),
      col("events", "BIGINT", "events in it"),
      col("file_offset", "BIGINT", "where it starts in the file"),
      col("file_bytes", "BIGINT", "its size in the file"),
      opt("wall_ns", "BIGINT", "wall-clock time of its start, Unix ns (Go 1.25+ traces)"),
    ],
  },
  {
    name: "goroutines",
    doc: "One row per goroutine of Go's goroutine summary: the columns of the goroutine pages. " +
      "Block times by reason and times in special ranges are in goroutine_block_times and " +
      "goroutine_range_times.",
    columns: [
      TRACE_ID,
      col("goid", "BIGINT", "goroutine id"),
      col("name", "VARCHAR", "start function: the goroutine group of /goroutines ('' if unseen)"),
      opt("start_pc", "BIGINT", "PC of that function's frame"),
      opt("parent_goid", "BIGINT", "the goroutine that created it, if the trace saw it"),
      opt("create_stack_id", "INTEGER", "the creator's stack at the go statement"),
      col("created_ns", "BIGINT", "first appearance (creation, or its generation's start)"),
      opt("start_ns", "BIGINT", "first time it ran"),
      opt("end_ns", "BIGINT", "when it ended or blocked forever"),
      col("exec_ns", "BIGINT", "execution time"),
      col("sched_wait_ns", "BIGINT", "time runnable, waiting for a P"),
      col("block_ns", "BIGINT", "blocked, all reasons (goroutine_block_times splits it)"),
      col("syscall_ns", "BIGINT", "syscall execution time"),
      col("syscall_block_ns", "BIGINT", "blocked in syscalls (the P was taken)"),
      col("unknown_ns", "BIGINT", "the part of total_ns no other time accounts for"),
      col("total_ns", "BIGINT", "time present in the trace"),
      col("system", "BOOLEAN", "a runtime goroutine (Go's IsSystemGoroutine)"),
    ],
  },
  {
    name: "goroutine_block_times",
    doc: "Block time per goroutine and reason (the 'Block time (reason)' columns).",
    columns: [
      TRACE_ID,
      col("goid", "BIGINT", "goroutine id"),
      col("reason", "VARCHAR", "wait reason ('' for a goroutine already waiting at the start)"),
      col("ns", "BIGINT", "time blocked for it"),
    ],
  },
  {
    name: "goroutine_range_times",
    doc: "Time per goroutine in special ranges (GC mark assist, sweeps, stop-the-world).",
    columns: [
      TRACE_ID,
      col("goid", "BIGINT", "goroutine id"),
      col("range", "VARCHAR", "Go's range name, e.g. 'GC mark assist'"),
      col("ns", "BIGINT", "time in it (overlaps the other times)"),
    ],
  },
  {
    name: "transitions",
    doc: "Goroutine state transitions (Go's StateTransition). A status restated at a " +
      "generation's start without a change is left out.",
    columns: [
      TRACE_ID,
      EVENT,
      TIME,
      col("goid", "BIGINT", "the goroutine that changed state"),
      col("from_state", "VARCHAR", "Undetermined, NotExist, Runnable, Running, Waiting, Syscall"),
      col("to_state", "VARCHAR", "the state after"),
      col(
        "reason",
        "VARCHAR",
        "Go's StateTransition.Reason: why it stopped or blocked, e.g. 'chan receive'; '' if none",
      ),
      STACK,
      opt(
        "transition_stack_id",
        "INTEGER",
        "Go's StateTransition.Stack: for a creation the new goroutine's start, else its own",
      ),
      opt("by_goid", "BIGINT", "goroutine in context: the creator, the unblocker, or itself"),
      opt("proc", "INTEGER", "proc in context"),
      opt("thread", "INTEGER", "thread in context"),
    ],
  },
  {
    name: "stays",
    doc: "Every stay of a goroutine in a state, written by the export's pass when it ends: from " +
      "a transition to the goroutine's next one (or the trace's end), with the reason and " +
      "stack of the transition that began it. A state the trace first shows a goroutine in " +
      "(from Undetermined) holds since its generation's start, as Go's summary counts it.",
    columns: [
      TRACE_ID,
      col("goid", "BIGINT", "the goroutine"),
      col("state", "VARCHAR", "NotExist, Runnable, Running, Waiting, Syscall"),
      col("reason", "VARCHAR", "the reason of the transition that began it ('' if none)"),
      opt("stack_id", "INTEGER", "the stack of the transition that began it"),
      col("start_ns", "BIGINT", "when it began"),
      col("end_ns", "BIGINT", "when the goroutine's next transition ended it (or the trace's end)"),
      col("duration_ns", "BIGINT", "end_ns - start_ns"),
      col("open_at_end", "BOOLEAN", "still in this state when the trace ends"),
    ],
  },
  {
    name: "proc_transitions",
    doc: "Proc (P) state transitions; `thread` is the thread (M) that holds or takes the P, so " +
      "a thread's state follows from these and its goroutines' transitions.",
    columns: [
      TRACE_ID,
      EVENT,
      TIME,
      col("proc", "INTEGER", "the proc that changed state"),
      col("from_state", "VARCHAR", "Undetermined, NotExist, Running, Idle"),
      col("to_state", "VARCHAR", "the state after"),
      opt("thread", "INTEGER", "thread in context"),
      opt("goid", "BIGINT", "goroutine in context"),
    ],
  },
  {
    name: "tasks",
    doc: "User tasks (runtime/trace.NewTask): every task the trace mentions, as /usertasks " +
      "counts them. Task 0 is Go's background task.",
    columns: [
      TRACE_ID,
      col("task_id", "BIGINT", "task id"),
      col("type", "VARCHAR", "task type ('' when only its end or uses were seen)"),
      opt("parent_id", "BIGINT", "parent task"),
      opt("start_ns", "BIGINT", "TaskBegin (NULL: before the trace)"),
      opt("end_ns", "BIGINT", "TaskEnd (NULL: after the trace)"),
      opt("duration_ns", "BIGINT", "end_ns - start_ns for complete tasks"),
      opt("start_goid", "BIGINT", "goroutine that began it"),
      opt("end_goid", "BIGINT", "goroutine that ended it"),
      opt("start_stack_id", "INTEGER", "stack at TaskBegin"),
      opt("end_stack_id", "INTEGER", "stack at TaskEnd"),
    ],
  },
  {
    name: "regions",
    doc: "User regions (runtime/trace.WithRegion, StartRegion). An end closes the goroutine's " +
      "innermost open region, as in Go; a goroutine's end closes its open regions.",
    columns: [
      TRACE_ID,
      col("goid", "BIGINT", "goroutine"),
      opt("task_id", "BIGINT", "task (0: the background task)"),
      col("type", "VARCHAR", "region type"),
      opt("start_ns", "BIGINT", "RegionBegin (NULL: before the trace)"),
      opt("end_ns", "BIGINT", "RegionEnd or the goroutine's end (NULL: after the trace)"),
      opt("duration_ns", "BIGINT", "end_ns - start_ns when both are known"),
      col("depth", "INTEGER", "regions of the goroutine open around it"),
      opt("start_stack_id", "INTEGER", "stack at RegionBegin"),
      opt("end_stack_id", "INTEGER", "stack at RegionEnd"),
    ],
  },
  {
    name: "logs",
    doc: "User logs (runtime/trace.Log).",
    columns: [
      TRACE_ID,
      EVENT,
      TIME,
      opt("goid", "BIGINT", "goroutine"),
      opt("task_id", "BIGINT", "task (0: the background task)"),
      col("category", "VARCHAR", "category"),
      col("message", "VARCHAR", "message"),
      STACK,
    ],
  },
  {
    name: "cpu_samples",
    doc: "CPU profiler samples recorded in the trace (Go 1.19+, with the CPU profiler on).",
    columns: [
      TRACE_ID,
      TIME,
      opt("goid", "BIGINT", "goroutine running"),
      opt("proc", "INTEGER", "proc"),
      opt("thread", "INTEGER", "thread"),
      col("stack_id", "INTEGER", "sampled stack"),
    ],
  },
  {
    name: "ranges",
    doc: "GC and stop-the-world ranges (Go's Event.Range): GC cycles, stop-the-world pauses, " +
      "incremental sweeps (by proc), mark assists (by goroutine).",
    columns: [
      TRACE_ID,
      col(
        "name",
        "VARCHAR",
        "'GC concurrent mark phase', 'stop-the-world (reason)', 'GC incremental sweep', " +
          "'GC mark assist'",
      ),
      col("kind", "VARCHAR", "gc, stw, sweep or assist"),
      opt("start_ns", "BIGINT", "begin (NULL: before the trace)"),
      opt("end_ns", "BIGINT", "end (NULL: after the trace)"),
      opt("duration_ns", "BIGINT", "end_ns - start_ns when both are known"),
      opt("goid", "BIGINT", "the assisting goroutine, or the goroutine in context"),
      opt("proc", "INTEGER", "the sweeping proc, or the proc in context"),
      opt("swept_bytes", "BIGINT", "sweeps: bytes swept"),
      opt("reclaimed_bytes", "BIGINT", "sweeps: bytes reclaimed"),
      opt("start_stack_id", "INTEGER", "stack at the begin"),
    ],
  },
  {
    name: "metrics",
    doc: "The runtime's metric events: heap in use, heap goal, GOMAXPROCS. Goroutine and " +
      "thread counts follow from the transitions (schema.sql's goroutine_counts).",
    columns: [
      TRACE_ID,
      TIME,
      col(
        "name",
        "VARCHAR",
        "/memory/classes/heap/objects:bytes, /gc/heap/goal:bytes, /sched/gomaxprocs:threads",
      ),
      col("value", "BIGINT", "its value"),
      opt("goid", "BIGINT", "goroutine in context"),
    ],
  },
  {
    name: "stacks",
    doc: "Stacks: one row per frame, leaf first (depth 0). Stack 0 (no stack) has no rows.",
    columns: [
      TRACE_ID,
      col("stack_id", "INTEGER", "stack"),
      col("depth", "INTEGER", "0 for the leaf (innermost) frame"),
      col("frame_id", "INTEGER", "frame"),
    ],
  },
  {
    name: "frames",
    doc: "Frames: a PC with its function, file and line.",
    columns: [
      TRACE_ID,
      col("frame_id", "INTEGER", "frame"),
      col("pc", "BIGINT", "program counter"),
      col("function", "VARCHAR", "function"),
      col("file", "VARCHAR", "source file"),
      col("line", "BIGINT", "line"),
    ],
  },
];

export function tableSpec(name: string): TableSpec {
  const t = TABLES.find((t) => t.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

/** The schema as the README shows it: a table per table. */
export function schemaMarkdown(): string {
  const out: string[] = [];
  for (const t of TABLES) {
    out.push(`**${t.name}** — ${t.doc}`, "");
    out.push("| column | type | meaning |", "| --- | --- | --- |");
    for (const c of t.columns) {
      out.push(`| \`${c.name}\` | ${c.type}${c.nullable ? "" : " not null"} | ${c.doc} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
