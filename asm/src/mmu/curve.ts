// The MMU band search (Go: MMUCurve.mmu, mkBandUtil, bandMMU in internal/trace/gc.go).
// Every band gets a lower bound on the utilization of windows starting in it; bands are
// refined, lowest bound first, into exact windowed utilizations until the next bound
// cannot improve on what the accumulator has.

import { Vec } from "../util/vec";
import { heapInit, heapPopToEnd } from "./heap";
import { goPanic } from "./panic";
import { accAddMU, accBound, accResetTime, accSetMMU } from "./accumulator";
import {
  advance,
  advancedPos,
  bandBaseOf,
  bandCountOf,
  bandCum,
  bandDurOf,
  bandMin,
  bandPos,
  bandStart,
  firstTime,
  lastTime,
  nextChange,
  seriesCount,
} from "./series";

/** Candidate bands, as Go's bandUtilHeap (the lowest bound on top). */
class BandHeap {
  series: Vec<i32> = new Vec<i32>();
  band: Vec<i32> = new Vec<i32>();
  bound: Vec<f64> = new Vec<f64>();

  // @ts-ignore: decorator
  @inline
  len(): i32 {
    return this.series.len;
  }

  // @ts-ignore: decorator
  @inline
  less(i: i32, j: i32): bool {
    return this.bound[i] < this.bound[j];
  }

  swap(i: i32, j: i32): void {
    const s = this.series[i];
    this.series[i] = this.series[j];
    this.series[j] = s;
    const b = this.band[i];
    this.band[i] = this.band[j];
    this.band[j] = b;
    const u = this.bound[i];
    this.bound[i] = this.bound[j];
    this.bound[j] = u;
  }

  removeLast(): void {
    this.series.len--;
    this.band.len--;
    this.bound.len--;
  }

  clear(): void {
    this.series.clear();
    this.band.clear();
    this.bound.clear();
  }
}

const bands = new BandHeap();
// The window per series: no longer than the series itself.
const windows = new Vec<i64>();

/** Runs the search for one window size into the accumulator (set up by the caller). */
export function searchWindow(window: i64): void {
  if (window <= 0) {
    accSetMMU(0);
    return;
  }
  bands.clear();
  windows.clear();
  const n = seriesCount();
  for (let s = 0; s < n; s++) {
    let w = window;
    const longest = lastTime(s) - firstTime(s);
    if (w > longest) w = longest;
    windows.push(w);
    addBandBounds(s, w);
  }
  heapInit<BandHeap>(bands);
  while (bands.len() > 0 && bands.bound[0] < accBound) {
    const s = bands.series[0];
    refineBand(s, bands.band[0], windows[s]);
    heapPopToEnd<BandHeap>(bands);
    bands.removeLast();
  }
}

// Go's mkBandUtil: for each band of series s, the worst possible mean utilization of a
// window starting in it, assuming the minimum over partially covered bands and the mean
// over fully covered ones.
function addBandBounds(s: i32, window: i64): void {
  const bandDur = bandDurOf(s);
  const minBands = <i32> ((window + bandDur - 1) / bandDur);
  const maxBands = <i32> ((window + 2 * (bandDur - 1)) / bandDur);
  if (window > 1 && maxBands < 2) goPanic("maxBands < 2");
  const tailDur = window % bandDur;
  const count = bandCountOf(s);
  const base = bandBaseOf(s);
  let nUtil = count - maxBands + 1;
  if (nUtil < 0) nUtil = 0;
  for (let i = 0; i < nUtil; i++) {
    const ir1 = i + minBands - 1;
    const ir2 = i + maxBands - 1;
    if (ir1 < 0 || ir1 >= count || ir2 < 0 || ir2 >= count) goPanic("mmu: band index out of range");
    let util: f64 = 0;
    const l = bandMin[base + i];
    const r1 = bandMin[base + ir1];
    const r2 = bandMin[base + ir2];
    const minBand = min(l, min(r1, r2));
    if (minBands == 1) util += minBand * <f64> window;
    else {
      util += minBand * <f64> bandDur;
      let midBand: f64 = 0;
      if (minBand == l) midBand = min(r1, r2);
      else if (minBand == r1) midBand = min(l, r2);
      else if (minBand == r2) midBand = min(l, r1);
      util += midBand * <f64> tailDur;
    }
    if (minBands > 2) {
      if (i + 1 >= count) goPanic("mmu: band index out of range");
      util += bandCum[base + ir1] - bandCum[base + i + 1];
    }
    bands.series.push(s);
    bands.band.push(i);
    bands.bound.push(util / <f64> window);
  }
}

// Go's int64(f) on amd64: truncation, and the "integer indefinite" value when out of range.
// @inline
function goInt64(f: f64): i64 {
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) return i64.MIN_VALUE;
  return <i64> f;
}

// Go's bandMMU: the exact windowed utilization for windows whose left edge is in band
// bandIdx. The windowed function is piecewise linear with corners where either window
// edge meets a utilization change, so only those times (and jumps of at least the
// distance the slope bound allows) are visited.
function refineBand(s: i32, bandIdx: i32, window: i64): void {
  let leftPos = bandPos[bandBaseOf(s) + bandIdx];
  let rightPos = leftPos;
  let time = bandStart(s, bandIdx);
  let endTime = time + bandDurOf(s);
  const utilEnd = lastTime(s) - window;
  if (utilEnd < endTime) endTime = utilEnd;
  accResetTime();
  while (true) {
    const right = advance(s, rightPos, time + window);
    rightPos = advancedPos;
    const left = advance(s, leftPos, time);
    leftPos = advancedPos;
    const mu = (right - left) / <f64> window;
    if (accAddMU(time, mu, window)) break;
    if (time == endTime) break;

    // The windowed function's slope is at most 1/window, so it cannot drop below the
    // bound sooner than this.
    const minTime = time + goInt64((mu - accBound) * <f64> window);

    const t1 = nextChange(s, leftPos, time);
    const t2 = nextChange(s, rightPos, time + window) - window;
    time = t1 < t2 ? t1 : t2;
    if (time < minTime) time = minTime;
    // MUD needs the whole band, so stop exactly at its end.
    if (time >= endTime) time = endTime;
  }
}
