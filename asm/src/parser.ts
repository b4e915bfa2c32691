// Module entry: the whole interface of the trace decoder. The host copies the trace
// into memory (allocInput), calls begin, then step until done, then reads the tables
// through the pointer/length accessors below (layout: asm/src/README.md).

import { errorMessage, errorOffset, fail, failed, resetError } from "./util/error";
import { inputBase, inputLen, inputPtr, setInput, setWindowBounds } from "./util/input";
import { Vec } from "./util/vec";
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
// Imported here for their place in the modules' initialisation order (the compiled module
// depends on it), not for names.
import "./util/varint";
import {
  StepBoundary as STEP_BOUNDARY,
  StepDone as STEP_DONE,
  StepError as STEP_ERR,
  StepMore as STEP_MORE,
  TableBigTimeRows,
  TableBigTimeValues,
  TableCtxG,
  TableCtxM,
  TableCtxP,
  TableExpData,
  TableExtra,
  TableFrameFile,
  TableFrameFunc,
  TableFrameLine,
  TableFramePC,
  TableGIds,
  TableMIds,
  TablePIds,
  TableStackFrames,
  TableStackOffsets,
  TableStringBytes,
  TableStringOffsets,
  TableTaskIds,
} from "./format";
import "./v2/specs";
import {
  beginV2,
  needInputV2,
  nextOffset,
  progressV2,
  rebaseWindow,
  stepV2,
  validBytes,
} from "./v2/reader";
import { enterReplayMode, loadBoundary, saveBoundary, stateOut } from "./v2/snapshot";
import { canonState, logRegionEnds, regionEndLog } from "./v2/canon";
import { exportTables, importTables, mapCtx } from "./table/transfer";
import { validEvents } from "./v2/emit";
import { beginV1, progressV1, stepV1, validBytesV1, validEventsV1 } from "./v1/reader";

export const STATUS_MORE: i32 = STEP_MORE;
export const STATUS_DONE: i32 = STEP_DONE;
export const STATUS_ERROR: i32 = STEP_ERR;
export const STATUS_BOUNDARY: i32 = STEP_BOUNDARY;

let version: i32 = 0;

// The input buffer: the window of the file the decoder reads (util/input.ts).
let inputCap: usize = 0;
let inputBuf: usize = 0;

/** Allocates an input buffer of exactly len bytes and makes it the whole trace. */
export function allocInput(len: usize): usize {
  const p = inputBuffer(len);
  setInput(p, len);
  return p;
}

/**
 * Makes the input buffer hold at least cap bytes, keeping the window's bytes, and
 * returns its address (it may move: call setWindow after writing).
 */
export function inputBuffer(cap: usize): usize {
  if (cap == 0) cap = 1;
  if (cap > inputCap) {
    inputBuf = inputBuf == 0 ? heap.alloc(cap) : heap.realloc(inputBuf, cap);
    inputCap = cap;
  }
  return inputBuf;
}

/**
 * The window is now the buffer's first len bytes, file offset base on; eof if they reach
 * the end of the file. Between generations the host moves the unread bytes (from
 * nextOffset on) to the front and appends more; the decoder's position keeps its file
 * offset.
 */
export function setWindow(len: usize, base: i64, eof: bool): void {
  const keep = version >= 22 ? nextOffset() : 0;
  setWindowBounds(inputBuf, len, base, eof);
  if (version >= 22) rebaseWindow(keep);
}

/** Whether the decoder, at a boundary, needs more of the file (see setWindow). */
export function needInput(): bool {
  return version >= 22 && needInputV2();
}

/** File offset of the first byte the decoder has not consumed yet (Go 1.22+). */
export function consumed(): i64 {
  return version >= 22 ? nextOffset() : inputBase + <i64> inputLen;
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
  const headerLen = readHeader();
  if (headerLen < 0) return -1;
  if (version >= 22) {
    // One generation's rows at a time; they grow if this is short (about 5 bytes per
    // event in busy programs' traces, rarely under 3).
    const guess = inputLen / ESTIMATE_BYTES_PER_ROW;
    E.reserveEvents(<i32> (guess > ESTIMATE_MAX_ROWS ? ESTIMATE_MAX_ROWS : guess) + 16);
    beginV2(version, <usize> headerLen);
    return version;
  }
  // Go 1.11–1.21 (readHeader let only 11, 19 and 21 through): the whole file at once.
  beginV1(version, <usize> headerLen);
  return version;
}

const ESTIMATE_BYTES_PER_ROW: usize = 3;
const ESTIMATE_MAX_ROWS: usize = 1 << 22;

