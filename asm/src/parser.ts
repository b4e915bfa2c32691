// Module entry: the whole interface of the trace decoder. The host copies the trace
// into memory (allocInput), calls begin, then step until done, then reads the tables
// through the pointer/length accessors below (layout: asm/src/README.md).

import { errorMessage, errorOffset, failed, fail, resetError } from "./util/error";
import { inputLen, inputPtr, setInput } from "./util/input";
import * as E from "./table/events";
import * as R from "./table/resources";
import { resetStrings, stringBytes, stringOffsets } from "./table/strings";
import {
  frameFile,
  frameFunc,
  frameLine,
  framePC,
  resetStacks,
  stackFrames,
  stackOffsets,
} from "./table/stacks";
import { skipUvarint } from "./util/varint";
import {
  EvCPUSample,
  EvCPUSamples,
  EvGoDestroySyscall,
  EvGoSwitch,
  EvGoSwitchDestroy,
  EvStacks,
  EvStrings,
  NUM_SPECS,
  specArgs,
  specTimed,
} from "./v2/specs";
import { beginV2, progressV2, STEP_DONE, STEP_ERR, STEP_MORE, stepV2, validBytes } from "./v2/reader";
import { validEvents } from "./v2/emit";
import { beginV1, progressV1, stepV1, validBytesV1, validEventsV1 } from "./v1/reader";

export const STATUS_MORE: i32 = STEP_MORE;
export const STATUS_DONE: i32 = STEP_DONE;
export const STATUS_ERROR: i32 = STEP_ERR;

let version: i32 = 0;

/** Allocates the input buffer; the host writes the trace bytes there. */
export function allocInput(len: usize): usize {
  const p = heap.alloc(len == 0 ? 1 : len);
  setInput(p, len);
  return p;
}

/**
 * Reads the header and prepares a parse. Returns the Go version number of the header
 * (e.g. 22 for "go 1.22 trace"), or -1 with the error set.
 */
export function begin(): i32 {
  resetError();
  E.resetEvents();
  R.resetResources();
  resetStrings();
  resetStacks();
  version = 0;
  estimated = false;
  const headerLen = readHeader();
  if (headerLen < 0) return -1;
  if (version >= 22) {
    // The columns are allocated once, before decoding: for a trace of up to
    // ESTIMATE_MAX_BYTES, for one row per ESTIMATE_BYTES_PER_ROW bytes (they grow if
    // that is short); above it, for the event count of a first pass over the trace (in
    // steps, see step). Rows reserved but never written take no memory, only addresses.
    prescanPos = inputPtr + <usize>headerLen;
    prescanCount = 16;
    headerEnd = <usize>headerLen;
    prescanning = true;
    if (inputLen <= ESTIMATE_MAX_BYTES) {
      prescanCount += <i64>(inputLen / ESTIMATE_BYTES_PER_ROW);
      prescanPos = inputPtr + inputLen;
      estimated = true;
    }
    return version;
  }
  // Go 1.11–1.21 (readHeader let only 11, 19 and 21 through).
  beginV1(version, <usize>headerLen);
  return version;
}

/**
 * Events take 5 bytes on average (Go 1.22–1.26 traces of busy programs) and rarely fewer
 * than 3, so bytes / 3 rows seldom runs short. Up to 150 MB of trace, those reserved
 * rows (50 M × 30 bytes) and the trace fit in wasm32's 4 GiB with room to spare.
 */
const ESTIMATE_BYTES_PER_ROW: usize = 3;
const ESTIMATE_MAX_BYTES: usize = 150_000_000;
let estimated = false;

let prescanning = false;
let prescanPos: usize = 0;
let prescanCount: i64 = 0;
let headerEnd: usize = 0;

/** Go: version.ReadHeader ("go 1.%d trace\0\0\0") and Version.Valid. */
function readHeader(): i32 {
  const p = inputPtr;
  const n = inputLen;
  const bad = "bad file format: not a Go execution trace?";
  const prefix = "go 1.";
  let i = 0;
  for (; i < prefix.length; i++) {
    if (<usize>i >= n || <i32>load<u8>(p + i) != prefix.charCodeAt(i)) return badHeader(bad);
  }
  let v: u64 = 0;
  let digits = 0;
  while (<usize>i < n) {
    const c = load<u8>(p + i);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + <u64>(c - 0x30);
    if (v > 0xffffffff) return badHeader(bad);
    digits++;
    i++;
  }
  if (digits == 0) return badHeader(bad);
  const suffix = " trace";
  for (let k = 0; k < suffix.length; k++, i++) {
    if (<usize>i >= n || <i32>load<u8>(p + i) != suffix.charCodeAt(k)) return badHeader(bad);
  }
  for (let k = 0; k < 3; k++, i++) {
    if (<usize>i >= n || load<u8>(p + i) != 0) return badHeader(bad);
  }
  version = <i32>v;
  if (v != 11 && v != 19 && v != 21 && v != 22 && v != 23 && v != 25 && v != 26) {
    return badHeader("unknown or unsupported trace version go 1." + v.toString());
  }
  return i;
}

