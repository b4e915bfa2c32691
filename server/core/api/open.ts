// The library's entry: openTrace turns bytes, a Blob or a stream into a Trace whose
// async methods run the same analyses as the server and the CLI (so their results equal
// `go tool trace`'s). A small facade: the model's blocks, columns and caches stay
// inside. No Deno APIs.

import { openTrace as openCore, type Trace as CoreTrace } from "../trace/trace.ts";
import { blobSource, type ByteSource, bytesSource } from "../trace/source.ts";
import { plainBlob, plainBytes } from "../trace/compressed.ts";
import { streamParsed } from "../trace/parsed.ts";
import { printWire } from "../trace/wire.ts";
import { printFootprint } from "../trace/footprint.ts";
import { summarize, type Summary } from "../summary/summary.ts";
import { computePprof, goroutineIntervals } from "../profiles/pprof.ts";
import { buildProfile, encodeProfile } from "../profiles/pprof_encode.ts";
import { traceProfile } from "../profiles/trace_profile.ts";
import { mmuPlot } from "../mmu/mmu.ts";
import type { RegionSummary as CoreRegion } from "../summary/summary.ts";
import { EventMaker } from "./events.ts";
import { selfWorker } from "./worker.ts";
import type {
  DebugMode,
  GoroutineSummary,
  MMUFlag,
  MMUPoint,
  OpenOptions,
  ProfileType,
  RegionSummary,
  TaskSummary,
  Trace,
  TraceEvent,
  TraceInput,
} from "./types.ts";

/**
 * Reads a Go execution trace (Go 1.11 and newer, flight-recorder snapshots too). Rejects
 * with an Error when not even the header can be read; a trace that breaks off later
 * opens with the events before the break and says why in `error`.
 */
export async function openTrace(input: TraceInput, options: OpenOptions = {}): Promise<Trace> {
  const { src, bytes } = await sourceOf(input);
  const parallel = options.parallel === false ? undefined : selfWorker();
  const trace = await openCore(src, {
    onProgress: options.onProgress,
    cacheBytes: options.cacheBytes,
    parallel,
  });
  return new OpenedTrace(trace, src, bytes);
}

// A gzip- or zstd-compressed trace (known by its magic bytes) is decompressed first.
async function sourceOf(input: TraceInput): Promise<{ src: ByteSource; bytes?: Uint8Array }> {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = await plainBytes(input instanceof Uint8Array ? input : new Uint8Array(input));
    return { src: bytesSource(bytes), bytes };
  }
  if (typeof Blob !== "undefined" && input instanceof Blob) {
    return { src: blobSource(await plainBlob(input)) };
  }
  if (typeof ReadableStream !== "undefined" && input instanceof ReadableStream) {
    // Generations are read again when asked for, so a stream is held in memory.
    const bytes = await plainBytes(await readAll(input));
    return { src: bytesSource(bytes), bytes };
  }
  throw new TypeError("openTrace: expected a Uint8Array, ArrayBuffer, Blob or ReadableStream");
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const DEFAULT_MMU_FLAGS: MMUFlag[] = ["stw", "background", "assist", "sweep"];

class OpenedTrace implements Trace {
  readonly #t: CoreTrace;
  readonly #src: ByteSource;
  readonly #bytes?: Uint8Array;
  #summary?: Promise<Summary>;

  constructor(t: CoreTrace, src: ByteSource, bytes?: Uint8Array) {
    this.#t = t;
    this.#src = src;
    this.#bytes = bytes;
  }

  get goVersion(): string {
    return `1.${this.#t.version}`;
  }
  get size(): number {
    return this.#t.size;
  }
  get eventCount(): number {
    return this.#t.count;
  }
  get baseTime(): bigint {
    return this.#t.baseTime;
  }
  get duration(): number {
    return this.#t.validCount > 0 ? this.#t.validEndTime - this.#t.startTime : 0;
  }
  get error(): string | undefined {
    return this.#t.error?.goMessage;
  }

