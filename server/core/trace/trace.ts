// The parsed trace: the id tables (resources, contexts, strings, frames, stacks) and the
// events, in blocks of one generation each (block.ts). A trace small enough is also held
// whole, as one set of columns (`time`, `type`, … below); a bigger one keeps blocks in
// a cache under a byte budget and decodes a block again when a question needs it
// (decoder.ts), so its size is bounded by neither an array nor the decoder's memory.
// Layout of rows and tables: asm/src/README.md. No Deno APIs.

import type { TraceError } from "./error.ts";
import { type EventKind, kindOfType } from "./kinds.ts";
import { type BlockInfo, blockOfEvent, type EventBlock, subBlock, TableKind } from "./block.ts";
import { copyBlock, Decoder, type PassResult, ROW_BYTES } from "./decoder.ts";
import { type ByteSource, bytesSource } from "./source.ts";
import { BlockStore } from "./block_store.ts";
import { lastBlocks, parallelFirstPass, type WorkerFactory } from "./parallel.ts";
import { nextTurn, timeToYield } from "../util/turns.ts";

export type { BlockInfo, EventBlock };

export interface ParseOptions {
  /** Called now and then with bytes consumed so far. */
  onProgress?: (done: number, total: number) => void;
  /** Events per decoder step between progress calls. */
  stepEvents?: number;
  /** Bytes of the file the decoder reads at first (tests use small windows). */
  windowBytes?: number;
  /**
   * Hold the whole event table (the `time`, `type`, … columns) when it takes at most
   * this many bytes (default 1 GiB); a bigger trace is held block by block.
   */
  wholeBytes?: number;
  /** Bytes of blocks a trace not held whole keeps decoded (default 1 GiB). */
  cacheBytes?: number;
  /**
   * Makes a Web Worker running decode_worker.ts: a big Go 1.22+ trace is then read on
   * two cores (parallel.ts). Without it, one.
   */
  parallel?: WorkerFactory;
  /** Split the first pass even for a small trace (tests; needs `parallel`). */
  forceParallel?: boolean;
}

/** Rows of a slice of a block (eachSlice). */
export const SLICE_EVENTS = 1 << 15;

/** What a pass over blocks may be given. */
export interface PassOptions {
  /** Stops the pass (between blocks). */
  signal?: AbortSignal;
  /** Blocks done and to do, before each block and at the end. */
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_WHOLE = 1 << 30;
const DEFAULT_CACHE = 1 << 30;

/** The whole event table of a trace held whole. */
interface WholeColumns {
  time: Float64Array;
  type: Uint8Array;
  state: Uint8Array;
  ctx: Uint32Array;
  stack: Uint32Array;
  a0: Uint32Array;
  a1: Uint32Array;
  a2: Uint32Array;
  extra: BigUint64Array;
  expData: Uint8Array;
  bigTimes: Map<number, bigint>;
}

/** A parsed trace. Event indexes are global; ids index the tables. */
export class Trace {
  /** Go minor version of the header (22 for "go 1.22 trace"). */
  readonly version: number;
  /** Events decoded (all of them, including any after the last complete generation). */
  readonly count: number;
  /** Events up to and including the last Sync before an error (all events if none). */
  readonly validCount: number;
  /** Absolute time (ns) of event 0; `time[i]` is relative to it. */
  readonly baseTime: bigint;
  readonly ctxM: Uint32Array;
  readonly ctxP: Uint32Array;
  readonly ctxG: Uint32Array;
  /** Resource ids by index (index 0 is -1: none). */
  readonly gIds: BigInt64Array;
  readonly pIds: BigInt64Array;
  readonly mIds: BigInt64Array;
  /** Task ids by index (index 0 is NoTask). */
  readonly taskIds: BigUint64Array;
  /** The same ids as numbers, for analyses (exact below 2^53; -1 = none / NoTask). */
  readonly gId: Float64Array;
  readonly pId: Float64Array;
  readonly mId: Float64Array;
  readonly taskId: Float64Array;
  readonly stringBytes: Uint8Array;
  readonly stringOffsets: Uint32Array;
  readonly framePC: BigUint64Array;
  readonly frameFunc: Uint32Array;
  readonly frameFile: Uint32Array;
  readonly frameLine: BigUint64Array;
  readonly stackOffsets: Uint32Array;
  readonly stackFrames: Uint32Array;
  /** The error that ended parsing, if any (events before it are kept). */
  readonly error?: TraceError;
  /** Input size and the bytes that belong to complete generations. */
  readonly size: number;
  readonly validBytes: number;
  /** The blocks, in order (one per generation; one for a Go 1.11–1.21 trace). */
  readonly blocks: readonly BlockInfo[];

