// The diagnosis pass: one walk over a trace's blocks, in order, that keeps the facts the
// rules need (facts.ts): goroutine time by group and category, scheduling waits, mark
// assists, syscalls that kept their P, waits by blocking stack, what is still blocked at
// the end, stop-the-world pauses, tasks, and the time Ps sat idle beside runnable
// goroutines.
//
// The state of a goroutine lives in a slot while it is alive (slots are reused), so the
// memory the pass touches follows the live goroutines, not all that ever lived; what is
// kept per goroutine index is four numbers. The pass reads a block's columns and the id
// tables it is given (a decoder's live tables during a first pass, or the Trace's) and
// keeps nothing of the block. No Deno APIs.

import type { EventBlock } from "../trace/block.ts";
import type { TraceTables } from "../trace/event_string.ts";
import {
  assistGoroutine,
  gIndexAt,
  metricNumber,
  stwKind,
  taskAt,
  transitionFrom,
  transitionReason,
  transitionResource,
  transitionStack,
  transitionTo,
} from "../trace/event.ts";
import { Ev, GO_TRANSITIONS, GoState, ProcState } from "../trace/kinds.ts";
import { blockedCategory, Cat, isAssistWait } from "./categories.ts";
import {
  type DiagnosisFacts,
  IDLE_STRETCH,
  LIFE_BUCKETS,
  lifeBucket,
  LONG_WAIT,
  type PathFacts,
  type StackFrames,
  SYSCALL_HELD,
} from "./facts.ts";

const IS_GO = new Uint8Array(256);
for (const t of GO_TRANSITIONS) IS_GO[t] = 1;

type Num = Float64Array | Int32Array | Int8Array | Uint8Array | Uint32Array;

function grown<A extends Num>(a: A, cap: number, fill = 0): A {
  const b = new (a.constructor as { new (n: number): A })(cap);
  if (fill !== 0) b.fill(fill as never);
  b.set(a as never);
  return b;
}

