// What is under the pointer: a span or density block, an instant, or a counter sample,
// from the window data the canvas was drawn with.

import { firstEndingAfter, type WindowData } from "./data.ts";
import { COUNTER_H, type Layout } from "./layout.ts";
import type { Viewport } from "./viewport.ts";

export type Hit =
  | { kind: "span"; lane: number; row: number; index: number }
  | { kind: "instant"; lane: number; index: number }
  | { kind: "counter"; counter: number; index: number; time: number }
  | null;

/** x is in track pixels, y in content pixels (scroll applied). */
export function hitTest(
  d: WindowData | null,
  layout: Layout,
  vp: Viewport,
  x: number,
  y: number,
): Hit {
  if (!d) return null;
  const c = layout.counterAt(y);
  if (c >= 0) {
    const cd = d.counters[c];
    if (!cd) return null;
    const t = vp.time(x);
    let lo = 0, hi = cd.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cd.ts[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? { kind: "counter", counter: c, index: lo - 1, time: t } : null;
  }
  const l = layout.laneAt(y);
  if (l < 0) return null;
  const box = layout.lanes[l];
  const px = vp.nsPerPx;
  if (box.instY >= 0 && y >= box.instY - 1 && y <= box.instY + 9) {
    const r = d.instRanges.get(l);
    if (!r) return null;
    const t = vp.time(x), tol = 3 * px;
    let best = -1, bestD = Infinity;
    for (let i = firstEndingAfter(d.instants.end, r[0], r[1], t - tol); i < r[1]; i++) {
      if (d.instants.start[i] > t + tol) break;
      const dist = Math.max(0, d.instants.start[i] - t, t - d.instants.end[i]);
      if (dist < bestD) bestD = dist, best = i;
    }
    return best >= 0 ? { kind: "instant", lane: l, index: best } : null;
  }
  for (let row = 0; row < box.rowY.length; row++) {
    if (y < box.rowY[row] || y >= box.rowY[row] + box.rowH[row]) continue;
    const r = d.rowRanges.get(l * 4096 + row);
    if (!r) return null;
    const t = vp.time(x), tol = 1.5 * px;
    const s = d.spans;
    let best = -1, bestD = Infinity;
    for (let i = firstEndingAfter(s.end, r[0], r[1], t - tol); i < r[1]; i++) {
      if (s.start[i] > t + tol) break;
      // Spans drawn at least a pixel wide are hit where drawn.
      const end = Math.max(s.end[i], s.start[i] + px);
      const dist = Math.max(0, s.start[i] - t, t - end);
      if (dist < bestD) bestD = dist, best = i;
    }
    return best >= 0 ? { kind: "span", lane: l, row, index: best } : null;
  }
  return null;
}

export { COUNTER_H };
