// Draws the timeline on one canvas: the time ruler, the counter tracks, the lanes (rows of
// spans and density blocks, the instants strip), flow arrows, the selection, and the lane
// labels. Only what is on screen is visited: rows are binary-searched to the window.

import {
  type ColorMode,
  COUNTER_COLORS,
  fillOf,
  INSTANT_PIXELS,
  pixelOf,
  spanSwatch,
} from "./colors.ts";
import { packCSS, RowPixels, StackPixels } from "./pixels.ts";
import { firstEndingAfter, type WindowData } from "./data.ts";
import { COUNTER_H, INSTANT_H, LABEL_W, type Layout, RULER_H } from "./layout.ts";
import type { TimelineBoot } from "../../server/core/contract/timeline.ts";
import type { Viewport } from "./viewport.ts";
import { bytes, dur } from "../lib/format.ts";

/** A flow to draw: view lanes and times of its two ends. */
export interface Flow {
  fromLane: number;
  toLane: number;
  start: number;
  end: number;
}

export interface Theme {
  bg: string;
  bgAlt: string;
  fg: string;
  muted: string;
  border: string;
  accent: string;
}

export function readTheme(el: Element): Theme {
  const cs = getComputedStyle(el);
  const v = (n: string, d: string) => cs.getPropertyValue(n).trim() || d;
  return {
    bg: v("--bg", "#fff"),
    bgAlt: v("--bg-alt", "#f5f6f8"),
    fg: v("--fg", "#1c1f24"),
    muted: v("--fg-muted", "#5d6572"),
    border: v("--border", "#d9dde3"),
    accent: v("--accent", "#0b67c2"),
  };
}

/** What a click picked: a slice or event (by model and index), or a goroutine lane's gap. */
export type Picked =
  | { kind: "span" | "instant"; src: number; id: number }
  | { kind: "gap"; lane: number; time: number; start: number; end: number };

/**
 * A critical path drawn over the lanes (`/trace?…&criticalpath=1`): the stretch of each
 * goroutine on it framed on its lane, an arrow where one goroutine woke the next. Times
 * in ns since the trace's start; lanes are view lanes (goroutines not shown are left out).
 */
export interface ChainOverlay {
  spans: { lane: number; start: number; end: number }[];
  hops: { fromLane: number; toLane: number; time: number }[];
}

export interface RenderState {
  boot: TimelineBoot;
  layout: Layout;
  vp: Viewport;
  data: WindowData | null;
  scrollY: number;
  /** Canvas size in CSS pixels, and device pixels per CSS pixel. */
  width: number;
  height: number;
  dpr: number;
  colorMode: ColorMode;
  arrows: boolean;
  /** The picked slice's flows, drawn whether arrows are on or not. */
  pickedFlows: Flow[];
  /** Goroutine to highlight (-1: none). */
  highlight: number;
  /** A critical path to draw over the lanes, or null. */
  chain?: ChainOverlay | null;
  selection: { t0: number; t1: number } | null;
  picked: Picked | null;
  /** Cursor time, or null. */
  cursor: number | null;
  theme: Theme;
  /** What the frame drew, for tests and the benchmark. */
  report?: FrameReport;
}

/** A summary of one frame: lane labels drawn, and the widest single span (canvas px). */
export interface FrameReport {
  labels: string[];
  widest: DrawnSpan | null;
  /** The first single spans at least 4 px wide (up to 200). */
  spans: DrawnSpan[];
  /** The lanes drawn: view lane, name, kind, and the box of its first row (canvas px). */
  lanes: { lane: number; name: string; kind: string; y: number; h: number }[];
  /** Flow arrows drawn, and those of the picked slice among them. */
  arrows: number;
  pickedArrows: number;
  /** The ruler's tick labels. */
  ticks: string[];
  /** The critical path's framed stretches and arrows drawn. */
  chainSpans?: number;
  chainArrows?: number;
  /** Captions of rows below a lane's first ("regions"), with the lane's name. */
  captions: string[];
}

export interface DrawnSpan {
  x: number;
  y: number;
  w: number;
  h: number;
  lane: number;
  name: string;
}

