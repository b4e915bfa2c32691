// What every handler works from: the parsed trace, its summary (computed once, on first
// use) and a cache of analysis results keyed by their options.

import type { Trace } from "../core/trace/trace.ts";
import { summarize, type Summary } from "../core/summary/summary.ts";
import { ResultCache } from "./cache.ts";

export class AppContext {
  readonly cache = new ResultCache();
  #summary?: Summary;

  constructor(
    readonly trace: Trace,
    /** The trace file's name as given on the command line. */
    readonly file: string,
  ) {}

  /** Go's parsedTrace.summary: every decoded event, the lost tail's too. */
  get summary(): Summary {
    return this.#summary ??= summarize(this.trace);
  }

  /** An analysis result cached under `key` (the analysis name plus its options). */
  cached<T>(key: string, make: () => T): T {
    return this.cache.get(key, make);
  }
}
