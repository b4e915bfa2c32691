// The thread view's generator (Go's cmd/trace threadgen.go): a lane per M, the OS
// thread. A goroutine's slice is the time it runs on a thread, syscalls included, so a
// syscall that blocks stays on its thread; a thread's lane shows its procs' starts and
// stops. No Deno APIs.

import { GoState } from "../../trace/kinds.ts";
import { executingG, NO_RES, TimelineGenerator } from "./common.ts";

export class ThreadGenerator extends TimelineGenerator {
  // Threads seen, in order.
  readonly #threads = new Set<number>();

  protected res(i: number): number {
    return this.t.mId[this.t.ctxM[this.b.ctx[i]]];
  }

  #seen(m: number): number {
    if (m !== NO_RES) this.#threads.add(m);
    return m;
  }

  protected override procTransition(i: number): void {
    this.procInstant(i, this.#seen(this.res(i)));
  }

  // A thread stays valid while a goroutine waits for the network: no Network lane.
  protected override networkLane(resource: number): number {
    return resource;
  }

  protected goTransition(i: number): void {
    const b = this.b;
    const evThread = this.#seen(this.res(i));
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    const gs = this.transitioning(i);
    if (from === to) return;
    const ts = b.time[i];
    const stk = b.stack[i];
    if (executingG(from) && !executingG(to)) {
      if (to === GoState.Waiting) gs.startBlockReason = this.blockReason(i);
      this.stop(gs, ts, stk, i);
    }
    if (!executingG(from) && executingG(to)) {
      this.start(gs, from === GoState.Undetermined ? this.startTime : ts, evThread);
    }
    if (from === GoState.Waiting) this.unblock(gs, ts, stk, evThread, i);
    if (from === GoState.NotExist && to === GoState.Runnable && evThread !== NO_RES) {
      this.setStartCause(gs, ts, "go", evThread, stk);
    }
    if (from === GoState.Syscall) this.syscallEnd(gs, ts, to !== GoState.Running);
    if (to === GoState.Syscall) {
      const start = from === GoState.Undetermined ? this.startTime : ts;
      this.syscallBegin(gs, start, evThread, stk);
    }
    this.transitioned(gs, i, from, to);
  }

  protected override saveView(): number[] {
    return [...this.#threads];
  }

  protected override restoreView(view: unknown): void {
    for (const m of view as number[]) this.#threads.add(m);
  }

  protected finishView(): void {
    const e = this.e;
    e.setResourceType("OS THREADS");
    this.finishGlobalRanges();
    for (const gs of this.gs) if (gs) this.finishG(gs);
    for (const m of this.#threads) e.resource(m, `Thread ${m}`);
  }
}