  async *events(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<TraceEvent> {
    const maker = new EventMaker(this.#t);
    for await (const b of this.#t.eachBlock(0, this.#t.blocks.length, options)) {
      for (let j = 0; j < b.count; j++) yield maker.event(b, j);
    }
  }

  #summarize(): Promise<Summary> {
    this.#summary ??= summarize(this.#t);
    return this.#summary;
  }

  #region(r: CoreRegion, goroutine: number): RegionSummary {
    const { taskId, name, start: _s, end: _e, ...rest } = r;
    return { goroutine, task: taskId, type: name, ...rest };
  }

  async goroutines(): Promise<GoroutineSummary[]> {
    const s = await this.#summarize();
    return s.goroutines.map((g) => ({
      ...g,
      regions: g.regions.map((r) => this.#region(r, g.id)),
    }));
  }

  async regions(): Promise<RegionSummary[]> {
    const s = await this.#summarize();
    return s.goroutines.flatMap((g) => g.regions.map((r) => this.#region(r, g.id)));
  }

  async tasks(): Promise<TaskSummary[]> {
    const s = await this.#summarize();
    const t = this.#t, kept = s.kept;
    // A task's regions do not say their goroutine: find it by region identity.
    const owner = new Map<CoreRegion, number>();
    for (const g of s.goroutines) for (const r of g.regions) owner.set(r, g.id);
    const time = (e: number | null) => e === null ? null : kept.time(e);
    return s.tasks.map((k) => ({
      id: k.id,
      type: k.name,
      parent: k.parent,
      children: k.children,
      startTime: time(k.start),
      endTime: time(k.end),
      goroutines: k.goroutines,
      logs: k.logs.map((e) => ({
        time: kept.time(e),
        goroutine: t.gId[t.ctxG[kept.ctx(e)]],
        category: t.string(kept.a1(e)),
        message: t.string(kept.a2(e)),
      })),
      regions: k.regions.map((r) => this.#region(r, owner.get(r) ?? -1)),
    }));
  }

  async profile(type: ProfileType, options: { group?: string } = {}): Promise<Uint8Array> {
    const t = this.#t;
    if (!["net", "sync", "syscall", "sched", "cpu"].includes(type)) {
      throw new TypeError(
        `unknown profile type ${type}: expected net, sync, syscall, sched or cpu`,
      );
    }
    if (options.group === undefined || type === "cpu") {
      const bytes = await traceProfile(t, type);
      if (bytes instanceof Error) throw new Error(`failed to generate pprof: ${bytes.message}`);
      return bytes;
    }
    const iv = goroutineIntervals(t, await this.#summarize(), options.group);
    if (iv instanceof Error) throw new Error(`no goroutines with start function ${options.group}`);
    return await encodeProfile(buildProfile(t, await computePprof(t, type, iv)));
  }

  async mmu(options: { flags?: MMUFlag[] } = {}): Promise<MMUPoint[]> {
    const plot = await mmuPlot(this.#t, (options.flags ?? DEFAULT_MMU_FLAGS).join("|"));
    return plot.curve.map(([window, utilization]) => ({ window, utilization }));
  }

  async debug(mode: DebugMode, write?: (chunk: string) => void): Promise<string> {
    const parts: string[] = [];
    const out = write ?? ((c: string) => parts.push(c));
    if (mode === "parsed") {
      // Streamed from the input again: the text of every decoded event, as Go's.
      await streamParsed(this.#src, out);
    } else if (mode === "wire" || mode === "footprint") {
      if (!this.#bytes) throw new Error(`debug("${mode}") needs a trace opened from bytes`);
      const e = (mode === "wire" ? printWire : printFootprint)(this.#bytes, out);
      if (e) throw new Error(e.message);
    } else {
      throw new TypeError(`invalid debug mode ${mode}, want one of: parsed, wire, footprint`);
    }
    return parts.join("");
  }
}
