// DuckDB's Node API, loaded when the first SQL query comes. The specifier is the one
// deno.json maps (one place for the version) and is not a literal, so `deno bundle`
// leaves it out of dist/traceglass.js: DuckDB is a native module no bundle can carry,
// and Deno fetches it from the registry on first use, wherever the program runs.

import type * as DuckDB from "@duckdb/node-api";
import config from "../../deno.json" with { type: "json" };

export type DuckDBModule = typeof DuckDB;

let loaded: Promise<DuckDBModule> | undefined;

/** The `@duckdb/node-api` module (loaded once). */
export function loadDuckDB(): Promise<DuckDBModule> {
  if (!loaded) {
    const spec: string = config.imports["@duckdb/node-api"];
    loaded = import(spec) as Promise<DuckDBModule>;
    loaded.catch(() => loaded = undefined); // a failed load is tried again
  }
  return loaded;
}