/** A growable list of float64 records. */
class Records {
  a = new Float64Array(256);
  n = 0;
  push4(x: number, y: number, z: number, w: number): void {
    if (this.n + 4 > this.a.length) this.a = grown(this.a, this.a.length * 2);
    const a = this.a, n = this.n;
    a[n] = x;
    a[n + 1] = y;
    a[n + 2] = z;
    a[n + 3] = w;
    this.n = n + 4;
  }
  push3(x: number, y: number, z: number): void {
    if (this.n + 3 > this.a.length) this.a = grown(this.a, this.a.length * 2);
    const a = this.a, n = this.n;
    a[n] = x;
    a[n + 1] = y;
    a[n + 2] = z;
    this.n = n + 3;
  }
  push2(x: number, y: number): void {
    if (this.n + 2 > this.a.length) this.a = grown(this.a, this.a.length * 2);
    this.a[this.n] = x;
    this.a[this.n + 1] = y;
    this.n += 2;
  }
  view(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** A growable list of int32. */
class Ints {
  a = new Int32Array(64);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) this.a = grown(this.a, this.n * 2);
    this.a[this.n++] = x;
  }
  view(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

// Group columns (index = group).
const G_GOROUTINES = 0,
  G_RUNNING = 1,
  G_RUNNABLE = 2,
  G_WAITS = 3,
  G_SYSCALL = 4,
  G_BLOCKED = 5,
  G_GCWAIT = 6,
  G_ASSIST = 7,
  G_CREATED = 8,
  G_ENDED = 9,
  G_DELAY = 10,
  G_COLS = 11;

export class DiagnosisPass {
  #t!: TraceTables;
  #recording = true;
  #started = false;
  #start = 0;
  #end = 0;
  #gomaxprocs = 0;

  // By goroutine index (grown as the decoder's goroutine table grows).
  #gCap = 0;
  #slotOfG = new Int32Array(0);
  #groupOfG = new Int32Array(0);
  #created = new Float64Array(0);
  #ended = new Float64Array(0);

  // By slot: the live goroutines' state.
  #sCap = 0;
  #free: number[] = [];
  #used = 0;
  #sG = new Int32Array(0);
  #st = new Uint8Array(0);
  #head = new Uint8Array(0);
  #rcat = new Uint8Array(0);
  #since = new Float64Array(0);
  #reason = new Uint32Array(0);
  #stack = new Uint32Array(0);
  #assistSince = new Float64Array(0);

  // By group.
  #groupNames: string[] = [""];
  #groupByName = new Map<string, number>([["", 0]]);
  #groupByFunc = new Map<number, number>();
  #gcols = new Float64Array(16 * G_COLS);
  #life = new Float64Array(16 * LIFE_BUCKETS);

  #longWaits = new Records();
  #held = new Records();
  #heldStack = new Ints();
  #stw = new Records();
  #stwKind = new Ints();
  #stwOpen = NaN;
  #stwOpenKind = 0;

  // Waits on channels, select and sync by stack id.
  #cont = new Map<number, number>();
  #contStack = new Ints();
  #contReason = new Ints();
  #contVals = new Records(); // ns, count, max

  // Tasks by task index.
  #task = new Map<number, number>();
  #tasks = new Records(); // id, begin, beginG, end, endG … in 6-wide records
  #taskType = new Ints();

  // Idle Ps beside runnable goroutines.
  #pState = new Uint8Array(16);
  #idleP = 0;
  #runnableG = 0;
  #inSTW = false;
  #lastT = 0;
  #lost = 0;
  #stretchStart = NaN;
  #stretchLost = 0;
  #stretches = new Records();

  // Strings and stacks of the producing tables, by their ids → indexes in the facts.
  #names: string[] = [];
  #nameOf = new Map<number, number>();
  #nameByText = new Map<string, number>();
  #stacks: StackFrames[] = [];
  #stackOf = new Map<number, number>();
  #textDecoder = new TextDecoder();
  #reasonCat = new Int8Array(64).fill(-1);
  // By reason string id: 1 for a wait for mark-assist work, 0 not, -1 not looked up.
  #reasonAssist = new Int8Array(64).fill(-1);

  // Keeps only what critical paths read (pathFacts): goroutine names, creations and ends,
  // tasks and stop-the-world pauses.
  #pathOnly: boolean;

  /**
   * `tables`: the id tables the blocks will refer to (so a trace of no block has facts).
   * `pathOnly`: gather only the facts a critical path reads (finishPath), at a fraction
   * of the cost.
   */
  constructor(tables?: TraceTables, pathOnly = false) {
    this.#pathOnly = pathOnly;
    if (tables) {
      this.#t = tables;
      this.#ensureG(tables.gIds.length);
    }
  }

  /**
   * Feeds the next block (in order). With `record` false the block only sets up state
   * (goroutine and P states before the part of the trace the facts are about).
   */
  feed(b: EventBlock, tables: TraceTables, record = true): void {
    this.#t = tables;
    this.#recording = record;
    this.#ensureG(tables.gIds.length);
    if (b.count === 0) return;
    if (record && !this.#started) {
      this.#started = true;
      this.#start = b.time[0];
      this.#lastT = b.time[0];
    }
    const { type, time } = b;
    if (this.#pathOnly) {
      this.#feedPath(b);
      if (record) this.#end = time[b.count - 1];
      return;
    }
    for (let j = 0; j < b.count; j++) {
      const typ = type[j];
      if (IS_GO[typ] === 1) {
        this.#goTransition(b, j);
        continue;
      }
      switch (typ) {
        case Ev.ProcStart:
        case Ev.ProcStop:
        case Ev.ProcSteal:
        case Ev.ProcStatus:
          this.#procTransition(b, j);
          break;
        case Ev.STWBegin:
          this.#advance(time[j]);
          this.#inSTW = true;
          this.#stwBegin(b, j);
          this.#stretch(time[j]);
          break;
        case Ev.STWEnd:
          this.#advance(time[j]);
          this.#inSTW = false;
          this.#stwEnd(b, j);
          this.#stretch(time[j]);
          break;
        case Ev.GCMarkAssistBegin:
          this.#assistBegin(gIndexAt(tables, b, j), time[j]);
          break;
        case Ev.GCMarkAssistActive:
          this.#assistBegin(assistGoroutine(b, j), time[j]);
          break;
        case Ev.GCMarkAssistEnd:
          this.#assistEnd(gIndexAt(tables, b, j), time[j]);
          break;
        case Ev.UserTaskBegin:
        case Ev.UserTaskEnd:
          if (record) this.#taskEvent(b, j, typ === Ev.UserTaskBegin);
          break;
        case Ev.ProcsChange: {
          const v = metricNumber(b, j);
          if (v > this.#gomaxprocs) this.#gomaxprocs = v;
          break;
        }
      }
    }
    if (record) this.#end = time[b.count - 1];
    else this.#lastT = time[b.count - 1];
  }

  /**
   * feed, for pathOnly: goroutine names, creations and ends (what #goTransition and
   * #open keep by goroutine index, without the goroutine's state); tasks; pauses. One
   * tight loop over the columns: it sees every event of the trace.
   */
  #feedPath(b: EventBlock): void {
    const { type, state, a0, time } = b;
    const n = b.count, gCap = this.#gCap, recording = this.#recording;
    const groupOfG = this.#groupOfG, created = this.#created, ended = this.#ended;
    for (let j = 0; j < n; j++) {
      const typ = type[j];
      if (IS_GO[typ] === 1) {
        const g = a0[j]; // transitionResource
        if (g === 0 || g >= gCap) continue;
        if (groupOfG[g] === 0) {
          const stack = transitionStack(b, j);
          if (stack !== 0) this.#name(g, stack);
        }
        const st = state[j], from = st >> 4, to = st & 15; // transitionFrom, transitionTo
        if (from === to || from === GoState.Undetermined || !recording) continue;
        if (from === GoState.NotExist) created[g] = time[j];
        if (to === GoState.NotExist) ended[g] = time[j];
        continue;
      }
      switch (typ) {
        case Ev.STWBegin:
          this.#stwBegin(b, j);
          break;
        case Ev.STWEnd:
          this.#stwEnd(b, j);
          break;
        case Ev.UserTaskBegin:
        case Ev.UserTaskEnd:
          if (recording) this.#taskEvent(b, j, typ === Ev.UserTaskBegin);
          break;
      }
    }
  }

  #stwBegin(b: EventBlock, j: number): void {
    this.#stwOpen = b.time[j];
    this.#stwOpenKind = stwKind(b, j);
  }

  #stwEnd(b: EventBlock, j: number): void {
    if (this.#recording && this.#stwOpen === this.#stwOpen) {
      this.#stw.push2(this.#stwOpen, b.time[j]);
      this.#stwKind.push(this.#nameId(this.#stwOpenKind));
    }
    this.#stwOpen = NaN;
  }

