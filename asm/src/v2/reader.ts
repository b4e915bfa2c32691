// The v2 reader loop (Go: reader.go ReadEvent): generations in, one ordered event
// stream out, written to the event table. Every generation starts with a Sync event;
// the trace ends with one more. Output times are made strictly increasing.

import {
  StepBoundary as STEP_BOUNDARY,
  StepDone as STEP_DONE,
  StepError as STEP_ERR,
  StepMore as STEP_MORE,
} from "../format";
import { errorOffset, fail, takeError } from "../util/error";
import { inputBase, inputEof, inputLen, inputPtr, offsetOf } from "../util/input";
import {
  clearFrontier,
  frontierAt,
  frontierLen,
  frontierMinTime,
  heapInsert,
  heapRemove,
  heapUpdate,
  heapUpdateTop,
  newCursor,
  nextEvent,
  nextEventInline,
  sortFrontierByTime,
} from "./cursor";
import {
  gen,
  GEN_DONE,
  GEN_ERR,
  genEnd,
  hasSpillErr,
  loadSpill,
  minTs,
  ms,
  nextPos,
  nextSpilled,
  readGeneration,
  readGenerationWithSpill,
  sampleOrder,
  sampleTime,
  saveSpill,
  setNextPos,
  setNextPosKeepSpill,
  spillErr,
  spillErrAt,
  toNs,
} from "./generation";
import {
  ADV_ERR,
  ADV_NOT_READY,
  ADV_OK,
  advance,
  fastAdvance,
  lastAdvanceEmitFailed,
  resetOrdering,
  setEvent,
} from "./order";
import { emitSample, emitSync, lastTs, resetEmit, setLastTs } from "./emit";
import { windowHasGeneration } from "./batch";
import {
  getBool,
  getI32,
  getI64,
  getString,
  getU64,
  putBool,
  putI32,
  putI64,
  putString,
  putU64,
} from "../util/snapshot";
import { eventCount, totalRows, truncateEvents } from "../table/events";
import * as S from "./specs";

let version: i32 = 0;
let slowWork: i64 = 0; // cursors sorted or retried after a failed advance
let done = false;
let syncs: i64 = 0;
let haveGen = false; // Go: r.gen != nil
let readGenErr = false; // 1.26: generation error to report after its Sync
let readGenErrText = "";
let readGenErrAt: i64 = -1;
let spillErrSync = false;
let pendingSpillErr = false; // Go: r.spillErr != nil
let pendingSpillText = "";
let pendingSpillAt: i64 = -1;
let sampleNext: i32 = 0;
let sampleCount: i32 = 0; // CPU samples of the installed generation (Go: r.cpuSamples)
let curGen: u64 = 0;
/** Time of the next CPU sample of the generation, or i64.MAX_VALUE if none. */
let nextSampleTime: i64 = i64.MAX_VALUE;

function setNextSampleTime(): void {
  nextSampleTime = sampleNext < sampleCount
    ? sampleTime.get(sampleOrder.get(sampleNext))
    : i64.MAX_VALUE;
}

/** Bytes read by the last Sync (Go: cmd/trace's validBytes). */
export let validBytes: i64 = 0;

export function beginV2(v: i32, headerLen: usize): void {
  version = v;
  done = false;
  syncs = 0;
  haveGen = false;
  readGenErr = false;
  spillErrSync = false;
  pendingSpillErr = false;
  sampleNext = 0;
  sampleCount = 0;
  validBytes = 0;
  slowWork = 0;
  clearFrontier();
  nextSampleTime = i64.MAX_VALUE;
  resetEmit();
  resetOrdering(v);
  setNextPos(inputPtr + headerLen);
  boundaryPending = false;
}

// Step results (format.ts). Between two generations (STEP_BOUNDARY) every row of the one
// before is in the table: the host may take the rows (parser.ts: startBlock), save the ordering
// state, and must give more input while needInput() says so; then it steps on.

/** Reads up to `budget` events. */
export function stepV2(budget: i32): i32 {
  let i = 0;
  while (i < budget) {
    // The common case inline: the frontier's first cursor has the next event, no CPU
    // sample comes before it, and the fast path accepts it.
    if (frontierLen() > 0 && frontierMinTime() <= nextSampleTime) {
      const c = frontierAt(0);
      const rows = eventCount();
      const ts = lastTs;
      if (fastAdvance(c, curGen)) {
        i++;
        const n = nextEventInline(c);
        if (n > 0) {
          heapUpdateTop(c.time);
        } else if (n == 0) {
          heapRemove(0);
        } else {
          truncateEvents(rows);
          setLastTs(ts);
          return STEP_ERR;
        }
        continue;
      }
    }
    const r = readEvent();
    if (r == EV_EOF) return STEP_DONE;
    if (r == EV_ERR) return STEP_ERR;
    if (r == EV_BOUNDARY) return STEP_BOUNDARY;
    i++;
  }
  return STEP_MORE;
}

