// Colours of the timeline: goroutine executions from a palette, picked by goroutine id or
// by start function (a toggle); fixed colours for syscalls, GC work and stops; task and
// region colours from Go's catapult colour names (cname), by task id.

import { packCSS } from "./pixels.ts";
import {
  InstantKind,
  type InstantKindCode,
  SliceClass,
} from "../../server/core/contract/timeline.ts";

/** A palette of distinguishable mid-tone colours (catapult's general palette, roughly). */
const PALETTE = [
  [138, 113, 152],
  [175, 112, 133],
  [127, 135, 225],
  [93, 81, 137],
  [116, 143, 119],
  [178, 214, 122],
  [87, 109, 147],
  [119, 155, 95],
  [114, 180, 160],
  [132, 85, 103],
  [157, 210, 150],
  [148, 94, 86],
  [164, 108, 138],
  [139, 191, 150],
  [110, 99, 145],
  [80, 129, 109],
  [125, 140, 149],
  [93, 124, 132],
  [140, 85, 140],
  [104, 163, 162],
  [132, 141, 178],
  [131, 105, 147],
  [135, 183, 98],
  [152, 134, 177],
  [141, 188, 141],
  [133, 160, 210],
  [126, 186, 148],
  [112, 198, 205],
  [180, 122, 195],
  [203, 144, 152],
];

// Go's task colours (traceviewer pickTaskColor), as RGB.
const TASK_COLORS = [
  [182, 125, 143],
  [255, 140, 0],
  [126, 200, 148],
  [133, 160, 210],
  [199, 155, 125],
  [0, 0, 180],
  [0, 180, 180],
  [180, 0, 180],
  [0, 125, 0],
  [180, 125, 0],
  [180, 0, 0],
  [100, 100, 0],
  [67, 135, 253],
  [244, 74, 63],
  [238, 142, 0],
  [13, 168, 97],
  [204, 102, 0],
  [255, 255, 119],
  [153, 238, 102],
  [238, 136, 136],
  [187, 187, 187],
  [222, 222, 75],
  [108, 218, 35],
];

const FIXED: Record<number, number[]> = {
  [SliceClass.Syscall]: [196, 130, 218],
  [SliceClass.MarkAssist]: [232, 152, 62],
  [SliceClass.STW]: [214, 70, 70],
  [SliceClass.Sweep]: [92, 170, 170],
  [SliceClass.GCMark]: [226, 110, 152],
};

/** What the fixed colours mean, for the legend. */
export const LEGEND: [string, string][] = [
  ["syscall", rgbCSS(FIXED[SliceClass.Syscall])],
  ["GC mark assist", rgbCSS(FIXED[SliceClass.MarkAssist])],
  ["stop-the-world", rgbCSS(FIXED[SliceClass.STW])],
  ["GC incremental sweep", rgbCSS(FIXED[SliceClass.Sweep])],
  ["GC concurrent mark phase", rgbCSS(FIXED[SliceClass.GCMark])],
];