const FONT = "11px system-ui, -apple-system, 'Segoe UI', sans-serif";

// Rectangles grouped by fill style, drawn a style at a time: setting fillStyle parses a
// colour, so thousands of style switches per frame would cost more than the drawing.
class RectBatch {
  #byStyle = new Map<string, number[]>();

  add(style: string, x: number, y: number, w: number, h: number): void {
    let list = this.#byStyle.get(style);
    if (!list) this.#byStyle.set(style, list = []);
    // Runs of the same colour side by side on a row (dense areas at pixel resolution)
    // become one rectangle.
    const n = list.length;
    if (n > 0 && list[n - 3] === y && list[n - 1] === h) {
      const end = list[n - 4] + list[n - 2];
      if (x <= end + 0.5 && x >= list[n - 4]) {
        list[n - 2] = Math.max(end, x + w) - list[n - 4];
        return;
      }
    }
    list.push(x, y, w, h);
  }

  flush(ctx: CanvasRenderingContext2D): void {
    for (const [style, r] of this.#byStyle) {
      if (r.length === 0) continue;
      ctx.fillStyle = style;
      for (let i = 0; i < r.length; i += 4) ctx.fillRect(r[i], r[i + 1], r[i + 2], r[i + 3]);
      r.length = 0; // kept for the next frame: the same colours come back
    }
    if (this.#byStyle.size > 4096) this.#byStyle.clear();
  }
}

const batch = new RectBatch();

export function render(ctx: CanvasRenderingContext2D, s: RenderState): void {
  const { width, height, theme } = s;
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.font = FONT;
  ctx.textBaseline = "middle";
  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_W, RULER_H, width - LABEL_W, height - RULER_H);
  ctx.clip();
  ctx.translate(LABEL_W, RULER_H - s.scrollY);
  const top = s.scrollY, bottom = s.scrollY + height - RULER_H;
  drawLaneBackgrounds(ctx, s, top, bottom);
  if (s.data) {
    drawCounters(ctx, s, s.data, top, bottom);
    drawLanes(ctx, s, s.data, top, bottom);
    if (s.arrows && !(s.pickedFlows.length > 0)) drawArrows(ctx, s, s.data, top, bottom);
  }
  if (s.chain) drawChain(ctx, s, s.chain, top, bottom);
  if (s.pickedFlows.length > 0) drawPickedFlows(ctx, s, top, bottom);
  if (s.picked?.kind === "gap") drawPickedGap(ctx, s, s.picked);
  ctx.restore();
  drawSelection(ctx, s);
  drawRuler(ctx, s);
  drawLabels(ctx, s, top, bottom);
  if (s.cursor !== null) {
    const x = LABEL_W + s.vp.x(s.cursor);
    if (x >= LABEL_W && x <= width) {
      ctx.fillStyle = theme.muted;
      ctx.fillRect(Math.round(x), RULER_H, 1, height - RULER_H);
    }
  }
}

function drawLaneBackgrounds(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  top: number,
  bottom: number,
) {
  const w = s.width - LABEL_W;
  const [a, b] = s.layout.lanesIn(top, bottom);
  for (let l = a; l < b; l++) {
    if (l % 2 === 1) {
      const box = s.layout.lanes[l];
      ctx.fillStyle = s.theme.bgAlt;
      ctx.fillRect(0, box.y - 1, w, box.h + 2);
    }
  }
  // Outside the trace.
  const x0 = s.vp.x(s.boot.startTime), x1 = s.vp.x(s.boot.endTime);
  ctx.fillStyle = s.theme.border;
  ctx.globalAlpha = 0.35;
  if (x0 > 0) ctx.fillRect(0, top, x0, bottom - top);
  if (x1 < w) ctx.fillRect(x1, top, w - x1, bottom - top);
  ctx.globalAlpha = 1;
}

// Spans at least this wide (CSS px) are drawn as rectangles with labels; narrower ones
// and density blocks go through a pixel strip.
const WIDE = 3;

const rowPixels = new RowPixels();

interface Outline {
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  lw: number;
}