function badHeader(msg: string): i32 {
  fail(msg, 0);
  return -1;
}


/**
 * Advances the count of an upper bound on the events a v2 trace yields, by a quick pass
 * over at most `budget` bytes of batches, so the event columns are allocated once at
 * their final size. Returns true when the whole input has been counted. Done in steps
 * so the host can report progress and the engine can optimize the loop.
 */
function prescanV2(budget: usize): bool {
  const end = inputPtr + inputLen;
  let p = prescanPos;
  const stop = end - p > budget ? p + budget : end;
  let count = prescanCount;
  while (p < stop) {
    const typ = load<u8>(p);
    p++;
    if (typ == 0x34) {
      count++; // a Sync per generation
      continue;
    }
    if (typ != 1 && typ != 0x31) {
      p = end;
      break;
    }
    if (typ == 0x31) p++;
    let bad = false;
    let size: u64 = 0;
    for (let k = 0; k < 4; k++) {
      let x: u64 = 0;
      let s: u64 = 0;
      let ok = false;
      for (let j = 0; j < 10 && p < end; j++) {
        const b = <u64>load<u8>(p);
        p++;
        x |= (b & 0x7f) << s;
        s += 7;
        if (b < 0x80) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        bad = true;
        break;
      }
      size = x;
    }
    if (bad || size > <u64>(end - p)) {
      p = end;
      break;
    }
    const dataEnd = p + <usize>size;
    count++; // generations may each start here: a Sync
    if (typ == 1 && size > 0) {
      const first = load<u8>(p);
      if (first == EvCPUSamples) {
        count += countCPUSamples(p + 1, dataEnd);
      } else if (first != EvStrings && first != EvStacks) {
        // Event batches are counted two at a time (see countTwo).
        if (heldEnd == 0) {
          heldPos = p;
          heldEnd = dataEnd;
        } else {
          count += countTwo(heldPos, heldEnd, p, dataEnd);
          heldEnd = 0;
        }
      }
    }
    p = dataEnd;
  }
  if (heldEnd != 0) {
    count += countTimedEvents(heldPos, heldEnd);
    heldEnd = 0;
  }
  prescanPos = p;
  prescanCount = count;
  return p >= end;
}

// An event batch waiting for another one to be counted with.
let heldPos: usize = 0;
let heldEnd: usize = 0;

/** Timed events of a batch (GoSwitch and GoDestroySyscall yield more), stopping at junk. */
function countTimedEvents(p: usize, end: usize): i64 {
  let n: i64 = 0;
  while (p < end) {
    const next = skipEvent(p, end);
    if (next == 0) break; // junk
    n += <i64>unchecked(prescanRows[load<u8>(p)]);
    if (next > end) break; // cut short by the end of the batch
    p = next;
  }
  return n;
}

/**
 * countTimedEvents of two batches, interleaved: finding where an event ends depends on
 * where it starts, so one batch is a chain of dependent steps; two chains run in
 * parallel on the CPU.
 */
function countTwo(p: usize, pEnd: usize, q: usize, qEnd: usize): i64 {
  let n: i64 = 0;
  while (p < pEnd && q < qEnd) {
    const np = skipEvent(p, pEnd);
    const nq = skipEvent(q, qEnd);
    if (np == 0 || nq == 0 || np > pEnd || nq > qEnd) break;
    n += <i64>unchecked(prescanRows[load<u8>(p)]) + <i64>unchecked(prescanRows[load<u8>(q)]);
    p = np;
    q = nq;
  }
  return n + countTimedEvents(p, pEnd) + countTimedEvents(q, qEnd);
}

