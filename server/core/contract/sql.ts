// The /sql page's model and the /api/sql answer (web/views/sql.ts renders both).

import type { ExampleQuery } from "../export/views.ts";

export interface SqlPageModel {
  /** Example queries, offered in the editor. */
  examples: readonly ExampleQuery[];
  /** The tables and their columns (schema.ts), for reference beside the editor. */
  tables: { name: string; doc: string; columns: { name: string; type: string; doc: string }[] }[];
  /** Rows a result shows at most, and the time a query may take (ms). */
  maxRows: number;
  timeoutMs: number;
}

/** /api/sql?q=: a result, or DuckDB's error (status 400). */
export type SqlAnswer =
  | {
    columns: string[];
    /** DuckDB type names. */
    types: string[];
    /** JSON values: numbers, strings (BIGINTs as strings past 2^53), booleans, null. */
    rows: unknown[][];
    /** Whether more rows than maxRows matched (they were not read). */
    truncated: boolean;
    elapsedMs: number;
  }
  | { error: string };
