// Merging the per-P event streams into one (Go: parseEventBatches and tracev1/order.go).
// Within a P events are in order. Across Ps, an event may be merged only once the
// goroutine it concerns has reached the (sequence number, status) the event expects;
// among the events that are ready, the earliest by timestamp goes next, chosen with the
// same binary heap Go uses. CPU samples form one more stream, always ready.

import { fail } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import { sortIndicesByKeyRaw } from "../util/go_sort";
import { LOAD_EOF, LOAD_ERR, LOAD_OK, loadBatch, resetBatches } from "./batches";
import {
  CHUNK,
  REC_SIZE,
  recA0,
  recA1,
  RecChunks,
  recG,
  recPos,
  recTs,
  recType,
  RecVec,
  setRecType,
} from "./record";
import { pids, pidSlot, samples } from "./scan";
import * as S from "./specs";
import { park, resetWaitlist, waiting, wake } from "./waitlist";

/** The merged stream (Go: the Events that parseEventBatches returns). */
export const merged = new RecChunks();

// Goroutine states of the ordering (Go: gStatus), and the sequence sentinels.
const gDead: u8 = 0;
const gRunnable: u8 = 1;
const gRunning: u8 = 2;
const gWaiting: u8 = 3;
const UNORDERED: u64 = u64.MAX_VALUE; // also Go's noseq: "any sequence number"
const NOSEQ: u64 = u64.MAX_VALUE;
const SEQINC: u64 = u64.MAX_VALUE - 1;
const GARBAGE: u64 = u64.MAX_VALUE - 1; // the pseudo-goroutine that orders GCs

// Go's stateTransition as a table. Which goroutine an event is ordered on:
// 0: on no goroutine
const ON_G: u8 = 1; // the event's G
const ON_A0: u8 = 2; // its first argument
const ON_GC: u8 = 3;
// Sequence numbers, before (init) and after (next) the event:
const SEQ_ANY: u8 = 0; // init: any; next: unchanged (Go: noseq)
const SEQ_INC: u8 = 1; // next: current + 1 (Go: seqinc)
const SEQ_0: u8 = 2;
const SEQ_1: u8 = 3;
const SEQ_2: u8 = 4;
const SEQ_A0: u8 = 5;
const SEQ_A0_1: u8 = 6; // a0 + 1
const SEQ_A1: u8 = 7;
const SEQ_A1_1: u8 = 8;

const ordOn = new StaticArray<u8>(S.EV_COUNT);
const ordInitSeq = new StaticArray<u8>(S.EV_COUNT);
const ordInitSt = new StaticArray<u8>(S.EV_COUNT);
const ordNextSeq = new StaticArray<u8>(S.EV_COUNT);
const ordNextSt = new StaticArray<u8>(S.EV_COUNT);

function ord(typ: u8, on: u8, initSeq: u8, initSt: u8, nextSeq: u8, nextSt: u8): void {
  ordOn[typ] = on;
  ordInitSeq[typ] = initSeq;
  ordInitSt[typ] = initSt;
  ordNextSeq[typ] = nextSeq;
  ordNextSt[typ] = nextSt;
}

ord(S.EvGoCreate, ON_A0, SEQ_0, gDead, SEQ_1, gRunnable);
ord(S.EvGoWaiting, ON_G, SEQ_1, gRunnable, SEQ_2, gWaiting);
ord(S.EvGoInSyscall, ON_G, SEQ_1, gRunnable, SEQ_2, gWaiting);
ord(S.EvGoStart, ON_G, SEQ_A1, gRunnable, SEQ_A1_1, gRunning);
ord(S.EvGoStartLabel, ON_G, SEQ_A1, gRunnable, SEQ_A1_1, gRunning);
ord(S.EvGoStartLocal, ON_G, SEQ_ANY, gRunnable, SEQ_INC, gRunning);
const blocks: u8[] = [
  S.EvGoBlock,
  S.EvGoBlockSend,
  S.EvGoBlockRecv,
  S.EvGoBlockSelect,
  S.EvGoBlockSync,
  S.EvGoBlockCond,
  S.EvGoBlockNet,
  S.EvGoSleep,
  S.EvGoSysBlock,
  S.EvGoBlockGC,
];
for (let i = 0; i < blocks.length; i++) ord(blocks[i], ON_G, SEQ_ANY, gRunning, SEQ_ANY, gWaiting);
ord(S.EvGoSched, ON_G, SEQ_ANY, gRunning, SEQ_ANY, gRunnable);
ord(S.EvGoPreempt, ON_G, SEQ_ANY, gRunning, SEQ_ANY, gRunnable);
ord(S.EvGoUnblock, ON_A0, SEQ_A1, gWaiting, SEQ_A1_1, gRunnable);
ord(S.EvGoSysExit, ON_A0, SEQ_A1, gWaiting, SEQ_A1_1, gRunnable);
ord(S.EvGoUnblockLocal, ON_A0, SEQ_ANY, gWaiting, SEQ_INC, gRunnable);
ord(S.EvGoSysExitLocal, ON_A0, SEQ_ANY, gWaiting, SEQ_INC, gRunnable);
ord(S.EvGCStart, ON_GC, SEQ_A0, gDead, SEQ_A0_1, gDead);

