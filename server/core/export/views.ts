// schema.sql: DuckDB views over an export's Parquet files (one trace's folder, or a glob
// of many traces' folders), with the joins most questions need, and the example queries
// of the /sql page. Tables are in schema.ts. No Deno APIs.

import { TABLES } from "./schema.ts";

/** The DuckDB variable naming the export folder (or a glob of folders). */
export const FILES_VARIABLE = "traceglass_files";

const HEADER = `-- traceglass export: DuckDB views over the Parquet files of one trace or many.
--
--   cd DIR && duckdb -init schema.sql            one trace, from its folder
--   duckdb -cmd "SET VARIABLE ${FILES_VARIABLE} = 'fleet/*'" -init fleet/a/schema.sql
--                                                every trace exported under fleet/
--
-- Every table has trace_id. Times are ns since each trace's first event. The tables and
-- their columns are described in traceglass's README ("Export").

SET VARIABLE ${FILES_VARIABLE} = coalesce(getvariable('${FILES_VARIABLE}'), '.');
`;

const VIEWS = `
-- Each frame of each stack, leaf first (depth 0), with its function, file and line.
CREATE OR REPLACE VIEW stack_frames AS
SELECT s.trace_id, s.stack_id, s.depth, f.frame_id, f.pc, f.function, f.file, f.line
FROM stacks s JOIN frames f USING (trace_id, frame_id);

-- A stack in one row: its leaf (innermost) frame, its root, and all functions as text.
CREATE OR REPLACE VIEW stack_summary AS
SELECT trace_id, stack_id,
  arg_min(function, depth) AS leaf_function,
  arg_min(file, depth) AS leaf_file,
  arg_min(line, depth) AS leaf_line,
  arg_max(function, depth) AS root_function,
  count(*) AS depth,
  string_agg(function, ' <- ' ORDER BY depth) AS frames
FROM stack_frames GROUP BY trace_id, stack_id;

-- Goroutine transitions with the leaf of their stack and the goroutine's group (start
-- function).
CREATE OR REPLACE VIEW transitions_with_stack AS
SELECT t.*, s.leaf_function, s.leaf_file, s.leaf_line, g.name AS goroutine_name
FROM transitions t
LEFT JOIN stack_summary s ON s.trace_id = t.trace_id AND s.stack_id = t.stack_id
LEFT JOIN goroutines g ON g.trace_id = t.trace_id AND g.goid = t.goid;

-- The time of each trace's last event.
CREATE OR REPLACE VIEW trace_ends AS
SELECT trace_id, max(end_ns) AS end_ns FROM generations GROUP BY trace_id;

-- Every stay of a goroutine in a state: from a transition to the goroutine's next one
-- (or the trace's last event), with the reason and stack of the transition that began
-- it. A state the trace first shows a goroutine in (from Undetermined) holds since its
-- generation's start, as Go's summary counts it. Running stays add up to the goroutine
-- pages' execution time, Runnable ones to their scheduling wait, Waiting ones (by
-- reason) to their block times.
CREATE OR REPLACE VIEW goroutine_stays AS
SELECT s.trace_id, s.goid, g.name, s.state, s.reason, s.stack_id, s.start_ns, s.end_ns,
  s.duration_ns, s.open_at_end
FROM stays s
LEFT JOIN goroutines g ON g.trace_id = s.trace_id AND g.goid = s.goid;

-- Waits: stays in Waiting that ended, with their reason and the stack that began them
-- (what the blocking profiles add up).
CREATE OR REPLACE VIEW waits AS
SELECT trace_id, goid, name, reason, stack_id, start_ns, end_ns, duration_ns
FROM goroutine_stays WHERE state = 'Waiting' AND NOT open_at_end;

-- How many goroutines were alive, running, runnable, waiting and in syscalls after each
-- transition.
CREATE OR REPLACE VIEW goroutine_counts AS
SELECT trace_id, event, time_ns,
  sum((to_state NOT IN ('NotExist', 'Undetermined'))::INT
    - (from_state NOT IN ('NotExist', 'Undetermined'))::INT) OVER so_far AS alive,
  sum((to_state = 'Running')::INT - (from_state = 'Running')::INT) OVER so_far AS running,
  sum((to_state = 'Runnable')::INT - (from_state = 'Runnable')::INT) OVER so_far AS runnable,
  sum((to_state = 'Waiting')::INT - (from_state = 'Waiting')::INT) OVER so_far AS waiting,
  sum((to_state = 'Syscall')::INT - (from_state = 'Syscall')::INT) OVER so_far AS syscall
FROM transitions
WINDOW so_far AS (PARTITION BY trace_id ORDER BY event ROWS UNBOUNDED PRECEDING);
`;

