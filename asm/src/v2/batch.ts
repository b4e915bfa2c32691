// Batch framing (Go: batch.go readBatch): one batch header and its data extent.
// The data is not copied; later stages read it in place.

import { fail } from "../util/error";
import { inputLen, inputPtr, offsetOf } from "../util/input";
import {
  readUvarint,
  readUvarintErrorText,
  VARINT_OK,
  varintNext,
  varintValue,
} from "../util/varint";
import { EvEndOfGeneration, EvEventBatch, EvExperimentalBatch } from "./specs";

export const MAX_BATCH_SIZE: u64 = 64 << 10;

// The batch just read.
export let bStart: usize = 0; // position of the batch's first byte
export let bExp: u8 = 0; // experiment id, 0 for ordinary batches
export let bGen: u64 = 0;
export let bM: i64 = 0;
export let bTime: u64 = 0;
export let bData: usize = 0; // data start
export let bEnd: usize = 0; // data end
export let bIsEndOfGeneration = false;

export const READ_OK: i32 = 0;
export const READ_EOF: i32 = 1;
export const READ_ERR: i32 = 2;

function headerField(p: usize, end: usize, what: string): usize {
  const code = readUvarint(p, end);
  if (code != VARINT_OK) {
    fail("error reading batch " + what + ": " + readUvarintErrorText(code), offsetOf(p));
    return 0;
  }
  return varintNext;
}

/** Reads the batch at p. On READ_OK the b* globals describe it. */
export function readBatch(p: usize): i32 {
  const end = inputPtr + inputLen;
  bStart = p;
  bExp = 0;
  bIsEndOfGeneration = false;
  if (p >= end) return READ_EOF;
  const typ = load<u8>(p);
  p++;
  if (typ == EvEndOfGeneration) {
    bIsEndOfGeneration = true;
    bM = -1;
    bData = p - 1; // Go's batch data is the single byte
    bEnd = p;
    return READ_OK;
  }
  if (typ != EvEventBatch && typ != EvExperimentalBatch) {
    fail("expected batch event, got event " + typ.toString(), offsetOf(bStart));
    return READ_ERR;
  }
  if (typ == EvExperimentalBatch) {
    if (p >= end) {
      fail("EOF", offsetOf(p));
      return READ_ERR;
    }
    bExp = load<u8>(p);
    p++;
  }
  p = headerField(p, end, "gen");
  if (p == 0) return READ_ERR;
  bGen = varintValue;
  p = headerField(p, end, "M ID");
  if (p == 0) return READ_ERR;
  bM = <i64> varintValue;
  p = headerField(p, end, "timestamp");
  if (p == 0) return READ_ERR;
  bTime = varintValue;
  p = headerField(p, end, "size");
  if (p == 0) return READ_ERR;
  const size = varintValue;
  if (size > MAX_BATCH_SIZE) {
    fail(
      "invalid batch size " + size.toString() + ", maximum is " + MAX_BATCH_SIZE.toString(),
      offsetOf(bStart),
    );
    return READ_ERR;
  }
  const avail = <u64> (end - p);
  if (avail < size) {
    fail(
      "failed to read full batch: read " + avail.toString() + " but wanted " + size.toString(),
      offsetOf(bStart),
    );
    return READ_ERR;
  }
  bData = p;
  bEnd = p + <usize> size;
  return READ_OK;
}

// ---- Windows: is the next generation all there? -----------------------------------

const WIN_MORE: i32 = 0; // the window ends inside this batch
const WIN_OK: i32 = 1; // a whole batch, described by winGen/winNext/winEndsGen
const WIN_BAD: i32 = 2; // malformed: the reader will report it

let winGen: u64 = 0;
let winNext: usize = 0;
let winEndsGen = false; // an end-of-generation marker (Go 1.26)

function scanBatch(p: usize, end: usize): i32 {
  const typ = load<u8>(p);
  p++;
  if (typ == EvEndOfGeneration) {
    winEndsGen = true;
    winNext = p;
    return WIN_OK;
  }
  if (typ != EvEventBatch && typ != EvExperimentalBatch) return WIN_BAD;
  if (typ == EvExperimentalBatch) {
    if (p >= end) return WIN_MORE;
    p++;
  }
  let size: u64 = 0;
  for (let k = 0; k < 4; k++) {
    const code = readUvarint(p, end);
    if (code != VARINT_OK) return p + 10 <= end ? WIN_BAD : WIN_MORE;
    p = varintNext;
    if (k == 0) winGen = varintValue;
    size = varintValue;
  }
  if (size > MAX_BATCH_SIZE) return WIN_BAD;
  if (<u64> (end - p) < size) return WIN_MORE;
  winEndsGen = typ == EvEventBatch && size > 0 && load<u8>(p) == EvEndOfGeneration;
  winNext = p + <usize> size;
  return WIN_OK;
}

/**
 * Whether [p, end) holds the whole generation that starts at p, and before Go 1.26 the
 * whole batch after it (its generation number ends this one; the reader reads it).
 * Malformed framing counts as whole: reading it gives the error a whole file would.
 */
export function windowHasGeneration(p: usize, end: usize, version: i32): bool {
  let first = true;
  let gen: u64 = 0;
  while (true) {
    if (p >= end) return false;
    const r = scanBatch(p, end);
    if (r == WIN_MORE) return false;
    if (r == WIN_BAD) return true;
    if (version >= 26) {
      if (winEndsGen) return true;
    } else {
      if (winEndsGen) return true;
      if (first) {
        gen = winGen;
        first = false;
      } else if (winGen != gen) {
        return true;
      }
    }
    p = winNext;
  }
}
