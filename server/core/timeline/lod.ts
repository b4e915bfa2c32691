// Levels of detail for one row of spans (or one lane of instants): the spans themselves,
// sorted by start and not overlapping, plus coarser levels where runs of spans narrower
// than the level's resolution are merged into density blocks (extent, busy time, count,
// and the longest span as representative). A window query picks the coarsest level at
// least as fine as a pixel, binary-searches the window and merges again at the exact
// pixel size, so its cost follows the pixels shown, not the spans in the window.
// No Deno APIs.

import { f64, u32 } from "./columns.ts";

/** Resolution of level k is RES_BASE * RES_STEP^k ns (level 0 is the raw spans). */
const RES_BASE = 4;
const RES_STEP = 4;
/** A level is kept only if it has at most this share of the previous kept level's entries. */
const KEEP_RATIO = 0.6;
/** No level coarser than this many entries is needed. */
const MIN_ENTRIES = 32;

export interface Level {
  res: number;
  n: number;
  start: Float64Array;
  end: Float64Array;
  busy: Float64Array;
  count: Uint32Array;
  rep: Uint32Array;
}

/** Output of window queries: one entry per span or density block, across rows. */
export class SpanOut {
  readonly row = u32();
  readonly start = f64();
  readonly end = f64();
  readonly busy = f64();
  readonly count = u32();
  readonly rep = u32();

  get length(): number {
    return this.row.length;
  }

  push(row: number, s: number, e: number, b: number, c: number, r: number): void {
    this.row.push(row);
    this.start.push(s);
    this.end.push(e);
    this.busy.push(b);
    this.count.push(c);
    this.rep.push(r);
  }
}

export class SpanIndex {
  readonly levels: Level[] = [];

  /**
   * `start`/`end` are the row's spans (views into the global columns, sorted, not
   * overlapping); `base` is the global index of the first; `gStart`/`gEnd` the global
   * columns (to weigh representatives).
   */
  constructor(
    readonly start: Float64Array,
    readonly end: Float64Array,
    readonly base: number,
    readonly gStart: Float64Array,
    readonly gEnd: Float64Array,
  ) {
    this.#build();
  }

  get size(): number {
    return this.start.length;
  }

  #build(): void {
    const n = this.start.length;
    if (n <= MIN_ENTRIES) return;
    // Below the mean distance between spans little merges: start the levels there, so
    // each one shrinks (queries finer than that read the raw spans, which are few per
    // pixel at such zoom).
    const mean = (this.end[n - 1] - this.start[0]) / n;
    let res = RES_BASE;
    while (res * RES_STEP < mean) res *= RES_STEP;
    let prev: Level | null = null;
    let kept = n;
    for (; res < 2 ** 52; res *= RES_STEP) {
      const lv = this.#merge(prev, res);
      prev = lv;
      if (lv.n <= kept * KEEP_RATIO) {
        this.levels.push(lv);
        kept = lv.n;
      }
      if (lv.n <= MIN_ENTRIES) break;
    }
  }

  // The next level: merge runs of entries narrower than res, with gaps under res, into
  // blocks at most res wide.
  #merge(prev: Level | null, res: number): Level {
    const n = prev ? prev.n : this.start.length;
    const S = f64(), E = f64(), B = f64(), C = u32(), R = u32();
    const gS = this.gStart, gE = this.gEnd;
    let cs = 0, ce = 0, cb = 0, cc = 0, cr = 0, open = false, cNarrow = false;
    for (let i = 0; i < n; i++) {
      let s: number, e: number, b: number, c: number, r: number;
      if (prev) {
        s = prev.start[i];
        e = prev.end[i];
        b = prev.busy[i];
        c = prev.count[i];
        r = prev.rep[i];
      } else {
        s = this.start[i];
        e = this.end[i];
        b = e - s;
        c = 1;
        r = this.base + i;
      }
      const narrow = e - s < res;
      if (open && narrow && cNarrow && s - ce < res && e - cs <= res) {
        if (e > ce) ce = e;
        cb += b;
        cc += c;
        if (gE[r] - gS[r] > gE[cr] - gS[cr]) cr = r;
        continue;
      }
      if (open) {
        S.push(cs), E.push(ce), B.push(cb), C.push(cc), R.push(cr);
      }
      cs = s, ce = e, cb = b, cc = c, cr = r, open = true, cNarrow = narrow;
    }
    if (open) S.push(cs), E.push(ce), B.push(cb), C.push(cc), R.push(cr);
    return {
      res,
      n: S.length,
      start: S.finish(),
      end: E.finish(),
      busy: B.finish(),
      count: C.finish(),
      rep: R.finish(),
    };
  }

  /**
   * Appends to `out` the spans and blocks of this row overlapping [t0, t1], merged so
   * that nothing is narrower than `px` ns unless it stands alone.
   */
  query(t0: number, t1: number, px: number, row: number, out: SpanOut): void {
    let lv: Level | null = null;
    for (const l of this.levels) if (l.res <= px) lv = l;
    const S = lv ? lv.start : this.start;
    const E = lv ? lv.end : this.end;
    const n = S.length;
    // First entry ending at or after t0 (ends are sorted: entries do not overlap).
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (E[mid] < t0) lo = mid + 1;
      else hi = mid;
    }
    const gS = this.gStart, gE = this.gEnd;
    let cs = 0, ce = 0, cb = 0, cc = 0, cr = 0, open = false, cNarrow = false;
    for (let i = lo; i < n; i++) {
      const s = S[i];
      if (s > t1) break;
      const e = E[i];
      const b = lv ? lv.busy[i] : e - s;
      const c = lv ? lv.count[i] : 1;
      const r = lv ? lv.rep[i] : this.base + i;
      const narrow = e - s < px;
      if (open && narrow && cNarrow && s - ce < px && e - cs <= px) {
        if (e > ce) ce = e;
        cb += b;
        cc += c;
        if (gE[r] - gS[r] > gE[cr] - gS[cr]) cr = r;
        continue;
      }
      if (open) out.push(row, cs, ce, cb, cc, cr);
      cs = s, ce = e, cb = b, cc = c, cr = r, open = true, cNarrow = narrow;
    }
    if (open) out.push(row, cs, ce, cb, cc, cr);
  }

  /** Index range [i0, i1) of raw spans overlapping [t0, t1). */
  range(t0: number, t1: number): [number, number] {
    const S = this.start, E = this.end;
    let lo = 0, hi = S.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (E[mid] <= t0) lo = mid + 1;
      else hi = mid;
    }
    let a = lo;
    hi = S.length;
    while (a < hi) {
      const mid = (a + hi) >>> 1;
      if (S[mid] < t1) a = mid + 1;
      else hi = mid;
    }
    return [lo, a];
  }
}