/** Bytes of the input consumed so far, for progress. */
export function progressV2(): i64 {
  return offsetOf(nextPos);
}

const EV_OK: i32 = 0;
const EV_EOF: i32 = 1;
const EV_ERR: i32 = 2;
const EV_BOUNDARY: i32 = 3;

// Whether the boundary before the next generation was reported to the host.
let boundaryPending = false;

/**
 * Whether the decoder, between generations, needs more of the file in its window: the
 * next generation (and, before Go 1.26, the batch after it, which ends it) must be
 * there whole unless the window reaches the end of the file.
 */
export function needInputV2(): bool {
  if (inputEof || done) return false;
  return !windowHasGeneration(nextPos, inputPtr + inputLen, version);
}

function readEvent(): i32 {
  if (done) return EV_EOF;
  if (frontierLen() == 0 && sampleNext >= sampleCount) {
    // A generation boundary (not before the first generation, whose rows start the table).
    if (!boundaryPending && syncs > 0) {
      boundaryPending = true;
      return EV_BOUNDARY;
    }
    if (needInputV2()) return EV_BOUNDARY; // the host did not give enough input yet
    boundaryPending = false;
    if (version < 26) return nextGenWithSpill();
    if (readGenErr) {
      fail(readGenErrText, readGenErrAt);
      return EV_ERR;
    }
    const r = readGeneration();
    if (r == GEN_ERR) {
      // Emit the Sync owed for the generation, report the error on the next call.
      readGenErr = true;
      readGenErrAt = errorOffset();
      readGenErrText = takeError();
      haveGen = false;
      syncs++;
      return sync(lastTs, false);
    }
    return installGen(r == GEN_DONE);
  }
  if (sampleNext < sampleCount) {
    const s = sampleOrder.get(sampleNext);
    if (frontierLen() == 0 || sampleTime.get(s) < frontierMinTime()) {
      sampleNext++;
      setNextSampleTime();
      return emitSample(s) ? EV_OK : EV_ERR;
    }
  }
  if (frontierLen() == 0) {
    fail("broken trace: frontier is empty", -1);
    return EV_ERR;
  }
  const r0 = tryAdvance(0);
  if (r0 == ADV_ERR) return EV_ERR;
  if (r0 != ADV_OK) {
    // Rare: sort the frontier by time (a sorted heap is still a heap), try the rest.
    // Go retries here without bound; a crafted trace can make every event cost a sort
    // of thousands of cursors. Real traces almost never get here, so cap the work.
    slowWork += <i64> frontierLen() * 2;
    if (slowWork > (<i64> totalRows() << 6) + (1 << 24)) {
      fail(
        "broken trace: events cannot be ordered without excessive retries (corrupt or hostile input)",
        offsetOf(frontierAt(0).pos),
      );
      return EV_ERR;
    }
    sortFrontier();
    let success = false;
    for (let i = 1; i < frontierLen(); i++) {
      const r = tryAdvance(i);
      if (r == ADV_ERR) return EV_ERR;
      if (r == ADV_OK) {
        success = true;
        break;
      }
    }
    if (!success) return failAdvance();
  }
  return EV_OK;
}

function tryAdvance(i: i32): i32 {
  const c = frontierAt(i);
  const rows = eventCount();
  const ts = lastTs;
  let r = ADV_OK;
  if (!fastAdvance(c, curGen)) {
    setEvent(c.typ, c.time, c.a0, c.a1, c.a2, c.a3, c.pos);
    r = advance(c.m, c.mi, curGen);
    if (r == ADV_NOT_READY) return r;
    if (r == ADV_ERR && !lastAdvanceEmitFailed()) return r; // ordering errors come first
  }
  // The event was accepted. Go reads the thread's next event before handing out the
  // accepted ones, so a malformed next event is reported first, with none of them;
  // and a bad table id in an accepted event is reported only after that read.
  let idErr = "";
  let idErrAt: i64 = -1;
  if (r == ADV_ERR) {
    idErrAt = errorOffset();
    idErr = takeError();
  }
  const n = nextEvent(c);
  if (n < 0) {
    truncateEvents(rows);
    setLastTs(ts);
    return ADV_ERR;
  }
  if (r == ADV_ERR) {
    fail(idErr, idErrAt);
    return ADV_ERR;
  }
  if (n > 0) heapUpdate(i);
  else heapRemove(i);
  return ADV_OK;
}

