// Go's trace validator (internal/trace/testtrace/validation.go) over our Trace columns:
// the invariants Go's golden tests check on every event a successful parse returns.
// It re-derives them from the event stream alone, so it also catches a decoder that
// produces plausible-looking but inconsistent output. Wording follows Go's messages.

import {
  Ev,
  GO_STATES,
  isProcTransition,
  kindOfType,
  METRIC_NAMES,
  PROC_STATES,
} from "../../../server/core/trace/kinds.ts";
import type { Trace } from "../../../server/core/trace/trace.ts";

const NO_ID = -1n; // NoGoroutine, NoProc, NoThread
const NO_TASK = (1n << 64n) - 1n;
const BACKGROUND_TASK = 0n;
const NO_SYNC_INFO = 0xffffffff;
// time.Time{}.IsZero(): January 1, year 1, 00:00:00 UTC, in Unix seconds.
const ZERO_WALL_SEC = -62135596800n;

const GoRunning = 3, GoSyscall = 5, GoNotExist = 1, GoUndetermined = 0;
const ProcRunning = 2, ProcNotExist = 1, ProcUndetermined = 0;

export interface ValidatorOptions {
  /** The trace's Go version (Go sets it from the header); defaults to `trace.version`. */
  goVersion?: number;
  /** Skips the increasing-clock checks, as Go does on Windows and wasm. */
  skipClockSnapshotChecks?: boolean;
  /** Validate events [0, limit) only; defaults to all decoded events. */
  limit?: number;
}

interface SchedContext {
  m: bigint;
  p: bigint;
  g: bigint;
}

interface ResourceState {
  state: number;
  binding: SchedContext | null;
}

/** A Sync's clock snapshot (Go's trace.ClockSnapshot, wall time as Unix sec/nsec). */
export interface ClockSnapshot {
  trace: bigint;
  mono: bigint;
  sec: bigint;
  nsec: bigint;
}

/** Validates every event; returns one message per problem (empty when valid). */
export function validateTrace(trace: Trace, opts: ValidatorOptions = {}): string[] {
  const v = new Validator(trace, opts);
  const errors: string[] = [];
  const n = Math.min(opts.limit ?? trace.count, trace.count);
  for (let i = 0; i < n; i++) errors.push(...v.event(i));
  return errors;
}

/** Go's Validator, fed event indexes of one trace in order. */
export class Validator {
  readonly #t: Trace;
  readonly #version: number;
  readonly #skipClock: boolean;
  #lastTs = 0n;
  #gs = new Map<bigint, ResourceState>();
  #ps = new Map<bigint, ResourceState>();
  #ms = new Map<bigint, SchedContext>();
  #ranges = new Map<string, string[]>();
  #tasks = new Map<bigint, string>();
  #lastSync: { n: number; snapshot: ClockSnapshot | null } = { n: 0, snapshot: null };
  #errors: string[] = [];
  #i = 0;

  constructor(trace: Trace, opts: ValidatorOptions = {}) {
    this.#t = trace;
    this.#version = opts.goVersion ?? trace.version;
    this.#skipClock = opts.skipClockSnapshotChecks ?? false;
  }