function drawLanes(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  d: WindowData,
  top: number,
  bottom: number,
) {
  const { vp, layout, boot, dpr } = s;
  const [a, b] = layout.lanesIn(top, bottom);
  const sp = d.spans;
  const px = vp.nsPerPx;
  const w = s.width - LABEL_W;
  const hl = s.highlight;
  const picked = s.picked;
  const bgPx = [packCSS(s.theme.bg), packCSS(s.theme.bgAlt)];
  const labels: { x: number; y: number; text: string; color: string; room: number }[] = [];
  const outlines: Outline[] = [];
  for (let l = a; l < b; l++) {
    const box = layout.lanes[l];
    const lane = boot.lanes[l];
    const bg = l % 2;
    for (let r = 0; r < box.rowY.length; r++) {
      const range = d.rowRanges.get(l * 4096 + r);
      if (!range) continue;
      const y = box.rowY[r], h = box.rowH[r];
      rowPixels.begin(ctx, w * dpr, h * dpr);
      let i = firstEndingAfter(sp.end, range[0], range[1], vp.t0);
      for (; i < range[1]; i++) {
        const st = sp.start[i];
        if (st > vp.t1) break;
        const en = sp.end[i];
        let x0 = (st - vp.t0) / px, x1 = (en - vp.t0) / px;
        if (x0 < -2) x0 = -2;
        if (x1 > w + 2) x1 = w + 2;
        let dw = x1 - x0;
        if (dw < 1) dw = 1;
        const name = d.names[sp.name[i]];
        const sw = spanSwatch(sp.cls[i], sp.g[i], name, lane.tid, s.colorMode);
        const single = sp.count[i] === 1;
        // A block of many spans (or one narrower than a pixel) shows its busy share.
        let alpha = !single || en - st < px ? sp.busy[i] / (dw * px) : 1;
        if (hl >= 0 && sp.g[i] !== hl) alpha *= 0.22;
        if (alpha < 0.15) alpha = 0.15;
        if (!single || dw < WIDE) {
          rowPixels.columns(x0 * dpr, (x0 + dw) * dpr, pixelOf(sw, alpha, bg), alpha);
        } else {
          batch.add(fillOf(sw, alpha, bg), x0, y, dw, h);
          const rep = s.report;
          const vx0 = Math.max(x0, 0), vw = Math.min(x1, w) - vx0;
          if (rep && vw >= 4 && (rep.spans.length < 200 || vw > (rep.widest?.w ?? 0))) {
            const box = { x: LABEL_W + vx0, y: RULER_H - s.scrollY + y, w: vw, h, lane: l, name };
            if (vw > (rep.widest?.w ?? 0)) rep.widest = box;
            if (rep.spans.length < 200) rep.spans.push(box);
          }
          if (dw > 36 && h >= 12) {
            const tx = Math.max(x0, 0) + 3;
            const room = Math.min(x1, w) - tx - 3;
            if (room > 20) {
              labels.push({ x: tx, y: y + h / 2 + 0.5, text: name, color: sw.text, room });
            }
          }
        }
        if (hl >= 0 && sp.g[i] === hl) {
          outlines.push({ x: x0 + 0.5, y: y + 0.5, w: dw - 1, h: h - 1, color: s.theme.fg, lw: 1 });
        }
        if (
          picked && picked.kind === "span" && picked.src === sp.src[i] && picked.id === sp.id[i]
        ) {
          outlines.push({ x: x0 - 1, y: y - 1, w: dw + 2, h: h + 2, color: s.theme.accent, lw: 2 });
        }
      }
      if (rowPixels.used) {
        rowPixels.put(ctx, LABEL_W * dpr, (RULER_H - s.scrollY + y) * dpr, bgPx[bg], RULER_H * dpr);
      }
    }
    if (box.instY >= 0) drawInstants(ctx, s, d, l, box.instY, bgPx[bg], outlines);
  }
  batch.flush(ctx);
  for (const t of labels) {
    ctx.fillStyle = t.color;
    ctx.fillText(fit(ctx, t.text, t.room), t.x, t.y);
  }
  for (const o of outlines) {
    ctx.strokeStyle = o.color;
    ctx.lineWidth = o.lw;
    ctx.strokeRect(o.x, o.y, o.w, o.h);
  }
}

