// Go's accumulator (internal/trace/gc.go): takes the windowed mutator utilization at the
// points the band search visits and tracks the minimum, the n worst disjoint windows and
// (for MUD) the distribution, plus the bound above which further points cannot matter.

import { Vec } from "../util/vec";
import { heapFixPushed, heapPopToEnd, heapRemoveToEnd } from "./heap";
import { mudAdd, mudTrackedKnown, mudTrackedUpper } from "./mud";

/** The worst windows found so far, as Go's utilHeap (the least bad one on top). */
class WindowHeap {
  time: Vec<i64> = new Vec<i64>();
  util: Vec<f64> = new Vec<f64>();

  // @ts-ignore: decorator
  @inline
  len(): i32 {
    return this.time.len;
  }

  // @ts-ignore: decorator
  @inline
  less(i: i32, j: i32): bool {
    const ui = this.util[i];
    const uj = this.util[j];
    if (ui != uj) return ui > uj;
    return this.time[i] > this.time[j];
  }

  swap(i: i32, j: i32): void {
    const t = this.time[i];
    this.time[i] = this.time[j];
    this.time[j] = t;
    const u = this.util[i];
    this.util[i] = this.util[j];
    this.util[j] = u;
  }

  removeLast(): void {
    this.time.len--;
    this.util.len--;
  }

  clear(): void {
    this.time.clear();
    this.util.clear();
  }
}

export const worst = new WindowHeap();

export let accMMU: f64 = 1;
export let accBound: f64 = 1;
let nWorst: i32 = 0;
let withMUD: bool = false;
let lastTime: i64 = i64.MAX_VALUE;
let lastMU: f64 = 0;

/** A fresh accumulator tracking n worst windows (0: none) and optionally the MUD. */
export function accReset(n: i32, mud: bool): void {
  accMMU = 1;
  accBound = 1;
  nWorst = n;
  withMUD = mud;
  worst.clear();
  lastTime = i64.MAX_VALUE;
  lastMU = 0;
}

/** Sets the MMU directly (Go does this for windows <= 0). */
export function accSetMMU(mmu: f64): void {
  accMMU = mmu;
}

/** Declares a discontinuity in the windowed utilization function (a new band). */
export function accResetTime(): void {
  lastTime = i64.MAX_VALUE;
}

/**
 * Adds the point (time, mu) of the windowed utilization function; times increase within
 * a band. Returns true when further points cannot change the result.
 */
export function accAddMU(time: i64, mu: f64, window: i64): bool {
  if (mu < accMMU) accMMU = mu;
  accBound = accMMU;

  // Go returns here when no windows are tracked, before the distribution code: so MUD,
  // which tracks none, never fills its distribution.
  if (nWorst == 0) return mu == 0;

  if (worst.len() < nWorst || mu < worst.util[0]) {
    // Keep the worse of this window and the first overlapping one already kept.
    let keep = false;
    for (let i = 0; i < worst.len(); i++) {
      const t = worst.time[i];
      if (time + window > t && t + window > time) {
        if (worst.util[i] <= mu) keep = true;
        else {
          heapRemoveToEnd<WindowHeap>(worst, i);
          worst.removeLast();
        }
        break;
      }
    }
    if (!keep) {
      worst.time.push(time);
      worst.util.push(mu);
      heapFixPushed<WindowHeap>(worst);
      if (worst.len() > nWorst) {
        heapPopToEnd<WindowHeap>(worst);
        worst.removeLast();
      }
    }
  }

  if (worst.len() < nWorst) accBound = 1.0;
  else accBound = max(accBound, worst.util[0]);

  if (withMUD) {
    if (lastTime != i64.MAX_VALUE) mudAdd(lastMU, mu, <f64> (time - lastTime));
    lastTime = time;
    lastMU = mu;
    if (mudTrackedKnown()) accBound = max(accBound, mudTrackedUpper());
    else accBound = 1;
    return false;
  }

  return worst.len() == nWorst && worst.util[0] == 0;
}
