// Mutator utilization over time (Go: internal/trace/gc.go MutatorUtilizationV2), from the
// event columns. A series is a step function: utilization util[i] from time[i] on, the
// last point at the last event with utilization 0. Times are ns relative to
// trace.baseTime (Go uses absolute times; only differences matter downstream).
// No Deno APIs: a browser imports this.

import { Ev, GoState, isProcTransition, kindOfType } from "../trace/kinds.ts";
import type { Trace } from "../trace/trace.ts";

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

// A growable step function with Go's addUtil rule.
class Builder {
  time = new Float64Array(16);
  util = new Float64Array(16);
  len = 0;

  constructor(t: number, u: number) {
    this.time[0] = t;
    this.util[0] = u;
    this.len = 1;
  }

  /** Go's addUtil: skip repeats; at an equal time keep the lower utilization. */
  add(t: number, u: number): void {
    const n = this.len;
    if (n > 0) {
      const last = this.util[n - 1];
      if (u === last) return;
      if (t === this.time[n - 1]) {
        if (u < last) this.util[n - 1] = u;
        return;
      }
    }
    if (n === this.time.length) {
      const time = new Float64Array(n * 2), util = new Float64Array(n * 2);
      time.set(this.time);
      util.set(this.util);
      this.time = time;
      this.util = util;
    }
    this.time[n] = t;
    this.util[n] = u;
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

/**
 * Go's MutatorUtilizationV2(events[:validCount], flags): one series (or one per P with
 * UtilFlags.PerProc), or null when there are no events at all. Throws MMUPanic where Go
 * would panic.
 */
export function mutatorUtilization(trace: Trace, flags: number): UtilSeries[] | null {
  const n = trace.validCount;
  if (n === 0) return null;
  const perProc = (flags & UtilFlags.PerProc) !== 0;
  const wantSTW = (flags & UtilFlags.STW) !== 0;
  const wantBackground = (flags & UtilFlags.Background) !== 0;
  const wantAssist = (flags & UtilFlags.Assist) !== 0;
  const wantSweep = (flags & UtilFlags.Sweep) !== 0;
  const { time, type, state, ctx, a0, a1, ctxP, ctxG, pId } = trace;

  const strClass = new Uint8Array(trace.stringCount);
  const classify = (id: number): number => {
    let c = strClass[id];
    if (c === 0) {
      const b = trace.stringBytesOf(id);
      c = STR_OTHER;
      if (indexOf(b, GC_STW) >= 0) c |= STR_GC_STW;
      if (indexOf(b, GC_PREFIX) === 0 && !bytesEqual(b, GC_IDLE)) c |= STR_BG_WORKER;
      if (bytesEqual(b, GC_DEDICATED)) c |= STR_DEDICATED;
      strClass[id] = c;
    }
    return c;
  };

  const out: Builder[] = [];
  // Per P (indexed by P id, as Go's ps slice): GC activity count and series number.
  let ps = 0;
  let gc = new Int32Array(16);
  let series = new Int32Array(16);
  let stw = 0;
  // Per goroutine (by resource index): in a mark assist, a background mark worker, state.
  const nG = trace.gIds.length;
  const inGC = new Uint8Array(nG);
  const bgMark = new Uint8Array(nG);
  const states = new Uint8Array(nG);
  // GOMAXPROCS changes, for the retroactive fix-up below.
  const procsTime: number[] = [];
  const procsN: number[] = [];
  let nSync = 0;
  // Ps with gc > 0, so the system-wide utilization needs no scan over all Ps.
  let busy = 0;
  // Per-P mode: Ps whose series may not yet show their current utilization (Go adds a
  // point for every P after every event; for the others that is a no-op).
  let unsettled: number[] = [];
  let isUnsettled = new Uint8Array(16);

  const markUnsettled = (p: number) => {
    if (!isUnsettled[p]) {
      isUnsettled[p] = 1;
      unsettled.push(p);
    }
  };
  const procIndex = (i: number): number => {
    const p = pId[ctxP[ctx[i]]];
    if (p < 0 || p >= ps) throw new MMUPanic(`index out of range [${p}] with length ${ps}`);
    return p;
  };
  const gcInc = (p: number) => {
    if (++gc[p] === 1) busy++;
    if (perProc) markUnsettled(p);
  };
  const gcDec = (p: number) => {
    if (gc[p]-- === 1) busy--;
    if (perProc) markUnsettled(p);
  };
  const setStw = (v: number) => {
    if ((stw > 0) !== (v > 0) && perProc) { for (let p = 0; p < ps; p++) markUnsettled(p); }
    stw = v;
  };

  for (let i = 0; i < n; i++) {
    const typ = type[i];
    const t = time[i];
    if (typ === Ev.Sync) nSync = a0[i];
    else if (typ === Ev.ProcsChange) {
      const max = a0[i] + a1[i] * 2 ** 32;
      if (ps > max) {
        if (perProc) { for (let p = max; p < ps; p++) out[series[p]].add(t, 0); }
        for (let p = max; p < ps; p++) if (gc[p] > 0) busy--;
        ps = max;
        if (perProc) {
          for (const p of unsettled) if (p >= max) isUnsettled[p] = 0;
          unsettled = unsettled.filter((p) => p < max);
        }
      }
      if (ps < max) {
        if (max > gc.length) {
          const grow = (a: Int32Array) => {
            const b = new Int32Array(max);
            b.set(a);
            return b;
          };
          gc = grow(gc);
          series = grow(series);
          const u = new Uint8Array(max);
          u.set(isUnsettled);
          isUnsettled = u;
        }
        for (let p = ps; p < max; p++) {
          let s = 0;
          if (perProc || out.length === 0) {
            s = out.length;
            out.push(new Builder(t, 1));
          }
          gc[p] = 0;
          series[p] = s;
          if (perProc) markUnsettled(p);
        }
        ps = max;
      }
      if (procsN.length === 0 || max !== procsN[procsN.length - 1]) {
        procsTime.push(t);
        procsN.push(max);
      }
    }
    // Nothing to do until GOMAXPROCS is known.
    if (ps === 0) continue;

    const kind = kindOfType(typ);
    let rangeBegin = kind === "RangeBegin";
    if (kind === "RangeActive" && nSync <= 1) {
      // A range already in progress when the trace started: with no complete generation
      // seen yet, this is news, and the time since the start must be fixed up.
      const assist = typ === Ev.GCMarkAssistActive && wantAssist;
      const sweep = typ === Ev.GCSweepActive && wantSweep;
      const running = assist && isExecuting(states[ctxG[ctx[i]]]);
      if ((running || sweep) && !perProc) {
        // Take 1/GOMAXPROCS off everything recorded so far.
        const s0 = out[0];
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
      }
      // From here on it is a range beginning.
      rangeBegin = true;
    }
    if (rangeBegin) {
      if (typ === Ev.STWBegin) {
        if (wantSTW && classify(a0[i]) & STR_GC_STW) setStw(stw + 1);
      } else if (typ === Ev.GCSweepBegin || typ === Ev.GCSweepActive) {
        if (wantSweep) gcInc(procIndex(i));
      } else if (typ === Ev.GCMarkAssistBegin || typ === Ev.GCMarkAssistActive) {
        if (wantAssist) {
          gcInc(procIndex(i));
          const g = typ === Ev.GCMarkAssistActive ? a0[i] : ctxG[ctx[i]];
          if (g !== 0) inGC[g] = 1;
        }
      }
    } else if (kind === "RangeEnd") {
      if (typ === Ev.STWEnd) {
        if (wantSTW && classify(a0[i]) & STR_GC_STW) setStw(stw - 1);
      } else if (typ === Ev.GCSweepEnd) {
        if (wantSweep) gcDec(procIndex(i));
      } else if (typ === Ev.GCMarkAssistEnd) {
        if (wantAssist) {
          gcDec(procIndex(i));
          const g = ctxG[ctx[i]];
          if (g !== 0) inGC[g] = 0;
        }
      }
    } else if (kind === "StateTransition" && !isProcTransition(typ)) {
      const g = a0[i];
      const st = state[i];
      const now = st & 15;
      if (inGC[g] || bgMark[g]) {
        const was = isExecuting(st >> 4), is = isExecuting(now);
        if (!was && is) gcInc(procIndex(i));
        else if (was && !is) gcDec(procIndex(i));
      }
      states[g] = now;
    } else if (typ === Ev.GoLabel && wantBackground) {
      const c = classify(a0[i]);
      // In per-P mode dedicated workers do not count: they take the whole P, so they do
      // not delay the goroutines directly.
      if (c & STR_BG_WORKER && !(perProc && c & STR_DEDICATED)) {
        bgMark[ctxG[ctx[i]]] = 1;
        gcInc(procIndex(i));
      }
    }

    if (!perProc) {
      const gcPs = stw > 0 ? ps : busy;
      out[0].add(t, 1 - gcPs / ps);
    } else if (unsettled.length > 0) {
      const still: number[] = [];
      for (const p of unsettled) {
        const u = stw > 0 || gc[p] > 0 ? 0 : 1;
        const s = out[series[p]];
        s.add(t, u);
        if (s.util[s.len - 1] === u) isUnsettled[p] = 0;
        else still.push(p);
      }
      unsettled = still;
    }
  }

  // Every series ends at the last event with utilization 0.
  const end = time[n - 1];
  for (let p = 0; p < ps; p++) out[series[p]].add(end, 0);
  return out.map((b) => b.done());
}
