// Drives the WebAssembly decoder over a ByteSource: the first pass reads the trace a few
// generations at a time (a window of the file in the decoder's memory) and hands out one
// block of rows per generation; afterwards any block can be decoded again alone from the
// state saved at the boundary before it. Memory stays at one window, one generation's
// rows and the id tables, whatever the trace's size. No Deno APIs.

import {
  newParser,
  type ParserExports,
  STATUS_BOUNDARY,
  STATUS_DONE,
  STATUS_ERROR,
  STATUS_MORE,
} from "./wasm.ts";
import { TraceError } from "./error.ts";
import { type ByteSource, readFully } from "./source.ts";
import { type BlockInfo, type EventBlock, TableKind } from "./block.ts";
import type { TraceTables } from "./event_string.ts";
import { nextTurn, timeToYield } from "../util/turns.ts";

/** The first window: a few generations of a busy program (they are ~10 MB each). */
const FIRST_WINDOW = 32 << 20;
/** Events per decoder step between progress calls. */
const STEP = 1 << 16;

export interface FirstPassOptions {
  /** Called now and then with bytes consumed so far. */
  onProgress?: (done: number, total: number) => void;
  /** Events per step (tests use small ones). */
  stepEvents?: number;
  /** Bytes of the file read at first (it grows when a generation needs more). */
  windowBytes?: number;
  /** Stop at the boundary after this many blocks (parallel.ts). */
  stopAfter?: number;
  /** Keep the canonical state at the boundary after this block (parallel.ts). */
  canonAfter?: number;
  /** Log region ends met with no region known (a decoder that began mid-trace). */
  logRegionEnds?: boolean;
}

/** What the first pass found besides the blocks. */
export interface PassResult {
  version: number;
  count: number;
  validCount: number;
  validBytes: number;
  baseTime: bigint;
  error?: TraceError;
  /** The pass stopped early (stopAfter) and may go on (continuePass). */
  stopped?: boolean;
}

/** The decoder of one trace; owns the id tables (resources, strings, stacks). */
export class Decoder {
  readonly x: ParserExports;
  readonly src: ByteSource;
  #cap = 0;
  #base = 0;
  #len = 0;
  #replaying = false;
  /** Serializes uses of the one decoder instance (re-decodes may be asked concurrently). */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(x: ParserExports, src: ByteSource) {
    this.x = x;
    this.src = src;
  }

  static async create(src: ByteSource): Promise<Decoder> {
    return new Decoder(await newParser(), src);
  }

  get size(): number {
    return this.src.size;
  }

