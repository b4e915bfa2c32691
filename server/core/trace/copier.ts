// The decoder on shared memory with a copier thread (parser_threads.wasm; protocol in
// asm/src/table/handoff.ts): the decoder writes rows into a small ring, a worker moves
// full chunks of it into the event columns, so the page faults of a table of hundreds of
// megabytes are taken on another core. Web APIs only (Worker, Blob, shared memory): runs
// in Deno, and in a browser page that is cross-origin isolated. No Deno APIs.

import { parserThreadsWasmBase64 } from "../../../asm/build/parser_threads_wasm.ts";
import { decodeBase64, instantiateParser, type ParserExports } from "./wasm.ts";

/** Rows per chunk handed over, as a power of two: 64 Ki rows, ~2 MB. */
export const DEFAULT_CHUNK_SHIFT = 16;

/** Control block word offsets (i32), as in handoff.ts. */
const W_QUIT = 2, W_SHIFT = 3, W_COLUMNS = 4, W_RING = 12, W_DONE = 20, SLOTS = 8;
const W_COPIER_CHUNKS = W_DONE + SLOTS, W_REWINDS = W_COPIER_CHUNKS + 1;

// The worker: claims published chunks (compare-and-swap on the (published, claimed)
// word), copies each column's slice, marks the slot done. Plain JavaScript, loaded from
// a Blob so that no file is read by path.
const COPIER_SOURCE = `
const SIZES = [8, 1, 1, 4, 4, 4, 4, 4];
let memory;
self.onmessage = ({ data }) => {
  if (data.memory) { memory = data.memory; return; }
  run(data.ctl);
  self.postMessage("stopped");
};
function run(ctl) {
  let i32, i64, u8;
  const views = () => {
    memory.grow(0); // another thread grew it: refresh this thread's view of the length
    i32 = new Int32Array(memory.buffer);
    i64 = new BigInt64Array(memory.buffer);
    u8 = new Uint8Array(memory.buffer);
  };
  views();
  const w = ctl >> 2, state = ctl >> 3;
  for (;;) {
    if (Atomics.load(i32, w + ${W_QUIT})) return;
    const v = Atomics.load(i64, state);
    const published = Number(v >> 32n), claimed = Number(v & 0xffffffffn);
    if (claimed >= published) {
      Atomics.wait(i64, state, v, 100);
      continue;
    }
    if (Atomics.compareExchange(i64, state, v, v + 1n) !== v) continue;
    const shift = i32[w + ${W_SHIFT}], slot = claimed & ${SLOTS - 1};
    for (let k = 0; k < 8; k++) {
      const n = SIZES[k] << shift;
      const dst = (i32[w + ${W_COLUMNS} + k] >>> 0) + claimed * n;
      const src = (i32[w + ${W_RING} + k] >>> 0) + slot * n;
      if (dst + n > u8.length) views();
      u8.copyWithin(dst, src, src + n);
    }
    Atomics.store(i32, w + ${W_DONE} + slot, claimed + 1);
    Atomics.notify(i32, w + ${W_DONE} + slot);
    Atomics.add(i32, w + ${W_COPIER_CHUNKS}, 1);
  }
}
`;

/**
 * Whether this runtime can share memory with a worker, and block: the decoder waits
 * for a chunk the copier is copying, and a browser page's main thread may not wait.
 */
export function copierAvailable(): boolean {
  if (typeof Worker === "undefined" || typeof SharedArrayBuffer === "undefined") return false;
  if ("document" in globalThis) return false;
  // A browser page that is not cross-origin isolated cannot share memory.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** A decoder instance on shared memory, and its copier thread. */
export class CopierParser {
  readonly parser: ParserExports;
  #worker: Worker;
  #memory: WebAssembly.Memory;
  #ctl = 0;
  #stopped = false;
  #chunkShift: number;

  private constructor(parser: ParserExports, memory: WebAssembly.Memory, chunkShift: number) {
    this.parser = parser;
    this.#chunkShift = chunkShift;
    this.#memory = memory;
    const url = URL.createObjectURL(new Blob([COPIER_SOURCE], { type: "text/javascript" }));
    this.#worker = new Worker(url, { type: "module" });
    URL.revokeObjectURL(url);
    this.#worker.postMessage({ memory });
  }

  /**
   * Instantiates the threads build and starts its worker (it loads while the host reads
   * the trace). Chunks of 2^chunkShift rows; tests use tiny ones.
   */
  static async create(chunkShift = DEFAULT_CHUNK_SHIFT): Promise<CopierParser> {
    compiled ??= WebAssembly.compile(decodeBase64(parserThreadsWasmBase64));
    // 65536 pages: the module's declared maximum (wasm32's 4 GiB), only reserved.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const parser = await instantiateParser(await compiled, { memory });
    return new CopierParser(parser, memory, chunkShift);
  }

  /** After begin: rows go through the copier from now on. False if the decoder declined. */
  startHandoff(): boolean {
    this.#ctl = this.parser.startHandoff(this.#chunkShift) >>> 0;
    if (this.#ctl === 0) return false;
    this.#worker.postMessage({ ctl: this.#ctl });
    return true;
  }

  /** Chunks the worker copied so far (the decoder copies the ones it gets to first). */
  get workerChunks(): number {
    return this.#word(W_COPIER_CHUNKS);
  }

  /** Times the decoder dropped rows it had already handed over (tiny chunks only). */
  get rewinds(): number {
    return this.#word(W_REWINDS);
  }

  #word(w: number): number {
    if (this.#ctl === 0) return 0;
    return Atomics.load(new Int32Array(this.#memory.buffer), (this.#ctl >> 2) + w);
  }

  /**
   * Stops the worker. When step returned done or error, the decoder has finished the
   * handoff (every row in the columns, the quit word set); after an exception it is dropped.
   */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#worker.terminate();
  }
}