/**
 * The end of the timed event at p (< end): 0 if its type is not a timed event's, past
 * end if the batch ends inside it. An event ends with its need-th byte without the
 * continuation bit (its type byte, below 128, and its varints). It is looked for among
 * the next 8 bytes at once: per byte, a count of such bytes up to it (prefix sums by
 * multiplication), and the first byte where the count reaches need. (A varint over 10
 * bytes makes the decoder fail; counting on just gives an upper bound.)
 */
// @ts-ignore: decorator
@inline
function skipEvent(p: usize, end: usize): usize {
  const need = <u64>unchecked(prescanTerms[load<u8>(p)]);
  if (need == 0) return 0;
  if (p + 8 <= end) {
    const t = (~load<u64>(p) >> 7) & 0x0101010101010101;
    const sums = t * 0x0101010101010101;
    const hit = (sums + (0x80 - need) * 0x0101010101010101) & 0x8080808080808080;
    if (hit != 0) return p + <usize>(ctz(hit) >> 3) + 1;
  }
  return skipEventSlow(p, end, <i32>need);
}

/** skipEvent of a long event, or near the end of the batch: byte by byte. */
function skipEventSlow(p: usize, end: usize, need: i32): usize {
  while (need > 0) {
    if (p >= end) return end + 1;
    need -= (<i32>load<u8>(p) >> 7) ^ 1;
    p++;
  }
  return p;
}

// Per type byte: for timed events, the bytes without the continuation bit that end them
// (the type byte if below 128, and one per argument, dt included), else 0; and the rows
// they yield.
const prescanTerms = new StaticArray<u8>(256);
const prescanRows = new StaticArray<u8>(256);
for (let i = 0; i < NUM_SPECS; i++) {
  if (unchecked(specTimed[i]) && specArgs[i] > 0) {
    unchecked((prescanTerms[i] = specArgs[i] + (i < 128 ? 1 : 0)));
  }
  unchecked((prescanRows[i] = 1));
}
prescanRows[EvGoSwitch] = 3;
prescanRows[EvGoSwitchDestroy] = 3;
prescanRows[EvGoDestroySyscall] = 2;

function countCPUSamples(p: usize, end: usize): i64 {
  let n: i64 = 0;
  while (p < end && load<u8>(p) == EvCPUSample) {
    p++;
    for (let i = 0; i < 5; i++) {
      p = skipUvarint(p, end);
      if (p == 0) return n + 1;
    }
    n++;
  }
  return n;
}

/** Parses up to `budget` more events. Returns STATUS_MORE, STATUS_DONE or STATUS_ERROR. */
export function step(budget: i32): i32 {
  const status = stepOnce(budget);
  if (status != STATUS_MORE) E.finishHandoff(); // every row in the columns from here on
  return status;
}

/**
 * Threads build (parser_threads.wasm): after begin, hands rows to a copier thread in
 * chunks of 2^chunkShift rows (see table/handoff.ts). Returns the control block's
 * address, or 0 if there is no handoff (plain build, or a v1 trace).
 */
export function startHandoff(chunkShift: i32): usize {
  // v1 traces are converted whole in memory-heavy passes; a copier measured no gain there.
  if (version < 22) return 0;
  return E.startHandoff(chunkShift);
}

function stepOnce(budget: i32): i32 {
  if (failed()) return STATUS_ERROR;
  if (version < 22) return stepV1(budget);
  if (prescanning) {
    if (!prescanV2(<usize>budget << 4)) return STATUS_MORE;
    prescanning = false;
    E.reserveEvents(prescanCount > 0x7fffffff ? 0x7fffffff : <i32>prescanCount);
    beginV2(version, headerEnd);
  }
  return stepV2(budget);
}

/** Input bytes consumed so far. */
export function progress(): i64 {
  // The prescan is the first fifth of the work, decoding the rest.
  if (version < 22) return progressV1();
  if (estimated) return progressV2();
  const len = <i64>inputLen;
  if (prescanning) return <i64>(prescanPos - inputPtr) / 5;
  return len / 5 + progressV2() * 4 / 5;
}

// ---- Results ------------------------------------------------------------------------

export function traceVersion(): i32 {
  return version;
}

export function eventCount(): i32 {
  return E.eventCount();
}

export function baseTime(): i64 {
  return E.baseTime;
}

export function validEventCount(): i32 {
  return version < 22 ? validEventsV1 : validEvents;
}

export function validByteCount(): i64 {
  return version < 22 ? validBytesV1 : validBytes;
}

