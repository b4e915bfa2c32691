// The MMU curve (Go: trace.NewMMUCurve and its MMU, Examples, MUD methods), computed by
// the asm/src/mmu.ts WebAssembly module. One instance (own linear memory) per curve, so
// dropping the curve frees it. No Deno APIs.

import { mmuWasmBase64 } from "../../../asm/build/mmu_wasm.ts";
import { MMUPanic, type UtilSeries } from "./utilization.ts";

interface MMUExports {
  memory: WebAssembly.Memory;
  stageSeries(n: number): number;
  stagedUtilPtr(): number;
  commitSeries(): void;
  mmu(window: bigint): number;
  examples(window: bigint, n: number): number;
  exampleTimePtr(): number;
  exampleUtilPtr(): number;
  quantilePtr(n: number): number;
  mud(window: bigint): number;
}

/** A window of Go's Examples: its start (ns, relative like the series) and utilization. */
export interface UtilWindow {
  time: number;
  util: number;
}

let compiled: Promise<WebAssembly.Module> | undefined;

function mmuModule(): Promise<WebAssembly.Module> {
  compiled ??= (() => {
    const bin = atob(mmuWasmBase64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return WebAssembly.compile(bytes);
  })();
  return compiled;
}

export class MMUCurve {
  readonly #x: MMUExports;
  /** First and last time over all series (Go's plot bounds), or undefined if none. */
  readonly minTime?: number;
  readonly maxTime?: number;
  readonly seriesCount: number;

  private constructor(x: MMUExports, series: UtilSeries[]) {
    this.#x = x;
    this.seriesCount = series.length;
    for (const s of series) {
      const ptr = x.stageSeries(s.time.length);
      const buf = x.memory.buffer;
      new Float64Array(buf, ptr, s.time.length).set(s.time);
      new Float64Array(buf, x.stagedUtilPtr() >>> 0, s.util.length).set(s.util);
      x.commitSeries();
    }
    for (const s of series) {
      const first = s.time[0], last = s.time[s.time.length - 1];
      if (this.minTime === undefined || first < this.minTime) this.minTime = first;
      if (this.maxTime === undefined || last > this.maxTime) this.maxTime = last;
    }
  }

  /** Go's NewMMUCurve over the utilization series. */
  static async build(series: UtilSeries[]): Promise<MMUCurve> {
    // The abort handler reads the message from memory, known once instantiated.
    const bound: { memory?: WebAssembly.Memory } = {};
    const instance = await WebAssembly.instantiate(await mmuModule(), {
      env: {
        abort(msg: number) {
          let text = "";
          if (bound.memory && msg !== 0) {
            const buf = bound.memory.buffer;
            const len = new Uint32Array(buf, msg - 4, 1)[0];
            text = String.fromCharCode(...new Uint16Array(buf, msg, len >>> 1));
          }
          throw new MMUPanic(text || "mmu: abort");
        },
      },
    });
    const x = instance.exports as unknown as MMUExports;
    bound.memory = x.memory;
    return new MMUCurve(x, series);
  }

  /** Go's MMUCurve.MMU(window). */
  mmu(window: bigint): number {
    return this.#x.mmu(window);
  }

  /** Go's MMUCurve.Examples(window, n): disjoint worst windows, lowest first. */
  examples(window: bigint, n: number): UtilWindow[] {
    const x = this.#x;
    const m = x.examples(window, n);
    const times = new BigInt64Array(x.memory.buffer, x.exampleTimePtr() >>> 0, m);
    const utils = new Float64Array(x.memory.buffer, x.exampleUtilPtr() >>> 0, m);
    return Array.from({ length: m }, (_, i) => ({ time: Number(times[i]), util: utils[i] }));
  }

  /** Go's MMUCurve.MUD(window, quantiles). */
  mud(window: bigint, quantiles: readonly number[]): number[] {
    const x = this.#x;
    new Float64Array(x.memory.buffer, x.quantilePtr(quantiles.length), quantiles.length)
      .set(quantiles);
    const out = x.mud(window);
    return Array.from(new Float64Array(x.memory.buffer, out, quantiles.length));
  }
}