  readonly #whole?: WholeColumns;
  readonly #store: BlockStore;
  readonly #passes = new Set<{ done: number; total: number }>();
  #strings: (string | undefined)[] = [];
  #decoder = new TextDecoder();

  constructor(
    pass: PassResult,
    dec: Decoder,
    size: number,
    blocks: BlockInfo[],
    store: BlockStore,
    whole?: WholeColumns,
  ) {
    this.version = pass.version;
    this.count = pass.count;
    this.validCount = pass.validCount;
    this.baseTime = pass.baseTime;
    this.error = pass.error;
    this.size = size;
    this.validBytes = pass.validBytes;
    this.blocks = blocks;
    this.#store = store;
    this.#whole = whole;
    this.gIds = dec.copyTable(TableKind.GIds, BigInt64Array);
    this.pIds = dec.copyTable(TableKind.PIds, BigInt64Array);
    this.mIds = dec.copyTable(TableKind.MIds, BigInt64Array);
    this.taskIds = dec.copyTable(TableKind.TaskIds, BigUint64Array);
    this.gId = numbers(this.gIds);
    this.pId = numbers(this.pIds);
    this.mId = numbers(this.mIds);
    this.taskId = new Float64Array(this.taskIds.length);
    for (let i = 0; i < this.taskIds.length; i++) {
      const v = this.taskIds[i];
      this.taskId[i] = v === 0xffffffffffffffffn ? -1 : Number(v);
    }
    this.ctxM = dec.copyTable(TableKind.CtxM, Uint32Array);
    this.ctxP = dec.copyTable(TableKind.CtxP, Uint32Array);
    this.ctxG = dec.copyTable(TableKind.CtxG, Uint32Array);
    this.stringBytes = dec.copyTable(TableKind.StringBytes, Uint8Array);
    this.stringOffsets = dec.copyTable(TableKind.StringOffsets, Uint32Array);
    this.framePC = dec.copyTable(TableKind.FramePC, BigUint64Array);
    this.frameFunc = dec.copyTable(TableKind.FrameFunc, Uint32Array);
    this.frameFile = dec.copyTable(TableKind.FrameFile, Uint32Array);
    this.frameLine = dec.copyTable(TableKind.FrameLine, BigUint64Array);
    this.stackOffsets = dec.copyTable(TableKind.StackOffsets, Uint32Array);
    this.stackFrames = dec.copyTable(TableKind.StackFrames, Uint32Array);
  }

  // ---- Blocks ------------------------------------------------------------------------

  /** Block k's events (decoded again if they are not held). */
  block(k: number): Promise<EventBlock> {
    return this.#store.get(k);
  }

  /**
   * Blocks from..to-1 in order, for a pass over the events. Between blocks it lets the
   * event loop run now and then, so a server answers other requests meanwhile; it stops
   * (throwing the signal's reason) when the signal is aborted, and reports progress.
   */
  async *eachBlock(
    from = 0,
    to = this.blocks.length,
    opts: PassOptions = {},
  ): AsyncGenerator<EventBlock> {
    const pass = { done: 0, total: to - from };
    this.#passes.add(pass);
    try {
      for (let k = from; k < to; k++) {
        opts.signal?.throwIfAborted();
        pass.done = k - from;
        opts.onProgress?.(k - from, to - from);
        yield await this.#store.get(k);
        if (timeToYield()) await nextTurn();
      }
      opts.onProgress?.(to - from, to - from);
    } finally {
      this.#passes.delete(pass);
    }
  }