  // ---- Goroutines -----------------------------------------------------------------------

  #ensureG(n: number): void {
    if (n <= this.#gCap) return;
    const cap = Math.max(n, this.#gCap * 2, 1024);
    this.#slotOfG = grown(this.#slotOfG, cap, -1);
    this.#groupOfG = grown(this.#groupOfG, cap);
    this.#created = grown(this.#created, cap, NaN);
    this.#ended = grown(this.#ended, cap, NaN);
    this.#gCap = cap;
  }

  /** The slot of goroutine index g, made on first sight (state unknown). */
  #slot(g: number): number {
    let s = this.#slotOfG[g];
    if (s >= 0) return s;
    s = this.#free.length > 0 ? this.#free.pop()! : this.#used++;
    if (s >= this.#sCap) {
      const cap = Math.max(256, this.#sCap * 2);
      this.#sG = grown(this.#sG, cap);
      this.#st = grown(this.#st, cap);
      this.#head = grown(this.#head, cap);
      this.#rcat = grown(this.#rcat, cap);
      this.#since = grown(this.#since, cap);
      this.#reason = grown(this.#reason, cap);
      this.#stack = grown(this.#stack, cap);
      this.#assistSince = grown(this.#assistSince, cap, NaN);
      this.#sCap = cap;
    }
    this.#slotOfG[g] = s;
    this.#sG[s] = g;
    this.#st[s] = 0;
    this.#assistSince[s] = NaN;
    if (this.#groupOfG[g] === 0) this.#gcols[G_GOROUTINES]++;
    return s;
  }

  #release(g: number, s: number): void {
    this.#slotOfG[g] = -1;
    this.#free.push(s);
  }

  #goTransition(b: EventBlock, j: number): void {
    const g = transitionResource(b, j);
    if (g === 0 || g >= this.#gCap) return;
    const from = transitionFrom(b, j), to = transitionTo(b, j);
    const ts = b.time[j];
    const s = this.#slot(g);
    if (this.#groupOfG[g] === 0) {
      const stack = transitionStack(b, j);
      if (stack !== 0) this.#name(g, stack);
    }
    const known = this.#st[s];
    if (from === to || from === GoState.Undetermined) {
      // A status: news only for a goroutine not seen (a restatement otherwise).
      if (known === 0) this.#open(g, s, b, j, to, ts, 1);
      return;
    }
    if (from === GoState.NotExist) {
      if (this.#recording) {
        this.#created[g] = ts;
        this.#gcols[this.#groupOfG[g] * G_COLS + G_CREATED]++;
      }
    } else if (known !== 0) {
      this.#close(g, s, known, ts, b.type[j]);
    } else {
      // Met first in the middle of a state (not in a validated Go 1.22+ trace): as if it
      // had been in that state since the pass began.
      this.#since[s] = this.#start;
      this.#head[s] = 1;
      this.#close(g, s, from, ts, b.type[j]);
    }
    this.#open(g, s, b, j, to, ts, 0);
  }

  #open(
    g: number,
    s: number,
    b: EventBlock,
    j: number,
    to: number,
    ts: number,
    head: number,
  ): void {
    if (to === GoState.Runnable) this.#counts(ts, 0, 1);
    this.#st[s] = to;
    this.#since[s] = ts;
    this.#head[s] = head;
    switch (to) {
      case GoState.Running: {
        const c = this.#created[g];
        if (this.#recording && c === c && this.#ended[g] !== this.#ended[g] && c >= 0) {
          // The first run since its creation: how long it waited to start.
          this.#gcols[this.#groupOfG[g] * G_COLS + G_DELAY] += ts - c;
          this.#created[g] = -1 - c; // marked as started (negative), creation kept
        }
        break;
      }
      case GoState.Waiting: {
        const r = transitionReason(b, j);
        this.#reason[s] = r;
        this.#rcat[s] = this.#categoryOf(r);
        const typ = b.type[j];
        this.#stack[s] = typ === Ev.GoStatus || typ === Ev.GoStatusStack ? b.a2[j] : b.stack[j];
        break;
      }
      case GoState.Syscall:
        this.#stack[s] = b.stack[j];
        break;
      case GoState.NotExist: {
        if (this.#recording) {
          this.#ended[g] = ts;
          const c = this.#created[g];
          const born = c < 0 ? -1 - c : c;
          if (born === born) {
            const grp = this.#groupOfG[g];
            this.#gcols[grp * G_COLS + G_ENDED]++;
            this.#life[grp * LIFE_BUCKETS + lifeBucket(ts - born)]++;
          }
        }
        this.#release(g, s);
        break;
      }
    }
  }

