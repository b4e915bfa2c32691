// What an event's raw arguments mean, in one place (Go: internal/trace/event.go's
// StateTransition, Range, Task, Region, Log, Label, Metric): accessors over a row of a
// block, so analyses ask "the stack of this transition" or "the task of this region"
// instead of decoding a0–a2 themselves. Argument layouts: asm/src/README.md. No
// allocation per call; ids are indexes into the trace's tables. No Deno APIs.

import type { EventBlock } from "./block.ts";
import { Ev, type EventKind, isProcTransition, kindOfType, SYNC } from "./kinds.ts";

/** Go's Event.Kind. */
export function kindAt(b: EventBlock, j: number): EventKind {
  return kindOfType(b.type[j]);
}

/** Global index of row j. */
export function eventIndex(b: EventBlock, j: number): number {
  return b.first + j;
}

// ---- Context -------------------------------------------------------------------------

/** The tables the context accessors read (a Trace has them). */
export interface ContextTables {
  readonly ctxM: Uint32Array;
  readonly ctxP: Uint32Array;
  readonly ctxG: Uint32Array;
  readonly gId: Float64Array;
  readonly pId: Float64Array;
  readonly mId: Float64Array;
}

/** Go's Event.Goroutine(): the Go id of the goroutine in context (-1 = none). */
export function goroutineAt(t: ContextTables, b: EventBlock, j: number): number {
  return t.gId[t.ctxG[b.ctx[j]]];
}
/** Go's Event.Proc() (-1 = none). */
export function procAt(t: ContextTables, b: EventBlock, j: number): number {
  return t.pId[t.ctxP[b.ctx[j]]];
}
/** Go's Event.Thread() (-1 = none). */
export function threadAt(t: ContextTables, b: EventBlock, j: number): number {
  return t.mId[t.ctxM[b.ctx[j]]];
}
/** Resource index (into gIds) of the goroutine in context; 0 = none. */
export function gIndexAt(t: Pick<ContextTables, "ctxG">, b: EventBlock, j: number): number {
  return t.ctxG[b.ctx[j]];
}

/** Exact absolute time of row j. */
export function absTimeAt(baseTime: bigint, b: EventBlock, j: number): bigint {
  return b.bigTimes.get(j) ?? baseTime + BigInt(b.time[j]);
}

// ---- State transitions (Go: Event.StateTransition) --------------------------------------

/** Whether row j is a state transition of a proc (else of a goroutine, if any). */
export function isProcTransitionAt(b: EventBlock, j: number): boolean {
  return isProcTransition(b.type[j]);
}

/** The transition's resource: a goroutine index, or a proc index for proc transitions. */
export function transitionResource(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** The state before (GoState or ProcState numbering of Go's API). */
export function transitionFrom(b: EventBlock, j: number): number {
  return b.state[j] >> 4;
}

/** The state after. */
export function transitionTo(b: EventBlock, j: number): number {
  return b.state[j] & 15;
}

// Types whose a2 holds the transition's own stack (new_stack for creations).
const HAS_TRANSITION_STACK = new Uint8Array(256);
for (
  const t of [Ev.GoCreate, Ev.GoCreateBlocked, Ev.GoStop, Ev.GoBlock, Ev.GoSyscallBegin]
) HAS_TRANSITION_STACK[t] = 1;
HAS_TRANSITION_STACK[Ev.GoStatus] = 1;
HAS_TRANSITION_STACK[Ev.GoStatusStack] = 1;

/**
 * Go's StateTransition.Stack: the stack of the transition (for a creation, the new
 * goroutine's start), 0 if none.
 */
export function transitionStack(b: EventBlock, j: number): number {
  return HAS_TRANSITION_STACK[b.type[j]] ? b.a2[j] : 0;
}

/** Go's StateTransition.Reason: a string id (GoStop, GoBlock), 0 if none. */
export function transitionReason(b: EventBlock, j: number): number {
  const t = b.type[j];
  return t === Ev.GoStop || t === Ev.GoBlock ? b.a1[j] : 0;
}

// ---- Ranges (Go: Event.Range) --------------------------------------------------------

/** STW kind of an STWBegin/STWEnd (a string id). */
export function stwKind(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** Proc index a sweep range (GCSweepActive) is scoped to. */
export function sweepProc(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** Goroutine index a mark-assist range (GCMarkAssistActive) is scoped to. */
export function assistGoroutine(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** GCSweepEnd's attributes: bytes swept and reclaimed. */
export function sweepResult(b: EventBlock, j: number): { swept: bigint; reclaimed: bigint } {
  const x = b.a0[j] - b.extraBase;
  return { swept: b.extra[x], reclaimed: b.extra[x + 1] };
}

// ---- Tasks, regions, logs, labels, metrics -------------------------------------------

/** Task index of a TaskBegin/TaskEnd/RegionBegin/RegionEnd/Log. */
export function taskAt(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** Parent task index of a TaskBegin/TaskEnd. */
export function taskParentAt(b: EventBlock, j: number): number {
  return b.a1[j];
}

/** Type (string id) of a task (TaskBegin/TaskEnd) or region (RegionBegin/RegionEnd). */
export function annotationTypeAt(b: EventBlock, j: number): number {
  const t = b.type[j];
  return t === Ev.UserTaskBegin || t === Ev.UserTaskEnd ? b.a2[j] : b.a1[j];
}

/** A Log's category and message (string ids). */
export function logCategory(b: EventBlock, j: number): number {
  return b.a1[j];
}
export function logMessage(b: EventBlock, j: number): number {
  return b.a2[j];
}

/** A GoLabel's label (string id). */
export function labelAt(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** A metric's value (ProcsChange, HeapAlloc, HeapGoal). */
export function metricValue(b: EventBlock, j: number): bigint {
  return BigInt(b.a0[j]) | (BigInt(b.a1[j]) << 32n);
}

/** The same as a number (exact below 2^53). */
export function metricNumber(b: EventBlock, j: number): number {
  return b.a0[j] + b.a1[j] * 4294967296;
}

// ---- Experimental events ------------------------------------------------------------------

/**
 * Index in the block's `extra` of an experimental event's raw arguments (its spec's args
 * after dt, one u64 each).
 */
export function experimentalArgsAt(b: EventBlock, j: number): number {
  return b.a0[j] - b.extraBase;
}

// ---- Sync --------------------------------------------------------------------------------

/** Whether row j is a Sync. */
export function isSync(b: EventBlock, j: number): boolean {
  return b.type[j] === SYNC;
}

/** A Sync's number N (1 for the first). */
export function syncNumber(b: EventBlock, j: number): number {
  return b.a0[j];
}

/** Index of a Sync's info in the block's `extra` (block-local), or -1 if it has none. */
export function syncInfoAt(b: EventBlock, j: number): number {
  const x = b.a1[j];
  return x === 0xffffffff ? -1 : x - b.extraBase;
}