  /** Checks event i as the next event of the stream. */
  event(i: number): string[] {
    const t = this.#t;
    this.#i = i;
    this.#errors = [];

    // Times strictly increase. Go only remembers a time that passed the check.
    const time = t.absTime(i);
    if (this.#lastTs !== 0n) {
      if (time <= this.#lastTs) this.#error(`timestamp out-of-order (want > ${this.#lastTs})`);
      else this.#lastTs = time;
    } else {
      this.#lastTs = time;
    }

    this.#checkStack(t.stack[i]);

    const typ = t.type[i];
    switch (kindOfType(typ)) {
      case "Sync":
        this.#sync(i);
        break;
      case "Metric": {
        const name = METRIC_NAMES[typ];
        if (!name.includes(":")) this.#error(`invalid metric name ${JSON.stringify(name)}`);
        break;
      }
      case "Label": {
        // A label's resource is always the event's goroutine.
        const label = t.string(t.a0[i]);
        if (label === "") this.#error(`invalid label ${JSON.stringify(label)}`);
        const g = this.#g(i);
        if (!this.#gs.has(g)) this.#error(`label for invalid goroutine ${g}`);
        break;
      }
      case "StateTransition":
        if (isProcTransition(typ)) this.#procTransition(i);
        else this.#goTransition(i);
        break;
      case "RangeBegin": {
        const [name, scope] = rangeOf(t, i);
        if (this.#hasRange(scope, name)) {
          this.#error(`already active range ${quote(name)} on ${scope} begun again`);
        }
        this.#addRange(scope, name);
        break;
      }
      case "RangeActive": {
        const [name, scope] = rangeOf(t, i);
        if (!this.#hasRange(scope, name)) this.#addRange(scope, name);
        break;
      }
      case "RangeEnd": {
        const [name, scope] = rangeOf(t, i);
        if (!this.#hasRange(scope, name)) {
          this.#error(`inactive range ${quote(name)} on ${scope} ended`);
        }
        this.#deleteRange(scope, name);
        break;
      }
      case "TaskBegin": {
        const id = t.taskIds[t.a0[i]], parent = t.taskIds[t.a1[i]];
        const type = t.string(t.a2[i]);
        if (id === NO_TASK || id === BACKGROUND_TASK) {
          this.#error(`found invalid task ID for task of type ${type}`);
        }
        if (parent === BACKGROUND_TASK) {
          this.#error(`found background task as the parent for task of type ${type}`);
        }
        this.#tasks.set(id, type);
        break;
      }
      case "TaskEnd": {
        // An end without a seen begin carries no information to check.
        const id = t.taskIds[t.a0[i]];
        const type = t.string(t.a2[i]);
        const begun = this.#tasks.get(id);
        if (begun !== undefined) {
          if (type !== begun) {
            this.#error(
              `task end type ${quote(type)} doesn't match task start type ${
                quote(begun)
              } for task ${id}`,
            );
          }
          this.#tasks.delete(id);
        }
        break;
      }
      case "Bad":
        this.#error(`event of unknown wire type ${typ}`);
        break;
    }
    return this.#errors;
  }

  #error(msg: string): void {
    const t = this.#t;
    this.#errors.push(
      `event ${this.#i} (${kindOfType(t.type[this.#i])} Time=${t.absTime(this.#i)}): ${msg}`,
    );
  }

