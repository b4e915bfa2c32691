// The parsed trace: the decoder's flat columns and tables, read in place from the
// WebAssembly memory, plus small accessors. Layout: asm/src/README.md. No Deno APIs.

import { newParser, type ParserExports, STATUS_DONE, STATUS_ERROR } from "./wasm.ts";
import { TraceError } from "./error.ts";
import { type EventKind, kindOfType } from "./kinds.ts";

const T_GIDS = 0,
  T_PIDS = 1,
  T_MIDS = 2,
  T_TASKIDS = 3,
  T_CTXM = 4,
  T_CTXP = 5,
  T_CTXG = 6,
  T_STRING_BYTES = 7,
  T_STRING_OFFSETS = 8,
  T_FRAME_PC = 9,
  T_FRAME_FUNC = 10,
  T_FRAME_FILE = 11,
  T_FRAME_LINE = 12,
  T_STACK_OFFSETS = 13,
  T_STACK_FRAMES = 14,
  T_EXTRA = 15,
  T_EXP_DATA = 16,
  T_BIG_TIME_ROWS = 17,
  T_BIG_TIME_VALUES = 18;

export interface ParseOptions {
  /** Called now and then with bytes consumed so far. */
  onProgress?: (done: number, total: number) => void;
  /** Events per decoder step between progress calls. */
  stepEvents?: number;
  /**
   * A decoder with a copier thread (copier.ts's CopierParser), for big traces; used for
   * this parse only, and its worker is stopped at the end.
   */
  copier?: HandoffDecoder;
}

/** What parseTraceInto needs of a decoder with a copier thread (see copier.ts). */
export interface HandoffDecoder {
  readonly parser: ParserExports;
  /** After begin: rows go through the copier from now on. */
  startHandoff(): boolean;
  stop(): void;
}

/** A parsed trace. Columns have `count` rows; ids index the tables. */
export class Trace {
  /** Go minor version of the header (22 for "go 1.22 trace"). */
  readonly version: number;
  /** Events decoded (all of them, including any after the last complete generation). */
  readonly count: number;
  /** Events up to and including the last Sync before an error (all events if none). */
  readonly validCount: number;
  /** Absolute time (ns) of event 0; `time[i]` is relative to it. */
  readonly baseTime: bigint;
  readonly time: Float64Array;
  readonly type: Uint8Array;
  readonly state: Uint8Array;
  readonly ctx: Uint32Array;
  readonly stack: Uint32Array;
  readonly a0: Uint32Array;
  readonly a1: Uint32Array;
  readonly a2: Uint32Array;
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
  readonly extra: BigUint64Array;
  readonly expData: Uint8Array;
  /** The error that ended parsing, if any (events before it are kept). */
  readonly error?: TraceError;
  /** Input size and the bytes that belong to complete generations. */
  readonly size: number;
  readonly validBytes: number;

  /** Exact times of rows the f64 column cannot hold exactly (corrupt traces only). */
  readonly bigTimes: Map<number, bigint>;

  #strings: (string | undefined)[] = [];
  #decoder = new TextDecoder();