function drawInstants(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  d: WindowData,
  lane: number,
  y: number,
  bg: number,
  outlines: Outline[],
) {
  const range = d.instRanges.get(lane);
  if (!range) return;
  const ins = d.instants, vp = s.vp, px = vp.nsPerPx, dpr = s.dpr;
  rowPixels.begin(ctx, (s.width - LABEL_W) * dpr, INSTANT_H * dpr);
  let i = firstEndingAfter(ins.end, range[0], range[1], vp.t0);
  for (; i < range[1]; i++) {
    const st = ins.start[i];
    if (st > vp.t1) break;
    const x0 = (st - vp.t0) / px;
    const dw = Math.max(1.5, (ins.end[i] - st) / px);
    rowPixels.columns(
      (x0 - 0.5) * dpr,
      (x0 - 0.5 + dw) * dpr,
      INSTANT_PIXELS[ins.kind[i]],
      ins.count[i],
    );
    const p = s.picked;
    if (p && p.kind === "instant" && p.src === ins.src[i] && p.id === ins.id[i]) {
      outlines.push({ x: x0 - 3, y: y - 2, w: dw + 5, h: 11, color: s.theme.accent, lw: 2 });
    }
  }
  if (rowPixels.used) {
    rowPixels.put(ctx, LABEL_W * dpr, (RULER_H - s.scrollY + y) * dpr, bg, RULER_H * dpr);
  }
}

function drawArrows(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  d: WindowData,
  top: number,
  bottom: number,
) {
  const a = d.arrows;
  if (!a) return;
  ctx.strokeStyle = s.theme.muted;
  ctx.fillStyle = s.theme.muted;
  ctx.lineWidth = 1;
  for (let k = 0; k < a.from.length; k++) {
    if (drawFlow(ctx, s, a.from[k], a.to[k], a.start[k], a.end[k], top, bottom)) {
      if (s.report) s.report.arrows++;
    }
  }
}

// The flows of the picked slice: what started it and what it started, in the accent.
// (Content coordinates, like the lanes.)
function drawPickedFlows(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  top: number,
  bottom: number,
) {
  ctx.strokeStyle = s.theme.accent;
  ctx.fillStyle = s.theme.accent;
  ctx.lineWidth = 2;
  for (const f of s.pickedFlows) {
    if (drawFlow(ctx, s, f.fromLane, f.toLane, f.start, f.end, top, bottom) && s.report) {
      s.report.arrows++;
      s.report.pickedArrows++;
    }
  }
  ctx.lineWidth = 1;
}

// A critical path: each goroutine's stretch on it framed on its lane, and an arrow from
// the goroutine that woke the next one to it, in the accent (content coordinates).
function drawChain(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  chain: ChainOverlay,
  top: number,
  bottom: number,
) {
  const w = s.width - LABEL_W;
  ctx.save();
  ctx.strokeStyle = s.theme.accent;
  ctx.fillStyle = s.theme.accent;
  ctx.lineWidth = 2;
  let spans = 0, arrows = 0;
  for (const c of chain.spans) {
    const box = s.layout.lanes[c.lane];
    if (!box || box.y > bottom || box.y + box.h < top) continue;
    const x0 = Math.max(s.vp.x(c.start), -2), x1 = Math.min(s.vp.x(c.end), w + 2);
    if (x1 < x0) continue;
    ctx.strokeRect(x0, box.rowY[0], Math.max(x1 - x0, 2), box.rowH[0]);
    spans++;
  }
  for (const h of chain.hops) {
    if (drawFlow(ctx, s, h.fromLane, h.toLane, h.time, h.time, top, bottom)) arrows++;
  }
  ctx.restore();
  if (s.report) {
    s.report.chainSpans = spans;
    s.report.chainArrows = arrows;
  }
}