  // Every frame but the first must be complete.
  #checkStack(id: number): void {
    const t = this.#t;
    t.stackFrameIds(id).forEach((f, k) => {
      if (k === 0) return;
      if (
        t.stringBytesOf(t.frameFunc[f]).length === 0 ||
        t.stringBytesOf(t.frameFile[f]).length === 0 ||
        t.framePC[f] === 0n || t.frameLine[f] === 0n
      ) {
        this.#error(
          `invalid stack frame {PC:0x${t.framePC[f].toString(16)} Func:${
            quote(t.string(t.frameFunc[f]))
          } ` +
            `File:${quote(t.string(t.frameFile[f]))} Line:${t.frameLine[f]}}: missing information`,
        );
      }
    });
  }

  #sync(i: number): void {
    const t = this.#t;
    const n = t.a0[i];
    const snapshot = syncSnapshot(t, i);
    const last = this.#lastSync;
    if (n !== last.n + 1) {
      this.#error(`sync count is not sequential: expected ${last.n + 1}, got ${n}`);
    }
    // The reader's synthetic last Sync carries no snapshot; Go does not check it.
    if (this.#version >= 25 && !(n > 1 && snapshot === null)) {
      if (snapshot === null) {
        this.#error(`sync ${n} has no clock snapshot`);
      } else {
        const [sec, nsec] = normalizeWall(snapshot.sec, snapshot.nsec);
        if (sec === ZERO_WALL_SEC && nsec === 0n) this.#error(`sync ${n} has zero wall time`);
        if (snapshot.mono === 0n) this.#error(`sync ${n} has zero mono time`);
        if (snapshot.trace === 0n) this.#error(`sync ${n} has zero trace time`);
        if (!this.#skipClock && n >= 2) {
          // Go dereferences the previous snapshot here; a missing one would panic there.
          const prev = last.snapshot;
          if (prev === null) {
            this.#error(`sync ${n} follows a sync without a clock snapshot`);
          } else {
            const [psec, pnsec] = normalizeWall(prev.sec, prev.nsec);
            if (!(sec > psec || (sec === psec && nsec > pnsec))) {
              this.#error(`sync ${n} has non-increasing wall time`);
            }
            if (!(snapshot.mono > prev.mono)) {
              this.#error(
                `sync ${n} has non-increasing mono time: ${snapshot.mono} vs ${prev.mono}`,
              );
            }
            if (!(snapshot.trace > prev.trace)) {
              this.#error(
                `sync ${n} has non-increasing trace time: ${snapshot.trace} vs ${prev.trace}`,
              );
            }
          }
        }
      }
    }
    this.#lastSync = { n, snapshot };
  }

  #goTransition(i: number): void {
    const t = this.#t;
    const id = t.gIds[t.a0[i]];
    const st = t.state[i];
    const old = st >> 4, next = st & 15;
    const name = (s: number) => GO_STATES[s] ?? `GoState(${s})`;
    const trStack = goTransitionStack(t, i);
    this.#checkStack(trStack);
    if (next === GoUndetermined) {
      this.#error(`transition to undetermined state for goroutine ${id}`);
    }
    if (this.#lastSync.n > 1 && old === GoUndetermined) {
      this.#error(`undetermined goroutine ${id} after first global sync`);
    }
    if (next === GoNotExist && this.#hasAnyRange(`Goroutine(${id})`)) {
      this.#error(`goroutine ${id} died with active ranges`);
    }
    let state = this.#gs.get(id);
    if (state) {
      if (old !== state.state) {
        this.#error(
          `bad old state for goroutine ${id}: got ${name(old)}, want ${name(state.state)}`,
        );
      }
      state.state = next;
    } else {
      if (old !== GoUndetermined && old !== GoNotExist) {
        this.#error(`bad old state for unregistered goroutine ${id}: ${name(old)}`);
      }
      state = { state: next, binding: null };
      this.#gs.set(id, state);
    }
    const executing = (s: number) => s === GoRunning || s === GoSyscall;
    if (executing(next)) {
      const lenient = this.#version < 22 && old === GoUndetermined && next === GoSyscall;
      const ctx = this.#thread(i, lenient);
      if (ctx) {
        if (ctx.g !== NO_ID && ctx.g !== id) {
          this.#error(
            `tried to run goroutine ${id} when one was already executing (${ctx.g}) on thread ${
              this.#m(i)
            }`,
          );
        }
        ctx.g = id;
        state.binding = ctx;
      }
    } else if (executing(old)) {
      // The goroutine leaving execution is the one running, so the stacks must agree.
      if (trStack !== t.stack[i]) this.#error("StateTransition.Stack doesn't match Event.Stack");
      const ctx = state.binding;
      if (ctx) {
        if (ctx.g !== id) {
          this.#error(
            `tried to stop goroutine ${id} when it wasn't currently executing (currently executing ${ctx.g}) on thread ${
              this.#m(i)
            }`,
          );
        }
        ctx.g = NO_ID;
        state.binding = null;
      } else {
        this.#error(`stopping goroutine ${id} not bound to any active context`);
      }
    }
  }

  #procTransition(i: number): void {
    const t = this.#t;
    const id = t.pIds[t.a0[i]];
    const st = t.state[i];
    const old = st >> 4, next = st & 15;
    const name = (s: number) => PROC_STATES[s] ?? `ProcState(${s})`;
    if (next === ProcUndetermined) this.#error(`transition to undetermined state for proc ${id}`);
    if (this.#lastSync.n > 1 && old === ProcUndetermined) {
      this.#error(`undetermined proc ${id} after first global sync`);
    }
    if (next === ProcNotExist && this.#hasAnyRange(`Proc(${id})`)) {
      this.#error(`proc ${id} died with active ranges`);
    }
    let state = this.#ps.get(id);
    if (state) {
      if (old !== state.state) {
        this.#error(`bad old state for proc ${id}: got ${name(old)}, want ${name(state.state)}`);
      }
      state.state = next;
    } else {
      if (old !== ProcUndetermined && old !== ProcNotExist) {
        this.#error(`bad old state for unregistered proc ${id}: ${name(old)}`);
      }
      state = { state: next, binding: null };
      this.#ps.set(id, state);
    }
    if (next === ProcRunning) {
      const ctx = this.#thread(i, false);
      if (ctx) {
        if (ctx.p !== NO_ID && ctx.p !== id) {
          this.#error(
            `tried to run proc ${id} when one was already executing (${ctx.p}) on thread ${
              this.#m(i)
            }`,
          );
        }
        ctx.p = id;
        state.binding = ctx;
      }
    } else if (old === ProcRunning) {
      const ctx = state.binding;
      if (ctx) {
        if (ctx.p !== id) {
          this.#error(
            `tried to stop proc ${id} when it wasn't currently executing (currently executing ${ctx.p}) on thread ${ctx.m}`,
          );
        }
        ctx.p = NO_ID;
        state.binding = null;
      } else {
        this.#error(`stopping proc ${id} not bound to any active context`);
      }
    }
  }

  // Go's getOrCreateThread: the sched context of the event's thread.
  #thread(i: number, lenient: boolean): SchedContext | null {
    const m = this.#m(i);
    if (m === NO_ID && !lenient) {
      this.#error("must have thread, but thread ID is none");
      return null;
    }
    let ctx = this.#ms.get(m);
    if (!ctx) {
      ctx = { m, p: NO_ID, g: NO_ID };
      this.#ms.set(m, ctx);
    }
    return ctx;
  }

  #m(i: number): bigint {
    const t = this.#t;
    return t.mIds[t.ctxM[t.ctx[i]]];
  }

  #g(i: number): bigint {
    const t = this.#t;
    return t.gIds[t.ctxG[t.ctx[i]]];
  }

  #hasRange(scope: string, name: string): boolean {
    return this.#ranges.get(scope)?.includes(name) ?? false;
  }

  #addRange(scope: string, name: string): void {
    const list = this.#ranges.get(scope);
    if (list) list.push(name);
    else this.#ranges.set(scope, [name]);
  }

  #hasAnyRange(scope: string): boolean {
    return (this.#ranges.get(scope)?.length ?? 0) !== 0;
  }

  #deleteRange(scope: string, name: string): void {
    const list = this.#ranges.get(scope);
    const k = list?.indexOf(name) ?? -1;
    if (k >= 0) list!.splice(k, 1);
  }
}