  /** Ends goroutine g's state `state` at ts (the transition's wire type is `typ`). */
  #close(g: number, s: number, state: number, ts: number, typ: number): void {
    if (state === GoState.Runnable) this.#counts(ts, 0, -1);
    if (!this.#recording) return;
    const since = this.#since[s];
    const dur = ts - since;
    if (!(dur >= 0)) return;
    const grp = this.#groupOfG[g], col = grp * G_COLS;
    const gc = this.#gcols;
    switch (state) {
      case GoState.Running: {
        gc[col + G_RUNNING] += dur;
        const a = this.#assistSince[s];
        if (a === a) {
          gc[col + G_ASSIST] += ts - Math.max(a, since);
          this.#assistSince[s] = ts; // the rest is counted by the next running stretch
        }
        break;
      }
      case GoState.Runnable:
        gc[col + G_RUNNABLE] += dur;
        gc[col + G_WAITS]++;
        if (dur >= LONG_WAIT) this.#longWaits.push4(grp, since, dur, Number(this.#t.gIds[g]));
        break;
      case GoState.Waiting: {
        const cat = this.#rcat[s];
        if (this.#assistWait(this.#reason[s])) gc[col + G_GCWAIT] += dur;
        else gc[col + G_BLOCKED] += dur;
        if (cat === Cat.Channel || cat === Cat.Select || cat === Cat.Sync) {
          this.#contend(this.#stack[s], this.#reason[s], dur);
        }
        break;
      }
      case GoState.Syscall:
        gc[col + G_SYSCALL] += dur;
        if (typ === Ev.GoSyscallEnd && dur >= SYSCALL_HELD) {
          this.#held.push3(since, dur, Number(this.#t.gIds[g]));
          this.#heldStack.push(this.#stackId(this.#stack[s]));
        }
        break;
    }
  }

  #contend(stack: number, reason: number, dur: number): void {
    let k = this.#cont.get(stack);
    if (k === undefined) {
      k = this.#contStack.n;
      this.#cont.set(stack, k);
      this.#contStack.push(this.#stackId(stack));
      this.#contReason.push(this.#nameId(reason));
      this.#contVals.push3(0, 0, 0);
    }
    const v = this.#contVals.a;
    v[3 * k] += dur;
    v[3 * k + 1]++;
    if (dur > v[3 * k + 2]) v[3 * k + 2] = dur;
  }

