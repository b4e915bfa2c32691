// One generation's structural data (Go: generation.go): event batches grouped by M,
// the string and stack tables mapped onto the global tables, CPU samples, the sync
// section (frequency, clock snapshot) and experimental batches.

import { errorOffset, fail, failed, takeError } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { offsetOf } from "../util/input";
import { Vec } from "../util/vec";
import { getBool, getI64, getString, putBool, putI64, putString } from "../util/snapshot";
import {
  readUvarint,
  readUvarintErrorText,
  VARINT_OK,
  varintNext,
  varintValue,
} from "../util/varint";
import { internString, stringBytes, stringOffsets } from "../table/strings";
import { addStackFrame, beginStack, internFrame, internPendingStack } from "../table/stacks";
import {
  bData,
  bEnd,
  bExp,
  bGen,
  bIsEndOfGeneration,
  bM,
  bStart,
  bTime,
  READ_EOF,
  READ_ERR,
  readBatch,
} from "./batch";
import {
  EvClockSnapshot,
  EvCPUSample,
  EvCPUSamples,
  EvEndOfGeneration,
  EvFrequency,
  EvStack,
  EvStacks,
  EvString,
  EvStrings,
  EvSync,
} from "./specs";
import { sortByTime } from "./sort";

export const MAX_STRING_SIZE: u64 = 1024;
export const MAX_FRAMES: u64 = 128;

export let gen: u64 = 0;
export let minTs: u64 = 0;
export let nsPerTick: f64 = 0; // Go's `frequency` type: ns per timestamp unit
export let hasFreq = false;
export let hasClockSnapshot = false;
export let snapTime: u64 = 0;
export let snapMono: u64 = 0;
export let snapSec: u64 = 0;
export let snapNsec: u64 = 0;
/** File extent of the generation, for progress and for reporting lost bytes. */
export let genStart: usize = 0;
export let genEnd: usize = 0;

// Event batches in file order, and their grouping by M in order of first appearance.
export const batchM = new Vec<i64>();
export const batchTime = new Vec<u64>();
export const batchData = new Vec<usize>();
export const batchEnd = new Vec<usize>();
const batchMLocal = new Vec<i32>();
export const ms = new Vec<i64>(); // distinct Ms with event batches, first-appearance order
export const msFirst = new Vec<i32>(); // per M: start in msBatches
export const msBatches = new Vec<i32>(); // batch indexes grouped by M
const mLocal = new IdMap(1 << 16);

// Per-generation id → global id maps.
export const strings = new IdMap(1 << 20);
export const stacks = new IdMap(1 << 20);

// Stack entries awaiting resolution (frames may name strings defined later).
const pendingStackId = new Vec<u64>();
const pendingStackPos = new Vec<usize>();
const pendingStackN = new Vec<i32>();
const seenStacks = new IdMap(1 << 20);
const pcs = new IdMap(0); // pc → index into pcFunc/pcFile/pcLine (first one wins)
const pcFunc = new Vec<u64>();
const pcFile = new Vec<u64>();
const pcLine = new Vec<u64>();
const pcGlobal = new Vec<u32>(); // resolved global frame id, or NONE

// CPU samples, sorted by time after the generation is read.
export const sampleTime = new Vec<i64>();
export const sampleM = new Vec<i64>();
export const sampleP = new Vec<i64>();
export const sampleG = new Vec<i64>();
export const sampleStack = new Vec<u64>();
export const sampleOrder = new Vec<i32>();

// Experimental batches.
export const expId = new Vec<u8>();
export const expM = new Vec<i64>();
export const expData = new Vec<usize>();
export const expEnd = new Vec<usize>();

function reset(): void {
  gen = 0;
  minTs = 0;
  nsPerTick = 0;
  tickInt = 0;
  tickLimit = 0;
  hasFreq = false;
  hasClockSnapshot = false;
  batchM.clear();
  batchTime.clear();
  batchData.clear();
  batchEnd.clear();
  batchMLocal.clear();
  ms.clear();
  msFirst.clear();
  msBatches.clear();
  mLocal.clear();
  strings.clear();
  stacks.clear();
  pendingStackId.clear();
  seenStacks.clear();
  pendingStackPos.clear();
  pendingStackN.clear();
  pcs.clear();
  pcFunc.clear();
  pcFile.clear();
  pcLine.clear();
  pcGlobal.clear();
  sampleTime.clear();
  sampleM.clear();
  sampleP.clear();
  sampleG.clear();
  sampleStack.clear();
  sampleOrder.clear();
  expId.clear();
  expM.clear();
  expData.clear();
  expEnd.clear();
}

