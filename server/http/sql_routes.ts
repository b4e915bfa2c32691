// "/sql" in the server: the core's routes (core/pages/sql.ts) over DuckDB in this process.
// The engine (and DuckDB) starts on the first query: the trace is exported once to a
// temporary folder (sql_engine.ts).

import type { AppContext } from "../core/pages/context.ts";
import type { Handler } from "../core/pages/routes.ts";
import { sqlRoutes as coreSqlRoutes, type SqlRunner } from "../core/pages/sql.ts";

export { sqlPageModel } from "../core/pages/sql.ts";

const engines = new WeakMap<AppContext, Promise<SqlRunner>>();

function engine(ctx: AppContext): Promise<SqlRunner> {
  let e = engines.get(ctx);
  if (!e) {
    e = import("./sql_engine.ts").then((m) => m.SqlEngine.open(ctx));
    // A failure to start is retried by the next query.
    e.catch(() => engines.delete(ctx));
    engines.set(ctx, e);
  }
  return e;
}

export function sqlRoutes(ctx: AppContext): [string, Handler][] {
  return coreSqlRoutes(() => engine(ctx));
}
