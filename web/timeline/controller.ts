// The canvas side of the timeline page, outside Preact so that frames cost only drawing:
// owns the viewport, the vertical scroll, the window fetcher and the input (wheel, W/A/S/D,
// drag-select, click, hover), and tells the page about picks, selections and keys.
// Frame times are kept in `window.__timeline` for the benchmark.

import { WindowFetcher } from "./data.ts";
import { type Hit, hitTest } from "./hit.ts";
import { LABEL_W, Layout, RULER_H } from "./layout.ts";
import type { TimelineBoot } from "../../server/core/contract/timeline.ts";
import {
  type ChainOverlay,
  type Flow,
  formatCount,
  type FrameReport,
  type Picked,
  readTheme,
  render,
  type RenderState,
} from "./render.ts";
import { formatHash, parseHash, Viewport } from "./viewport.ts";
import { type ColorMode, setBackgrounds } from "./colors.ts";
import { dur } from "../lib/format.ts";
import { gapTooltip } from "./text.ts";
import type { GapDetails } from "../../server/core/contract/timeline.ts";
import { replaceHash, route } from "../lib/route.ts";

export interface ControllerEvents {
  pick(p: Picked | null): void;
  select(sel: { t0: number; t1: number } | null): void;
  key(key: string): void;
  status(text: string): void;
}

export interface TimelineStats {
  /** Draw time of each frame (ms). */
  frames: number[];
  /** Time between consecutive frames while interacting (ms). */
  gaps: number[];
  /** ms from navigation start to the first frame with data. */
  firstPaint: number;
  fetchMs: number[];
  /** When each window response arrived (performance.now()). */
  dataAt: number[];
  /** When each frame was drawn (performance.now() at its start). */
  frameAt: number[];
  /** Current window, for tests. */
  window: () => { t0: number; t1: number };
  lanesDrawn: number;
  /** What the last frame drew. */
  last: FrameReport | null;
}

declare global {
  interface Window {
    __timeline?: TimelineStats;
  }
}

const KEY_ZOOM = 0.035; // per frame held
const KEY_PAN = 14; // px per frame held

export class TimelineController {
  readonly layout: Layout;
  readonly vp: Viewport;
  readonly fetcher: WindowFetcher;
  readonly stats: TimelineStats;
  scrollY = 0;
  colorMode: ColorMode = "goroutine";
  arrows = false;
  highlight = -1;
  /** A critical path drawn over the lanes, or null. */
  chain: ChainOverlay | null = null;
  selection: { t0: number; t1: number } | null = null;
  picked: Picked | null = null;
  /** The picked slice's flows (drawn whether arrows are on or not). */
  pickedFlows: Flow[] = [];
  /** The last gap the server described, and the hover waiting for one. */
  #gap: GapDetails | null = null;
  #gapTimer: ReturnType<typeof setTimeout> | undefined;
  #gapWant: { lane: number; time: number; x: number; y: number } | null = null;
  #cursor: number | null = null;
  #ctx: CanvasRenderingContext2D;
  #width = 0;
  #height = 0;
  #frame = 0;
  #lastFrameAt = 0;
  #held = new Set<string>();
  #drag: { x: number; t: number; moved: boolean } | null = null;
  #pendingPick: { lane: number; time: number } | null = null;
  #hashTimer: ReturnType<typeof setTimeout> | undefined;
  #theme;
  #disposers: (() => void)[] = [];

