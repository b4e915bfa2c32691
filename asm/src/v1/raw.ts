// Reading one raw v1 event at a file position (Go: tracev1 parser.readRawEvent): the
// type byte with its 2-bit argument count, inline or length-prefixed uvarints, and the
// special layouts of Batch, String and UserLog. Errors use Go's wording.
//
// The result goes to the globals below (no tuples in AssemblyScript).

import { fail } from "../util/error";
import { inputLen, inputPtr } from "../util/input";
import { Vec } from "../util/vec";
import { readUvarint, VARINT_OK, varintNext, varintValue } from "../util/varint";
import { EV_COUNT, EvBatch, EvCPUSample, EvNone, EvString, EvUserLog, v1MinVersion } from "./specs";
import { defineString, hasString } from "./tables";

export const RAW_OK: i32 = 0;
export const RAW_EOF: i32 = 1;
export const RAW_ERR: i32 = 2;

/** Index pass: do not decode arguments (CPU samples excepted) or define strings. */
export const SKIP_ARGS: i32 = 1;
export const SKIP_STRINGS: i32 = 2;

const MAX_LENGTH_PREFIXED: u64 = 2048;
const MAX_STRING: u64 = 1000000;
const MALFORMED = "malformatted base-128 varint";

/** Type of the event read (EvNone for a String record, as in Go). */
export let rawType: u8 = 0;
/** Its decoded values (timestamp delta first, for ordinary events). */
export const rawArgs = new Vec<u64>();
/** UserLog message bytes. */
export let rawMsgPtr: usize = 0;
export let rawMsgLen: usize = 0;
/** Batch header P (-1 for the "no P" buffer). */
export let rawBatchPid: i32 = 0;
/** File offset of the event's first byte. */
export let rawPos: i64 = 0;

let version: i32 = 0;
let pos: usize = 0; // Go's p.off, as a pointer

export function setRawVersion(v: i32): void {
  version = v;
}

/** Moves the read position to file offset `off`. */
export function seekRaw(off: i64): void {
  pos = inputPtr + <usize> off;
}

/** Current read position as a file offset. */
export function rawOffset(): i64 {
  return <i64> (pos - inputPtr);
}

// @inline
function end(): usize {
  return inputPtr + inputLen;
}

/** Go's readVal: false (nothing consumed) on a short or overlong uvarint. */
function readVal(): bool {
  if (readUvarint(pos, end()) != VARINT_OK) return false;
  pos = varintNext;
  return true;
}

/** Go's discard: skip n bytes if that many remain. */
function discard(n: u64): bool {
  if (n > <u64> (end() - pos)) return false;
  pos += <usize> n;
  return true;
}

/** Go's readFull: like discard, but it also refuses to read anything at end of data. */
function readFull(n: u64): bool {
  if (pos >= end() || n > <u64> (end() - pos)) return false;
  pos += <usize> n;
  return true;
}

function err(msg: string): i32 {
  fail(msg, rawPos);
  return RAW_ERR;
}

function argErr(typ: u8, msg: string): i32 {
  return err("failed to read event " + typ.toString() + " argument: " + msg);
}

/** Reads the event at the current position. */
export function readRaw(flags: i32): i32 {
  if (pos >= end()) return RAW_EOF;
  rawPos = <i64> (pos - inputPtr);
  const b = load<u8>(pos);
  pos++;
  const typ = b & 0x3f;
  const narg = (<i32> b >> 6) + 1;
  rawArgs.clear();
  if (typ == EvNone || typ >= EV_COUNT || <i32> v1MinVersion[typ] > version) {
    return err("unknown event type " + typ.toString());
  }
  if (typ == EvString) return readString(flags);
  if (typ == EvBatch) return readBatchHeader(narg);
  rawType = typ;
  if (narg <= 3) {
    for (let i = 0; i < narg; i++) {
      if (!readVal()) return argErr(typ, MALFORMED);
      if ((flags & SKIP_ARGS) == 0) rawArgs.push(varintValue);
    }
    return RAW_OK;
  }
  // Length-prefixed: a byte length, then that many bytes of uvarints.
  if (!readVal()) return argErr(typ, MALFORMED);
  const len = varintValue;
  if (len > MAX_LENGTH_PREFIXED) {
    return argErr(
      typ,
      "length-prefixed argument too big: " + len.toString() + " bytes, limit is 2048",
    );
  }
  if ((flags & SKIP_ARGS) == 0 || typ == EvCPUSample) {
    const start = pos;
    if (!readFull(len)) return err("failed to read trace: unexpected EOF");
    let p = start;
    const stop = pos;
    while (p < stop) {
      if (readUvarint(p, stop) != VARINT_OK) return err(MALFORMED);
      rawArgs.push(varintValue);
      p = varintNext;
    }
  } else if (!discard(len)) {
    return err("failed to read trace: EOF");
  }
  if (typ == EvUserLog) return readMessage(flags);
  return RAW_OK;
}

// UserLog's message follows the length-prefixed part: uvarint length, bytes.
function readMessage(flags: i32): i32 {
  if (!readVal()) return err(MALFORMED);
  const n = varintValue;
  if ((flags & SKIP_ARGS) != 0) {
    // Go's index pass returns io.EOF here, which ends the pass as if the file ended;
    // decoding the batch later reports the truncation.
    return discard(n) ? RAW_OK : RAW_EOF;
  }
  rawMsgPtr = pos;
  rawMsgLen = 0;
  if (n == 0) return RAW_OK;
  if (n > MAX_STRING) return err("string is too large (len=" + n.toString() + ")");
  if (!readFull(n)) return err("failed to read trace: unexpected EOF");
  rawMsgLen = <usize> n;
  return RAW_OK;
}

// String dictionary entry: id, length, bytes. Its argument count bits are ignored.
function readString(flags: i32): i32 {
  rawType = EvNone;
  if ((flags & SKIP_STRINGS) != 0) {
    if (!readVal()) return err(MALFORMED);
    if (!readVal()) return err(MALFORMED);
    return discard(varintValue) ? RAW_OK : err("failed to read trace: EOF");
  }
  if (!readVal()) return err(MALFORMED);
  const id = varintValue;
  if (id == 0) return err("string has invalid id 0");
  if (hasString(id)) return err("string has duplicate id " + id.toString());
  if (!readVal()) return err(MALFORMED);
  const n = varintValue;
  if (n == 0) return err("string has invalid length 0");
  if (n > MAX_STRING) return err("string has too large length " + n.toString());
  const start = pos;
  if (!readFull(n)) return err("failed to read trace: unexpected EOF");
  defineString(id, start, <usize> n);
  return RAW_OK;
}

// Batch header: P id and the batch's base timestamp. The count bits must say 2 values.
function readBatchHeader(narg: i32): i32 {
  rawType = EvBatch;
  if (narg != 2) {
    return err(
      "EvBatch has wrong number of arguments: got " + narg.toString() + ", want 2",
    );
  }
  if (!readVal()) return err(MALFORMED);
  const pid = varintValue;
  if (pid != u64.MAX_VALUE && pid > <u64> i32.MAX_VALUE) {
    // Go prints MaxUint as the limit here (and MaxInt32 in its second, unreachable check).
    return err(
      "processor ID " + pid.toString() + " is larger than maximum of 18446744073709551615",
    );
  }
  rawBatchPid = pid == u64.MAX_VALUE ? -1 : <i32> pid;
  if (!readVal()) return err(MALFORMED);
  rawArgs.push(pid);
  rawArgs.push(varintValue);
  return RAW_OK;
}