// The stack of a goroutine transition (Go's StateTransition.Stack): the event's stack for
// the events that stop or report a running goroutine, the new goroutine's start stack for
// creations, none otherwise. Layout: asm/src/README.md.
function goTransitionStack(t: Trace, i: number): number {
  switch (t.type[i]) {
    case Ev.GoCreate:
    case Ev.GoCreateBlocked:
    case Ev.GoStop:
    case Ev.GoBlock:
    case Ev.GoSyscallBegin:
    case Ev.GoStatus:
    case Ev.GoStatusStack:
      return t.a2[i];
  }
  return 0;
}

/** Go's Event.Range(): the range name and its scope as Go prints them. */
export function rangeOf(t: Trace, i: number): [name: string, scope: string] {
  const typ = t.type[i];
  const c = t.ctx[i];
  switch (typ) {
    case Ev.STWBegin:
    case Ev.STWEnd:
      // Byte-exact key: the kind may be invalid UTF-8.
      return [
        `stop-the-world (${latin1(t.stringBytesOf(t.a0[i]))})`,
        `Goroutine(${t.gIds[t.ctxG[c]]})`,
      ];
    case Ev.GCBegin:
    case Ev.GCActive:
    case Ev.GCEnd:
      return ["GC concurrent mark phase", "None"];
    case Ev.GCSweepBegin:
    case Ev.GCSweepEnd:
      return ["GC incremental sweep", `Proc(${t.pIds[t.ctxP[c]]})`];
    case Ev.GCSweepActive:
      return ["GC incremental sweep", `Proc(${t.pIds[t.a0[i]]})`];
    case Ev.GCMarkAssistActive:
      return ["GC mark assist", `Goroutine(${t.gIds[t.a0[i]]})`];
    default:
      return ["GC mark assist", `Goroutine(${t.gIds[t.ctxG[c]]})`];
  }
}

/** The clock snapshot of a Sync event, or null when it has none. */
export function syncSnapshot(t: Trace, i: number): ClockSnapshot | null {
  const info = t.a1[i];
  if (info === NO_SYNC_INFO || t.extra[info] === 0n) return null;
  return {
    trace: BigInt.asIntN(64, t.extra[info + 1]),
    mono: t.extra[info + 2],
    sec: BigInt.asIntN(64, t.extra[info + 3]),
    nsec: BigInt.asIntN(64, t.extra[info + 4]),
  };
}

// time.Unix's normalization of nsec into [0, 1e9).
function normalizeWall(sec: bigint, nsec: bigint): [bigint, bigint] {
  const B = 1_000_000_000n;
  sec += nsec / B;
  nsec %= B;
  if (nsec < 0n) {
    nsec += B;
    sec -= 1n;
  }
  return [sec, nsec];
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

const quote = (s: string) => JSON.stringify(s);
