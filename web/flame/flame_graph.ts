// The interactive flame graph: click a frame to zoom to it (click an ancestor to zoom
// out), search to highlight matching functions, hover for details.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { formatDuration } from "../lib/format.ts";
import {
  buildFlameTree,
  type FlameNode,
  type FlameProfile,
  layoutFlame,
  matchedTotal,
  maxDepth,
  type Metric,
} from "./model.ts";
import { drawFlame, hitTest, ROW_HEIGHT } from "./render.ts";

export function formatValue(v: number, metric: Metric): string {
  return metric === "time" ? formatDuration(v) : String(v);
}

function pathOf(n: FlameNode): FlameNode[] {
  const out: FlameNode[] = [];
  for (let a: FlameNode | null = n; a; a = a.parent) out.unshift(a);
  return out;
}

/** `empty`: what to say when there is nothing to draw. */
type Props = {
  profile: FlameProfile;
  metric: Metric;
  search: string;
  empty?: string;
  colorOf?: (n: FlameNode) => string;
};

export function FlameGraph(props: Props) {
  const root = useMemo(() => buildFlameTree(props.profile, props.metric), [
    props.profile,
    props.metric,
  ]);
  if (root.total === 0) {
    return html`
      <p class="empty"
        id="flame-empty">${props.empty ??
          `This profile is empty: no goroutine spent time in this state${
            props.profile.filter ? " within the filter" : ""
          }.`}</p>
    `;
  }
  return html`<${FlameCanvas} ...${props} root=${root} />`;
}

/**
 * The canvas over a built tree. `colorOf` paints a node (default: a warm colour by
 * name); `detail` adds a line to the tooltip (a differential graph's change).
 */
export function FlameCanvas(
  props: {
    profile: { frames: { file: string; line: number }[] };
    metric: Metric;
    search: string;
    root: FlameNode;
    colorOf?: (n: FlameNode) => string;
    detail?: (n: FlameNode) => string;
  },
) {
  const { profile, metric, search, root, colorOf, detail } = props;
  const depth = useMemo(() => maxDepth(root), [root]);
  const [focus, setFocus] = useState<FlameNode>(root);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ x: number; y: number; node: FlameNode } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => setFocus(root), [root]);

  const rects = useMemo(
    () => layoutFlame(focus, width > 0 ? 0.5 / width : 0),
    [focus, width],
  );
  const height = (depth + 1) * ROW_HEIGHT;

  useEffect(() => {
    const el = wrap.current!;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const dpr = globalThis.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    c.style.height = `${height}px`;
    const css = getComputedStyle(c);
    drawFlame(c.getContext("2d")!, rects, {
      width,
      height,
      dpr,
      search,
      font: `12px ${css.getPropertyValue("--mono") || "monospace"}`,
      textColor: "#1b1b1b",
      matchColor: "#c455e8",
      colorOf,
    });
  }, [rects, width, height, search, colorOf]);

  const at = (e: MouseEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    return { x, y, hit: hitTest(rects, width, x, y) };
  };
  const onClick = (e: MouseEvent) => {
    const { hit } = at(e);
    if (hit) setFocus(hit.node);
  };
  const onMove = (e: MouseEvent) => {
    const { x, y, hit } = at(e);
    setHover(hit ? { x, y, node: hit.node } : null);
  };

  const matched = useMemo(() => matchedTotal(root, search), [root, search]);
  const frame = hover && hover.node.frame >= 0 ? profile.frames[hover.node.frame] : undefined;
  const pct = (v: number) => root.total ? `${(v / root.total * 100).toFixed(2)}%` : "";

  return html`
    <div class="crumbs" id="flame-crumbs">
      ${pathOf(focus).map((n, i) =>
        html`${i ? " › " : ""}<a href="#" onClick=${(e: Event) => {
          e.preventDefault();
          setFocus(n);
        }}>${n.name}</a>`
      )}
      ${focus !== root
        ? html`
          · <button id="flame-reset" onClick=${() => setFocus(root)}>Reset zoom</button>
        `
        : null}
      ${search
        ? html`
          · <span id="flame-matched">matched ${pct(matched)}</span>
        `
        : null}
    </div>
    <div class="flame-wrap" ref=${wrap}>
      <canvas
        ref=${canvas}
        id="flame"
        data-focus=${focus.name}
        data-rects=${rects.length}
        onClick=${onClick}
        onMouseMove=${onMove}
        onMouseLeave=${() => setHover(null)}
      ></canvas>
      ${hover &&
        html`<div class="tooltip" style=${{
          left: `${Math.min(hover.x + 12, Math.max(width - 320, 0))}px`,
          top: `${hover.y + 14}px`,
        }}>
        <div><strong>${hover.node.name}</strong></div>
        ${frame ? html`<div>${frame.file}:${frame.line}</div>` : null}
        <div>${formatValue(hover.node.total, metric)} (${pct(hover.node.total)}), self ${
          formatValue(hover.node.self, metric)
        }</div>
        ${detail ? html`<div>${detail(hover.node)}</div>` : null}
      </div>`}
    </div>
  `;
}