/**
 * When nsPerTick is a whole number k (Go on amd64 writes ticks of 64 ns), t * k for
 * t < tickLimit is exact in f64, so the integer product equals Go's float one.
 */
let tickInt: i64 = 0;
let tickLimit: u64 = 0;

function setFrequency(f: u64): void {
  nsPerTick = 1.0 / (<f64> f / 1e9);
  tickInt = 0;
  tickLimit = 0;
  if (nsPerTick >= 1 && nsPerTick <= 4294967296.0 && Math.floor(nsPerTick) == nsPerTick) {
    tickInt = <i64> nsPerTick;
    tickLimit = <u64> (9007199254740992.0 / nsPerTick);
  }
}

/** Go: frequency.mul. Out-of-range conversions give MinInt64, as on amd64. */
// @inline
export function toNs(t: u64): i64 {
  if (t < tickLimit) return <i64> t * tickInt;
  return f64ToI64(<f64> t * nsPerTick);
}

// @inline
export function f64ToI64(x: f64): i64 {
  if (x > -9.223372036854775808e18 && x < 9.223372036854775808e18) return <i64> x;
  return i64.MIN_VALUE;
}

// ---- Reading (v1.26: self-delimited generations) -------------------------------

// Where the next generation starts. For Go < 1.26, the spilled first batch of the next
// generation (Go: spilledBatch) is simply re-read from its position.
export let nextPos: usize = 0;

export function setNextPos(p: usize): void {
  nextPos = p;
  hasSpillErr = false;
  nextSpilled = false;
}
/** Moves nextPos (the window moved), keeping the spill state. */
export function setNextPosKeepSpill(p: usize): void {
  nextPos = p;
}

export function saveSpill(): void {
  putBool(nextSpilled);
  putBool(hasSpillErr);
  putString(spillErr);
  putI64(spillErrAt);
}

/** Loads the spill state saved at a boundary; nextPos is p. */
export function loadSpill(p: usize): void {
  nextPos = p;
  nextSpilled = getBool();
  hasSpillErr = getBool();
  spillErr = getString();
  spillErrAt = getI64();
}

export let spillErr: string = "";
export let spillErrAt: i64 = -1;
export let hasSpillErr = false;

const GEN_OK: i32 = 0;
export const GEN_DONE: i32 = 1; // no more generations
export const GEN_ERR: i32 = 2;

/** Go: readGeneration (1.26+). */
export function readGeneration(): i32 {
  reset();
  genStart = nextPos;
  let p = nextPos;
  while (true) {
    const r = readBatch(p);
    if (r == READ_EOF) {
      if (batchM.len != 0) {
        return failGen("incomplete generation found; trace likely truncated", p);
      }
      genEnd = p;
      return GEN_DONE;
    }
    if (r == READ_ERR) return GEN_ERR;
    p = bEnd;
    if (gen == 0) gen = bGen;
    if (isEndOfGeneration()) break;
    if (bGen == 0) return failGen("invalid generation number 0", bStart);
    if (bGen != gen) {
      return failGen(
        "broken trace: missing end-of-generation event, or generations are interleaved",
        bStart,
      );
    }
    if (minTs == 0 || bTime < minTs) minTs = bTime;
    if (!processBatch(26)) return GEN_ERR;
  }
  nextPos = p;
  genEnd = p;
  return finish(26) ? GEN_OK : GEN_ERR;
}

/**
 * Go: readGenerationWithSpill (before 1.26). Reads batches until one of generation
 * gen+1, which starts the next call. A read error after the first batch is deferred
 * (spillErr): the partial generation is still handed on, as Go does.
 */