function seqValue(code: u8, r: usize): u64 {
  switch (code) {
    case SEQ_INC:
      return SEQINC;
    case SEQ_0:
      return 0;
    case SEQ_1:
      return 1;
    case SEQ_2:
      return 2;
    case SEQ_A0:
      return recA0(r);
    case SEQ_A0_1:
      return recA0(r) + 1;
    case SEQ_A1:
      return recA1(r);
    case SEQ_A1_1:
      return recA1(r) + 1;
  }
  return NOSEQ;
}

/** The goroutine event r is ordered on, or UNORDERED. */
function orderedOn(r: usize): u64 {
  const on = ordOn[recType(r)];
  if (on == ON_G) return recG(r);
  if (on == ON_A0) return recA0(r);
  if (on == ON_GC) return GARBAGE;
  return UNORDERED;
}

// Goroutine ordering state (Go: map[uint64]gState; absent = (0, dead)).
const gIndex = new IdMap(S.DENSE_IDS);
const gSeq = new Vec<u64>();
const gSt = new Vec<u8>();

function gSlot(g: u64): i32 {
  let i = gIndex.get(g);
  if (i == NONE) {
    i = <u32> gSeq.push(0);
    gSt.push(gDead);
    gIndex.set(g, i);
  }
  return <i32> i;
}

/** Go's transitionReady. */
function ready(g: u64, r: usize): bool {
  if (g == UNORDERED) return true;
  const typ = recType(r);
  const i = gIndex.get(g);
  const seq: u64 = i == NONE ? 0 : gSeq[<i32> i];
  const st: u8 = i == NONE ? gDead : gSt[<i32> i];
  const want = seqValue(ordInitSeq[typ], r);
  return (want == NOSEQ || want == seq) && ordInitSt[typ] == st;
}

// Procs: one per P with batches, then the CPU-sample stream. Each holds its current
// batch in a buffer of its own; `scratch` is swapped in when a batch is decoded.
const procSlot = new Vec<i32>(); // P slot in scan.pids, or -1
const procBuf = new Vec<usize>();
const procCap = new Vec<i32>();
const procLen = new Vec<i32>();
const procPos = new Vec<i32>();
let procCount: i32 = 0;
const scratch = new RecVec();

// The frontier: a binary min-heap of procs keyed by the time of the event each offers
// (Go: orderEventList with heapUp/heapDown; the same algorithm, so ties fall the same way
// for the same push order).
const heapProc = new Vec<i32>();
const heapTs = new Vec<i64>();

function heapSwap(i: i32, j: i32): void {
  const p = heapProc[i];
  heapProc[i] = heapProc[j];
  heapProc[j] = p;
  const t = heapTs[i];
  heapTs[i] = heapTs[j];
  heapTs[j] = t;
}

function heapPush(proc: i32, ts: i64): void {
  heapProc.push(proc);
  heapTs.push(ts);
  let j = heapProc.len - 1;
  while (true) {
    const i = (j - 1) / 2;
    if (i == j || !(heapTs[j] < heapTs[i])) break;
    heapSwap(i, j);
    j = i;
  }
}

function heapPop(): i32 {
  const n = heapProc.len - 1;
  heapSwap(0, n);
  let i = 0;
  while (true) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && heapTs[j2] < heapTs[j1]) j = j2;
    if (!(heapTs[j] < heapTs[i])) break;
    heapSwap(i, j);
    i = j;
  }
  heapTs.pop();
  return heapProc.pop();
}

const woken = new Vec<i32>();
let started = false;

export function resetMerge(): void {
  merged.free();
  gIndex.clear();
  gSeq.clear();
  gSt.clear();
  procSlot.clear();
  procBuf.clear();
  procCap.clear();
  procLen.clear();
  procPos.clear();
  heapProc.clear();
  heapTs.clear();
  woken.clear();
  avail.clear();
  posOf.clear();
  exam.clear();
  pendingExam.clear();
  scratch.free();
  sortedSamples.free();
  started = false;
}