function rgbCSS(c: number[]): string {
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashInt(n: number): number {
  let h = Math.imul(n ^ (n >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

export type ColorMode = "goroutine" | "function";

/** The start function in a goroutine slice name "G12 main.worker (label)". */
export function functionOf(name: string): string {
  const m = /^G\d+ (.*?)(?: \(.*\))?$/.exec(name);
  return m ? m[1] : name;
}

/**
 * A colour with fill styles at 21 opacity steps, pre-blended over the two lane
 * backgrounds: opaque fills rasterize much faster than translucent ones on a software
 * canvas, and no colour string is built per span.
 */
export interface Swatch {
  rgb: number[];
  /** fills[bg][k]: opacity k/20 over background bg (0: plain lanes, 1: alternate lanes). */
  fills: string[][];
  /** The same colours packed for ImageData (pixels.ts). */
  px: number[][];
  text: string;
}

let backgrounds: number[][] = [[255, 255, 255], [245, 246, 248]];

/** Sets the lane backgrounds the fills are blended over (CSS colours), clearing caches. */
export function setBackgrounds(bg: string, bgAlt: string): void {
  backgrounds = [parseColor(bg) ?? [255, 255, 255], parseColor(bgAlt) ?? [245, 246, 248]];
  swatches.clear();
  fnCache.clear();
}

function parseColor(css: string): number[] | null {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

const swatches = new Map<number[], Swatch>();

function swatch(c: number[]): Swatch {
  let sw = swatches.get(c);
  if (sw) return sw;
  const fills = backgrounds.map((bg) => {
    const out: string[] = [];
    for (let k = 0; k <= 20; k++) {
      const a = Math.max(0.08, k / 20);
      const m = (i: number) => Math.round(c[i] * a + bg[i] * (1 - a));
      out.push(`rgb(${m(0)},${m(1)},${m(2)})`);
    }
    return out;
  });
  const px = fills.map((f) => f.map(packCSS));
  const text = c[0] * 0.299 + c[1] * 0.587 + c[2] * 0.114 > 150 ? "#111" : "#fff";
  sw = { rgb: c, fills, px, text };
  swatches.set(c, sw);
  return sw;
}

/** The packed pixel for an opacity in [0, 1] over lane background `bg` (0 or 1). */
export function pixelOf(sw: Swatch, alpha: number, bg = 0): number {
  const k = Math.round(Math.max(0, Math.min(1, alpha)) * 20);
  return sw.px[bg][k];
}

/** The fill for an opacity in [0, 1] over lane background `bg` (0 or 1). */
export function fillOf(sw: Swatch, alpha: number, bg = 0): string {
  const k = Math.round(Math.max(0, Math.min(1, alpha)) * 20);
  return sw.fills[bg][k];
}

// Swatches by start function name (a hash per name, once).
const fnCache = new Map<string, Swatch>();

/** Colour of a span: its class, goroutine or function, or task. */
export function spanSwatch(
  cls: number,
  g: number,
  name: string,
  laneTid: number,
  mode: ColorMode,
): Swatch {
  const fixed = FIXED[cls];
  if (fixed) return swatch(fixed);
  if (cls === SliceClass.Task) return swatch(TASK_COLORS[Math.abs(laneTid) % TASK_COLORS.length]);
  if (mode === "goroutine" && g >= 0 && cls === SliceClass.Running) {
    return swatch(PALETTE[hashInt(g) % PALETTE.length]);
  }
  let sw = fnCache.get(name);
  if (!sw) {
    sw = swatch(
      PALETTE[hashString(cls === SliceClass.Running ? functionOf(name) : name) % PALETTE.length],
    );
    if (fnCache.size > 50000) fnCache.clear();
    fnCache.set(name, sw);
  }
  return sw;
}

// Each instant kind's name in the legend and its colour.
const INSTANTS: Record<InstantKindCode, [string, string]> = {
  [InstantKind.ProcStart]: ["proc start", "#3f9b4f"],
  [InstantKind.ProcStop]: ["proc stop", "#8b949e"],
  [InstantKind.CPUSample]: ["CPU sample", "#b3261e"],
  [InstantKind.Log]: ["user log", "#1f6feb"],
  [InstantKind.NetUnblock]: ["network unblock", "#d4801a"],
  [InstantKind.SyscallExit]: ["exit blocked syscall", "#9a4fd0"],
};
const instantKinds = Object.keys(INSTANTS).length;

/** Instant names and colours, indexed by InstantKind. */
export const INSTANT_NAMES = Array.from(
  { length: instantKinds },
  (_, k) => INSTANTS[k as InstantKindCode][0],
);
export const INSTANT_COLORS = Array.from(
  { length: instantKinds },
  (_, k) => INSTANTS[k as InstantKindCode][1],
);
export const INSTANT_PIXELS = INSTANT_COLORS.map(packCSS);

export const COUNTER_COLORS: Record<string, string[]> = {
  Goroutines: ["#4e9a54", "#5b8fd8", "#d4801a"],
  Heap: ["#e08a33", "#6db36d"],
  Threads: ["#5b8fd8", "#c275d6"],
};
