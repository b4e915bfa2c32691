// The goroutine view's generator (Go's cmd/trace goroutinegen.go): a lane per
// goroutine, for the goroutine and task pages (a set of goroutines, one in focus). A
// goroutine's slices are on its own lane, syscalls included; a blocked syscall's return
// shows on the Syscalls lane; tasks bring their regions. No Deno APIs.

import type { Trace } from "../../trace/trace.ts";
import { GoState } from "../../trace/kinds.ts";
import type { ViewerSink } from "../event.ts";
import { executingG, type GenOptions, NO_RES, TimelineGenerator } from "./common.ts";

export class GoroutineGenerator extends TimelineGenerator {
  constructor(trace: Trace, sink: ViewerSink, opts: GenOptions) {
    super(trace, sink, opts);
    const filter = opts.goroutines;
    if (filter) this.e.setFilter((r) => filter.has(r));
  }

  protected res(i: number): number {
    return this.t.gId[this.t.ctxG[this.b.ctx[i]]];
  }

  protected override get regions(): boolean {
    return true;
  }

  // A destroyed goroutine shown on a lane keeps its state: the lane needs its name.
  protected override keepsDead(id: number): boolean {
    return this.e.passes(id);
  }

  protected goTransition(i: number): void {
    const b = this.b;
    const st = b.state[i];
    const from = st >> 4, to = st & 15;
    const gs = this.transitioning(i);
    if (from === to) return;
    const ts = b.time[i];
    const stk = b.stack[i];
    const evG = this.res(i);
    const goID = gs.id;
    if (executingG(from) && !executingG(to)) {
      if (to === GoState.Waiting) gs.startBlockReason = this.blockReason(i);
      this.stop(gs, ts, stk, i);
    }
    if (!executingG(from) && executingG(to)) {
      this.start(gs, from === GoState.Undetermined ? this.startTime : ts, goID);
    }
    if (from === GoState.Waiting) this.unblock(gs, ts, stk, evG, i);
    if (from === GoState.NotExist && to === GoState.Runnable && evG !== NO_RES) {
      this.setStartCause(gs, ts, "go", evG, stk);
    }
    if (from === GoState.Syscall && to !== GoState.Running) {
      this.syscallEnd(gs, ts, true);
      this.blockedSyscallEnd(gs, ts, stk, i);
    } else if (from === GoState.Syscall) {
      this.syscallEnd(gs, ts, false);
    }
    if (to === GoState.Syscall) {
      const start = from === GoState.Undetermined ? this.startTime : ts;
      this.syscallBegin(gs, start, goID, stk);
    }
    this.transitioned(gs, i, from, to);
  }

  protected finishView(): void {
    const e = this.e;
    e.setResourceType("G");
    this.finishGlobalRanges();
    for (const gs of this.gs) {
      if (!gs) continue;
      this.finishG(gs);
      e.resource(gs.id, gs.fullName);
    }
    if (this.opts.focusGoroutine !== -1) e.focus(this.opts.focusGoroutine);
  }
}