/** Go: version.ReadHeader ("go 1.%d trace\0\0\0") and Version.Valid. */
function readHeader(): i32 {
  const p = inputPtr;
  const n = inputLen;
  const bad = "bad file format: not a Go execution trace?";
  const prefix = "go 1.";
  let i = 0;
  for (; i < prefix.length; i++) {
    if (<usize> i >= n || <i32> load<u8>(p + i) != prefix.charCodeAt(i)) return badHeader(bad);
  }
  let v: u64 = 0;
  let digits = 0;
  while (<usize> i < n) {
    const c = load<u8>(p + i);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + <u64> (c - 0x30);
    if (v > 0xffffffff) return badHeader(bad);
    digits++;
    i++;
  }
  if (digits == 0) return badHeader(bad);
  const suffix = " trace";
  for (let k = 0; k < suffix.length; k++, i++) {
    if (<usize> i >= n || <i32> load<u8>(p + i) != suffix.charCodeAt(k)) return badHeader(bad);
  }
  for (let k = 0; k < 3; k++, i++) {
    if (<usize> i >= n || load<u8>(p + i) != 0) return badHeader(bad);
  }
  version = <i32> v;
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
 * Parses up to `budget` more events. Returns STATUS_MORE, STATUS_DONE, STATUS_ERROR or
 * (Go 1.22+) STATUS_BOUNDARY between generations: the rows of the generation before are
 * all in the table; the host takes them (startBlock), may save the state (saveState),
 * gives input while needInput(), and steps on.
 */
export function step(budget: i32): i32 {
  if (failed()) return STATUS_ERROR;
  if (version < 22) return stepV1(budget);
  return stepV2(budget);
}

/** Input bytes consumed so far. */
export function progress(): i64 {
  if (version < 22) return progressV1();
  return progressV2();
}

// ---- Blocks and re-decoding (Go 1.22+) ----------------------------------------------

/** Drops the rows the host has taken; the next row's global index is blockFirst(). */
export function startBlock(): void {
  E.startBlock();
}

/** Global index of the table's first row. */
export function blockFirst(): i64 {
  return E.rowBase;
}

/** Saves the state at a boundary; returns its address (length: stateLength). */
export function saveState(): usize {
  saveBoundary();
  return stateOut.ptr;
}

export function stateLength(): i32 {
  return stateOut.len;
}

const stateIn = new Vec<u8>();

/** Room for a saved state of len bytes, for the host to write before loadState. */
export function stateBuffer(len: i32): usize {
  stateIn.reserve(len < 1 ? 1 : len);
  stateIn.len = len;
  return stateIn.ptr;
}

/**
 * Re-decoding: after the first pass, each generation can be decoded again alone, from
 * the state saved at the boundary before it. Call once, when the first pass is done.
 */
export function enterReplay(): void {
  enterReplayMode();
}

/**
 * Loads the state saved at a boundary (from stateBuffer) and makes the next row's index
 * first. The window must start at the saved position (setWindow first).
 */
export function loadState(first: i64, extraBase: i64, expBase: i64): void {
  resetError();
  loadBoundary(stateIn.ptr);
  E.setBases(first, extraBase, expBase);
}

/** Global index of the side table's and the experimental arena's first entries now. */
export function extraFirst(): i64 {
  return E.extraBase;
}
export function expFirst(): i64 {
  return E.expBase;
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

/**
 * Table accessors: kind (a Table* id of format.ts) selects the table, returning its pointer;
 * tableLen its length.
 */
export function tablePtr(kind: i32): usize {
  switch (kind) {
    case TableGIds:
      return R.goroutines.ids.ptr;
    case TablePIds:
      return R.procs.ids.ptr;
    case TableMIds:
      return R.threads.ids.ptr;
    case TableTaskIds:
      return R.tasks.ids.ptr;
    case TableCtxM:
      return R.ctxM.ptr;
    case TableCtxP:
      return R.ctxP.ptr;
    case TableCtxG:
      return R.ctxG.ptr;
    case TableStringBytes:
      return stringBytes.ptr;
    case TableStringOffsets:
      return stringOffsets.ptr;
    case TableFramePC:
      return framePC.ptr;
    case TableFrameFunc:
      return frameFunc.ptr;
    case TableFrameFile:
      return frameFile.ptr;
    case TableFrameLine:
      return frameLine.ptr;
    case TableStackOffsets:
      return stackOffsets.ptr;
    case TableStackFrames:
      return stackFrames.ptr;
    case TableExtra:
      return E.extra.ptr;
    case TableExpData:
      return E.expData.ptr;
    case TableBigTimeRows:
      return E.bigTimeRows.ptr;
    case TableBigTimeValues:
      return E.bigTimeValues.ptr;
  }
  return 0;
}

export function tableLen(kind: i32): i32 {
  switch (kind) {
    case TableGIds:
      return R.goroutines.ids.len;
    case TablePIds:
      return R.procs.ids.len;
    case TableMIds:
      return R.threads.ids.len;
    case TableTaskIds:
      return R.tasks.ids.len;
    case TableCtxM:
    case TableCtxP:
    case TableCtxG:
      return R.ctxM.len;
    case TableStringBytes:
      return stringBytes.len;
    case TableStringOffsets:
      return stringOffsets.len;
    case TableFramePC:
    case TableFrameFunc:
    case TableFrameFile:
    case TableFrameLine:
      return framePC.len;
    case TableStackOffsets:
      return stackOffsets.len;
    case TableStackFrames:
      return stackFrames.len;
    case TableExtra:
      return E.extra.len;
    case TableExpData:
      return E.expData.len;
    case TableBigTimeRows:
    case TableBigTimeValues:
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

// ---- Two decoders on one trace (server/core/trace/parallel.ts) -----------------------

/** The state at this boundary in canonical form; length: stateLength(). */
export function canonicalState(): usize {
  return canonState();
}

/** Log region ends met with no region known (a decoder that began mid-trace). */
export function logUnknownRegionEnds(on: bool): void {
  logRegionEnds(on);
}

/** That log; length: stateLength(). */
export function unknownRegionEnds(): usize {
  return regionEndLog();
}

/** The id tables, for another decoder to import; length: stateLength(). */
export function exportIdTables(): usize {
  return exportTables();
}

/**
 * Imports another decoder's tables (written into stateBuffer) after this decoder's
 * own, in their order. From then on this decoder only decodes generations again.
 */
export function importIdTables(): void {
  enterReplayMode();
  importTables(stateIn.ptr);
}

/** The importer's context index of the exporter's context c. */
export function importedContext(c: i32): u32 {
  return mapCtx.get(c);
}