  /**
   * The events of blocks from..to-1 in order, in slices of at most SLICE_EVENTS rows
   * (subBlock: a block of their own, `index` still the block's), letting the event loop
   * run between slices: for passes whose rows do not look at their neighbours, so that a
   * server answers other requests while a block of millions of events is read.
   */
  async *eachSlice(
    from = 0,
    to = this.blocks.length,
    opts: PassOptions = {},
  ): AsyncGenerator<EventBlock> {
    for await (const b of this.eachBlock(from, to, opts)) {
      for (let j = 0; j < b.count; j += SLICE_EVENTS) {
        yield subBlock(b, j, Math.min(b.count, j + SLICE_EVENTS));
        if (timeToYield()) {
          await nextTurn();
          opts.signal?.throwIfAborted();
        }
      }
    }
  }

  /** Passes over blocks running now: blocks done and to do, for progress pages. */
  get passes(): { done: number; total: number }[] {
    return [...this.#passes].map((p) => ({ ...p }));
  }

  /** The blocks whose events overlap times [t0, t1] (ns since baseTime): [from, to). */
  blocksInTime(t0: number, t1: number): [number, number] {
    const bs = this.blocks;
    let from = 0;
    while (from < bs.length && bs[from].endTime < t0) from++;
    let to = from;
    while (to < bs.length && bs[to].startTime <= t1) to++;
    return [from, to];
  }

  /** Time of the first event (0 without events). */
  get startTime(): number {
    return this.blocks.length ? this.blocks[0].startTime : 0;
  }

  /**
   * Time of the last event Go keeps (events [0, validCount)): each block begins with a
   * Sync, and validCount ends just after one, or at the end.
   */
  get validEndTime(): number {
    const n = this.validCount;
    if (n === 0) return 0;
    const b = this.blocks[this.blockOf(n - 1)];
    return b.first + b.count === n ? b.endTime : b.startTime;
  }

  /**
   * Events of each wire type among the first `end` events, from the blocks' counts;
   * undefined when `end` cuts a block anywhere but after its first row (its Sync).
   */
  typeCounts(end = this.validCount): Uint32Array | undefined {
    const out = new Uint32Array(256);
    for (const b of this.blocks) {
      if (b.first >= end) break;
      if (b.first + b.count <= end && b.typeCounts) {
        for (let t = 0; t < 256; t++) out[t] += b.typeCounts[t];
      } else if (end - b.first === 1 && b.firstType === 255) {
        out[255]++;
      } else return undefined;
    }
    return out;
  }

  /** The block holding event i (-1 if none). */
  blockOf(i: number): number {
    return blockOfEvent(this.blocks, i);
  }

  /** Bytes of blocks held now (decoded), for memory accounting. */
  get heldBytes(): number {
    return this.#store.bytes;
  }

  // ---- The whole event table (traces held whole) -------------------------------------

  /** Whether the whole event table is held (the columns below exist). */
  get whole(): boolean {
    return this.#whole !== undefined;
  }

  #w(): WholeColumns {
    if (!this.#whole) {
      throw new Error(
        `this trace (${this.count} events) is held block by block; read it with eachBlock`,
      );
    }
    return this.#whole;
  }

  /** The whole event table as one block (a trace held whole only). */
  wholeBlock(): EventBlock {
    const w = this.#w();
    return {
      index: 0,
      first: 0,
      count: this.count,
      time: w.time,
      type: w.type,
      state: w.state,
      ctx: w.ctx,
      stack: w.stack,
      a0: w.a0,
      a1: w.a1,
      a2: w.a2,
      extraBase: 0,
      extra: w.extra,
      expBase: 0,
      expData: w.expData,
      bigTimes: w.bigTimes,
    };
  }