/** Sets up the procs; CPU samples are sorted by their real timestamps first. */
export function beginMerge(): void {
  resetBatches();
  for (let i = 0; i < pids.len; i++) addProc(i, 0, 0, 0);
  // Go sorts samples with slices.SortFunc (unstable), then merges them as ProfileP.
  const n = samples.len;
  const keys = new Vec<i64>();
  const order = new Vec<i32>();
  for (let i = 0; i < n; i++) {
    keys.push(recTs(samples.at(i)));
    order.push(i);
  }
  if (n > 1) sortIndicesByKeyRaw(order.ptr, n, keys.ptr);
  sortedSamples.free();
  for (let i = 0; i < n; i++) sortedSamples.push(samples.at(order[i]));
  keys.free();
  order.free();
  samples.free();
  nextSample = 0;
  sampleProc = procSlot.len;
  addProc(pidSlot(S.ProfileP), 0, 0, 0);
  procCount = procSlot.len;
  resetWaitlist(procCount);
}

// The CPU samples, sorted; the sample proc takes them a chunk at a time, like batches.
const sortedSamples = new RecChunks();
let nextSample: i32 = 0;
let sampleProc: i32 = -1;

/** Copies the next chunk of samples into `out`; false when there are none left. */
function loadSamples(out: RecVec): bool {
  const n = min(CHUNK, sortedSamples.len - nextSample);
  if (n <= 0) return false;
  out.clear();
  out.reserveExact(n);
  memory.copy(out.ptr, sortedSamples.at(nextSample), <usize> n * REC_SIZE); // one chunk
  out.len = n;
  sortedSamples.release(nextSample / CHUNK);
  nextSample += n;
  return true;
}

function addProc(slot: i32, buf: usize, cap: i32, len: i32): void {
  procSlot.push(slot);
  procBuf.push(buf);
  procCap.push(cap);
  procLen.push(len);
  procPos.push(0);
}

export const MERGE_MORE: i32 = 0;
export const MERGE_DONE: i32 = 1;
export const MERGE_ERR: i32 = 2;

// Go's availableProcs: the procs not on the frontier, in the order Go's loop keeps them
// (it removes a proc by moving the last one into its place, and appends the proc whose
// event was just merged). Which ready event is pushed first decides how the frontier
// heap breaks timestamp ties, so we keep this order exactly. Go rescans the whole list
// after every event; only the procs whose event may have become ready need a look (the
// one just merged and those the transition woke), so we visit just those, in the
// positions Go's scan would reach them.
const avail = new Vec<i32>();
const posOf = new Vec<i32>(); // position in avail, or -1
const exam = new Vec<i32>(); // procs to look at in this scan

/** Merges up to `budget` more events. */
export function mergeStep(budget: i32): i32 {
  if (!started) {
    started = true;
    // Go starts from map order; we use first appearance, then the CPU-sample stream.
    for (let i = 0; i < procCount; i++) {
      posOf.push(avail.push(i));
      exam.push(i);
    }
    if (!scan()) return MERGE_ERR;
  }
  for (let n = 0; n < budget; n++) {
    if (heapProc.len == 0) {
      if (waiting > 0) {
        fail("no consistent ordering of events possible", firstWaitingPos());
        return MERGE_ERR;
      }
      freeProcs();
      return MERGE_DONE;
    }
    const proc = heapPop();
    const r = procBuf[proc] + <usize> (procPos[proc] - 1) * REC_SIZE;
    if (!apply(r)) return MERGE_ERR;
    posOf[proc] = avail.push(proc);
    exam.clear();
    for (let i = 0; i < woken.len; i++) exam.push(woken[i]);
    exam.push(proc);
    if (!scan()) return MERGE_ERR;
  }
  return MERGE_MORE;
}

const examKeys = new Vec<i64>();
const examOrder = new Vec<i32>();
const pendingExam = new Vec<bool>(); // per proc: in `exam` and not looked at yet

/** Go's scan of availableProcs, restricted to the procs in `exam`. */
function scan(): bool {
  const n = exam.len;
  while (pendingExam.len < procCount) pendingExam.push(false);
  examKeys.clear();
  examOrder.clear();
  for (let j = 0; j < n; j++) {
    examKeys.push(<i64> posOf[exam[j]]);
    examOrder.push(j);
    pendingExam[exam[j]] = true;
  }
  // Positions are distinct, so any sort gives the order Go's scan visits them in.
  if (n > 1) sortIndicesByKeyRaw(examOrder.ptr, n, examKeys.ptr);
  for (let j = 0; j < n; j++) {
    let proc = exam[examOrder[j]];
    // A removal moves avail's last proc into the freed slot; if that proc is still to be
    // looked at, Go's scan reaches it right away (it re-examines the slot).
    while (proc >= 0 && pendingExam[proc]) {
      pendingExam[proc] = false;
      const r = offer(proc);
      if (r == OFFER_ERR) return false;
      proc = r == OFFER_PARKED ? -1 : removeAvail(proc);
    }
  }
  exam.clear();
  return true;
}

