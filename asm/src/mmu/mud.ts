// The mutator utilization distribution (Go: internal/trace/mud.go): a distribution of
// duration over utilization, kept as uniform pieces (edges) and Dirac deltas, plus a
// 1024-bucket histogram that tracks where a given cumulative mass falls.
//
// Note: in Go 1.26, MMUCurve.MUD never feeds this distribution (the accumulator returns
// before reaching it when no worst windows are tracked), so MUD's quantiles all come out
// as the MMU. The port is complete anyway so that the accumulator is Go's, step for step.

import { Vec } from "../util/vec";
import { sortIndicesByKeyRaw } from "../util/go_sort";
import { goPanic } from "./panic";

const DEGREE: i32 = 1024;

// Edges not yet sorted, and the sorted ones: at x the density rises by delta, and a
// Dirac delta of area dirac sits there.
const newX = new Vec<f64>();
const newDelta = new Vec<f64>();
const newDirac = new Vec<f64>();
let sortedX = new Vec<f64>();
let sortedDelta = new Vec<f64>();
let sortedDirac = new Vec<f64>();
let mergedX = new Vec<f64>();
let mergedDelta = new Vec<f64>();
let mergedDirac = new Vec<f64>();
// Scratch for sorting new edges by x.
const order = new Vec<i32>();
const keys = new Vec<i64>();

const hist = new StaticArray<f64>(DEGREE);
let trackMass: f64 = 0;
let trackBucket: i32 = 0;
let trackSum: f64 = 0;

/** Empties the distribution (Go: a fresh mud). */
export function mudReset(): void {
  newX.clear();
  newDelta.clear();
  newDirac.clear();
  sortedX.clear();
  sortedDelta.clear();
  sortedDirac.clear();
  for (let i = 0; i < DEGREE; i++) unchecked(hist[i] = 0);
  trackMass = 0;
  trackBucket = 0;
  trackSum = 0;
}

function pushEdge(x: f64, delta: f64, dirac: f64): void {
  newX.push(x);
  newDelta.push(delta);
  newDirac.push(dirac);
}

// Go's int(math.Modf(v)) integer part as a bucket index, and the fraction.
let fraction: f64 = 0;
function bucketOf(v: f64): i32 {
  const whole = Math.trunc(v);
  fraction = v - whole;
  if (whole < 0) goPanic("mud: negative utilization");
  return whole >= <f64> DEGREE ? DEGREE : <i32> whole;
}

/** Adds a uniform distribution of total weight area over [l, r] (a Dirac delta if l == r). */
export function mudAdd(l: f64, r: f64, area: f64): void {
  if (area == 0) return;
  if (r < l) {
    const t = l;
    l = r;
    r = t;
  }
  if (l == r) pushEdge(l, 0, area);
  else {
    const delta = area / (r - l);
    pushEdge(l, delta, 0);
    pushEdge(r, -delta, 0);
  }

  let lb = bucketOf(l * <f64> DEGREE);
  let lf = fraction;
  if (lb >= DEGREE) {
    lb = DEGREE - 1;
    lf = 1;
  }
  if (l == r) unchecked(hist[lb] += area);
  else {
    let rb = bucketOf(r * <f64> DEGREE);
    let rf = fraction;
    if (rb >= DEGREE) {
      rb = DEGREE - 1;
      rf = 1;
    }
    if (lb == rb) unchecked(hist[lb] += area);
    else {
      const perBucket = area / (r - l) / <f64> DEGREE;
      unchecked(hist[lb] += perBucket * (1 - lf));
      unchecked(hist[rb] += perBucket * rf);
      for (let i = lb + 1; i < rb; i++) unchecked(hist[i] += perBucket);
    }
  }

  const thresh = <f64> trackBucket / <f64> DEGREE;
  if (l < thresh) {
    if (r < thresh) trackSum += area;
    else trackSum += area * (thresh - l) / (r - l);
    if (trackSum >= trackMass) mudSetTrackMass(trackMass);
  }
}