  get time(): Float64Array {
    return this.#w().time;
  }
  get type(): Uint8Array {
    return this.#w().type;
  }
  get state(): Uint8Array {
    return this.#w().state;
  }
  get ctx(): Uint32Array {
    return this.#w().ctx;
  }
  get stack(): Uint32Array {
    return this.#w().stack;
  }
  get a0(): Uint32Array {
    return this.#w().a0;
  }
  get a1(): Uint32Array {
    return this.#w().a1;
  }
  get a2(): Uint32Array {
    return this.#w().a2;
  }
  /** The side table (u64 words; rows index it). */
  get extra(): BigUint64Array {
    return this.#w().extra;
  }
  /** Raw bytes of experimental batches, referenced from Sync info in `extra`. */
  get expData(): Uint8Array {
    return this.#w().expData;
  }
  /** Exact times of rows the f64 column cannot hold exactly (corrupt traces only). */
  get bigTimes(): Map<number, bigint> {
    return this.#w().bigTimes;
  }

  kind(i: number): EventKind {
    return kindOfType(this.type[i]);
  }

  /** Raw bytes of string `id`. */
  stringBytesOf(id: number): Uint8Array {
    return this.stringBytes.subarray(this.stringOffsets[id], this.stringOffsets[id + 1]);
  }

  /** String `id`, decoded as UTF-8 (invalid bytes become U+FFFD). */
  string(id: number): string {
    let s = this.#strings[id];
    if (s === undefined) {
      s = this.#decoder.decode(this.stringBytesOf(id));
      this.#strings[id] = s;
    }
    return s;
  }

  get stringCount(): number {
    return this.stringOffsets.length - 1;
  }

  /** Frame ids of stack `id`, leaf first (empty for 0, "no stack"). */
  stackFrameIds(id: number): Uint32Array {
    return this.stackFrames.subarray(this.stackOffsets[id], this.stackOffsets[id + 1]);
  }

  get stackCount(): number {
    return this.stackOffsets.length - 1;
  }

  /** Go ids of the event's context, as numbers (-1 = none). */
  goroutineOf(i: number): number {
    return this.gId[this.ctxG[this.ctx[i]]];
  }
  procOf(i: number): number {
    return this.pId[this.ctxP[this.ctx[i]]];
  }
  threadOf(i: number): number {
    return this.mId[this.ctxM[this.ctx[i]]];
  }

  /** Resource index (into gIds) of the event's context goroutine; 0 = none. */
  gIndexOf(i: number): number {
    return this.ctxG[this.ctx[i]];
  }

  /** Absolute time of event i, exact. */
  absTime(i: number): bigint {
    return this.bigTimes.get(i) ?? this.baseTime + BigInt(this.time[i]);
  }