// The picked gap of a goroutine lane: a dashed frame around it (content coordinates).
function drawPickedGap(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  g: { lane: number; start: number; end: number },
) {
  const box = s.layout.lanes[g.lane];
  if (!box) return;
  const w = s.width - LABEL_W;
  const x0 = Math.max(s.vp.x(g.start), -2), x1 = Math.min(s.vp.x(g.end), w + 2);
  if (x1 <= x0) return;
  ctx.save();
  ctx.strokeStyle = s.theme.accent;
  ctx.lineWidth = 2;
  ctx.setLineDash([4, 3]);
  ctx.strokeRect(x0 + 1, box.rowY[0] + 1, x1 - x0 - 2, box.rowH[0] - 2);
  ctx.restore();
}

// One arrow from (fromLane, start) to (toLane, end); false when off screen.
function drawFlow(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  fromLane: number,
  toLane: number,
  start: number,
  end: number,
  top: number,
  bottom: number,
): boolean {
  const { vp, layout } = s;
  const w = s.width - LABEL_W;
  const fl = layout.lanes[fromLane], tl = layout.lanes[toLane];
  if (!fl || !tl) return false;
  const y0 = fl.rowY[0] + fl.rowH[0] / 2, y1 = tl.rowY[0] + tl.rowH[0] / 2;
  if ((y0 < top && y1 < top) || (y0 > bottom && y1 > bottom)) return false;
  const x0 = vp.x(start), x1 = vp.x(end);
  if ((x0 < 0 && x1 < 0) || (x0 > w && x1 > w)) return false;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.bezierCurveTo(
    x0 + Math.max(8, (x1 - x0) / 2),
    y0,
    x1 - Math.max(8, (x1 - x0) / 2),
    y1,
    x1,
    y1,
  );
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 6, y1 - 3);
  ctx.lineTo(x1 - 6, y1 + 3);
  ctx.fill();
  return true;
}

// Stacked heights per pixel column and field (reused between frames).
let colTop = new Float32Array(0);
const stackPixels = new StackPixels();
// The full-height value of each counter track in the last frame (shown with its label).
const counterScale: string[] = [];

function drawCounters(
  ctx: CanvasRenderingContext2D,
  s: RenderState,
  d: WindowData,
  top: number,
  bottom: number,
) {
  const { vp, layout } = s;
  const w = s.width - LABEL_W;
  const bgPixel = packCSS(s.theme.bg);
  d.counters.forEach((c, n) => {
    const y = layout.counterY[n];
    if (y === undefined || y + COUNTER_H < top || y > bottom) return;
    const colors = COUNTER_COLORS[c.name] ?? ["#888", "#aaa", "#ccc"];
    // The samples in view: from the one in force at t0 to the first past t1.
    let j0 = firstEndingAfter(c.ts, 0, c.ts.length, vp.t0);
    if (j0 > 0) j0--;
    let j1 = firstEndingAfter(c.ts, j0, c.ts.length, vp.t1);
    if (j1 < c.ts.length) j1++;
    // Scale to the largest stacked total in view.
    let maxTotal = 1;
    for (let j = j0; j < j1; j++) {
      let t = 0;
      for (const v of c.max) t += v[j];
      if (t > maxTotal) maxTotal = t;
    }
    const scale = (COUNTER_H - 4) / maxTotal;
    // Per pixel column the stacked height of each field: the highest sample starting in
    // the column, else the value in force. Then runs of equal height become one opaque
    // rectangle each (path fills with thousands of vertices rasterize far slower).
    const cols = Math.ceil(w);
    const nf = c.fields.length;
    if (colTop.length < cols * 3) colTop = new Float32Array(cols * 3);
    colTop.fill(-1, 0, cols * nf);
    const peak = new Float64Array(nf), last = new Float64Array(nf);
    for (let j = j0; j < j1; j++) {
      const xa = Math.floor(vp.x(c.ts[j]));
      const xb = j + 1 < c.ts.length ? Math.floor(vp.x(c.ts[j + 1])) : cols;
      if (xb < 0 || xa >= cols) continue;
      let acc = 0, accLast = 0;
      for (let k = 0; k < nf; k++) {
        acc += c.max[k][j];
        accLast += c.last[k][j];
        peak[k] = acc;
        last[k] = accLast;
      }
      if (xa >= 0) {
        for (let k = 0; k < nf; k++) {
          const i = k * cols + xa;
          if (peak[k] > colTop[i]) colTop[i] = peak[k];
        }
      }
      for (let x = Math.max(0, xa + 1); x < Math.min(xb, cols); x++) {
        for (let k = 0; k < nf; k++) colTop[k * cols + x] = last[k];
      }
    }
    // Each device column: the fields stacked bottom up.
    const dpr = s.dpr;
    const dw = Math.round(w * dpr), dh = Math.round(COUNTER_H * dpr);
    stackPixels.begin(ctx, dw, dh, bgPixel);
    const packed = colors.map(packCSS);
    for (let xd = 0; xd < dw; xd++) {
      const x = Math.floor(xd / dpr);
      let below = 0;
      for (let k = 0; k < nf; k++) {
        const v = colTop[k * cols + x];
        if (v <= 0) continue;
        const top = v * scale * dpr;
        if (top > below) stackPixels.span(xd, below, top, packed[k]);
        below = Math.max(below, top);
      }
    }
    stackPixels.put(ctx, LABEL_W * dpr, (RULER_H - s.scrollY + y) * dpr, RULER_H * dpr);
    counterScale[n] = formatCount(c.name, maxTotal);
  });
}