export function readGenerationWithSpill(version: i32, haveSpill: bool): i32 {
  reset();
  genStart = nextPos;
  let p = nextPos;
  if (haveSpill) {
    // The spilled batch is re-read; it was valid when first read.
    readBatch(p);
    p = bEnd;
    gen = bGen;
    minTs = bTime;
    if (!processBatch(version)) return GEN_ERR;
  }
  let spilled = false;
  while (true) {
    const r = readBatch(p);
    if (r == READ_EOF) break;
    if (r == READ_ERR) {
      if (gen != 0) {
        // Possibly just the next generation's first batch is broken: forge ahead.
        hasSpillErr = true;
        spillErr = takeErrorText();
        spillErrAt = lastErrorAt;
        break;
      }
      return GEN_ERR;
    }
    if (bGen == 0) return failGen("invalid generation number 0", bStart);
    if (gen == 0) gen = bGen;
    if (bGen == gen + 1) {
      spilled = true;
      break;
    }
    if (bGen != gen) return failGen("generations out of order", bStart);
    p = bEnd;
    if (minTs == 0 || bTime < minTs) minTs = bTime;
    if (!processBatch(version)) return GEN_ERR;
  }
  nextPos = spilled ? bStart : p;
  genEnd = nextPos;
  nextSpilled = spilled;
  return finish(version) ? GEN_OK : GEN_ERR;
}

/** Whether the last readGenerationWithSpill stopped at a batch of the next generation. */
export let nextSpilled = false;

let lastErrorAt: i64 = -1;
function takeErrorText(): string {
  lastErrorAt = errorOffset();
  return takeError();
}

function failGen(msg: string, at: usize): i32 {
  fail(msg, offsetOf(at));
  return GEN_ERR;
}

function isEndOfGeneration(): bool {
  return bIsEndOfGeneration || (bExp == 0 && bEnd > bData && load<u8>(bData) == EvEndOfGeneration);
}

/** Go: processBatch. */
function processBatch(version: i32): bool {
  const hasData = bEnd > bData;
  const first = hasData ? load<u8>(bData) : <u8> 0;
  if (bExp == 0 && hasData) {
    if (first == EvStrings) return addStrings();
    if (first == EvStacks) return addStacks();
    if (first == EvCPUSamples) return addCPUSamples();
    if ((first == EvFrequency && version < 25) || (first == EvSync && version >= 25)) {
      return setSyncBatch(version);
    }
  }
  if (bExp != 0) {
    expId.push(bExp);
    expM.push(bM);
    expData.push(bData);
    expEnd.push(bEnd);
    return true;
  }
  if (bIsEndOfGeneration || (hasData && first == EvEndOfGeneration)) {
    return fail(
      "internal error: unexpectedly processing EndOfGeneration; broken trace?",
      offsetOf(bStart),
    );
  }
  let local = mLocal.get(<u64> bM);
  if (local == NONE) {
    local = <u32> ms.push(bM);
    mLocal.set(<u64> bM, local);
  }
  batchM.push(bM);
  batchTime.push(bTime);
  batchData.push(bData);
  batchEnd.push(bEnd);
  batchMLocal.push(<i32> local);
  return true;
}

// Section readers. Go reads sections with a bytes.Reader and returns the reader's raw
// errors ("EOF", "unexpected EOF"), which we reproduce.

let sp: usize = 0; // section cursor

function sectionUvarint(end: usize): bool {
  const code = readUvarint(sp, end);
  if (code != VARINT_OK) return fail(readUvarintErrorText(code), offsetOf(sp));
  sp = varintNext;
  return true;
}

function addStrings(): bool {
  sp = bData + 1;
  const end = bEnd;
  while (sp < end) {
    const ev = load<u8>(sp);
    if (ev != EvString) {
      return fail("expected string event, got " + ev.toString(), offsetOf(sp));
    }
    const at = sp;
    sp++;
    if (!sectionUvarint(end)) return false;
    const id = varintValue;
    if (!sectionUvarint(end)) return false;
    const len = varintValue;
    if (len > MAX_STRING_SIZE) {
      return fail(
        "invalid string size " + len.toString() + ", maximum is " + MAX_STRING_SIZE.toString(),
        offsetOf(at),
      );
    }
    const avail = <u64> (end - sp);
    if (avail < len) {
      return fail(
        "failed to read full string: read " + avail.toString() + " but wanted " + len.toString(),
        offsetOf(at),
      );
    }
    const gid = internString(sp, <usize> len);
    sp += <usize> len;
    if (id == 0 || strings.has(id)) {
      const existing = id == 0 ? "" : stringText(strings.get(id));
      return fail(
        "multiple strings with the same ID: id=" + id.toString() + ", new=" + stringText(gid) +
          ", existing=" + existing,
        offsetOf(at),
      );
    }
    strings.set(id, gid);
  }
  return true;
}