  /** A u64 value packed into two u32 columns (metrics). */
  value64(i: number): bigint {
    return BigInt(this.a0[i]) | (BigInt(this.a1[i]) << 32n);
  }
}

function numbers(ids: BigInt64Array): Float64Array {
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = Number(ids[i]);
  return out;
}

/** Parses a whole trace in memory. Errors become `trace.error` when some events were decoded. */
export function parseTrace(bytes: Uint8Array, opts: ParseOptions = {}): Promise<Trace> {
  return openTrace(bytesSource(bytes), opts);
}

/**
 * Parses a trace from a source, reading it a few generations at a time. Throws a
 * TraceError when not even the header is good.
 */
export async function openTrace(src: ByteSource, opts: ParseOptions = {}): Promise<Trace> {
  const dec = await Decoder.create(src);
  const wholeLimit = opts.wholeBytes ?? DEFAULT_WHOLE;
  const store = new BlockStore(opts.cacheBytes ?? DEFAULT_CACHE);
  const infos = dec.infos;
  // Two cores for a trace too big to hold whole (about 30 bytes of table per 5 bytes
  // of trace): its blocks are kept block by block anyway.
  const parallel = opts.parallel &&
    (opts.forceParallel || src.size * 6 > wholeLimit);
  // Copies of every block while the whole table still fits the limit.
  let held: EventBlock[] | undefined = parallel ? undefined : [];
  let heldBytes = 0;
  const onBlock = (view: EventBlock, info: BlockInfo) => {
    const keep = held !== undefined || !info.state || store.wants(info.bytes);
    if (!keep) return;
    const block = copyBlock(view);
    if (held) {
      held.push(block);
      heldBytes += info.bytes;
      if (heldBytes > wholeLimit) {
        // Too big to hold whole: from now on, blocks live in the cache.
        for (const b of held) store.put(infos[b.index], b);
        held = undefined;
      }
    } else {
      store.put(info, block);
    }
  };
  const pass = parallel
    ? await parallelFirstPass(dec, src, opts.parallel!, onBlock, {
      ...opts,
      force: opts.forceParallel,
    })
    : await dec.firstPass(onBlock, opts);
  const end = lastBlocks.get(dec);
  if (end) store.put(infos[end.index], end);
  let whole: WholeColumns | undefined;
  if (held) {
    whole = concatBlocks(held, pass.count);
    store.holdAll(infos, viewsOf(whole, infos));
  } else {
    store.attach(dec, infos);
  }
  return new Trace(pass, dec, src.size, infos, store, whole);
}

function concatBlocks(blocks: EventBlock[], count: number): WholeColumns {
  if (blocks.length === 1 && blocks[0].extraBase === 0 && blocks[0].expBase === 0) {
    // One block (a Go 1.11–1.21 trace, or a tiny one): it is the whole table already.
    const b = blocks[0];
    return { ...b, bigTimes: new Map(b.bigTimes) };
  }
  const cols = {
    time: new Float64Array(count),
    type: new Uint8Array(count),
    state: new Uint8Array(count),
    ctx: new Uint32Array(count),
    stack: new Uint32Array(count),
    a0: new Uint32Array(count),
    a1: new Uint32Array(count),
    a2: new Uint32Array(count),
  };
  let extraLen = 0, expLen = 0;
  for (const b of blocks) {
    extraLen = Math.max(extraLen, b.extraBase + b.extra.length);
    expLen = Math.max(expLen, b.expBase + b.expData.length);
  }
  const extra = new BigUint64Array(extraLen);
  const expData = new Uint8Array(expLen);
  const bigTimes = new Map<number, bigint>();
  for (const b of blocks) {
    for (const k of Object.keys(cols) as (keyof typeof cols)[]) {
      (cols[k] as Uint32Array).set(b[k] as Uint32Array, b.first);
    }
    extra.set(b.extra, b.extraBase);
    expData.set(b.expData, b.expBase);
    for (const [r, v] of b.bigTimes) bigTimes.set(b.first + r, v);
  }
  return { ...cols, extra, expData, bigTimes };
}

/** Blocks as views of the whole columns. */
function viewsOf(w: WholeColumns, infos: BlockInfo[]): EventBlock[] {
  return infos.map((info) => {
    const a = info.first, b = info.first + info.count;
    const bigTimes = new Map<number, bigint>();
    for (const [r, v] of w.bigTimes) if (r >= a && r < b) bigTimes.set(r - a, v);
    return {
      index: info.index,
      first: a,
      count: info.count,
      time: w.time.subarray(a, b),
      type: w.type.subarray(a, b),
      state: w.state.subarray(a, b),
      ctx: w.ctx.subarray(a, b),
      stack: w.stack.subarray(a, b),
      a0: w.a0.subarray(a, b),
      a1: w.a1.subarray(a, b),
      a2: w.a2.subarray(a, b),
      extraBase: 0,
      extra: w.extra,
      expBase: 0,
      expData: w.expData,
      bigTimes,
    };
  });
}

export { ROW_BYTES };