  constructor(
    readonly boot: TimelineBoot,
    readonly canvas: HTMLCanvasElement,
    readonly scroller: HTMLElement,
    readonly tooltip: HTMLElement,
    readonly events: ControllerEvents,
  ) {
    this.layout = new Layout(boot);
    const init = parseHash(route().hash, boot.endTime, boot.baseTimeMs) ??
      [boot.initial.t0, boot.initial.t1];
    this.vp = new Viewport(init[0], init[1], 800, boot.endTime, boot.startTime);
    this.#ctx = canvas.getContext("2d", { alpha: false })!;
    this.#theme = readTheme(document.documentElement);
    setBackgrounds(this.#theme.bg, this.#theme.bgAlt);
    this.fetcher = new WindowFetcher(boot.query, () => this.#onData());
    const stats: TimelineStats = {
      frames: [],
      gaps: [],
      firstPaint: -1,
      fetchMs: [],
      dataAt: [],
      frameAt: [],
      window: () => ({ t0: this.vp.t0, t1: this.vp.t1 }),
      lanesDrawn: 0,
      last: null,
    };
    this.stats = stats;
    globalThis.window.__timeline = stats;
    this.#listen();
    this.resize();
    // Scroll the focus goroutine's lane into view (it is first among goroutines).
    const focus = boot.lanes.findIndex((l) =>
      l.goroutine === boot.focusGoroutine && l.goroutine > 0
    );
    if (focus > 0) this.scrollToLane(focus);
  }

  dispose(): void {
    for (const d of this.#disposers) d();
    cancelAnimationFrame(this.#frame);
    // A window change just before leaving must not write its hash into the next page's URL.
    clearTimeout(this.#hashTimer);
    clearTimeout(this.#gapTimer);
  }

  resize(): void {
    const r = this.canvas.parentElement!.getBoundingClientRect();
    const dpr = globalThis.devicePixelRatio || 1;
    this.#width = Math.max(300, Math.floor(r.width));
    this.#height = Math.max(200, Math.floor(r.height));
    this.canvas.width = Math.floor(this.#width * dpr);
    this.canvas.height = Math.floor(this.#height * dpr);
    this.canvas.style.width = `${this.#width}px`;
    this.canvas.style.height = `${this.#height}px`;
    this.#ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.vp.width = this.#width - LABEL_W;
    (this.scroller.firstElementChild as HTMLElement).style.height = `${
      this.layout.height + RULER_H
    }px`;
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame((now) => {
      this.#frame = 0;
      this.#draw(now);
    });
  }

  #visibleLanes(): [number, number] {
    return this.layout.lanesIn(this.scrollY, this.scrollY + this.#height - RULER_H);
  }

  #draw(now: number): void {
    const started = performance.now();
    this.#animateKeys();
    const [a, b] = this.#visibleLanes();
    // With a range selected, the arrows asked for are those of the selection.
    const sel = this.arrows && this.selection ? this.selection : null;
    this.fetcher.ensure(this.vp.t0, this.vp.t1, this.vp.nsPerPx, a, b, this.arrows, sel);
    const state: RenderState = {
      boot: this.boot,
      layout: this.layout,
      vp: this.vp,
      data: this.fetcher.current,
      scrollY: this.scrollY,
      width: this.#width,
      height: this.#height,
      dpr: globalThis.devicePixelRatio || 1,
      colorMode: this.colorMode,
      arrows: this.arrows,
      pickedFlows: this.pickedFlows,
      highlight: this.highlight,
      chain: this.chain,
      selection: this.selection,
      picked: this.picked,
      cursor: this.#cursor,
      theme: this.#theme,
      report: {
        labels: [],
        widest: null,
        spans: [],
        lanes: [],
        arrows: 0,
        pickedArrows: 0,
        ticks: [],
        captions: [],
      },
    };
    render(this.#ctx, state);
    this.stats.last = state.report!;
    const took = performance.now() - started;
    const s = this.stats;
    s.frames.push(took);
    s.frameAt.push(started);
    if (s.frames.length > 5000) s.frames.splice(0, 2500), s.frameAt.splice(0, 2500);
    if (this.#lastFrameAt && now - this.#lastFrameAt < 250) s.gaps.push(now - this.#lastFrameAt);
    if (s.gaps.length > 5000) s.gaps.splice(0, 2500);
    this.#lastFrameAt = now;
    s.lanesDrawn = b - a;
    if (s.firstPaint < 0 && this.fetcher.current) s.firstPaint = performance.now();
    this.#scheduleHash();
    if (this.#held.size > 0) this.requestDraw();
  }

  #onData(): void {
    this.stats.fetchMs.push(this.fetcher.lastMs);
    this.stats.dataAt.push(performance.now());
    if (this.fetcher.error) this.events.status(`error: ${this.fetcher.error}`);
    if (this.#pendingPick) this.#resolvePendingPick();
    this.requestDraw();
  }

  // W/S zoom and A/D pan while held, a step per frame.
  #animateKeys(): void {
    const h = this.#held;
    if (h.size === 0) return;
    const cx = this.#cursor !== null ? this.vp.x(this.#cursor) : this.vp.width / 2;
    if (h.has("w")) this.vp.zoom(1 - KEY_ZOOM, cx);
    if (h.has("s")) this.vp.zoom(1 + KEY_ZOOM, cx);
    if (h.has("a")) this.vp.pan(-KEY_PAN);
    if (h.has("d")) this.vp.pan(KEY_PAN);
  }

  #scheduleHash(): void {
    clearTimeout(this.#hashTimer);
    this.#hashTimer = setTimeout(() => {
      const h = formatHash(this.vp.t0, this.vp.t1);
      if (route().hash !== h) replaceHash(h);
    }, 300);
  }

  hideTooltip(): void {
    this.tooltip.hidden = true;
    this.#gapWant = null;
    clearTimeout(this.#gapTimer);
  }

  setWindow(t0: number, t1: number): void {
    this.vp.set(t0, t1);
    this.requestDraw();
  }

  scrollToLane(lane: number): void {
    const box = this.layout.lanes[lane];
    if (!box) return;
    const view = this.#height - RULER_H;
    if (box.y < this.scrollY || box.y + box.h > this.scrollY + view) {
      this.scroller.scrollTop = Math.max(0, box.y - view / 3);
      this.scrollY = this.scroller.scrollTop;
    }
    this.requestDraw();
  }

  /** Shows `time` on `lane` and picks what is there once the data arrives. */
  goTo(lane: number, time: number): void {
    if (time < this.vp.t0 || time > this.vp.t1) this.vp.center(time);
    if (lane >= 0) this.scrollToLane(lane);
    this.#pendingPick = { lane, time };
    this.#resolvePendingPick();
    this.requestDraw();
  }

  #resolvePendingPick(): void {
    const p = this.#pendingPick;
    const d = this.fetcher.current;
    if (!p || !d || p.lane < 0) return;
    const box = this.layout.lanes[p.lane];
    const x = this.vp.x(p.time);
    const hit = hitTest(d, this.layout, this.vp, x + 0.5, box.rowY[0] + 1);
    if (hit && hit.kind === "span" && d.spans.count[hit.index] === 1) {
      this.#pendingPick = null;
      this.#pick(hit);
    }
  }

  #pick(hit: Hit): void {
    const d = this.fetcher.current;
    this.pickedFlows = [];
    if (!d || !hit) {
      this.picked = null;
      this.events.pick(null);
    } else if (hit.kind === "span") {
      const s = d.spans;
      if (s.count[hit.index] > 1) {
        // A density block: zoom in on it instead.
        const pad = (s.end[hit.index] - s.start[hit.index]) * 0.1 + 1;
        this.setWindow(s.start[hit.index] - pad, s.end[hit.index] + pad);
        return;
      }
      this.picked = { kind: "span", src: s.src[hit.index], id: s.id[hit.index] };
      this.events.pick(this.picked);
    } else if (hit.kind === "instant") {
      const ins = d.instants;
      if (ins.count[hit.index] > 1) {
        const pad = (ins.end[hit.index] - ins.start[hit.index]) * 0.2 + 1000;
        this.setWindow(ins.start[hit.index] - pad, ins.end[hit.index] + pad);
        return;
      }
      this.picked = { kind: "instant", src: ins.src[hit.index], id: ins.id[hit.index] };
      this.events.pick(this.picked);
    }
    this.requestDraw();
  }

  #listen(): void {
    const c = this.canvas;
    const on = <K extends keyof WindowEventMap>(
      el: HTMLElement | Window,
      type: K,
      f: (e: WindowEventMap[K]) => void,
      opts?: AddEventListenerOptions,
    ) => {
      el.addEventListener(type, f as EventListener, opts);
      this.#disposers.push(() => el.removeEventListener(type, f as EventListener, opts));
    };
    on(c, "wheel", (e) => {
      e.preventDefault();
      const x = e.offsetX - LABEL_W;
      if (e.shiftKey) {
        this.scroller.scrollTop += e.deltaY;
        return;
      }
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        this.vp.pan(e.deltaX);
      } else if (x >= 0) {
        const scale = e.deltaMode === 1 ? 0.05 : 0.0015;
        this.vp.zoom(Math.exp(e.deltaY * scale), x);
      } else {
        this.scroller.scrollTop += e.deltaY;
      }
      this.requestDraw();
    }, { passive: false });
    on(this.scroller, "scroll", () => {
      this.scrollY = this.scroller.scrollTop;
      this.requestDraw();
    });
    on(c, "mousedown", (e) => {
      if (e.button !== 0 || e.offsetX < LABEL_W || e.offsetY < RULER_H) return;
      this.#drag = { x: e.offsetX, t: this.vp.time(e.offsetX - LABEL_W), moved: false };
    });
    on(globalThis.window, "mousemove", (e) => {
      const r = c.getBoundingClientRect();
      const x = e.clientX - r.left, y = e.clientY - r.top;
      const inside = x >= LABEL_W && x <= r.width && y >= RULER_H && y <= r.height;
      this.#cursor = inside ? this.vp.time(x - LABEL_W) : null;
      const drag = this.#drag;
      if (drag) {
        if (Math.abs(x - drag.x) > 3) drag.moved = true;
        if (drag.moved) {
          const t = this.vp.time(x - LABEL_W);
          this.selection = { t0: Math.min(drag.t, t), t1: Math.max(drag.t, t) };
          this.tooltip.hidden = false;
          this.#showTooltip(x, y, `selection ${dur(this.selection.t1 - this.selection.t0)}`);
        }
      } else if (inside) this.#hover(x, y);
      else this.tooltip.hidden = true;
      this.requestDraw();
    });
    on(globalThis.window, "mouseup", (e) => {
      const drag = this.#drag;
      this.#drag = null;
      if (!drag) return;
      if (drag.moved) {
        this.events.select(this.selection);
        return;
      }
      const r = c.getBoundingClientRect();
      const x = e.clientX - r.left - LABEL_W, y = e.clientY - r.top - RULER_H + this.scrollY;
      const hit = hitTest(this.fetcher.current, this.layout, this.vp, x, y);
      const gapLane = hit ? -1 : this.#gapLaneAt(y);
      if (gapLane >= 0) void this.#pickGap(gapLane, this.vp.time(x));
      else this.#pick(hit && hit.kind !== "counter" ? hit : null);
    });
    on(c, "mouseleave", () => {
      this.tooltip.hidden = true;
      this.#cursor = null;
      this.requestDraw();
    });
    on(globalThis.window, "keydown", (e) => {
      const t = e.target as HTMLElement;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      // "/" moves to the find box; it must not be typed there too.
      if (e.key === "/") e.preventDefault();
      if (k === "w" || k === "a" || k === "s" || k === "d") {
        e.preventDefault();
        this.#held.add(k);
        this.requestDraw();
        return;
      }
      this.events.key(e.key);
    });
    on(globalThis.window, "keyup", (e) => {
      this.#held.delete(e.key.toLowerCase());
    });
    on(globalThis.window, "blur", () => this.#held.clear());
    on(globalThis.window, "resize", () => this.resize());
    // The side panel opening or closing changes the canvas width.
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(this.canvas.parentElement!);
    this.#disposers.push(() => ro.disconnect());
    on(globalThis.window, "hashchange", () => {
      const w = parseHash(route().hash, this.boot.endTime, this.boot.baseTimeMs);
      if (w) this.setWindow(w[0], w[1]);
    });
  }

  #hover(x: number, y: number): void {
    const d = this.fetcher.current;
    const cy = y - RULER_H + this.scrollY;
    const hit = hitTest(d, this.layout, this.vp, x - LABEL_W, cy);
    if (!d || !hit) {
      const lane = d ? this.#gapLaneAt(cy) : -1;
      if (lane >= 0) this.#hoverGap(lane, this.vp.time(x - LABEL_W), x, y);
      else this.hideTooltip();
      return;
    }
    this.#gapWant = null;
    let text = "";
    if (hit.kind === "span") {
      const s = d.spans, i = hit.index;
      const name = d.names[s.name[i]];
      text = s.count[i] > 1
        ? `${s.count[i]} slices (${name}…), ${dur(s.busy[i])} busy of ${
          dur(s.end[i] - s.start[i])
        } — click to zoom`
        : `${name} — ${dur(s.end[i] - s.start[i])}`;
    } else if (hit.kind === "instant") {
      const ins = d.instants, i = hit.index;
      const name = d.names[ins.name[i]];
      text = ins.count[i] > 1 ? `${ins.count[i]} events (${name}…) — click to zoom` : name;
    } else if (hit.kind === "counter") {
      const c = d.counters[hit.counter];
      text = c.name + ": " +
        c.fields.map((f, k) => `${f} ${formatCount(c.name, c.last[k][hit.index])}`).join(", ");
    }
    this.#showTooltip(x, y, text);
  }

  // The goroutine lane whose execution row is at content y, or -1: gaps there are waits.
  #gapLaneAt(y: number): number {
    const l = this.layout.laneAt(y);
    if (l < 0 || this.boot.lanes[l]?.kind !== "goroutine") return -1;
    const box = this.layout.lanes[l];
    return y >= box.rowY[0] && y < box.rowY[0] + box.rowH[0] ? l : -1;
  }

  // A hover over a goroutine's gap: the server says why it waited (asked once the pointer
  // rests; the answer covers the whole gap, so moving inside it asks nothing more).
  #hoverGap(lane: number, time: number, x: number, y: number): void {
    const g = this.#gap;
    if (g && g.lane === lane && time >= g.start && time <= g.end) {
      this.#gapWant = null;
      this.#showTooltip(x, y, gapTooltip(g, this.boot));
      return;
    }
    this.tooltip.hidden = true;
    this.#gapWant = { lane, time, x, y };
    clearTimeout(this.#gapTimer);
    this.#gapTimer = setTimeout(() => void this.#fetchGap(), 60);
  }

  async #fetchGap(): Promise<void> {
    const want = this.#gapWant;
    if (!want) return;
    const g = await this.gapAt(want.lane, want.time);
    if (!g || this.#gapWant !== want) return;
    this.#gap = g;
    this.#gapWant = null;
    this.#showTooltip(want.x, want.y, gapTooltip(g, this.boot));
  }

  /** The gap at `time` on goroutine lane `lane`, from the server (null: none there). */
  async gapAt(lane: number, time: number): Promise<GapDetails | null> {
    const p = new URLSearchParams(this.boot.query);
    p.set("lane", String(lane));
    p.set("t", String(time));
    try {
      const res = await fetch(`/api/timeline/gap?${p}`);
      return res.ok ? await res.json() as GapDetails | null : null;
    } catch {
      return null;
    }
  }

  async #pickGap(lane: number, time: number): Promise<void> {
    const g = await this.gapAt(lane, time);
    this.pickedFlows = [];
    if (!g) {
      this.picked = null;
      this.events.pick(null);
    } else {
      this.#gap = g;
      this.picked = { kind: "gap", lane, time, start: g.start, end: g.end };
      this.events.pick(this.picked);
    }
    this.requestDraw();
  }

  #showTooltip(x: number, y: number, text: string): void {
    const tip = this.tooltip;
    tip.textContent = text;
    tip.hidden = false;
    const left = Math.min(x + 14, this.#width - tip.offsetWidth - 4);
    tip.style.transform = `translate(${Math.max(0, left)}px, ${y + 16}px)`;
  }
}