/**
 * The text of schema.sql. With `folder`, the views read that folder's files by their
 * literal path (the /sql page's database); without, the folder the variable names.
 */
export function schemaSql(folder?: string): string {
  const path = (t: string) =>
    folder === undefined
      ? `getvariable('${FILES_VARIABLE}') || '/${t}.parquet'`
      : `'${`${folder}/${t}.parquet`.replaceAll("'", "''")}'`;
  const base = TABLES.map((t) =>
    `CREATE OR REPLACE VIEW ${t.name} AS SELECT * FROM read_parquet(${path(t.name)});`
  ).join("\n");
  return `${folder === undefined ? HEADER : ""}\n-- The tables.\n${base}\n${VIEWS}`;
}

/**
 * schema.sql's views over tables of the schema's names that hold the rows themselves
 * (the browser-only site loads them into DuckDB-WASM as tables, not Parquet files).
 */
export function joinViewsSql(): string {
  return VIEWS;
}

/** An example query of the /sql page. */
export interface ExampleQuery {
  title: string;
  sql: string;
}

export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    title: "Top blocking stacks",
    sql: `-- Where goroutines waited longest (chan, select, sync, I/O …), by leaf function.
SELECT s.leaf_function, round(sum(w.duration_ns) / 1e6, 3) AS blocked_ms
FROM waits w JOIN stack_summary s USING (trace_id, stack_id)
GROUP BY ALL ORDER BY blocked_ms DESC LIMIT 20`,
  },
  {
    title: "p99 region latency by type",
    sql: `-- Latency percentiles of user regions of each type (complete regions only).
SELECT type, count(*) AS regions,
  round(quantile_cont(duration_ns, 0.5) / 1e6, 3) AS p50_ms,
  round(quantile_cont(duration_ns, 0.99) / 1e6, 3) AS p99_ms
FROM regions WHERE duration_ns IS NOT NULL
GROUP BY type ORDER BY p99_ms DESC`,
  },
  {
    title: "Goroutines alive at a time",
    sql: `-- Goroutines alive halfway through the trace, by start function.
SELECT g.name, count(*) AS alive
FROM goroutines g JOIN traces t USING (trace_id)
WHERE g.created_ns <= t.duration_ns / 2
  AND (g.end_ns IS NULL OR g.end_ns > t.duration_ns / 2)
GROUP BY g.name ORDER BY alive DESC`,
  },
  {
    title: "Time in each state per goroutine group",
    sql: `-- Milliseconds each goroutine group spent in each state.
SELECT coalesce(name, '') AS name,
  round(sum(duration_ns) FILTER (state = 'Running') / 1e6, 3) AS running_ms,
  round(sum(duration_ns) FILTER (state = 'Runnable') / 1e6, 3) AS runnable_ms,
  round(sum(duration_ns) FILTER (state = 'Waiting') / 1e6, 3) AS waiting_ms,
  round(sum(duration_ns) FILTER (state = 'Syscall') / 1e6, 3) AS syscall_ms
FROM goroutine_stays GROUP BY ALL ORDER BY running_ms DESC NULLS LAST`,
  },
  {
    title: "GC pauses",
    sql: `-- Stop-the-world pauses by reason.
SELECT name, count(*) AS pauses, round(sum(duration_ns) / 1e6, 3) AS total_ms,
  round(max(duration_ns) / 1e6, 3) AS max_ms
FROM ranges WHERE kind = 'stw' GROUP BY name ORDER BY total_ms DESC`,
  },
  {
    title: "Heap over time",
    sql: `-- Heap in use over time (ms since the trace's start, MiB).
SELECT round(time_ns / 1e6, 3) AS ms, round(value / 1048576, 2) AS heap_mib
FROM metrics WHERE name = '/memory/classes/heap/objects:bytes' ORDER BY time_ns`,
  },
];
