// The proc view's generator (Go's cmd/trace procgen.go): a lane per P. A goroutine's
// slice is the time it holds a P, so a syscall that blocks (its P stops or is stolen)
// ends there and "exit blocked syscall" marks its return; sweeps show on their P.
// No Deno APIs.

import { Ev, GoState } from "../../trace/kinds.ts";
import { SliceKind } from "../event.ts";
import { executingG, type GState, NO_RES, type OpenRange, TimelineGenerator } from "./common.ts";

interface ProcView {
  /** Goroutine indexes in a syscall by P index (-1: none). */
  inSyscall: number[];
  maxProc: number;
  procRanges: Map<number, OpenRange & { name: string }>;
}

export class ProcGenerator extends TimelineGenerator {
  // The goroutine in a syscall on each P (by P index).
  readonly #inSyscall: (GState | undefined)[] = new Array(this.t.pId.length);
  #maxProc = 0;
  // Proc ranges by P index (only sweep is proc-scoped).
  readonly #procRanges = new Map<number, OpenRange & { name: string }>();

  protected res(i: number): number {
    return this.t.pId[this.t.ctxP[this.b.ctx[i]]];
  }

  protected override procTransition(i: number): void {
    const proc = this.t.pId[this.b.a0[i]];
    this.#maxProc = Math.max(this.#maxProc, proc);
    this.procInstant(i, proc);
  }

  // A goroutine still in a syscall on this P: the syscall blocked. The proc view shows
  // only the time it held the P, so it ends here.
  protected override procStopped(i: number, ts: number, stack: number): void {
    const p = this.b.a0[i];
    const gs = this.#inSyscall[p];
    if (gs) {
      this.syscallEnd(gs, ts, true);
      this.stop(gs, ts, stack, i);
      this.#inSyscall[p] = undefined;
    }
  }

  protected override procRange(i: number, phase: number): void {
    const t = this.t;
    const b = this.b;
    const name = this.rangeName(i);
    const pIdx = b.type[i] === Ev.GCSweepActive ? b.a0[i] : t.ctxP[b.ctx[i]];
    if (phase === 0) this.#procRanges.set(pIdx, { name, time: b.time[i], stack: b.stack[i] });
    else if (phase === 1) {
      if (this.seenSync < 2) {
        this.#procRanges.set(pIdx, { name, time: this.startTime, stack: b.stack[i] });
      }
    } else {
      const ar = this.#procRanges.get(pIdx) ?? { name, time: this.zeroTime, stack: 0 };
      this.rangeSlice(i, name, ar, t.pId[pIdx], SliceKind.ProcRange);
      this.#procRanges.delete(pIdx);
    }
  }

  protected goTransition(i: number): void {
    const t = this.t;
    const b = this.b;
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    const gs = this.transitioning(i);
    if (from === to) return;
    const ts = b.time[i];
    const stk = b.stack[i];
    const pIdx = t.ctxP[b.ctx[i]];
    const evProc = t.pId[pIdx];
    if (from === GoState.Running && !executingG(to)) {
      if (to === GoState.Waiting) gs.startBlockReason = this.blockReason(i);
      this.stop(gs, ts, stk, i);
    }
    if (!executingG(from) && to === GoState.Running) {
      this.start(gs, from === GoState.Undetermined ? this.startTime : ts, evProc);
    }
    if (from === GoState.Waiting) this.unblock(gs, ts, stk, evProc, i);
    if (from === GoState.NotExist && to === GoState.Runnable && evProc !== NO_RES) {
      this.setStartCause(gs, ts, "go", evProc, stk);
    }
    if (from === GoState.Syscall && to !== GoState.Running) {
      this.blockedSyscallEnd(gs, ts, stk, i);
    }
    if (to === GoState.Syscall && evProc !== NO_RES) {
      const start = from === GoState.Undetermined ? this.startTime : ts;
      this.syscallBegin(gs, start, evProc, stk);
      this.#inSyscall[pIdx] = gs;
    }
    if (from === GoState.Syscall && this.#inSyscall[pIdx] !== undefined) {
      this.syscallEnd(gs, ts, false);
      this.#inSyscall[pIdx] = undefined;
    }
    this.transitioned(gs, i, from, to);
  }

  protected override saveView(ids: Map<GState, number>): ProcView {
    return {
      inSyscall: [...this.#inSyscall].map((g) => (g ? ids.get(g) ?? -1 : -1)),
      maxProc: this.#maxProc,
      procRanges: new Map([...this.#procRanges].map(([k, v]) => [k, { ...v }])),
    };
  }

  protected override restoreView(view: unknown): void {
    const v = view as ProcView;
    v.inSyscall.forEach((idx, p) => (this.#inSyscall[p] = idx >= 0 ? this.gs[idx] : undefined));
    this.#maxProc = v.maxProc;
    for (const [k, r] of v.procRanges) this.#procRanges.set(k, { ...r });
  }

  protected finishView(): void {
    const e = this.e;
    e.setResourceType("PROCS");
    // Proc ranges first: they are within a goroutine's slice or their own.
    for (const [pIdx, ar] of this.#procRanges) {
      const ev = e.begin();
      ev.name = ar.name;
      ev.ts = ar.time;
      ev.dur = this.endTime - ar.time;
      ev.tid = this.t.pId[pIdx];
      ev.sf = e.stack(ar.stack);
      ev.stk = ar.stack;
      ev.kind = SliceKind.ProcRange;
      e.slice(ev);
    }
    this.finishGlobalRanges();
    for (const gs of this.gs) if (gs) this.finishG(gs);
    for (let p = 0; p <= this.#maxProc; p++) e.resource(p, `Proc ${p}`);
  }
}
