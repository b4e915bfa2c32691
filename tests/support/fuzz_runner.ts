// Feeds inputs to checkInput in a worker, one at a time, with a hard deadline: an input
// that gets no answer in time is reported as a hang and the worker is replaced.

import { type FuzzOutcome, TIME_LIMIT_MS } from "./fuzz_check.ts";

/** How long to wait for an answer before calling it a hang (well past the budget). */
export const HANG_MS = TIME_LIMIT_MS * 5;

/** How long a new worker may take to load (a fresh clone type-checks it first). */
const START_MS = 300_000;

export class FuzzRunner implements Disposable {
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  #next = 0;

  /** Checks one input; never throws for the input's sake. */
  async run(bytes: Uint8Array): Promise<FuzzOutcome> {
    if (!this.#worker) {
      const worker = this.#worker = new Worker(
        new URL("./fuzz_worker.ts", import.meta.url).href,
        { type: "module" },
      );
      this.#ready = new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("the fuzz worker did not start")),
          START_MS,
        );
        worker.addEventListener("error", (e) => {
          clearTimeout(timer);
          e.preventDefault();
          reject(new Error(`the fuzz worker failed to start: ${e.message}`));
        }, { once: true });
        worker.addEventListener("message", function ready(e: MessageEvent<{ ready?: boolean }>) {
          if (!e.data.ready) return;
          clearTimeout(timer);
          worker.removeEventListener("message", ready);
          resolve();
        });
      });
    }
    // The hang deadline covers the input, not the worker's start-up.
    await this.#ready;
    const worker = this.#worker!;
    const id = this.#next++;
    return new Promise((resolve) => {
      const done = (outcome: FuzzOutcome) => {
        clearTimeout(timer);
        worker.removeEventListener("message", onMessage);
        worker.removeEventListener("error", onError);
        resolve(outcome);
      };
      const failed = (problem: string) => {
        // The worker's state is unknown now: start afresh for the next input.
        this.close();
        done({ problems: [problem], events: 0, error: null, memory: 0, ms: HANG_MS });
      };
      const onMessage = (e: MessageEvent<{ id: number; outcome: FuzzOutcome }>) => {
        if (e.data.id === id) done(e.data.outcome);
      };
      const onError = (e: ErrorEvent) => {
        e.preventDefault();
        failed(`worker died: ${e.message}`);
      };
      const timer = setTimeout(() => failed(`no answer within ${HANG_MS} ms: hang`), HANG_MS);
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      worker.postMessage({ id, bytes });
    });
  }

  close(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#ready = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
