/// <reference lib="dom" />
// The timeline page in Chromium, through its test hook (web/timeline/controller.ts keeps
// what each frame drew in window.__timeline): open it, wait for frames, read what was
// drawn in page coordinates.

import type { Page } from "playwright-core";

/** The page's test hook (web/timeline/controller.ts TimelineStats). */
export interface Hooked {
  __timeline?: {
    firstPaint: number;
    frames: number[];
    gaps: number[];
    fetchMs: number[];
    last: Drawn | null;
    window(): { t0: number; t1: number };
  };
}

export interface DrawnSpan {
  x: number;
  y: number;
  w: number;
  h: number;
  lane: number;
  name: string;
}

/** What a frame drew (web/timeline/render.ts FrameReport). */
export interface Drawn {
  labels: string[];
  widest: DrawnSpan | null;
  spans: DrawnSpan[];
  lanes: { lane: number; name: string; kind: string; y: number; h: number }[];
  arrows: number;
  pickedArrows: number;
  ticks: string[];
  captions: string[];
}

export async function openTimeline(page: Page, base: string, path: string): Promise<void> {
  await page.goto(base + path, { waitUntil: "load" });
  await page.waitForFunction(
    () => {
      const t = (globalThis as unknown as Hooked).__timeline!;
      return t && t.firstPaint > 0 && t.last && t.last.labels.length > 0;
    },
    null,
    { timeout: 30_000 },
  );
}

/** Waits for two frames so that the canvas shows the latest state. */
export const frames = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** What the last frame drew, with span and lane boxes in page coordinates. */
export const lastFrame = (page: Page) =>
  page.evaluate(() => {
    const d = structuredClone((globalThis as unknown as Hooked).__timeline!.last) as Drawn;
    const r = document.querySelector("canvas.tl-canvas")!.getBoundingClientRect();
    // (The widest span may also be in the list: structuredClone keeps it one object.)
    for (const s of new Set([...d.spans, ...(d.widest ? [d.widest] : [])])) {
      s.x += r.left;
      s.y += r.top;
    }
    for (const l of d.lanes) l.y += r.top;
    return d;
  });

export const visibleWindow = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as Hooked).__timeline!.window() as { t0: number; t1: number }
  );

/** Lane names drawn while scrolling through all lanes. */
export async function drawnLaneNames(page: Page): Promise<Set<string>> {
  const names = new Set<string>();
  const total = await page.evaluate(() => document.querySelector(".tl-scroller")!.scrollHeight);
  for (let y = 0; y <= total; y += 300) {
    await page.evaluate((y) => (document.querySelector(".tl-scroller")!.scrollTop = y), y);
    await frames(page);
    for (const l of (await lastFrame(page)).labels) names.add(l);
  }
  await page.evaluate(() => (document.querySelector(".tl-scroller")!.scrollTop = 0));
  await frames(page);
  return names;
}

/** The canvas's left edge and the x where its time axis starts (page coordinates). */
export function canvasBox(page: Page) {
  return page.evaluate(() => {
    const r = document.querySelector("canvas.tl-canvas")!.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
}
