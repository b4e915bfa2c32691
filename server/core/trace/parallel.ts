// A first pass on two cores. A Go 1.22+ trace is a sequence of generations, each
// describing the state of every goroutine and proc anew, so a second decoder in a Web
// Worker can read the later half as a trace of its own (as Go reads a flight-recorder
// snapshot) while the main decoder reads the first half and the generation where the
// worker began. At that boundary both decoders' states are compared in a form free of
// their own indexes (asm/src/v2/canon.ts); when they agree, everything after it decodes
// the same either way, so the main decoder takes over the worker's id tables and block
// list, and decodes those blocks itself when first asked (their states follow from the
// block before). When they do not agree (regions or tasks begun before the boundary
// that the worker could not match, an error), the main decoder simply reads on. Only
// the first pass's speed changes, never a result. No Deno APIs.

import type { BlockInfo, EventBlock } from "./block.ts";
import type { Decoder, FirstPassOptions, PassResult } from "./decoder.ts";
import { isHeaderError, readTraceHeader } from "./header.ts";
import { scanGenerations, spliceSource } from "./generations.ts";
import { type ByteSource, readFully, type SourceSpec } from "./source.ts";

/** Messages to the worker. */
export type WorkerRequest = { type: "start"; spec: SourceSpec; windowBytes?: number };

/** Messages from the worker. */
export type WorkerReply =
  | { type: "progress"; done: number }
  | {
    type: "done";
    infos: BlockInfo[];
    error?: string;
    baseTime: bigint;
    canon?: Uint8Array;
    regionEnds: Uint8Array;
    tables: Uint8Array;
    last?: EventBlock;
  }
  | { type: "failed"; message: string };

/** Makes the worker (decode_worker.ts); the host knows how to load a module there. */
export type WorkerFactory = () => Worker;

/** Below these, one decoder is as fast (the worker's start-up costs ~50 ms). */
const MIN_BYTES = 16 << 20;
const MIN_GENERATIONS = 4;

export interface ParallelOptions extends FirstPassOptions {
  /** Split even small traces (tests). */
  force?: boolean;
}

/**
 * The first pass of `dec` over `src`, on two cores when the trace allows; the same
 * result as dec.firstPass. Blocks the worker read are not handed to onBlock: they are
 * in dec.infos, `derived`, to be decoded when asked.
 */
export async function parallelFirstPass(
  dec: Decoder,
  src: ByteSource,
  spawn: WorkerFactory,
  onBlock: (block: EventBlock, info: BlockInfo) => void | Promise<void>,
  opts: ParallelOptions = {},
): Promise<PassResult> {
  const head = new Uint8Array(Math.min(src.size, 64));
  await readFully(src, 0, head);
  const header = readTraceHeader(head);
  const sequential = () => dec.firstPass(onBlock, opts);
  if (isHeaderError(header) || header.version < 22) return sequential();
  if (!opts.force && src.size < MIN_BYTES) return sequential();
  const spans = await scanGenerations(src, header.end, header.version);
  if (spans.length < (opts.force ? 2 : MIN_GENERATIONS)) return sequential();
  // The worker starts at generation k: the main decoder reads 0..k, about half.
  const half = header.end + (src.size - header.end) / 2;
  let k = spans.findIndex((s) => s.fileStart >= half);
  if (k <= 0) k = Math.max(1, spans.length >> 1);
  const start = spans[k].fileStart;
  const part = spliceSource(src, header.end, start, src.size);
  const spec = part.workerSpec?.();
  if (!spec) return sequential(); // the worker could not open the trace

  let worker: Worker;
  try {
    worker = spawn();
  } catch {
    return sequential(); // no workers here
  }
  let workerDone = 0, mainDone = 0;
  const progress = () => opts.onProgress?.(mainDone + workerDone, src.size);
  const reply = new Promise<Extract<WorkerReply, { type: "done" }>>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === "progress") {
        workerDone = m.done - header.end;
        progress();
      } else if (m.type === "done") resolve(m);
      else if (m.type === "failed") reject(new Error(m.message));
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      reject(new Error(e.message));
    };
  });
  worker.postMessage(
    { type: "start", spec, windowBytes: opts.windowBytes } satisfies WorkerRequest,
  );
  try {
    const main = await dec.firstPass(onBlock, {
      ...opts,
      stopAfter: k + 1,
      canonAfter: k,
      onProgress: (done) => {
        mainDone = done;
        progress();
      },
    });
    let w: Extract<WorkerReply, { type: "done" }> | undefined;
    try {
      w = await reply;
    } catch {
      w = undefined;
    }
    if (!main.stopped) return main; // the trace ended (or failed) before generation k
    const taken = w && agree(dec, w)
      ? takeOver(dec, w, main, spans[k].fileStart - header.end)
      : undefined;
    if (taken) return taken;
    // The decoders disagree (or the worker failed): read on, one decoder.
    return await dec.continuePass(onBlock, opts);
  } finally {
    worker.terminate();
  }
}

