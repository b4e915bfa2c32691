// Memory back after a busy spell. V8 collects garbage when it needs room, not when a
// server turns idle: the columns a burst of requests made and dropped stay resident until
// some later allocation. Once no request has been in flight for IDLE_MS, one full
// collection gives that memory back (a server-only concern: the core never calls it).

import v8 from "node:v8";
import vm from "node:vm";

/** Quiet time before collecting. */
export const IDLE_MS = 3000;

// V8's gc() is exposed by a flag; set at run time, it reaches a fresh context.
function exposeGC(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    return typeof gc === "function" ? gc : undefined;
  } catch {
    return undefined;
  }
}

export class IdleCollector {
  #gc = exposeGC();
  #inFlight = 0;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Whether collections can run here. */
  get available(): boolean {
    return this.#gc !== undefined;
  }

  /** A request began. */
  begin(): void {
    this.#inFlight++;
    this.#dirty = true;
    clearTimeout(this.#timer);
  }

  /** A request ended (answered, failed or abandoned). */
  end(): void {
    if (--this.#inFlight > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#collect(), IDLE_MS);
    // It never keeps the process alive.
    Deno.unrefTimer(this.#timer!);
  }

  #collect(): void {
    if (this.#inFlight > 0 || !this.#dirty || !this.#gc) return;
    this.#dirty = false;
    this.#gc();
  }
}
