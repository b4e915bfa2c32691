// Heavy requests (whole-trace JSON, big tables, profiles, MMU plots) run a few at a time,
// so that cheap pages keep answering and memory stays bounded: beyond `active` running,
// up to `queued` wait their turn; beyond that the answer is 503 with Retry-After. A
// request whose client went away leaves the queue, and a streamed body keeps its slot
// until it is sent or cancelled.

import { HttpError } from "../core/pages/errors.ts";

export interface LimiterOptions {
  /** Heavy requests that run at once. */
  active: number;
  /** Heavy requests that may wait; beyond them, 503. */
  queued: number;
  /** The Retry-After of a 503, in seconds. */
  retryAfterS: number;
}

export const DEFAULT_LIMITS: LimiterOptions = { active: 2, queued: 16, retryAfterS: 2 };

export class WorkLimiter {
  #running = 0;
  #waiting: { start: () => void; signal: AbortSignal; drop: () => void }[] = [];

  constructor(readonly opts: LimiterOptions = DEFAULT_LIMITS) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `work` in a slot; throws a 503 HttpError when the queue is full. */
  async run(signal: AbortSignal, work: () => Promise<Response>): Promise<Response> {
    await this.#acquire(signal);
    let res: Response;
    try {
      res = await work();
    } catch (e) {
      this.#release();
      throw e;
    }
    // A fixed body is in memory already; a streamed one holds the slot while it flows.
    if (!res.body || res.headers.has("Content-Length")) {
      this.#release();
      return res;
    }
    return new Response(this.#releasing(res.body), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  }

  #acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new HttpError(499, "client went away"));
    if (this.#running < this.opts.active) {
      this.#running++;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.opts.queued) {
      return Promise.reject(
        new HttpError(
          503,
          `503 Service Unavailable: ${this.#running} heavy requests are running and ` +
            `${this.#waiting.length} waiting; retry in ${this.opts.retryAfterS} s`,
          { "Retry-After": String(this.opts.retryAfterS) },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const entry = {
        signal,
        start: () => {
          signal.removeEventListener("abort", entry.drop);
          this.#running++;
          resolve();
        },
        drop: () => {
          this.#waiting = this.#waiting.filter((e) => e !== entry);
          reject(new HttpError(499, "client went away"));
        },
      };
      signal.addEventListener("abort", entry.drop, { once: true });
      this.#waiting.push(entry);
    });
  }

  #release(): void {
    this.#running--;
    const next = this.#waiting.shift();
    next?.start();
  }

  #releasing(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader();
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.#release();
      }
    };
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const { value, done } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else controller.enqueue(value);
        } catch (e) {
          release();
          controller.error(e);
        }
      },
      cancel: async (reason) => {
        release();
        await reader.cancel(reason);
      },
    }, { highWaterMark: 0 });
  }
}
