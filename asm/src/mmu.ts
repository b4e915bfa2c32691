// Module entry: the minimum mutator utilization curve (Go: internal/trace/gc.go MMUCurve).
// One instance holds one curve. The host stages each utilization series (stageSeries,
// writes times and utilizations, commitSeries), then asks for MMUs, worst windows and
// MUD quantiles per window size. Times are ns, relative to any fixed origin.

import { accMMU, accReset, worst } from "./mmu/accumulator";
import { searchWindow } from "./mmu/curve";
import { mudInvCumulativeSum, mudReset, mudSetTrackMass } from "./mmu/mud";
import { firstTime, lastTime, seriesCount } from "./mmu/series";
import { Vec } from "./util/vec";

export { commitSeries, stagedUtilPtr, stageSeries } from "./mmu/series";

/** Go's MMUCurve.MMU: the minimum mean utilization over all windows of this size. */
export function mmu(window: i64): f64 {
  accReset(0, false);
  searchWindow(window);
  return accMMU;
}

const exampleTime = new Vec<i64>();
const exampleUtil = new Vec<f64>();

/**
 * Go's MMUCurve.Examples: up to n disjoint windows of the lowest utilization, lowest
 * first (ties by time). Returns the count; read them at exampleTimePtr/exampleUtilPtr.
 */
export function examples(window: i64, n: i32): i32 {
  accReset(n, false);
  searchWindow(window);
  exampleTime.clear();
  exampleUtil.clear();
  for (let i = 0; i < worst.len(); i++) {
    exampleTime.push(worst.time[i]);
    exampleUtil.push(worst.util[i]);
  }
  // Go sorts with sort.Reverse(utilHeap); windows are disjoint, so no two compare equal
  // and any correct sort gives Go's order.
  const m = exampleTime.len;
  for (let i = 1; i < m; i++) {
    const t = exampleTime[i];
    const u = exampleUtil[i];
    let j = i;
    while (
      j > 0 && (exampleUtil[j - 1] > u || (exampleUtil[j - 1] == u && exampleTime[j - 1] > t))
    ) {
      exampleTime[j] = exampleTime[j - 1];
      exampleUtil[j] = exampleUtil[j - 1];
      j--;
    }
    exampleTime[j] = t;
    exampleUtil[j] = u;
  }
  return m;
}

export function exampleTimePtr(): usize {
  return exampleTime.ptr;
}

export function exampleUtilPtr(): usize {
  return exampleUtil.ptr;
}

const quantiles = new Vec<f64>();
const mudOut = new Vec<f64>();

/** Room for n quantiles (f64) for the next mud call; returns where to write them. */
export function quantilePtr(n: i32): usize {
  quantiles.reserve(n);
  quantiles.len = n;
  return quantiles.ptr;
}

/**
 * Go's MMUCurve.MUD: the mutator utilization distribution's quantiles for this window
 * size, for the quantiles written at quantilePtr. Returns where the results are (f64).
 */
export function mud(window: i64): usize {
  const nq = quantiles.len;
  mudOut.clear();
  if (nq == 0) return mudOut.ptr;
  let maxQ = quantiles[0];
  for (let i = 0; i < nq; i++) if (quantiles[i] > maxQ) maxQ = quantiles[i];
  // The distribution's total mass is the trace duration less the window, per series.
  let duration: i64 = 0;
  for (let s = 0; s < seriesCount(); s++) {
    const d = lastTime(s) - firstTime(s);
    if (d >= window) duration += d - window;
  }
  const qMass = <f64> duration * maxQ;
  accReset(0, true);
  mudReset();
  mudSetTrackMass(qMass);
  searchWindow(window);
  for (let i = 0; i < nq; i++) {
    let mu = mudInvCumulativeSum(<f64> duration * quantiles[i]);
    // No mass (a window as long as the trace, or no events): the quantiles have
    // converged to the MMU.
    if (isNaN(mu)) mu = accMMU;
    mudOut.push(mu);
  }
  return mudOut.ptr;
}