  /** Names goroutine g's group after the root frame of `stack` (its start function). */
  #name(g: number, stack: number): void {
    const frames = this.#t.stackFrameIds(stack);
    if (frames.length === 0) return;
    const fn = this.#t.frameFunc[frames[frames.length - 1]];
    let grp = this.#groupByFunc.get(fn);
    if (grp === undefined) {
      const text = this.#text(fn);
      grp = this.#groupByName.get(text);
      if (grp === undefined) {
        grp = this.#groupNames.length;
        this.#groupNames.push(text);
        this.#groupByName.set(text, grp);
        if ((grp + 1) * G_COLS > this.#gcols.length) {
          this.#gcols = grown(this.#gcols, this.#gcols.length * 2);
          this.#life = grown(this.#life, this.#life.length * 2);
        }
      }
      this.#groupByFunc.set(fn, grp);
    }
    if (grp === 0) return;
    this.#groupOfG[g] = grp;
    this.#gcols[G_GOROUTINES]--;
    this.#gcols[grp * G_COLS + G_GOROUTINES]++;
    // A goroutine created before it was named (a creation without a stack) moves along.
    const c = this.#created[g];
    if (c === c && this.#recording) {
      this.#gcols[G_CREATED]--;
      this.#gcols[grp * G_COLS + G_CREATED]++;
    }
  }

  // ---- Mark assists ---------------------------------------------------------------------

  #assistBegin(g: number, ts: number): void {
    if (g === 0 || g >= this.#gCap) return;
    const s = this.#slot(g);
    if (this.#assistSince[s] === this.#assistSince[s]) return; // already under way
    this.#assistSince[s] = ts;
  }

  #assistEnd(g: number, ts: number): void {
    if (g === 0 || g >= this.#gCap) return;
    const s = this.#slotOfG[g];
    if (s < 0) return;
    const a = this.#assistSince[s];
    this.#assistSince[s] = NaN;
    if (!this.#recording || a !== a || this.#st[s] !== GoState.Running) return;
    this.#gcols[this.#groupOfG[g] * G_COLS + G_ASSIST] += ts - Math.max(a, this.#since[s]);
  }

  // ---- Procs and the idle-P sweep -----------------------------------------------------------

  #procTransition(b: EventBlock, j: number): void {
    const p = transitionResource(b, j);
    if (p >= this.#pState.length) {
      this.#pState = grown(this.#pState, Math.max(p + 1, this.#pState.length * 2));
    }
    const to = transitionTo(b, j);
    const known = this.#pState[p];
    if (known === to) return;
    let d = 0;
    if (known === ProcState.Idle) d--;
    if (to === ProcState.Idle) d++;
    this.#pState[p] = to;
    if (d !== 0) this.#counts(b.time[j], d, 0);
  }

  /** Changes the idle-P and runnable-goroutine counts at ts. */
  #counts(ts: number, dIdle: number, dRunnable: number): void {
    this.#advance(ts);
    this.#idleP += dIdle;
    this.#runnableG += dRunnable;
    if (this.#runnableG < 0) this.#runnableG = 0;
    if (this.#idleP < 0) this.#idleP = 0;
    this.#stretch(ts);
  }

  /** Integrates the lost P-time up to ts. */
  #advance(ts: number): void {
    const dt = ts - this.#lastT;
    if (dt > 0) {
      if (this.#recording && !this.#inSTW && this.#idleP > 0 && this.#runnableG > 0) {
        const lost = Math.min(this.#idleP, this.#runnableG) * dt;
        this.#lost += lost;
        this.#stretchLost += lost;
      }
      this.#lastT = ts;
    }
  }

  #stretch(ts: number): void {
    const on = !this.#inSTW && this.#idleP > 0 && this.#runnableG > 0;
    const open = this.#stretchStart === this.#stretchStart;
    if (on === open) return;
    if (on) {
      this.#stretchStart = ts;
      this.#stretchLost = 0;
    } else {
      if (this.#recording && ts - this.#stretchStart >= IDLE_STRETCH) {
        this.#stretches.push3(this.#stretchStart, ts, this.#stretchLost);
      }
      this.#stretchStart = NaN;
    }
  }

  // ---- Tasks ------------------------------------------------------------------------------

  #taskEvent(b: EventBlock, j: number, begin: boolean): void {
    const ti = taskAt(b, j);
    let k = this.#task.get(ti);
    const r = this.#tasks;
    if (k === undefined) {
      k = r.n / 6;
      this.#task.set(ti, k);
      const id = this.#t.taskIds[ti];
      r.push3(id === 0xffffffffffffffffn ? -1 : Number(id), NaN, -1);
      r.push3(NaN, -1, 0);
      this.#taskType.push(-1);
    }
    const g = Number(this.#t.gIds[gIndexAt(this.#t, b, j)]);
    const at = 6 * k + (begin ? 1 : 3);
    r.a[at] = b.time[j];
    r.a[at + 1] = g;
    const typ = b.a2[j];
    if (this.#taskType.a[k] < 0 && this.#t.stringBytesOf(typ).length > 0) {
      this.#taskType.a[k] = this.#nameId(typ);
    }
  }

  // ---- Strings and stacks -------------------------------------------------------------------

  #text(id: number): string {
    return this.#textDecoder.decode(this.#t.stringBytesOf(id));
  }

  #nameId(id: number): number {
    let k = this.#nameOf.get(id);
    if (k === undefined) {
      const s = this.#text(id);
      k = this.#nameByText.get(s);
      if (k === undefined) {
        k = this.#names.length;
        this.#names.push(s);
        this.#nameByText.set(s, k);
      }
      this.#nameOf.set(id, k);
    }
    return k;
  }

  #categoryOf(reason: number): number {
    if (reason >= this.#reasonCat.length) {
      this.#reasonCat = grown(
        this.#reasonCat,
        Math.max(reason + 1, this.#reasonCat.length * 2),
        -1,
      );
    }
    let c = this.#reasonCat[reason];
    if (c < 0) this.#reasonCat[reason] = c = blockedCategory(this.#text(reason));
    return c;
  }

  #assistWait(reason: number): boolean {
    if (reason >= this.#reasonAssist.length) {
      this.#reasonAssist = grown(
        this.#reasonAssist,
        Math.max(reason + 1, this.#reasonAssist.length * 2),
        -1,
      );
    }
    let a = this.#reasonAssist[reason];
    if (a < 0) this.#reasonAssist[reason] = a = isAssistWait(this.#text(reason)) ? 1 : 0;
    return a === 1;
  }

  #stackId(stack: number): number {
    if (stack === 0) return -1;
    let k = this.#stackOf.get(stack);
    if (k === undefined) {
      const t = this.#t;
      const frames: StackFrames["frames"] = [];
      const pcs: string[] = [];
      for (const f of t.stackFrameIds(stack)) {
        pcs.push(t.framePC[f].toString(16));
        frames.push({
          func: this.#text(t.frameFunc[f]),
          file: this.#text(t.frameFile[f]),
          line: Number(t.frameLine[f]),
        });
      }
      k = this.#stacks.length;
      this.#stacks.push({ key: pcs.join(","), frames });
      this.#stackOf.set(stack, k);
    }
    return k;
  }

  // ---- The result -------------------------------------------------------------------------

  /** The facts a critical path reads (all a pathOnly pass keeps). */
  finishPath(): PathFacts {
    const n = this.#t.gIds.length;
    const tr = this.#tasks.view(), nt = tr.length / 6;
    const tcol = (c: number) => strided(tr, 6, c, nt);
    return {
      start: this.#start,
      end: this.#end,
      names: this.#names,
      groups: { name: this.#groupNames.slice() },
      stw: this.#stw.view(),
      tasks: {
        id: tcol(0),
        type: this.#taskType.view(),
        begin: tcol(1),
        beginG: tcol(2),
        end: tcol(3),
        endG: tcol(4),
      },
      byIndex: {
        group: this.#groupOfG.slice(0, n),
        created: startedAsCreated(this.#created.subarray(0, n)),
        ended: this.#ended.slice(0, n),
      },
    };
  }

  /** The facts; states still open count until the end in the groups' time. */
  finish(baseTime: bigint): DiagnosisFacts {
    const end = this.#end;
    if (this.#stretchStart === this.#stretchStart) {
      this.#advance(end);
      this.#inSTW = true; // closes the open stretch
      this.#stretch(end);
      this.#inSTW = false;
    }
    const live: number[] = [];
    for (let s = 0; s < this.#used; s++) {
      const g = this.#sG[s];
      if (this.#slotOfG[g] === s && this.#st[s] !== 0) live.push(s);
    }
    const n = live.length;
    const tails = {
      goid: new Float64Array(n),
      state: new Uint8Array(n),
      since: new Float64Array(n),
      head: new Uint8Array(n),
      reason: new Int32Array(n).fill(-1),
      stack: new Int32Array(n).fill(-1),
      group: new Int32Array(n),
    };
    const gc = this.#gcols.slice(0, this.#groupNames.length * G_COLS);
    live.forEach((s, k) => {
      const g = this.#sG[s], st = this.#st[s];
      tails.goid[k] = Number(this.#t.gIds[g]);
      tails.state[k] = st;
      tails.since[k] = this.#since[s];
      tails.head[k] = this.#head[s];
      tails.group[k] = this.#groupOfG[g];
      if (st === GoState.Waiting) {
        tails.reason[k] = this.#nameId(this.#reason[s]);
        tails.stack[k] = this.#stackId(this.#stack[s]);
      } else if (st === GoState.Syscall) {
        tails.stack[k] = this.#stackId(this.#stack[s]);
      }
      {
        // Open states count until the end.
        const dur = end - this.#since[s], col = this.#groupOfG[g] * G_COLS;
        if (dur > 0) {
          if (st === GoState.Running) gc[col + G_RUNNING] += dur;
          else if (st === GoState.Runnable) gc[col + G_RUNNABLE] += dur;
          else if (st === GoState.Syscall) gc[col + G_SYSCALL] += dur;
          else if (this.#assistWait(this.#reason[s])) gc[col + G_GCWAIT] += dur;
          else gc[col + G_BLOCKED] += dur;
        }
      }
    });
    const nG = this.#groupNames.length;
    const col = (c: number) => {
      const out = new Float64Array(nG);
      for (let k = 0; k < nG; k++) out[k] = gc[k * G_COLS + c];
      return out;
    };
    const cv = this.#contVals.view(), nc = this.#contStack.n;
    const path = this.finishPath();
    return {
      baseTime: baseTime.toString(),
      start: this.#start,
      end,
      gomaxprocs: this.#gomaxprocs,
      names: this.#names,
      stacks: this.#stacks,
      groups: {
        name: this.#groupNames.slice(),
        goroutines: col(G_GOROUTINES),
        running: col(G_RUNNING),
        runnable: col(G_RUNNABLE),
        waits: col(G_WAITS),
        syscall: col(G_SYSCALL),
        blocked: col(G_BLOCKED),
        gcWait: col(G_GCWAIT),
        assist: col(G_ASSIST),
        created: col(G_CREATED),
        ended: col(G_ENDED),
        startDelay: col(G_DELAY),
        lifetimes: this.#life.slice(0, nG * LIFE_BUCKETS),
      },
      tails,
      longWaits: this.#longWaits.view(),
      contention: {
        stack: this.#contStack.view(),
        reason: this.#contReason.view(),
        ns: strided(cv, 3, 0, nc),
        count: strided(cv, 3, 1, nc),
        max: strided(cv, 3, 2, nc),
      },
      heldSyscalls: this.#held.view(),
      heldSyscallStacks: this.#heldStack.view(),
      stw: path.stw,
      stwKinds: this.#stwKind.view(),
      tasks: path.tasks,
      idleLost: this.#lost,
      idleStretches: this.#stretches.view(),
      byIndex: path.byIndex,
    };
  }
}

/** Column `c` of `n` records `width` wide. */
function strided(a: Float64Array, width: number, c: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = a[width * k + c];
  return out;
}

/** Creation times, with those marked as started (−1 − t) back to t. */
function startedAsCreated(created: Float64Array): Float64Array {
  const out = new Float64Array(created.length);
  for (let g = 0; g < created.length; g++) {
    const c = created[g];
    out[g] = c < 0 ? -1 - c : c;
  }
  return out;
}
