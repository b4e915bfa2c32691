// The ?sortby= of the goroutine and region breakdowns: a column name as Go spells it.
// Go silently ignores other values; here they are a 400. A well-formed column this
// table lacks sorts by total time, as in Go.

import { badRequest } from "./errors.ts";
import type { Query } from "./query.ts";

const COLUMN =
  /^(Total time|Execution time|Sched wait time|Syscall execution time|Unknown time|Block time \(.*\))$/s;

export function sortByParam(q: Query): string {
  const v = q.get("sortby");
  if (v === undefined || v === "") return "Total time";
  if (!COLUMN.test(v)) {
    throw badRequest(
      `bad sortby=${v}: expected a column name such as "Total time", "Execution time" or "Block time (chan receive)"`,
    );
  }
  return v;
}