/** A counter value in its unit: bytes for the heap, a count otherwise. */
export function formatCount(name: string, v: number): string {
  return name === "Heap" ? bytes(v) : String(Math.round(v));
}

function drawSelection(ctx: CanvasRenderingContext2D, s: RenderState) {
  const sel = s.selection;
  if (!sel) return;
  const x0 = LABEL_W + s.vp.x(sel.t0), x1 = LABEL_W + s.vp.x(sel.t1);
  const a = Math.max(LABEL_W, x0), b = Math.min(s.width, x1);
  if (b <= a) return;
  ctx.fillStyle = s.theme.accent;
  ctx.globalAlpha = 0.12;
  ctx.fillRect(a, RULER_H, b - a, s.height - RULER_H);
  ctx.globalAlpha = 1;
  ctx.fillRect(Math.round(x0), RULER_H, 1, s.height - RULER_H);
  ctx.fillRect(Math.round(x1), RULER_H, 1, s.height - RULER_H);
}

/** A tick step (1, 2, 5 × 10^k ns) giving labels at least `minPx` apart. */
export function tickStep(nsPerPx: number, minPx = 90): number {
  const raw = nsPerPx * minPx;
  let step = 1;
  while (step * 10 <= raw) step *= 10;
  for (const m of [1, 2, 5, 10]) if (step * m >= raw) return step * m;
  return step * 10;
}

/** A time (ns) with a unit that suits the tick step. */
export function formatTime(ns: number, step: number): string {
  const units: [number, string][] = [[1e9, "s"], [1e6, "ms"], [1e3, "µs"], [1, "ns"]];
  for (const [u, name] of units) {
    if (step >= u || u === 1) {
      const digits = Math.max(0, Math.ceil(-Math.log10(step / u) - 1e-9));
      return `${(ns / u).toFixed(Math.min(digits, 9))}${name}`;
    }
  }
  return `${ns}ns`;
}

function drawRuler(ctx: CanvasRenderingContext2D, s: RenderState) {
  const { vp, theme, width } = s;
  ctx.fillStyle = theme.bgAlt;
  ctx.fillRect(0, 0, width, RULER_H);
  ctx.fillStyle = theme.border;
  ctx.fillRect(0, RULER_H - 1, width, 1);
  const step = tickStep(vp.nsPerPx);
  // Ticks count from the origin (the goroutine's or task's start in their views, as Go's
  // viewer counts), so that it has a 0 tick.
  const origin = s.boot.origin ?? 0;
  const first = origin + Math.ceil((vp.t0 - origin) / step) * step;
  ctx.fillStyle = theme.muted;
  ctx.textBaseline = "middle";
  for (let k = 0, t = first; t <= vp.t1; t = first + ++k * step) {
    const x = LABEL_W + vp.x(t);
    if (x < LABEL_W) continue;
    const rel = Math.abs(t - origin) < step / 2 ? 0 : t - origin;
    let label = rel === 0 ? "0" : formatTime(rel, step);
    if (rel === 0 && s.boot.originName) label = `0 (${s.boot.originName})`;
    s.report?.ticks.push(label);
    ctx.fillStyle = rel === 0 ? theme.fg : theme.muted;
    ctx.fillRect(Math.round(x), rel === 0 ? 0 : RULER_H - 7, 1, rel === 0 ? RULER_H : 6);
    ctx.fillText(label, x + 3, RULER_H / 2 - 2);
  }
  ctx.fillStyle = theme.fg;
  ctx.fillText(`${dur(vp.span)} shown`, 8, RULER_H / 2);
}

