// Go's duration histogram (internal/trace/traceviewer TimeHistogram): five buckets per
// decade, bucket i holding durations in [e^(i·logDiv), e^((i+1)·logDiv)). Used by the
// task and region pages. No Deno APIs.

import { goExp, goLog } from "../util/go_math.ts";

// log(10^(1/5)), the same double Go computes (checked against Go in the tests). Go's
// math.Log and math.Exp (goLog, goExp) keep bucket edges bit-identical with Go's.
const LOG_DIV = goLog(Math.pow(10, 1 / 5));

export interface TimeHistogram {
  count: number;
  /** Counts by bucket index (index 0 also holds durations ≤ 1ns). */
  buckets: number[];
  minBucket: number;
  maxBucket: number;
}

export function newHistogram(): TimeHistogram {
  return { count: 0, buckets: [], minBucket: 0, maxBucket: 0 };
}

/** The bucket of a duration in ns (Go: int(math.Log(float64(d)) / logDiv)). */
export function bucketOf(ns: number): number {
  if (!(ns > 0)) return 0;
  // Math.log and Go's log differ by an ulp or two: away from a bucket edge they pick the
  // same bucket, and Go's (slow here) log is needed only near one.
  const q = Math.log(ns) / LOG_DIV;
  const frac = q - Math.trunc(q);
  if (frac > 1e-9 && frac < 1 - 1e-9) return Math.trunc(q);
  return Math.trunc(goLog(ns) / LOG_DIV);
}

/** Go's TimeHistogram.Add, including its minBucket quirk (reset while maxBucket is 0). */
export function addSample(h: TimeHistogram, ns: number): void {
  const b = bucketOf(ns);
  while (h.buckets.length <= b) h.buckets.push(0);
  h.buckets[b]++;
  if (b < h.minBucket || h.maxBucket === 0) h.minBucket = b;
  if (b > h.maxBucket) h.maxBucket = b;
  h.count++;
}

/** The smallest duration of a bucket in ns (Go: time.Duration(math.Exp(b·logDiv))). */
export function bucketMin(b: number): number {
  return Math.trunc(goExp(b * LOG_DIV));
}