// Column and table pointers (lengths are the counts above or below).
export function colTime(): usize {
  return E.evTime.ptr;
}
export function colType(): usize {
  return E.evType.ptr;
}
export function colState(): usize {
  return E.evState.ptr;
}
export function colCtx(): usize {
  return E.evCtx.ptr;
}
export function colStack(): usize {
  return E.evStack.ptr;
}
export function colA0(): usize {
  return E.evA0.ptr;
}
export function colA1(): usize {
  return E.evA1.ptr;
}
export function colA2(): usize {
  return E.evA2.ptr;
}

/** Table accessors: kind selects the table, returning its pointer; tableLen its length. */
export const T_GIDS: i32 = 0;
export const T_PIDS: i32 = 1;
export const T_MIDS: i32 = 2;
export const T_TASKIDS: i32 = 3;
export const T_CTXM: i32 = 4;
export const T_CTXP: i32 = 5;
export const T_CTXG: i32 = 6;
export const T_STRING_BYTES: i32 = 7;
export const T_STRING_OFFSETS: i32 = 8;
export const T_FRAME_PC: i32 = 9;
export const T_FRAME_FUNC: i32 = 10;
export const T_FRAME_FILE: i32 = 11;
export const T_FRAME_LINE: i32 = 12;
export const T_STACK_OFFSETS: i32 = 13;
export const T_STACK_FRAMES: i32 = 14;
export const T_EXTRA: i32 = 15;
export const T_EXP_DATA: i32 = 16;
export const T_BIG_TIME_ROWS: i32 = 17;
export const T_BIG_TIME_VALUES: i32 = 18;

export function tablePtr(kind: i32): usize {
  switch (kind) {
    case T_GIDS:
      return R.goroutines.ids.ptr;
    case T_PIDS:
      return R.procs.ids.ptr;
    case T_MIDS:
      return R.threads.ids.ptr;
    case T_TASKIDS:
      return R.tasks.ids.ptr;
    case T_CTXM:
      return R.ctxM.ptr;
    case T_CTXP:
      return R.ctxP.ptr;
    case T_CTXG:
      return R.ctxG.ptr;
    case T_STRING_BYTES:
      return stringBytes.ptr;
    case T_STRING_OFFSETS:
      return stringOffsets.ptr;
    case T_FRAME_PC:
      return framePC.ptr;
    case T_FRAME_FUNC:
      return frameFunc.ptr;
    case T_FRAME_FILE:
      return frameFile.ptr;
    case T_FRAME_LINE:
      return frameLine.ptr;
    case T_STACK_OFFSETS:
      return stackOffsets.ptr;
    case T_STACK_FRAMES:
      return stackFrames.ptr;
    case T_EXTRA:
      return E.extra.ptr;
    case T_EXP_DATA:
      return E.expData.ptr;
    case T_BIG_TIME_ROWS:
      return E.bigTimeRows.ptr;
    case T_BIG_TIME_VALUES:
      return E.bigTimeValues.ptr;
  }
  return 0;
}

export function tableLen(kind: i32): i32 {
  switch (kind) {
    case T_GIDS:
      return R.goroutines.ids.len;
    case T_PIDS:
      return R.procs.ids.len;
    case T_MIDS:
      return R.threads.ids.len;
    case T_TASKIDS:
      return R.tasks.ids.len;
    case T_CTXM:
    case T_CTXP:
    case T_CTXG:
      return R.ctxM.len;
    case T_STRING_BYTES:
      return stringBytes.len;
    case T_STRING_OFFSETS:
      return stringOffsets.len;
    case T_FRAME_PC:
    case T_FRAME_FUNC:
    case T_FRAME_FILE:
    case T_FRAME_LINE:
      return framePC.len;
    case T_STACK_OFFSETS:
      return stackOffsets.len;
    case T_STACK_FRAMES:
      return stackFrames.len;
    case T_EXTRA:
      return E.extra.len;
    case T_EXP_DATA:
      return E.expData.len;
    case T_BIG_TIME_ROWS:
    case T_BIG_TIME_VALUES:
      return E.bigTimeRows.len;
  }
  return 0;
}

// ---- Errors -------------------------------------------------------------------------

let errBuf: ArrayBuffer = new ArrayBuffer(0);

/** Encodes the error message as UTF-8; returns its pointer (length: errorLength). */
export function errorText(): usize {
  errBuf = String.UTF8.encode(errorMessage());
  return changetype<usize>(errBuf);
}

export function errorLength(): i32 {
  return errBuf.byteLength;
}

export function errorAt(): i64 {
  return errorOffset();
}
