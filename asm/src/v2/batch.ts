// Batch framing (Go: batch.go readBatch): one batch header and its data extent.
// The data is not copied; later stages read it in place.

import { fail } from "../util/error";
import { inputLen, inputPtr } from "../util/input";
import { readUvarint, readUvarintErrorText, VARINT_OK, varintNext, varintValue } from "../util/varint";
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
    fail("error reading batch " + what + ": " + readUvarintErrorText(code), <i64>(p - inputPtr));
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
    fail("expected batch event, got event " + typ.toString(), <i64>(bStart - inputPtr));
    return READ_ERR;
  }
  if (typ == EvExperimentalBatch) {
    if (p >= end) {
      fail("EOF", <i64>(p - inputPtr));
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
  bM = <i64>varintValue;
  p = headerField(p, end, "timestamp");
  if (p == 0) return READ_ERR;
  bTime = varintValue;
  p = headerField(p, end, "size");
  if (p == 0) return READ_ERR;
  const size = varintValue;
  if (size > MAX_BATCH_SIZE) {
    fail(
      "invalid batch size " + size.toString() + ", maximum is " + MAX_BATCH_SIZE.toString(),
      <i64>(bStart - inputPtr),
    );
    return READ_ERR;
  }
  const avail = <u64>(end - p);
  if (avail < size) {
    fail(
      "failed to read full batch: read " + avail.toString() + " but wanted " + size.toString(),
      <i64>(bStart - inputPtr),
    );
    return READ_ERR;
  }
  bData = p;
  bEnd = p + <usize>size;
  return READ_OK;
}
