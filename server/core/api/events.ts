// Rows of a block as the public TraceEvent objects: what Go's trace.Event methods give
// (Kind, Time, Goroutine, Proc, Thread, Stack, StateTransition, Range, Task, Region, Log,
// Label, Metric, Sync, Experimental), decoded once here from the accessors in
// trace/event.ts. One object per event: for callers that want objects; the analyses read
// the columns. Stacks are shared between events with the same stack. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import {
  Ev,
  GO_STATES,
  isProcTransition,
  kindOfType,
  METRIC_NAMES,
  PROC_STATES,
} from "../trace/kinds.ts";
import {
  annotationTypeAt,
  assistGoroutine,
  experimentalArgsAt,
  labelAt,
  logCategory,
  logMessage,
  metricValue,
  stwKind,
  sweepProc,
  sweepResult,
  syncInfoAt,
  syncNumber,
  taskAt,
  taskParentAt,
  transitionFrom,
  transitionReason,
  transitionResource,
  transitionStack,
  transitionTo,
} from "../trace/event.ts";
import { V2_SPECS } from "../trace/v2_specs.ts";
import type { EventRange, StackFrame, TraceEvent } from "./types.ts";

/** Makes TraceEvents of one trace (keeps its stacks). */
export class EventMaker {
  #stacks = new Map<number, StackFrame[]>();

  constructor(readonly t: Trace) {}

  /** The frames of stack id `id`, leaf first. */
  stack(id: number): StackFrame[] {
    if (id === 0) return [];
    let s = this.#stacks.get(id);
    if (!s) {
      const t = this.t;
      s = Array.from(t.stackFrameIds(id), (f) => ({
        pc: t.framePC[f],
        func: t.string(t.frameFunc[f]),
        file: t.string(t.frameFile[f]),
        line: Number(t.frameLine[f]),
      }));
      this.#stacks.set(id, s);
    }
    return s;
  }

  /** Row j of block b. */
  event(b: EventBlock, j: number): TraceEvent {
    const t = this.t;
    const typ = b.type[j];
    const c = b.ctx[j];
    const kind = kindOfType(typ);
    const e: TraceEvent = {
      kind,
      index: b.first + j,
      time: b.time[j],
      goroutine: t.gId[t.ctxG[c]],
      proc: t.pId[t.ctxP[c]],
      thread: t.mId[t.ctxM[c]],
      stack: this.stack(b.stack[j]),
    };
    switch (kind) {
      case "StateTransition": {
        const proc = isProcTransition(typ);
        const from = transitionFrom(b, j), to = transitionTo(b, j);
        const states = proc ? PROC_STATES : GO_STATES;
        e.transition = {
          resource: proc ? "proc" : "goroutine",
          id: (proc ? t.pId : t.gId)[transitionResource(b, j)],
          from: states[from] ?? "Bad",
          to: states[to] ?? "Bad",
          reason: t.string(transitionReason(b, j)),
          stack: proc ? [] : this.stack(transitionStack(b, j)),
        };
        break;
      }
      case "RangeBegin":
      case "RangeActive":
      case "RangeEnd":
        e.range = this.#range(b, j, typ, e.goroutine);
        break;
      case "TaskBegin":
      case "TaskEnd":
        e.task = {
          id: t.taskId[taskAt(b, j)],
          parent: t.taskId[taskParentAt(b, j)],
          type: t.string(annotationTypeAt(b, j)),
        };
        break;
      case "RegionBegin":
      case "RegionEnd":
        e.region = { task: t.taskId[taskAt(b, j)], type: t.string(annotationTypeAt(b, j)) };
        break;
      case "Log":
        e.log = {
          task: t.taskId[taskAt(b, j)],
          category: t.string(logCategory(b, j)),
          message: t.string(logMessage(b, j)),
        };
        break;
      case "Label":
        e.label = { label: t.string(labelAt(b, j)), goroutine: e.goroutine };
        break;
      case "Metric":
        e.metric = { name: METRIC_NAMES[typ], value: metricValue(b, j) };
        break;
      case "Sync": {
        e.sync = { n: syncNumber(b, j) };
        const x = syncInfoAt(b, j);
        if (x >= 0 && b.extra[x] !== 0n) {
          e.sync.clock = {
            trace: BigInt.asIntN(64, b.extra[x + 1]),
            mono: b.extra[x + 2],
            wall: {
              sec: BigInt.asIntN(64, b.extra[x + 3]),
              nsec: BigInt.asIntN(64, b.extra[x + 4]),
            },
          };
        }
        break;
      }
      case "Experimental": {
        const spec = V2_SPECS[typ];
        const x = experimentalArgsAt(b, j);
        const args: Record<string, bigint> = {};
        spec.args.slice(1).forEach((n, k) => args[n] = b.extra[x + k]);
        e.experimental = { name: spec.name, args };
        break;
      }
    }
    return e;
  }

  #range(b: EventBlock, j: number, typ: number, g: number): EventRange {
    const t = this.t;
    const attributes: EventRange["attributes"] = [];
    if (typ === Ev.GCSweepEnd) {
      const { swept, reclaimed } = sweepResult(b, j);
      attributes.push({ name: "bytes swept", value: swept }, {
        name: "bytes reclaimed",
        value: reclaimed,
      });
    }
    switch (typ) {
      case Ev.STWBegin:
      case Ev.STWEnd:
        return {
          name: `stop-the-world (${t.string(stwKind(b, j))})`,
          scope: { kind: "goroutine", id: g },
          attributes,
        };
      case Ev.GCBegin:
      case Ev.GCActive:
      case Ev.GCEnd:
        return { name: "GC concurrent mark phase", scope: { kind: "none", id: -1 }, attributes };
      case Ev.GCSweepBegin:
      case Ev.GCSweepActive:
      case Ev.GCSweepEnd: {
        const p = typ === Ev.GCSweepActive ? t.pId[sweepProc(b, j)] : t.pId[t.ctxP[b.ctx[j]]];
        return { name: "GC incremental sweep", scope: { kind: "proc", id: p }, attributes };
      }
      default: {
        const gg = typ === Ev.GCMarkAssistActive ? t.gId[assistGoroutine(b, j)] : g;
        return { name: "GC mark assist", scope: { kind: "goroutine", id: gg }, attributes };
      }
    }
  }
}
