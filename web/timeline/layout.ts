// The vertical layout of the tracks from the page's boot data (the contract's
// TimelineBoot): counters on top, then one lane per proc/thread/goroutine/task with its
// rows (execution, syscalls, GC ranges, regions) and a strip for instants.

import { RowCat, type TimelineBoot } from "../../server/core/contract/timeline.ts";

export const RULER_H = 26;
export const LABEL_W = 210;
export const COUNTER_H = 44;
export const LANE_GAP = 3;
export const INSTANT_H = 7;
/** Row heights by row category. */
const ROW_H: Record<number, number> = {
  [RowCat.Exec]: 18,
  [RowCat.Syscall]: 12,
  [RowCat.Range]: 12,
  [RowCat.Region]: 14,
};

export interface LaneBox {
  /** Top of the lane in content coordinates (before scrolling). */
  y: number;
  h: number;
  /** Top and height of each row. */
  rowY: number[];
  rowH: number[];
  /** Top of the instants strip (-1: none). */
  instY: number;
}

export class Layout {
  readonly lanes: LaneBox[] = [];
  readonly counterY: number[] = [];
  /** Height of all tracks (counters and lanes). */
  readonly height: number;

  constructor(readonly boot: TimelineBoot) {
    let y = 4;
    for (let k = 0; k < boot.counters.length; k++) {
      this.counterY.push(y);
      y += COUNTER_H + LANE_GAP;
    }
    y += 6;
    for (const l of boot.lanes) {
      const box: LaneBox = { y, h: 0, rowY: [], rowH: [], instY: -1 };
      let ry = y + 1;
      const rows = l.rows.length > 0 ? l.rows : [0];
      for (const cat of rows) {
        box.rowY.push(ry);
        box.rowH.push(ROW_H[cat] ?? 12);
        ry += (ROW_H[cat] ?? 12) + 1;
      }
      if (l.instants > 0) {
        box.instY = ry;
        ry += INSTANT_H + 1;
      }
      box.h = ry - y;
      this.lanes.push(box);
      y = ry + LANE_GAP;
    }
    this.height = y + 8;
  }

  /** Lane index at content y, or -1. */
  laneAt(y: number): number {
    let lo = 0, hi = this.lanes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lanes[mid].y + this.lanes[mid].h + LANE_GAP <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.lanes.length && y >= this.lanes[lo].y ? lo : -1;
  }

  /** Lanes overlapping content [y0, y1]. */
  lanesIn(y0: number, y1: number): [number, number] {
    const L = this.lanes;
    let lo = 0, hi = L.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (L[mid].y + L[mid].h < y0) lo = mid + 1;
      else hi = mid;
    }
    const a = lo;
    hi = L.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (L[mid].y <= y1) lo = mid + 1;
      else hi = mid;
    }
    return [a, lo];
  }

  /** Counter track at content y, or -1. */
  counterAt(y: number): number {
    for (let k = 0; k < this.counterY.length; k++) {
      if (y >= this.counterY[k] && y < this.counterY[k] + COUNTER_H) return k;
    }
    return -1;
  }
}