function stringText(gid: u32): string {
  const start = stringOffsets.get(<i32> gid);
  const end = stringOffsets.get(<i32> gid + 1);
  return String.UTF8.decodeUnsafe(stringBytes.ptr + start, <usize> (end - start));
}

function addStacks(): bool {
  sp = bData + 1;
  const end = bEnd;
  while (sp < end) {
    const ev = load<u8>(sp);
    if (ev != EvStack) {
      return fail("expected stack event, got " + ev.toString(), offsetOf(sp));
    }
    const at = sp;
    sp++;
    if (!sectionUvarint(end)) return false;
    const id = varintValue;
    if (!sectionUvarint(end)) return false;
    const n = varintValue;
    if (n > MAX_FRAMES) {
      return fail(
        "invalid stack size " + n.toString() + ", maximum is " + MAX_FRAMES.toString(),
        offsetOf(at),
      );
    }
    const framesPos = sp;
    for (let i: u64 = 0; i < n; i++) {
      if (!frameField(end, i, "PC", id)) return false;
      const pc = varintValue;
      if (!frameField(end, i, "funcID", id)) return false;
      const fn = varintValue;
      if (!frameField(end, i, "fileID", id)) return false;
      const file = varintValue;
      if (!frameField(end, i, "line", id)) return false;
      const line = varintValue;
      if (pcs.get(pc) == NONE) {
        pcs.set(pc, <u32> pcFunc.push(fn));
        pcFile.push(file);
        pcLine.push(line);
        pcGlobal.push(NONE);
      }
    }
    if (id == 0 || seenStacks.has(id)) {
      return fail(
        "multiple trace.stacks with the same ID: id=" + id.toString(),
        offsetOf(at),
      );
    }
    seenStacks.set(id, <u32> pendingStackId.push(id));
    pendingStackPos.push(framesPos);
    pendingStackN.push(<i32> n);
  }
  return true;
}

function frameField(end: usize, i: u64, what: string, id: u64): bool {
  const code = readUvarint(sp, end);
  if (code != VARINT_OK) {
    return fail(
      "reading frame " + (i + 1).toString() + "'s " + what + " for stack " + id.toString() +
        ": " + readUvarintErrorText(code),
      offsetOf(sp),
    );
  }
  sp = varintNext;
  return true;
}

const stackOrder = new Vec<i32>();
const stackIdKeys = new Vec<i64>();

/**
 * Go: validateStackStrings — every frame's func and file string must exist. Go walks its
 * compacted stack table in ascending stack id, so the first error reported is the one
 * of the lowest stack id; we check in that order too.
 */
function validateStackStrings(): bool {
  stackIdKeys.clear();
  for (let s = 0; s < pendingStackId.len; s++) stackIdKeys.push(<i64> pendingStackId.get(s));
  sortByTime(stackOrder, stackIdKeys);
  for (let k = 0; k < stackOrder.len; k++) {
    const s = stackOrder.get(k);
    const id = pendingStackId.get(s);
    let p = pendingStackPos.get(s);
    const n = pendingStackN.get(s);
    for (let i = 0; i < n; i++) {
      readUvarint(p, p + 10);
      const pc = varintValue;
      p = varintNext;
      for (let f = 0; f < 3; f++) {
        readUvarint(p, p + 10);
        p = varintNext;
      }
      const rec = <i32> pcs.get(pc);
      const fnId = pcFunc.get(rec);
      if (fnId != 0 && strings.get(fnId) == NONE) {
        return fail(
          "found invalid func string ID " + fnId.toString() + " for stack " + id.toString(),
        );
      }
      const fileId = pcFile.get(rec);
      if (fileId != 0 && strings.get(fileId) == NONE) {
        return fail(
          "found invalid file string ID " + fileId.toString() + " for stack " + id.toString(),
        );
      }
    }
  }
  return true;
}

/** Maps every stack of the generation onto the global frame and stack tables. */
function resolveStacks(): void {
  for (let s = 0; s < pendingStackId.len; s++) {
    let p = pendingStackPos.get(s);
    const n = pendingStackN.get(s);
    beginStack();
    for (let i = 0; i < n; i++) {
      readUvarint(p, p + 10);
      const pc = varintValue;
      p = varintNext;
      for (let k = 0; k < 3; k++) {
        readUvarint(p, p + 10);
        p = varintNext;
      }
      const rec = <i32> pcs.get(pc);
      let frame = pcGlobal.get(rec);
      if (frame == NONE) {
        const fnId = pcFunc.get(rec);
        const fileId = pcFile.get(rec);
        const fn = fnId == 0 ? 0 : strings.get(fnId);
        const file = fileId == 0 ? 0 : strings.get(fileId);
        frame = internFrame(pc, fn, file, pcLine.get(rec));
        pcGlobal.set(rec, frame);
      }
      addStackFrame(frame);
    }
    stacks.set(pendingStackId.get(s), internPendingStack());
  }
}