/** Removes proc from avail (Go's swap-remove); returns the proc moved into its slot, or -1. */
function removeAvail(proc: i32): i32 {
  const p = posOf[proc];
  const last = avail.pop();
  posOf[proc] = -1;
  if (last == proc) return -1;
  avail[p] = last;
  posOf[last] = p;
  return last;
}

const OFFER_PUSHED: i32 = 0;
const OFFER_DONE: i32 = 1;
const OFFER_PARKED: i32 = 2;
const OFFER_ERR: i32 = 3;

/**
 * Offers the next event of a proc: decodes its next batches while it has none, then puts
 * the event on the frontier if it is ready, else parks the proc until it is.
 */
function offer(proc: i32): i32 {
  while (procPos[proc] == procLen[proc]) {
    const r = proc == sampleProc && loadSamples(scratch)
      ? LOAD_OK
      : loadBatch(procSlot[proc], scratch);
    if (r == LOAD_EOF) {
      // Done: its buffer is not needed any more.
      if (procBuf[proc] != 0) heap.free(procBuf[proc]);
      procBuf[proc] = 0;
      procCap[proc] = 0;
      procLen[proc] = 0;
      procPos[proc] = 0;
      return OFFER_DONE;
    }
    if (r == LOAD_ERR) return OFFER_ERR;
    // Swap buffers: the proc keeps the batch, its old buffer becomes the scratch.
    const buf = procBuf[proc];
    const cap = procCap[proc];
    procBuf[proc] = scratch.ptr;
    procCap[proc] = scratch.cap;
    procLen[proc] = scratch.len;
    procPos[proc] = 0;
    scratch.ptr = buf;
    scratch.cap = cap;
    scratch.len = 0;
  }
  const r = procBuf[proc] + <usize> procPos[proc] * REC_SIZE;
  const g = orderedOn(r);
  if (ready(g, r)) {
    procPos[proc] = procPos[proc] + 1;
    heapPush(proc, recTs(r));
    return OFFER_PUSHED;
  }
  const typ = recType(r);
  park(proc, g, ordInitSt[typ], seqValue(ordInitSeq[typ], r));
  return OFFER_PARKED;
}

// Go's renaming of the "Local" variants, which only matter for ordering.
function plainType(typ: u8): u8 {
  if (typ == S.EvGoStartLocal) return S.EvGoStart;
  if (typ == S.EvGoUnblockLocal) return S.EvGoUnblock;
  if (typ == S.EvGoSysExitLocal) return S.EvGoSysExit;
  return typ;
}

/** Appends event r to the stream and applies its transition (Go: transition). */
function apply(r: usize): bool {
  const typ = recType(r);
  merged.push(r);
  setRecType(merged.at(merged.len - 1), plainType(typ));
  woken.clear();
  const g = orderedOn(r);
  if (g == UNORDERED) return true;
  if (!ready(g, r)) {
    // Possible only when two Ps hold events for one goroutine (corrupt data).
    return fail("encountered impossible goroutine state transition", recPos(r));
  }
  const i = gSlot(g);
  let seq = seqValue(ordNextSeq[typ], r);
  if (seq == NOSEQ) seq = gSeq[i];
  else if (seq == SEQINC) seq = gSeq[i] + 1;
  const st = ordNextSt[typ];
  gSeq[i] = seq;
  gSt[i] = st;
  wake(g, st, seq, woken);
  if (seq != NOSEQ) wake(g, st, NOSEQ, woken);
  return true;
}

function firstWaitingPos(): i64 {
  // A parked proc has an unconsumed event at its position.
  for (let i = 0; i < procCount; i++) {
    if (procPos[i] < procLen[i]) return recPos(procBuf[i] + <usize> procPos[i] * REC_SIZE);
  }
  return -1;
}

function freeProcs(): void {
  for (let i = 0; i < procCount; i++) {
    if (procBuf[i] != 0) heap.free(procBuf[i]);
    procBuf[i] = 0;
    procCap[i] = 0;
    procLen[i] = 0;
  }
  scratch.free();
}