/** Sets the cumulative mass whose bucket the histogram tracks. */
export function mudSetTrackMass(mass: f64): void {
  trackMass = mass;
  let sum: f64 = 0;
  for (let i = 0; i < DEGREE; i++) {
    const next = sum + unchecked(hist[i]);
    if (next > mass) {
      trackBucket = i;
      trackSum = sum;
      return;
    }
    sum = next;
  }
  trackBucket = DEGREE;
  trackSum = sum;
}

/** Whether the tracked mass falls in a bucket yet (Go: approxInvCumulativeSum's ok). */
export function mudTrackedKnown(): bool {
  return trackBucket != DEGREE;
}

/** The upper utilization bound of the tracked bucket (valid when mudTrackedKnown). */
export function mudTrackedUpper(): f64 {
  return <f64> (trackBucket + 1) / <f64> DEGREE;
}

/** The lower utilization bound of the tracked bucket (valid when mudTrackedKnown). */
export function mudTrackedLower(): f64 {
  return <f64> trackBucket / <f64> DEGREE;
}

// cmp.Compare order of float64 as an i64 key (edges are never NaN; -0 equals +0).
function orderKey(x: f64): i64 {
  if (x == 0) return 0;
  const bits = reinterpret<i64>(x);
  return bits < 0 ? bits ^ i64.MAX_VALUE : bits;
}

/** Whether the last mudInvCumulativeSum found its mass (Go's second result). */
export let invFound: bool = false;

/**
 * The utilization x such that at least y time was spent at utilization <= x; NaN if the
 * distribution is empty. Sorts and merges the new edges first, as Go does.
 */
export function mudInvCumulativeSum(y: f64): f64 {
  invFound = false;
  if (sortedX.len == 0 && newX.len == 0) return NaN;

  // Sort the new edges by x exactly as Go's slices.SortFunc would (it is unstable).
  const n = newX.len;
  order.clear();
  keys.clear();
  for (let i = 0; i < n; i++) {
    order.push(i);
    keys.push(orderKey(newX[i]));
  }
  sortIndicesByKeyRaw(order.ptr, n, keys.ptr);

  // Merge with the sorted edges; on equal x the new edge goes first.
  mergedX.clear();
  mergedDelta.clear();
  mergedDirac.clear();
  let i = 0;
  let j = 0;
  while (i < sortedX.len || j < n) {
    if (j >= n || (i < sortedX.len && sortedX[i] < newX[order[j]])) {
      mergedX.push(sortedX[i]);
      mergedDelta.push(sortedDelta[i]);
      mergedDirac.push(sortedDirac[i]);
      i++;
    } else {
      const k = order[j];
      mergedX.push(newX[k]);
      mergedDelta.push(newDelta[k]);
      mergedDirac.push(newDirac[k]);
      j++;
    }
  }
  newX.clear();
  newDelta.clear();
  newDirac.clear();
  let t = sortedX;
  sortedX = mergedX;
  mergedX = t;
  t = sortedDelta;
  sortedDelta = mergedDelta;
  mergedDelta = t;
  t = sortedDirac;
  sortedDirac = mergedDirac;
  mergedDirac = t;

  // Walk the edges accumulating the mass.
  let csum: f64 = 0;
  let rate: f64 = 0;
  let prevX: f64 = 0;
  for (let e = 0; e < sortedX.len; e++) {
    const x = sortedX[e];
    let next = csum + (x - prevX) * rate;
    if (next >= y) {
      invFound = true;
      // Anywhere in a flat stretch will do; x also covers y == 0.
      if (rate == 0) return x;
      return (y - csum) / rate + prevX;
    }
    next += sortedDirac[e];
    if (next >= y) {
      invFound = true;
      return x;
    }
    csum = next;
    prevX = x;
    rate += sortedDelta[e];
  }
  return prevX;
}