function drawLabels(ctx: CanvasRenderingContext2D, s: RenderState, top: number, bottom: number) {
  const { layout, boot, theme } = s;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, RULER_H, LABEL_W, s.height - RULER_H);
  ctx.clip();
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, RULER_H, LABEL_W, s.height - RULER_H);
  ctx.fillStyle = theme.border;
  ctx.fillRect(LABEL_W - 1, RULER_H, 1, s.height - RULER_H);
  const off = RULER_H - s.scrollY;
  boot.counters.forEach((c, n) => {
    const y = layout.counterY[n];
    if (y + COUNTER_H < top || y > bottom) return;
    ctx.fillStyle = theme.fg;
    ctx.fillText(c.name, 8, off + y + COUNTER_H / 2 - 7);
    // The value the track's full height stands for.
    ctx.fillStyle = theme.muted;
    ctx.fillText(`max ${counterScale[n] ?? ""}`, 8, off + y + COUNTER_H / 2 + 8);
  });
  const [a, b] = layout.lanesIn(top, bottom);
  for (let l = a; l < b; l++) {
    const box = layout.lanes[l];
    const lane = boot.lanes[l];
    const y = off + box.y + Math.min(box.h, 20) / 2;
    if (l % 2 === 1) {
      ctx.fillStyle = theme.bgAlt;
      ctx.fillRect(0, off + box.y - 1, LABEL_W - 1, box.h + 2);
    }
    s.report?.labels.push(lane.name);
    s.report?.lanes.push({
      lane: l,
      name: lane.name,
      kind: lane.kind,
      y: off + box.rowY[0],
      h: box.rowH[0],
    });
    ctx.fillStyle = lane.goroutine === boot.focusGoroutine && lane.goroutine > 0
      ? theme.accent
      : theme.fg;
    ctx.fillText(fit(ctx, lane.name, LABEL_W - 14), 8, y);
    // Rows below the first say what they hold ("regions" in a task view).
    ctx.fillStyle = theme.muted;
    ctx.textAlign = "right";
    for (let r = 1; r < box.rowY.length; r++) {
      const caption = ROW_CAPTIONS[lane.rows[r] ?? -1];
      if (!caption || box.rowH[r] < 10) continue;
      const ry = off + box.rowY[r] + box.rowH[r] / 2;
      if (ry - 6 < y + 6) continue; // would overlap the lane's name
      ctx.fillText(caption, LABEL_W - 8, ry);
      s.report?.captions.push(`${lane.name}: ${caption}`);
    }
    ctx.textAlign = "left";
  }
  ctx.restore();
}

/** What a lane's rows of each category hold (layout.ts: 1 syscall, 2 ranges, 3 regions). */
const ROW_CAPTIONS: Record<number, string> = { 1: "syscalls", 2: "GC ranges", 3: "regions" };

const fitCache = new Map<string, string>();

/** `text` cut with an ellipsis to fit `room` pixels. */
function fit(ctx: CanvasRenderingContext2D, text: string, room: number): string {
  const bucket = Math.floor(room / 8);
  const key = `${bucket}\u0000${text}`;
  let out = fitCache.get(key);
  if (out !== undefined) return out;
  const max = bucket * 8;
  out = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (ctx.measureText(text.slice(0, mid) + "…").width <= max) lo = mid;
      else hi = mid - 1;
    }
    out = lo > 0 ? text.slice(0, lo) + "…" : "";
  }
  if (fitCache.size > 20000) fitCache.clear();
  fitCache.set(key, out);
  return out;
}
