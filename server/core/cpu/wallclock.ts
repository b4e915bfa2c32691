// Where the wall-clock time of a selection went, on and off the CPU, in one picture:
// every stay of a selected goroutine in a state, clipped to the selection, by state and
// by the stack of the event that began the stay (as the blocking profiles count it):
// running (split by the CPU samples taken while it ran), runnable (waiting for a P), in
// a syscall, and blocked, one root per wait reason. Widths are time: the running part
// is the exact execution time the scheduler events give, shared among the sampled
// stacks by their counts. One pass over the stays (stays.ts). No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { GoState } from "../trace/kinds.ts";
import { eachStay } from "./stays.ts";
import { selectedPart, type Selection, selects } from "./selection.ts";

/** Time of one root and stack. `stack` is -1 for running time no sample explains. */
export interface WallRecord {
  root: number;
  stack: number;
  /** Stays (or CPU samples, under "running"). */
  count: number;
  time: number;
}

export interface WallClock {
  /** Root names: "running", "runnable", "syscall", "blocked: <reason>", … */
  roots: string[];
  records: WallRecord[];
  /** Execution time of the selection, and the CPU samples taken while it ran. */
  running: number;
  samples: number;
}

export const RUNNING = "running";
export const RUNNABLE = "runnable (waiting for a P)";
export const SYSCALL = "syscall";
/** A wait the trace began in: Go records no reason for it. */
export const BLOCKED_BEFORE = "blocked (since before the trace)";

export function blockedRoot(reason: string): string {
  return reason === "" ? BLOCKED_BEFORE : `blocked: ${reason}`;
}

export async function wallClock(
  t: Trace,
  sel: Selection,
  opts: PassOptions = {},
): Promise<WallClock> {
  const roots: string[] = [RUNNING, RUNNABLE, SYSCALL];
  const rootOfReason = new Map<number, number>();
  const records: WallRecord[] = [];
  const byKey = new Map<number, number>();
  const width = t.stackCount + 1;
  const add = (root: number, stack: number, time: number) => {
    const key = root * width + stack + 1;
    let k = byKey.get(key);
    if (k === undefined) {
      k = records.length;
      records.push({ root, stack, count: 0, time: 0 });
      byKey.set(key, k);
    }
    records[k].count++;
    records[k].time += time;
  };
  const sampleCount = new Map<number, number>(); // stack → samples while running
  let running = 0, samples = 0;
  await eachStay(t, {
    stay(g, state, reason, stack, start, end) {
      const d = selectedPart(sel, g, start, end);
      if (d <= 0) return;
      if (state === GoState.Running) running += d;
      else if (state === GoState.Runnable) add(1, stack, d);
      else if (state === GoState.Syscall) add(2, stack, d);
      else {
        let root = rootOfReason.get(reason);
        if (root === undefined) {
          root = roots.length;
          roots.push(blockedRoot(t.string(reason)));
          rootOfReason.set(reason, root);
        }
        add(root, stack, d);
      }
    },
    sample(g, state, stack, time) {
      if (state !== GoState.Running || !selects(sel, g, time)) return;
      samples++;
      sampleCount.set(stack, (sampleCount.get(stack) ?? 0) + 1);
    },
  }, opts);
  if (running > 0) {
    if (samples === 0) {
      records.push({ root: 0, stack: -1, count: 0, time: running });
    } else {
      for (const [stack, c] of sampleCount) {
        records.push({ root: 0, stack, count: c, time: running * c / samples });
      }
    }
  }
  return { roots, records, running, samples };
}