function sortFrontier(): void {
  sortFrontierByTime();
}

function failAdvance(): i32 {
  let dump = "";
  for (let i = 0; i < frontierLen(); i++) {
    const c = frontierAt(i);
    dump += "M " + c.m.toString() + " [" + S.specNames[c.typ] + " time=" + c.time.toString() +
      "]\n";
  }
  fail(
    "broken trace: failed to advance: frontier:\n[gen=" + curGen.toString() + "]\n\n" + dump,
    frontierLen() > 0 ? offsetOf(frontierAt(0).pos) : -1,
  );
  return EV_ERR;
}

function nextGenWithSpill(): i32 {
  if (pendingSpillErr) {
    if (spillErrSync) {
      fail(pendingSpillText, pendingSpillAt);
      return EV_ERR;
    }
    spillErrSync = true;
    syncs++;
    return sync(lastTs, false);
  }
  if (haveGen && !nextSpilled) {
    done = true;
    syncs++;
    validBytes = inputBase + <i64> inputLen;
    return sync(lastTs, false);
  }
  const r = readGenerationWithSpill(version, haveGen && nextSpilled);
  if (r == GEN_ERR) {
    pendingSpillErr = true;
    pendingSpillAt = errorOffset();
    pendingSpillText = takeError();
    haveGen = false;
    spillErrSync = true;
    syncs++;
    return sync(lastTs, false);
  }
  if (hasSpillErr) {
    pendingSpillErr = true;
    pendingSpillText = spillErr;
    pendingSpillAt = spillErrAt;
  }
  return installGen(false);
}

function installGen(none: bool): i32 {
  if (none) {
    haveGen = false;
    done = true;
    syncs++;
    validBytes = inputBase + <i64> inputLen;
    return sync(lastTs, false);
  }
  haveGen = true;
  curGen = gen;
  sampleNext = 0;
  sampleCount = sampleTime.len;
  setNextSampleTime();
  for (let i = 0; i < ms.len; i++) {
    const c = newCursor(ms.get(i), i);
    const n = nextEvent(c);
    if (n < 0) return EV_ERR;
    if (n == 0) continue;
    heapInsert(c);
  }
  syncs++;
  validBytes = offsetOf(genEnd);
  return sync(toNs(minTs), true);
}

function sync(t: i64, withTable: bool): i32 {
  emitSync(t, syncs, withTable);
  return EV_OK;
}

// ---- Saving between generations (v2/snapshot.ts) -----------------------------------

/** The reader's state at a boundary (the frontier is empty there). */
export function saveReader(): void {
  putI32(version);
  putI64(slowWork);
  putBool(done);
  putI64(syncs);
  putBool(haveGen);
  putBool(readGenErr);
  putString(readGenErrText);
  putI64(readGenErrAt);
  putBool(spillErrSync);
  putBool(pendingSpillErr);
  putString(pendingSpillText);
  putI64(pendingSpillAt);
  putU64(curGen);
  putI64(validBytes);
  putI64(offsetOf(nextPos));
  saveSpill();
}

/** Loads a saved boundary; the window must hold the bytes from the saved position on. */
export function loadReader(): void {
  version = getI32();
  slowWork = getI64();
  done = getBool();
  syncs = getI64();
  haveGen = getBool();
  readGenErr = getBool();
  readGenErrText = getString();
  readGenErrAt = getI64();
  spillErrSync = getBool();
  pendingSpillErr = getBool();
  pendingSpillText = getString();
  pendingSpillAt = getI64();
  curGen = getU64();
  validBytes = getI64();
  const pos = getI64();
  loadSpill(inputPtr + <usize> (pos - inputBase));
  clearFrontier();
  sampleNext = 0;
  sampleCount = 0;
  nextSampleTime = i64.MAX_VALUE;
  boundaryPending = true; // this boundary was reported when it was saved
}

/** The window moved: the next generation's bytes now start at this file offset's place. */
export function rebaseWindow(oldNextOffset: i64): void {
  setNextPosKeepSpill(inputPtr + <usize> (oldNextOffset - inputBase));
}

/** File offset where the next generation starts (the host keeps the window from there). */
export function nextOffset(): i64 {
  return offsetOf(nextPos);
}

/** The reader's part of the canonical state (v2/canon.ts): flags and the generation. */
export function putReaderCanon(): void {
  putBool(done);
  putBool(haveGen);
  putBool(readGenErr);
  putBool(spillErrSync);
  putBool(pendingSpillErr);
  putBool(nextSpilled);
  putBool(hasSpillErr);
  putU64(curGen);
}