  constructor(x: ParserExports, size: number, error?: TraceError) {
    const buf = x.memory.buffer as ArrayBuffer;
    // Pointers are wasm32 addresses: unsigned, though JS sees them as i32.
    const u = (p: number) => p >>> 0;
    const n = x.eventCount();
    this.version = x.traceVersion();
    this.count = n;
    this.validCount = error ? x.validEventCount() : n;
    this.baseTime = x.baseTime();
    this.time = new Float64Array(buf, u(x.colTime()), n);
    this.type = new Uint8Array(buf, u(x.colType()), n);
    this.state = new Uint8Array(buf, u(x.colState()), n);
    this.ctx = new Uint32Array(buf, u(x.colCtx()), n);
    this.stack = new Uint32Array(buf, u(x.colStack()), n);
    this.a0 = new Uint32Array(buf, u(x.colA0()), n);
    this.a1 = new Uint32Array(buf, u(x.colA1()), n);
    this.a2 = new Uint32Array(buf, u(x.colA2()), n);
    const t = <A>(k: number, C: { new (b: ArrayBuffer, o: number, l: number): A }) =>
      new C(buf, u(x.tablePtr(k)), x.tableLen(k));
    this.gIds = t(T_GIDS, BigInt64Array);
    this.pIds = t(T_PIDS, BigInt64Array);
    this.mIds = t(T_MIDS, BigInt64Array);
    this.taskIds = t(T_TASKIDS, BigUint64Array);
    this.gId = Float64Array.from(this.gIds, Number);
    this.pId = Float64Array.from(this.pIds, Number);
    this.mId = Float64Array.from(this.mIds, Number);
    this.taskId = Float64Array.from(
      this.taskIds,
      (v) => v === 0xffffffffffffffffn ? -1 : Number(v),
    );
    this.ctxM = t(T_CTXM, Uint32Array);
    this.ctxP = t(T_CTXP, Uint32Array);
    this.ctxG = t(T_CTXG, Uint32Array);
    this.stringBytes = t(T_STRING_BYTES, Uint8Array);
    this.stringOffsets = t(T_STRING_OFFSETS, Uint32Array);
    this.framePC = t(T_FRAME_PC, BigUint64Array);
    this.frameFunc = t(T_FRAME_FUNC, Uint32Array);
    this.frameFile = t(T_FRAME_FILE, Uint32Array);
    this.frameLine = t(T_FRAME_LINE, BigUint64Array);
    this.stackOffsets = t(T_STACK_OFFSETS, Uint32Array);
    this.stackFrames = t(T_STACK_FRAMES, Uint32Array);
    this.extra = t(T_EXTRA, BigUint64Array);
    this.expData = t(T_EXP_DATA, Uint8Array);
    const rows = t(T_BIG_TIME_ROWS, Int32Array);
    const values = t(T_BIG_TIME_VALUES, BigInt64Array);
    this.bigTimes = new Map();
    rows.forEach((r, k) => r < n && this.bigTimes.set(r, values[k]));
    this.error = error;
    this.size = size;
    this.validBytes = error ? Number(x.validByteCount()) : size;
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

/** Parses a whole trace. Errors become `trace.error` when some events were decoded. */
export function parseTrace(bytes: Uint8Array, opts: ParseOptions = {}): Promise<Trace> {
  return parseTraceInto(bytes.length, (dst) => dst.set(bytes), opts);
}

/**
 * Parses a trace of `size` bytes that `fill` writes straight into the decoder's memory
 * (so a file need not also be held in a JavaScript buffer).
 */
export async function parseTraceInto(
  size: number,
  fill: (dst: Uint8Array) => void | Promise<void>,
  opts: ParseOptions = {},
): Promise<Trace> {
  const copier = opts.copier;
  const x = copier?.parser ?? await newParser();
  try {
    const p = x.allocInput(size) >>> 0;
    await fill(new Uint8Array(x.memory.buffer, p, size));
    const readError = () => {
      const ptr = x.errorText() >>> 0;
      const msg = new TextDecoder().decode(
        new Uint8Array(x.memory.buffer, ptr, x.errorLength()),
      );
      return new TraceError(msg, Number(x.errorAt()), size);
    };
    if (x.begin() < 0) throw readError();
    copier?.startHandoff();
    const budget = opts.stepEvents ?? 1 << 16;
    let status: number;
    do {
      // When it returns done or error, every row is in the columns (handoff finished).
      status = x.step(budget);
      opts.onProgress?.(Number(x.progress()), size);
    } while (status !== STATUS_DONE && status !== STATUS_ERROR);
    const error = status === STATUS_ERROR ? readError() : undefined;
    return new Trace(x, size, error);
  } finally {
    copier?.stop();
  }
}
