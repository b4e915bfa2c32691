// Mutator utilization series and their summaries (Go: internal/trace/gc.go mmuSeries,
// newMMUSeries, integrator). All series live in shared flat arrays; series s owns the
// point range [base(s), base(s) + len(s)) and the band range [bandBase(s), + bandCount(s)).
//
// Times are i64 nanoseconds. The host passes times relative to the trace start rather
// than Go's absolute ones: every computation here uses only differences of times (the
// running sum starts from a zero-utilization point), so the results are the same.

import { Vec } from "../util/vec";
import { goPanic } from "./panic";

/** Go's bandsPerSeries: each series is summarized in (at most) this many bands. */
const BANDS_PER_SERIES: i32 = 1000;

// Points of all series: time, utilization from that time on, and the integral of the
// utilization from time 0 up to the point (Go: mmuSeries.sums).
export const pointTime = new Vec<i64>();
export const pointUtil = new Vec<f64>();
export const pointSum = new Vec<f64>();

// Bands of all series: the minimum utilization in the band, the integral up to its left
// edge, and the index (within the series) of the left edge's non-strict predecessor.
export const bandMin = new Vec<f64>();
export const bandCum = new Vec<f64>();
export const bandPos = new Vec<i32>();

// Per series.
const seriesBase = new Vec<i32>();
const seriesLen = new Vec<i32>();
const seriesBandBase = new Vec<i32>();
const seriesBandCount = new Vec<i32>();
const seriesBandDur = new Vec<i64>();

export function seriesCount(): i32 {
  return seriesBase.len;
}

// @inline
export function baseOf(s: i32): i32 {
  return seriesBase[s];
}

// @inline
export function lenOf(s: i32): i32 {
  return seriesLen[s];
}

// @inline
export function bandBaseOf(s: i32): i32 {
  return seriesBandBase[s];
}

// @inline
export function bandCountOf(s: i32): i32 {
  return seriesBandCount[s];
}

// @inline
export function bandDurOf(s: i32): i64 {
  return seriesBandDur[s];
}

/** Time of point i of series s. */
// @inline
export function timeAt(s: i32, i: i32): i64 {
  return pointTime[seriesBase[s] + i];
}

/** First and last time of series s. */
export function firstTime(s: i32): i64 {
  return pointTime[seriesBase[s]];
}

export function lastTime(s: i32): i64 {
  return pointTime[seriesBase[s] + seriesLen[s] - 1];
}

/** The start of band i of series s (its end is start + bandDur). */
// @inline
export function bandStart(s: i32, i: i32): i64 {
  return <i64> i * seriesBandDur[s] + firstTime(s);
}

// Staged series: the host writes n times (as f64) and n utilizations, then commits.
let stagedLen: i32 = 0;

/**
 * Reserves room for the next series of n points. The host writes n f64 times (ns, whole
 * numbers) at the returned address and n utilizations at stagedUtilPtr(), then calls
 * commitSeries. Addresses are valid until the next call into the module.
 */
export function stageSeries(n: i32): usize {
  const base = pointTime.len;
  pointTime.reserve(base + n);
  pointUtil.reserve(base + n);
  pointSum.reserve(base + n);
  stagedLen = n;
  return pointTime.ptr + (<usize> base << 3);
}

export function stagedUtilPtr(): usize {
  return pointUtil.ptr + (<usize> pointUtil.len << 3);
}

/** Adds the staged series: converts its times, computes the running sums and the bands. */
export function commitSeries(): void {
  const n = stagedLen;
  if (n <= 0) goPanic("mmu: empty utilization series");
  const base = pointTime.len;
  for (let i = 0; i < n; i++) {
    const at = pointTime.ptr + (<usize> (base + i) << 3);
    store<i64>(at, <i64> load<f64>(at));
  }
  pointTime.len = base + n;
  pointUtil.len = base + n;
  pointSum.len = base + n;
  seriesBase.push(base);
  seriesLen.push(n);

  // Running integral; the implicit point before the first one has utilization 0.
  let prevTime: i64 = 0;
  let prevUtil: f64 = 0;
  let sum: f64 = 0;
  for (let j = 0; j < n; j++) {
    const t = pointTime[base + j];
    sum += prevUtil * <f64> (t - prevTime);
    pointSum[base + j] = sum;
    prevTime = t;
    prevUtil = pointUtil[base + j];
  }

  // Equal, non-overlapping bands; numBands + 1 of them so the last records the final sum.
  const s = seriesBase.len - 1;
  const numBands = n < BANDS_PER_SERIES ? n : BANDS_PER_SERIES;
  const t0 = pointTime[base];
  const dur = pointTime[base + n - 1] - t0;
  let bandDur = (dur + <i64> numBands - 1) / <i64> numBands;
  if (bandDur < 1) bandDur = 1;
  seriesBandDur.push(bandDur);
  seriesBandBase.push(bandMin.len);
  seriesBandCount.push(numBands + 1);
  let pos: i32 = 0;
  for (let i = 0; i <= numBands; i++) {
    const start = <i64> i * bandDur + t0;
    const end = start + bandDur;
    const cum = advance(s, pos, start);
    pos = advancedPos;
    let minUtil: f64 = 1.0;
    for (let k = pos; k < n && pointTime[base + k] < end; k++) {
      minUtil = min(minUtil, pointUtil[base + k]);
    }
    bandMin.push(minUtil);
    bandCum.push(cum);
    bandPos.push(pos);
  }
}

/** The position advance() moved to (AssemblyScript has no tuples). */
export let advancedPos: i32 = 0;

/**
 * Go's integrator.advance: the integral of series s from 0 to `time`, starting the search
 * at pos (the non-strict predecessor of an earlier time). Sets advancedPos.
 */
export function advance(s: i32, pos: i32, time: i64): f64 {
  const base = seriesBase[s];
  const n = seriesLen[s];
  // Nearby targets are common: scan a few points before falling back to bisection.
  if (pos + 8 < n && pointTime[base + pos + 8] > time) {
    while (pos + 1 < n && pointTime[base + pos + 1] <= time) pos++;
  } else {
    let l = pos;
    let r = n;
    while (l < r) {
      const h = <i32> (<u32> (l + r) >> 1);
      if (pointTime[base + h] <= time) l = h + 1;
      else r = h;
    }
    pos = l - 1;
  }
  if (pos < 0) goPanic("mmu: integrator before the series start");
  advancedPos = pos;
  const pt = pointTime[base + pos];
  let partial: f64 = 0;
  if (time != pt) partial = pointUtil[base + pos] * <f64> (time - pt);
  return pointSum[base + pos] + partial;
}

/** Go's integrator.next: the first change of series s after `time`, scanning from pos. */
export function nextChange(s: i32, pos: i32, time: i64): i64 {
  const base = seriesBase[s];
  const n = seriesLen[s];
  for (let k = pos; k < n; k++) {
    const t = pointTime[base + k];
    if (t > time) return t;
  }
  return i64.MAX_VALUE;
}