/** Whether the worker's state after its first generation is the main decoder's there. */
function agree(dec: Decoder, w: Extract<WorkerReply, { type: "done" }>): boolean {
  if (w.error !== undefined || !w.canon || !dec.canon || w.infos.length < 2) return false;
  const a = parts(dec.canon), b = parts(w.canon);
  if (!equalBytes(a.head, b.head) || !equalBytes(a.main, b.main)) return false;
  // Region stacks: the worker's must be the top of the main decoder's; the regions
  // begun before the worker's start must end in the order the worker met their ends.
  const stacks0 = regionStacks(a.regions), stacks1 = regionStacks(b.regions);
  const ends = regionEnds(w.regionEnds);
  for (const [g, s1] of stacks1) {
    const s0 = stacks0.get(g) ?? [];
    if (s1.length > s0.length || s1.some((r, i) => r !== s0[i])) return false;
    const before = s0.slice(s1.length);
    const met = ends.get(g) ?? [];
    for (let i = 0; i < Math.min(before.length, met.length); i++) {
      if (before[i] !== met[i]) return false;
    }
  }
  // Active tasks: the worker knows those begun after its start, as the main one does.
  const tasks0 = activeTasks(a.tasks), tasks1 = activeTasks(b.tasks);
  for (const [id, t] of tasks1) if (tasks0.get(id) !== t) return false;
  return true;
}

/**
 * Takes the worker's blocks: the main decoder imports its id tables, the blocks after
 * its first join the list as derived ones, and its last block's rows are mapped into
 * the main decoder's ids. `fileShift` turns the worker's file offsets into the trace's.
 */
function takeOver(
  dec: Decoder,
  w: Extract<WorkerReply, { type: "done" }>,
  main: PassResult,
  fileShift: number,
): PassResult | undefined {
  const next = dec.nextInfo;
  const last = w.last;
  if (!next || !last) return undefined;
  const ctxOf = dec.importTables(w.tables);
  const first1 = w.infos[1];
  const rows = next.first - first1.first;
  const extras = next.extraBase - first1.extraBase;
  const exps = next.expBase - first1.expBase;
  const dt = Number(w.baseTime - main.baseTime);
  const syncs = dec.infos.length; // Syncs the main decoder emitted (one per block)
  for (let j = 1; j < w.infos.length; j++) {
    const i = w.infos[j];
    const isLast = j === w.infos.length - 1;
    dec.infos.push({
      index: dec.infos.length,
      first: i.first + rows,
      count: i.count,
      startTime: i.startTime + dt,
      endTime: i.endTime + dt,
      fileStart: i.fileStart + fileShift,
      fileEnd: i.fileEnd + fileShift,
      extraBase: i.extraBase + extras,
      expBase: i.expBase + exps,
      state: undefined,
      derived: !isLast,
      bytes: i.bytes,
    });
  }
  // The last block is the trace's end: a Sync (and nothing else when there is no error).
  if (last.count !== 1 || last.type[0] !== 255 || last.a1[0] !== 0xffffffff) return undefined;
  const info = dec.infos[dec.infos.length - 1];
  const end: EventBlock = {
    ...last,
    index: info.index,
    first: info.first,
    time: Float64Array.of(last.time[0] + dt),
    ctx: Uint32Array.of(ctxOf(last.ctx[0])),
    a0: Uint32Array.of(last.a0[0] + syncs - 1),
    extraBase: info.extraBase,
    expBase: info.expBase,
    bigTimes: new Map(),
  };
  lastBlocks.set(dec, end);
  const count = info.first + info.count;
  return {
    version: main.version,
    count,
    validCount: count,
    validBytes: dec.size,
    baseTime: main.baseTime,
  };
}

/** The last block of a pass taken over from a worker (the caller holds it). */
export const lastBlocks = new WeakMap<Decoder, EventBlock>();

// ---- Reading canonical states (asm/src/v2/canon.ts) ----------------------------------

const HEAD = 7 + 8 + 8; // reader flags, generation, last time

function parts(b: Uint8Array) {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = HEAD;
  const part = () => {
    const n = v.getInt32(p, true);
    const s = b.subarray(p + 4, p + 4 + n);
    p += 4 + n;
    return s;
  };
  const head = b.subarray(0, HEAD);
  const main = part(), regions = part(), tasks = part();
  return { head, main, regions, tasks };
}

class Reader {
  p = 0;
  readonly v: DataView;
  constructor(readonly b: Uint8Array) {
    this.v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  i32() {
    const x = this.v.getInt32(this.p, true);
    this.p += 4;
    return x;
  }
  u64() {
    const x = this.v.getBigUint64(this.p, true);
    this.p += 8;
    return x;
  }
  bytes() {
    const n = this.i32();
    const s = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return Array.from(s).join(",");
  }
}

/** Go id → the region stack, top first, each region as "task|name bytes". */
function regionStacks(b: Uint8Array): Map<bigint, string[]> {
  const r = new Reader(b);
  const out = new Map<bigint, string[]>();
  const n = r.i32();
  for (let k = 0; k < n; k++) {
    const g = r.u64();
    const depth = r.i32();
    const s: string[] = [];
    for (let d = 0; d < depth; d++) s.push(`${r.u64()}|${r.bytes()}`);
    out.set(g, s);
  }
  return out;
}

/** Go id → the regions whose ends the worker met with none known, in order. */
function regionEnds(b: Uint8Array): Map<bigint, string[]> {
  const r = new Reader(b);
  const out = new Map<bigint, string[]>();
  const n = r.i32();
  for (let k = 0; k < n; k++) {
    const g = r.u64();
    const key = `${r.u64()}|${r.bytes()}`;
    const list = out.get(g) ?? [];
    list.push(key);
    out.set(g, list);
  }
  return out;
}

/** Task id → "name|parent". */
function activeTasks(b: Uint8Array): Map<bigint, string> {
  const r = new Reader(b);
  const out = new Map<bigint, string>();
  const n = r.i32();
  for (let k = 0; k < n; k++) {
    const id = r.u64();
    out.set(id, `${r.bytes()}|${r.u64()}`);
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
