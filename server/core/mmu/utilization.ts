// Mutator utilization over time (Go: internal/trace/gc.go MutatorUtilizationV2), from the
// event columns. A series is a step function: utilization util[i] from time[i] on, the
// last point at the last event with utilization 0. Times are ns relative to
// trace.baseTime (Go uses absolute times; only differences matter downstream).
// No Deno APIs: a browser imports this.

import { Ev, GoState, isProcTransition, kindOfType } from "../trace/kinds.ts";
import type { PassOptions, Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import {
  assistGoroutine,
  labelAt,
  metricNumber,
  stwKind,
  syncNumber,
  transitionResource,
} from "../trace/event.ts";

/** Go's trace.UtilFlags bits. */
export const UtilFlags = {
  STW: 1,
  Background: 2,
  Assist: 4,
  Sweep: 8,
  PerProc: 16,
} as const;

export interface UtilSeries {
  time: Float64Array;
  util: Float64Array;
}

/** Where Go's code would panic (an index out of range): `go tool trace` drops the request. */
export class MMUPanic extends Error {}

/**
 * What proc() answers for an event Go charges to a P that does not exist: no P, or a P
 * past GOMAXPROCS. Go indexes its P table with it and panics (`go tool trace` drops the
 * request). Deliberate difference: such an event changes no P's count, and what it says
 * about the goroutine still holds. A mark assist found active on a goroutine that is not
 * running (the runtime's P-less status batch writes these) counts from when the goroutine
 * next runs, on the P it runs on; a GC goroutine that stops running without a P frees the
 * P it was counted on.
 */
const NO_P = -1;

// A growable step function with Go's addUtil rule.
class Builder {
  time = new Float64Array(16);
  util = new Float64Array(16);
  len = 1;
  /** util[len - 1], so callers can skip the (no-op) add of an unchanged value cheaply. */
  last: number;

  constructor(t: number, u: number) {
    this.time[0] = t;
    this.util[0] = u;
    this.last = u;
  }

  /** Go's addUtil: skip repeats; at an equal time keep the lower utilization. */
  add(t: number, u: number): void {
    const n = this.len;
    const last = this.util[n - 1];
    if (u === last) return;
    if (t === this.time[n - 1]) {
      if (u < last) this.util[n - 1] = this.last = u;
      return;
    }
    if (n === this.time.length) {
      const time = new Float64Array(n * 2), util = new Float64Array(n * 2);
      time.set(this.time);
      util.set(this.util);
      this.time = time;
      this.util = util;
    }
    this.time[n] = t;
    this.util[n] = this.last = u;
    this.len = n + 1;
  }

  done(): UtilSeries {
    return { time: this.time.slice(0, this.len), util: this.util.slice(0, this.len) };
  }
}

const isExecuting = (s: number) => s === GoState.Running || s === GoState.Syscall;

const enc = new TextEncoder();
const GC_STW = enc.encode("GC");
const GC_PREFIX = enc.encode("GC ");
const GC_IDLE = enc.encode("GC (idle)");
const GC_DEDICATED = enc.encode("GC (dedicated)");

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const bytesEqual = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

// What a string id means to this analysis, computed once per id.
const STR_OTHER = 1, STR_GC_STW = 2, STR_BG_WORKER = 4, STR_DEDICATED = 8;

// What an event type does here (most do nothing but mark a time).
const A_NONE = 0,
  A_SYNC = 1,
  A_PROCS = 2,
  A_STW_BEGIN = 3,
  A_STW_END = 4,
  A_SWEEP_BEGIN = 5,
  A_SWEEP_ACTIVE = 6,
  A_SWEEP_END = 7,
  A_ASSIST_BEGIN = 8,
  A_ASSIST_ACTIVE = 9,
  A_ASSIST_END = 10,
  A_G_TRANSITION = 11,
  A_LABEL = 12;

const ACTIONS = new Uint8Array(256);
ACTIONS[Ev.Sync] = A_SYNC;
ACTIONS[Ev.ProcsChange] = A_PROCS;
ACTIONS[Ev.STWBegin] = A_STW_BEGIN;
ACTIONS[Ev.STWEnd] = A_STW_END;
ACTIONS[Ev.GCSweepBegin] = A_SWEEP_BEGIN;
ACTIONS[Ev.GCSweepActive] = A_SWEEP_ACTIVE;
ACTIONS[Ev.GCSweepEnd] = A_SWEEP_END;
ACTIONS[Ev.GCMarkAssistBegin] = A_ASSIST_BEGIN;
ACTIONS[Ev.GCMarkAssistActive] = A_ASSIST_ACTIVE;
ACTIONS[Ev.GCMarkAssistEnd] = A_ASSIST_END;
ACTIONS[Ev.GoLabel] = A_LABEL;
for (let t = 0; t < 256; t++) {
  if (kindOfType(t) === "StateTransition" && !isProcTransition(t)) ACTIONS[t] = A_G_TRANSITION;
}

/** Go's MutatorUtilizationV2 state while walking the events. */
class Scan {
  readonly perProc: boolean;
  readonly wantSTW: boolean;
  readonly wantBackground: boolean;
  readonly wantAssist: boolean;
  readonly wantSweep: boolean;
  readonly out: Builder[] = [];
  // Per P (indexed by P id, as Go's ps slice): GC activity count and series number.
  ps = 0;
  gc = new Int32Array(16);
  series = new Int32Array(16);
  stw = 0;
  // Ps with gc > 0, so the system-wide utilization needs no scan over all Ps.
  busy = 0;
  /** The system-wide utilization now (Go's 1 - gcPs/len(ps)), kept up to date. */
  current = 1;
  // Per goroutine (by resource index): in a mark assist, a background mark worker, state.
  readonly inGC: Uint8Array;
  readonly bgMark: Uint8Array;
  readonly states: Uint8Array;
  /** The P a GC goroutine was counted on when it started running (for a stop without P). */
  readonly ranOn: Int32Array;
  // GOMAXPROCS changes, for the retroactive fix-up of ranges found active late.
  readonly procsTime: number[] = [];
  readonly procsN: number[] = [];
  nSync = 0;
  // Per-P mode: Ps whose series may not yet show their current utilization. Go adds a
  // point for every P after every event; for all other Ps that is a no-op.
  unsettled: number[] = [];
  isUnsettled = new Uint8Array(16);
  readonly strClass: Uint8Array;

  constructor(readonly trace: Trace, flags: number) {
    this.perProc = (flags & UtilFlags.PerProc) !== 0;
    this.wantSTW = (flags & UtilFlags.STW) !== 0;
    this.wantBackground = (flags & UtilFlags.Background) !== 0;
    this.wantAssist = (flags & UtilFlags.Assist) !== 0;
    this.wantSweep = (flags & UtilFlags.Sweep) !== 0;
    const nG = trace.gIds.length;
    this.inGC = new Uint8Array(nG);
    this.bgMark = new Uint8Array(nG);
    this.states = new Uint8Array(nG);
    this.ranOn = new Int32Array(nG).fill(NO_P);
    this.strClass = new Uint8Array(trace.stringCount);
  }

  classify(id: number): number {
    let c = this.strClass[id];
    if (c === 0) {
      const b = this.trace.stringBytesOf(id);
      c = STR_OTHER;
      if (indexOf(b, GC_STW) >= 0) c |= STR_GC_STW;
      if (indexOf(b, GC_PREFIX) === 0 && !bytesEqual(b, GC_IDLE)) c |= STR_BG_WORKER;
      if (bytesEqual(b, GC_DEDICATED)) c |= STR_DEDICATED;
      this.strClass[id] = c;
    }
    return c;
  }

  /** Go's ps[ev.Proc()]; NO_P where Go's index is out of range. */
  proc(i: number): number {
    const t = this.trace;
    const p = t.pId[t.ctxP[this.b.ctx[i]]];
    return p < 0 || p >= this.ps ? NO_P : p;
  }

  markUnsettled(p: number): void {
    if (!this.isUnsettled[p]) {
      this.isUnsettled[p] = 1;
      this.unsettled.push(p);
    }
  }

  gcInc(p: number): void {
    if (p === NO_P) return;
    if (++this.gc[p] === 1) this.busy++;
    if (this.perProc) this.markUnsettled(p);
    this.updateCurrent();
  }

  gcDec(p: number): void {
    if (p === NO_P) return;
    if (this.gc[p]-- === 1) this.busy--;
    if (this.perProc) this.markUnsettled(p);
    this.updateCurrent();
  }

  setSTW(v: number): void {
    if ((this.stw > 0) !== (v > 0) && this.perProc) {
      for (let p = 0; p < this.ps; p++) this.markUnsettled(p);
    }
    this.stw = v;
    this.updateCurrent();
  }

  /** A GOMAXPROCS change: end the series of removed Ps, start new ones. */
  setProcs(t: number, max: number): void {
    const { out, perProc } = this;
    if (this.ps > max) {
      for (let p = max; p < this.ps; p++) {
        if (perProc) out[this.series[p]].add(t, 0);
        if (this.gc[p] > 0) this.busy--;
      }
      this.ps = max;
      if (perProc) {
        for (const p of this.unsettled) if (p >= max) this.isUnsettled[p] = 0;
        this.unsettled = this.unsettled.filter((p) => p < max);
      }
    }
    if (this.ps < max) {
      if (max > this.gc.length) {
        const grow = <A extends Int32Array | Uint8Array>(a: A, b: A) => (b.set(a), b);
        this.gc = grow(this.gc, new Int32Array(max));
        this.series = grow(this.series, new Int32Array(max));
        this.isUnsettled = grow(this.isUnsettled, new Uint8Array(max));
      }
      for (let p = this.ps; p < max; p++) {
        let s = 0;
        if (perProc || out.length === 0) {
          s = out.length;
          out.push(new Builder(t, 1));
        }
        this.gc[p] = 0;
        this.series[p] = s;
        if (perProc) this.markUnsettled(p);
      }
      this.ps = max;
    }
    if (max > 0) this.updateCurrent();
    const n = this.procsN.length;
    if (n === 0 || max !== this.procsN[n - 1]) {
      this.procsTime.push(t);
      this.procsN.push(max);
    }
  }

  /**
   * A range found already active before the trace started, while no complete generation
   * has been seen: take 1/GOMAXPROCS off everything recorded so far (system mode only).
   */
  fixUpActive(): void {
    const s0 = this.out[0];
    const { procsTime, procsN } = this;
    let mi = 0, pi = 0;
    while (mi < s0.len) {
      if (pi < procsN.length - 1 && procsTime[pi + 1] < s0.time[mi]) {
        pi++;
        continue;
      }
      s0.util[mi] -= 1 / procsN[pi];
      if (s0.util[mi] < 0) s0.util[mi] = 0;
      mi++;
    }
    s0.last = s0.util[s0.len - 1];
  }

  /** Per-P mode: Go's addUtil for every P, done for those it is not a no-op for. */
  settle(t: number): void {
    const still: number[] = [];
    for (const p of this.unsettled) {
      const u = this.stw > 0 || this.gc[p] > 0 ? 0 : 1;
      const s = this.out[this.series[p]];
      s.add(t, u);
      if (s.util[s.len - 1] === u) this.isUnsettled[p] = 0;
      else still.push(p);
    }
    this.unsettled = still;
  }

  updateCurrent(): void {
    this.current = 1 - (this.stw > 0 ? this.ps : this.busy) / this.ps;
  }

  /** A goroutine that is in a mark assist or is a mark worker starts or stops running. */
  gcTransition(i: number, st: number): void {
    const was = isExecuting(st >> 4), is = isExecuting(st & 15);
    if (was === is) return;
    const g = this.b.a0[i];
    const p = this.proc(i);
    if (is) {
      this.gcInc(p);
      this.ranOn[g] = p;
    } else {
      // Go's rule, unless the event has no P: then the P it was counted on.
      const q = p === NO_P ? this.ranOn[g] : p;
      this.gcDec(q < this.ps ? q : NO_P);
      this.ranOn[g] = NO_P;
    }
  }

  /** Every event but goroutine transitions and those with nothing to do. */
  handle(i: number, action: number, t: number): void {
    const b = this.b, ctx = b.ctx;
    const ctxG = this.trace.ctxG;
    if (action === A_SYNC) this.nSync = syncNumber(b, i);
    else if (action === A_PROCS) this.setProcs(t, metricNumber(b, i));
    // Nothing to do until GOMAXPROCS is known.
    if (this.ps === 0) return;

    if (action === A_ASSIST_ACTIVE || action === A_SWEEP_ACTIVE) {
      // Active ranges are news only until a whole generation has been seen; then they
      // are ignored. Before that they act as range beginnings, after a fix-up.
      if (this.nSync > 1) return;
      if (!this.perProc) {
        const running = action === A_ASSIST_ACTIVE && this.wantAssist &&
          isExecuting(this.states[ctxG[ctx[i]]]);
        if (running || (action === A_SWEEP_ACTIVE && this.wantSweep)) this.fixUpActive();
      }
    }
    switch (action) {
      case A_STW_BEGIN:
        if (this.wantSTW && this.classify(stwKind(b, i)) & STR_GC_STW) this.setSTW(this.stw + 1);
        break;
      case A_STW_END:
        if (this.wantSTW && this.classify(stwKind(b, i)) & STR_GC_STW) this.setSTW(this.stw - 1);
        break;
      case A_SWEEP_BEGIN:
      case A_SWEEP_ACTIVE:
        if (this.wantSweep) this.gcInc(this.proc(i));
        break;
      case A_SWEEP_END:
        if (this.wantSweep) this.gcDec(this.proc(i));
        break;
      case A_ASSIST_BEGIN:
      case A_ASSIST_ACTIVE:
        if (this.wantAssist) {
          this.gcInc(this.proc(i));
          const g = action === A_ASSIST_ACTIVE ? assistGoroutine(b, i) : ctxG[ctx[i]];
          if (g !== 0) this.inGC[g] = 1;
        }
        break;
      case A_ASSIST_END:
        if (this.wantAssist) {
          this.gcDec(this.proc(i));
          const g = ctxG[ctx[i]];
          if (g !== 0) this.inGC[g] = 0;
        }
        break;
      case A_LABEL:
        if (this.wantBackground) {
          const c = this.classify(labelAt(b, i));
          // In per-P mode dedicated workers do not count: they take the whole P, so they
          // do not delay goroutines directly.
          if (c & STR_BG_WORKER && !(this.perProc && c & STR_DEDICATED)) {
            this.bgMark[ctxG[ctx[i]]] = 1;
            this.gcInc(this.proc(i));
          }
        }
        break;
    }
  }

  // The hot loop stays small: goroutine transitions (most events) are handled inline,
  // everything rarer in handle(), so the optimizer is not thrown off by rare paths.
  /** The block being read. */
  b!: EventBlock;
  #ready = false;
  #out0: Builder | undefined;

  /** Reads the rows of block b among events [0, end). */
  feed(b: EventBlock, end: number): void {
    this.b = b;
    const { time, type, state } = b;
    const { perProc, inGC, bgMark, states } = this;
    let ready = this.#ready;
    let out0 = this.#out0;
    const n = Math.min(b.count, end - b.first);
    for (let i = 0; i < n; i++) {
      const action = ACTIONS[type[i]];
      if (action === A_G_TRANSITION) {
        if (!ready) continue;
        const g = transitionResource(b, i);
        const st = state[i];
        if (inGC[g] | bgMark[g]) this.gcTransition(i, st);
        states[g] = st & 15;
      } else if (action !== A_NONE) {
        this.handle(i, action, time[i]);
        ready = this.ps > 0;
        if (!ready) continue;
        out0 = this.out[0];
      } else if (!ready) continue;

      // Go adds a point after every event; only a changed value can do anything, and
      // testing for that here spares a call (and a boxed time) per event.
      if (!perProc) {
        const u = this.current;
        if (u !== out0!.last) out0!.add(time[i], u);
      } else if (this.unsettled.length > 0) this.settle(time[i]);
    }
    this.#ready = ready;
    this.#out0 = out0;
  }
}

/**
 * Go's MutatorUtilizationV2(events[:validCount], flags): one series (or one per P with
 * UtilFlags.PerProc), or null when there are no events at all. Where Go would panic on
 * an event without a P, see NO_P.
 */
export async function mutatorUtilization(
  trace: Trace,
  flags: number,
  opts: PassOptions = {},
): Promise<UtilSeries[] | null> {
  const n = trace.validCount;
  if (n === 0) return null;
  const scan = new Scan(trace, flags);
  for await (const b of trace.eachSlice(0, trace.blockOf(n - 1) + 1, opts)) scan.feed(b, n);
  // Every series ends at the last event with utilization 0.
  const end = trace.validEndTime;
  for (let p = 0; p < scan.ps; p++) scan.out[scan.series[p]].add(end, 0);
  return scan.out.map((b) => b.done());
}