function addCPUSamples(): bool {
  sp = bData + 1;
  const end = bEnd;
  while (sp < end) {
    const ev = load<u8>(sp);
    if (ev != EvCPUSample) {
      return fail("expected CPU sample event, got " + ev.toString(), offsetOf(sp));
    }
    sp++;
    if (!sectionUvarint(end)) return false;
    const ts = varintValue;
    if (!sectionUvarint(end)) return false;
    const m = varintValue;
    if (!sectionUvarint(end)) return false;
    const p = varintValue;
    if (!sectionUvarint(end)) return false;
    const g = varintValue;
    if (!sectionUvarint(end)) return false;
    const stack = varintValue;
    sampleTime.push(<i64> ts); // converted once the frequency is known
    sampleM.push(<i64> m);
    sampleP.push(<i64> p);
    sampleG.push(g == 0 ? -1 : <i64> g);
    sampleStack.push(stack);
  }
  return true;
}

function setSyncBatch(version: i32): bool {
  sp = bData;
  const end = bEnd;
  if (version >= 25) sp++; // the Sync header byte
  let lastTs = bTime;
  while (sp < end) {
    const ev = load<u8>(sp);
    const at = sp;
    sp++;
    if (ev == EvFrequency) {
      if (hasFreq) return fail("found multiple frequency events", offsetOf(at));
      if (!sectionUvarint(end)) return false;
      const f = varintValue;
      if (f == 0) {
        // Go computes +Inf ns per tick and garbage times; we refuse.
        return fail("invalid frequency 0 (ticks per second must be positive)", offsetOf(at));
      }
      setFrequency(f);
      hasFreq = true;
    } else if (ev == EvClockSnapshot && version >= 25) {
      if (hasClockSnapshot) {
        return fail("found multiple clock snapshot events", offsetOf(at));
      }
      hasClockSnapshot = true;
      if (!sectionUvarint(end)) return false;
      lastTs += varintValue;
      snapTime = lastTs;
      if (!sectionUvarint(end)) return false;
      snapMono = varintValue;
      if (!sectionUvarint(end)) return false;
      snapSec = varintValue;
      if (!sectionUvarint(end)) return false;
      snapNsec = varintValue;
    } else {
      return fail(
        "expected frequency or clock snapshot event, got " + ev.toString(),
        offsetOf(at),
      );
    }
  }
  return true;
}

/** End-of-generation checks and derived data (Go: the tail of readGeneration). */
function finish(version: i32): bool {
  if (!hasFreq) return fail("no frequency event found", offsetOf(genStart));
  if (version >= 25 && !hasClockSnapshot) {
    return fail("no clock snapshot event found", offsetOf(genStart));
  }
  if (!validateStackStrings()) return false;
  resolveStacks();
  // Group event batches by M, keeping file order within each M.
  const nm = ms.len;
  msFirst.reserve(nm + 1);
  msFirst.len = nm + 1;
  for (let i = 0; i <= nm; i++) msFirst.set(i, 0);
  for (let b = 0; b < batchMLocal.len; b++) {
    const l = batchMLocal.get(b);
    msFirst.set(l + 1, msFirst.get(l + 1) + 1);
  }
  for (let i = 0; i < nm; i++) msFirst.set(i + 1, msFirst.get(i + 1) + msFirst.get(i));
  msBatches.reserve(batchMLocal.len);
  msBatches.len = batchMLocal.len;
  const fill = new StaticArray<i32>(nm);
  for (let b = 0; b < batchMLocal.len; b++) {
    const l = batchMLocal.get(b);
    msBatches.set(msFirst.get(l) + fill[l], b);
    fill[l]++;
  }
  // CPU samples: convert to ns and sort by time as Go does.
  for (let i = 0; i < sampleTime.len; i++) {
    sampleTime.set(i, toNs(<u64> sampleTime.get(i)));
  }
  sortByTime(sampleOrder, sampleTime);
  return !failed();
}