  #error(): TraceError {
    const x = this.x;
    const ptr = x.errorText() >>> 0;
    const msg = new TextDecoder().decode(new Uint8Array(x.memory.buffer, ptr, x.errorLength()));
    return new TraceError(msg, Number(x.errorAt()), this.size);
  }

  /**
   * The window is the file from `base` on, as much as fits in `cap` bytes and lies
   * before `end` (where the decoder's view of the file ends).
   */
  async #fill(base: number, keep: number, cap: number, end = this.size): Promise<void> {
    const x = this.x;
    // Bytes [base, base + keep) are at the window's start already (moved there below).
    if (cap > this.#cap) this.#cap = cap;
    const ptr = x.inputBuffer(this.#cap) >>> 0;
    const mem = new Uint8Array(x.memory.buffer, ptr, this.#cap);
    const want = Math.min(this.#cap, end - base);
    const n = want > keep ? await readFully(this.src, base + keep, mem.subarray(keep, want)) : 0;
    this.#base = base;
    this.#len = keep + n;
    x.setWindow(this.#len, BigInt(base), base + this.#len >= end ? 1 : 0);
  }

  /** Moves the unread bytes to the window's start and reads more after them. */
  async #refill(): Promise<void> {
    const x = this.x;
    const from = Number(x.consumed());
    const keep = this.#base + this.#len - from;
    let cap = this.#cap;
    // A generation larger than the window: make room (the decoder said it needs more).
    if (from === this.#base) cap *= 2;
    if (from > this.#base && keep > 0) {
      const ptr = x.inputBuffer(this.#cap) >>> 0;
      const mem = new Uint8Array(x.memory.buffer, ptr, this.#cap);
      mem.copyWithin(0, from - this.#base, this.#len);
    }
    await this.#fill(from, keep, cap);
  }

  /**
   * Decodes the whole trace once, handing each block to onBlock with views into the
   * decoder's memory (valid during the call only: copy what you keep). Resolves with the
   * trace's facts; a decoding error after some events is in `error`, as Go's cmd/trace
   * keeps the events before it. Throws a TraceError when the header is bad. With
   * `stopAfter`, it stops at the boundary after that many blocks (`stopped` set);
   * continuePass goes on from there.
   */
  async firstPass(
    onBlock: (block: EventBlock, info: BlockInfo) => void | Promise<void>,
    opts: FirstPassOptions = {},
  ): Promise<PassResult> {
    const x = this.x;
    await this.#fill(0, 0, Math.min(opts.windowBytes ?? FIRST_WINDOW, Math.max(this.size, 1)));
    let version = x.begin();
    if (version < 0) throw this.#error();
    if (version < 22 && this.#len < this.size) {
      // Go 1.11–1.21 traces are not in generations: the decoder reads them whole.
      await this.#fill(0, 0, this.size);
      version = x.begin();
      if (version < 0) throw this.#error();
    }
    if (opts.logRegionEnds) x.logUnknownRegionEnds(1);
    this.#version = version;
    this.infos.length = 0;
    this.#next = this.#nextInfo(0);
    return await this.continuePass(onBlock, opts);
  }

  /** Goes on with a first pass that stopped (see firstPass). */
  async continuePass(
    onBlock: (block: EventBlock, info: BlockInfo) => void | Promise<void>,
    opts: FirstPassOptions = {},
  ): Promise<PassResult> {
    const x = this.x;
    const infos = this.infos;
    const budget = opts.stepEvents ?? STEP;
    let status: number;
    let stopped = false;
    for (;;) {
      status = x.step(budget);
      opts.onProgress?.(Number(x.progress()), this.size);
      if (status === STATUS_MORE) continue;
      const done = status !== STATUS_BOUNDARY;
      if (x.eventCount() > 0) {
        const info = this.#finishInfo(this.#next!, infos.length, done);
        infos.push(info);
        await onBlock(this.#view(info), info);
        if (!done && opts.canonAfter === info.index) this.canon = this.#copyOut(x.canonicalState());
        x.startBlock();
        if (!done) this.#next = this.#nextInfo(infos.length);
        if (!done && opts.stopAfter !== undefined && infos.length >= opts.stopAfter) {
          stopped = true;
          break;
        }
      }
      if (done) break;
      while (x.needInput()) await this.#refill();
    }
    const error = status === STATUS_ERROR ? this.#error() : undefined;
    const count = infos.length ? infos[infos.length - 1].first + infos[infos.length - 1].count : 0;
    return {
      version: this.#version,
      count,
      validCount: error ? x.validEventCount() : count,
      validBytes: error ? Number(x.validByteCount()) : this.size,
      baseTime: x.baseTime(),
      error,
      stopped,
    };
  }

  /** The blocks of the first pass so far (the Trace's, afterwards). */
  infos: BlockInfo[] = [];
  #next?: BlockInfo;
  #version = 0;
  /** The canonical state captured by a first pass's `canonAfter`. */
  canon?: Uint8Array;

  #copyOut(ptr: number): Uint8Array {
    const x = this.x;
    return new Uint8Array(x.memory.buffer, ptr >>> 0, x.stateLength()).slice();
  }

  /** Region ends met with no region known after the first generation (logRegionEnds). */
  unknownRegionEnds(): Uint8Array {
    return this.#copyOut(this.x.unknownRegionEnds());
  }

  /** The id tables, for another decoder to import. */
  exportTables(): Uint8Array {
    return this.#copyOut(this.x.exportIdTables());
  }

  /**
   * Imports another decoder's tables after this one's, in their order; returns the map
   * of its context indexes to ours. The decoder only decodes generations again after.
   */
  importTables(tables: Uint8Array): (ctx: number) => number {
    const x = this.x;
    const p = x.stateBuffer(tables.length) >>> 0;
    new Uint8Array(x.memory.buffer, p, tables.length).set(tables);
    x.importIdTables();
    this.#replaying = true;
    return (c) => x.importedContext(c);
  }

  /** The state a stopped first pass is at, for the next block. */
  get nextInfo(): BlockInfo | undefined {
    return this.#next;
  }

  // The block about to start: its bases, where its bytes start, the state before it.
  #nextInfo(index: number): BlockInfo {
    const x = this.x;
    const v2 = x.traceVersion() >= 22;
    return {
      index,
      first: Number(x.blockFirst()),
      count: 0,
      startTime: 0,
      endTime: 0,
      fileStart: v2 ? Number(x.consumed()) : 0,
      fileEnd: 0,
      extraBase: Number(x.extraFirst()),
      expBase: Number(x.expFirst()),
      state: v2 ? this.#saveState() : undefined,
      bytes: 0,
    };
  }

  #finishInfo(info: BlockInfo, index: number, last: boolean): BlockInfo {
    const x = this.x;
    const n = x.eventCount();
    const time = new Float64Array(x.memory.buffer, x.colTime() >>> 0, n);
    info.index = index;
    info.count = n;
    info.startTime = time[0];
    info.endTime = time[n - 1];
    // Events per type, so counts over the trace need no pass (the overview's).
    const type = new Uint8Array(x.memory.buffer, x.colType() >>> 0, n);
    const counts = new Uint32Array(256);
    for (let j = 0; j < n; j++) counts[type[j]]++;
    info.typeCounts = counts;
    info.firstType = type[0];
    info.fileEnd = last || x.traceVersion() < 22 ? this.size : Number(x.consumed());
    info.bytes = n * ROW_BYTES + x.tableLen(TableKind.Extra) * 8 + x.tableLen(TableKind.ExpData);
    // The last block (the end, or an error) is not decoded again: it is kept.
    if (last) info.state = undefined;
    return info;
  }

  #saveState(): Uint8Array {
    const x = this.x;
    const p = x.saveState() >>> 0;
    return new Uint8Array(x.memory.buffer, p, x.stateLength()).slice();
  }

  /** Views of the current block's rows in the decoder's memory. */
  #view(info: BlockInfo): EventBlock {
    const x = this.x;
    const buf = x.memory.buffer as ArrayBuffer;
    const n = x.eventCount();
    const col = <A>(p: number, C: { new (b: ArrayBuffer, o: number, l: number): A }) =>
      new C(buf, p >>> 0, n);
    const table = <A>(k: number, C: { new (b: ArrayBuffer, o: number, l: number): A }) =>
      new C(buf, x.tablePtr(k) >>> 0, x.tableLen(k));
    const rows = table(TableKind.BigTimeRows, Int32Array);
    const values = table(TableKind.BigTimeValues, BigInt64Array);
    const bigTimes = new Map<number, bigint>();
    rows.forEach((r, k) => r < n && bigTimes.set(r, values[k]));
    return {
      index: info.index,
      first: info.first,
      count: n,
      time: col(x.colTime(), Float64Array),
      type: col(x.colType(), Uint8Array),
      state: col(x.colState(), Uint8Array),
      ctx: col(x.colCtx(), Uint32Array),
      stack: col(x.colStack(), Uint32Array),
      a0: col(x.colA0(), Uint32Array),
      a1: col(x.colA1(), Uint32Array),
      a2: col(x.colA2(), Uint32Array),
      extraBase: info.extraBase,
      extra: table(TableKind.Extra, BigUint64Array),
      expBase: info.expBase,
      expData: table(TableKind.ExpData, Uint8Array),
      bigTimes,
    };
  }

  /**
   * The id tables as they are now, viewed in the decoder's memory: valid until the
   * decoder runs again (a first pass's onBlock may read them).
   */
  liveTables(): TraceTables {
    const x = this.x;
    const buf = x.memory.buffer as ArrayBuffer;
    const t = <A>(k: number, C: { new (b: ArrayBuffer, o: number, l: number): A }) =>
      new C(buf, x.tablePtr(k) >>> 0, x.tableLen(k));
    const stringBytes = t(TableKind.StringBytes, Uint8Array);
    const stringOffsets = t(TableKind.StringOffsets, Uint32Array);
    const stackOffsets = t(TableKind.StackOffsets, Uint32Array);
    const stackFrames = t(TableKind.StackFrames, Uint32Array);
    return {
      gIds: t(TableKind.GIds, BigInt64Array),
      pIds: t(TableKind.PIds, BigInt64Array),
      mIds: t(TableKind.MIds, BigInt64Array),
      taskIds: t(TableKind.TaskIds, BigUint64Array),
      ctxM: t(TableKind.CtxM, Uint32Array),
      ctxP: t(TableKind.CtxP, Uint32Array),
      ctxG: t(TableKind.CtxG, Uint32Array),
      framePC: t(TableKind.FramePC, BigUint64Array),
      frameFunc: t(TableKind.FrameFunc, Uint32Array),
      frameFile: t(TableKind.FrameFile, Uint32Array),
      frameLine: t(TableKind.FrameLine, BigUint64Array),
      stringBytesOf: (id) => stringBytes.subarray(stringOffsets[id], stringOffsets[id + 1]),
      stackFrameIds: (id) => stackFrames.subarray(stackOffsets[id], stackOffsets[id + 1]),
    };
  }

  /** Absolute time (ns) of the first event, once there is one. */
  baseTime(): bigint {
    return this.x.baseTime();
  }

  /** A table of the decoder's (TableKind), copied out. */
  copyTable<A extends { slice(): A }>(
    k: number,
    C: { new (b: ArrayBuffer, o: number, l: number): A },
  ): A {
    const x = this.x;
    return new C(x.memory.buffer as ArrayBuffer, x.tablePtr(k) >>> 0, x.tableLen(k)).slice();
  }

  /**
   * Decodes block `info` again (after the first pass), as a copy the caller owns. Equal
   * to what the first pass handed out for it. A derived block whose state is not known
   * yet is reached by decoding the blocks before it from the last known state: those
   * come out too (all in `blocks`), and their states are kept.
   */
  redecode(info: BlockInfo): Promise<EventBlock> {
    return this.redecodeChain(info).then((bs) => bs[bs.length - 1]);
  }

  /** As redecode, with the blocks decoded on the way (in order, `info`'s last). */
  redecodeChain(info: BlockInfo): Promise<EventBlock[]> {
    const run = this.#queue.then(async () => {
      let i = info.index;
      while (!this.infos[i]?.state && this.infos[i]?.derived && i > 0) i--;
      const out: EventBlock[] = [];
      for (; i <= info.index; i++) out.push(await this.#redecode(this.infos[i] ?? info));
      return out;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async #redecode(info: BlockInfo): Promise<EventBlock> {
    const x = this.x;
    if (!info.state) throw new Error(`block ${info.index} cannot be decoded again`);
    if (!this.#replaying) {
      x.enterReplay();
      this.#replaying = true;
    }
    // The window is this generation: it ends the decoder's view of the file. Before Go
    // 1.26 a generation ends where a batch of the next one is read, so that batch (at
    // most 64 KiB and its header) is in the window too: the state at the boundary is
    // then the first pass's, with the batch "spilled" into the next generation.
    let end = info.fileEnd;
    if (this.#version < 26 && info.fileEnd < this.size) {
      end = Math.min(this.size, info.fileEnd + (64 << 10) + 64);
    }
    await this.#fill(info.fileStart, 0, Math.max(end - info.fileStart, 1), end);
    const sp = x.stateBuffer(info.state.length) >>> 0;
    new Uint8Array(x.memory.buffer, sp, info.state.length).set(info.state);
    x.loadState(BigInt(info.first), BigInt(info.extraBase), BigInt(info.expBase));
    // In steps, letting the event loop run between them: a block is a generation of a
    // million events or more, a tenth of a second or more of decoding (redecodes are
    // queued one at a time, so nothing else uses the decoder meanwhile).
    let status: number;
    do {
      status = x.step(REDECODE_STEP);
      if (status === STATUS_MORE && timeToYield()) await nextTurn();
    } while (status === STATUS_MORE);
    if (status === STATUS_ERROR) throw this.#error();
    if (x.eventCount() !== info.count) {
      throw new Error(
        `block ${info.index} decoded to ${x.eventCount()} events, not ${info.count}`,
      );
    }
    const v = this.#view(info);
    const block = copyBlock(v);
    // The state after it is the state before the next block, if that one needs it.
    const next = this.infos[info.index + 1];
    if (status === STATUS_BOUNDARY && next?.derived && !next.state) {
      next.state = this.#saveState();
    }
    x.startBlock();
    return block;
  }
}

/** Events a redecode handles between looks at the clock. */
const REDECODE_STEP = 1 << 16;

/** Bytes per row of the columns: time (8), type, state (1 each), ctx, stack, a0–a2 (4 each). */
export const ROW_BYTES = 30;

/** A copy of a block whose arrays may be views into memory that changes. */
export function copyBlock(b: EventBlock): EventBlock {
  return {
    ...b,
    time: b.time.slice(),
    type: b.type.slice(),
    state: b.state.slice(),
    ctx: b.ctx.slice(),
    stack: b.stack.slice(),
    a0: b.a0.slice(),
    a1: b.a1.slice(),
    a2: b.a2.slice(),
    extra: b.extra.slice(),
    expData: b.expData.slice(),
    bigTimes: new Map(b.bigTimes),
  };
}

export { STATUS_DONE };
