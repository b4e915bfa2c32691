// What every handler works from: the parsed trace, its summary (computed once, on first
// use) and a cache of analysis results keyed by their options.

import type { Trace } from "../trace/trace.ts";
import { summarize, summarizeWhole, type Summary } from "../summary/summary.ts";
import { type CacheLimits, DEFAULT_CACHE_LIMITS, ResultCache } from "./cache.ts";
import { gatherFacts, gatherPathFacts } from "../diagnosis/diagnosis.ts";
import type { DiagnosisFacts, PathFacts } from "../diagnosis/facts.ts";

export class AppContext {
  readonly cache: ResultCache;
  #summary?: Summary;
  #pending?: Promise<Summary>;
  #facts?: Promise<DiagnosisFacts>;
  #factsDone?: DiagnosisFacts;
  #pathFacts?: Promise<PathFacts>;
  #pathAbort?: AbortController;

  constructor(
    readonly trace: Trace,
    /** The trace file's name as given on the command line. */
    readonly file: string,
    cacheLimits: CacheLimits = DEFAULT_CACHE_LIMITS,
    /** Bytes the timeline's view models may take together (default: the timeline's). */
    readonly timelineBytes?: number,
  ) {
    this.cache = new ResultCache(cacheLimits);
  }

  /** Go's parsedTrace.summary: every decoded event, the lost tail's too (one pass). */
  get summary(): Promise<Summary> {
    if (this.#summary) return Promise.resolve(this.#summary);
    this.#pending ??= summarize(this.trace).then((s) => this.#summary = s, (e) => {
      this.#pending = undefined;
      throw e;
    });
    return this.#pending;
  }

  /** The diagnosis's facts (one pass over the blocks, on first use; a failure is retried). */
  get facts(): Promise<DiagnosisFacts> {
    if (!this.#facts) {
      this.#facts = gatherFacts(this.trace).then((f) => {
        // From now on paths read these: the lighter facts, if any, are let go.
        this.#pathFacts = undefined;
        return this.#factsDone = f;
      }, (e) => {
        this.#facts = undefined;
        throw e;
      });
      // A lighter pass for paths still running stops: paths wait for these facts, and one
      // pass reads the blocks instead of two sharing the CPU (both answers come sooner).
      this.#pathAbort?.abort();
    }
    return this.#facts;
  }

  /**
   * What critical paths read of the facts: the diagnosis's when they are there or on
   * their way, else those alone (a lighter pass, once; a failure is retried).
   */
  get pathFacts(): Promise<PathFacts> {
    if (this.#factsDone) return Promise.resolve(this.#factsDone);
    if (this.#facts) return this.#facts;
    if (!this.#pathFacts) {
      const abort = this.#pathAbort = new AbortController();
      this.#pathFacts = gatherPathFacts(this.trace, { signal: abort.signal }).catch((e) => {
        this.#pathFacts = undefined;
        if (abort.signal.aborted && this.#facts) return this.#facts;
        throw e;
      });
    }
    return this.#pathFacts;
  }

  /**
   * The summary, now: the one computed already, or (a trace held whole) computed at
   * once; code that cannot wait (the timeline's generators) awaits `summary` first.
   */
  get summaryNow(): Summary {
    if (this.#summary) return this.#summary;
    if (!this.trace.whole) throw new Error("the goroutine summary is not computed yet");
    return this.#summary = summarizeWhole(this.trace);
  }

  /**
   * An analysis result cached under `key` (the analysis name plus its options); `size`
   * estimates its bytes when the producer knows better than a walk over the value.
   */
  cached<T>(key: string, make: () => T, size?: (v: Awaited<T>) => number): T {
    return this.cache.get(key, make, size);
  }
}
