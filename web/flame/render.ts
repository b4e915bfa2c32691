// Draws flame-graph rectangles on a canvas. Knows pixels and colours, nothing of Preact.

import type { FlameRect } from "./model.ts";

export const ROW_HEIGHT = 18;

// A stable warm colour per function name (pprof's flame graph palette family).
export function colorFor(name: string, dim: boolean): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  const hue = 10 + ((h >>> 0) % 45); // red to yellow
  const light = 55 + ((h >>> 8) % 12);
  return dim ? `hsl(${hue} 15% 72%)` : `hsl(${hue} 80% ${light}%)`;
}

/** A stable cool colour per name: time off the CPU in the wall-clock graph. */
export function coolColorFor(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return `hsl(${195 + ((h >>> 0) % 40)} 55% ${66 + ((h >>> 8) % 10)}%)`;
}

export interface DrawOptions {
  width: number;
  height: number;
  dpr: number;
  search: string;
  font: string;
  textColor: string;
  matchColor: string;
  /** A node's colour, instead of the warm colour by name (when not searching). */
  colorOf?: (n: FlameRect["node"]) => string;
}

/** Paints `rects` (x, w as fractions of the width; depth as the row). */
export function drawFlame(ctx: CanvasRenderingContext2D, rects: FlameRect[], o: DrawOptions): void {
  ctx.setTransform(o.dpr, 0, 0, o.dpr, 0, 0);
  ctx.clearRect(0, 0, o.width, o.height);
  ctx.font = o.font;
  ctx.textBaseline = "middle";
  const charW = ctx.measureText("m").width || 7;
  for (const r of rects) {
    const x = r.x * o.width;
    const w = r.w * o.width;
    if (w < 0.5) continue;
    const y = r.depth * ROW_HEIGHT;
    const matched = o.search !== "" && r.node.name.includes(o.search);
    ctx.fillStyle = matched
      ? o.matchColor
      : o.colorOf && o.search === ""
      ? o.colorOf(r.node)
      : colorFor(r.node.name, o.search !== "");
    ctx.fillRect(x, y, Math.max(w - 1, 0.5), ROW_HEIGHT - 1);
    if (w > charW * 3) {
      const maxChars = Math.floor((w - 6) / charW);
      const label = r.node.name.length > maxChars
        ? r.node.name.slice(0, Math.max(maxChars - 1, 1)) + "…"
        : r.node.name;
      ctx.fillStyle = o.textColor;
      ctx.fillText(label, x + 3, y + ROW_HEIGHT / 2);
    }
  }
}

/** The rectangle under (px, py) in CSS pixels, if any. */
export function hitTest(
  rects: FlameRect[],
  width: number,
  px: number,
  py: number,
): FlameRect | undefined {
  const depth = Math.floor(py / ROW_HEIGHT);
  const fx = px / width;
  return rects.find((r) => r.depth === depth && fx >= r.x && fx < r.x + r.w);
}
