// The interactive flame graph: click a frame to zoom to it (click an ancestor to zoom
// out) and, for the blocking profiles, list the goroutines that waited there; search to
// highlight matching functions, hover for details.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count, dur, durFull } from "../lib/format.ts";
import { Dur } from "../components/num.ts";
import {
  buildFlameTree,
  type FlameNode,
  type FlameProfile,
  framePath,
  layoutFlame,
  matchedTotal,
  maxDepth,
  type Metric,
} from "./model.ts";
import { drawFlame, hitTest, ROW_HEIGHT } from "./render.ts";
import type { FrameGoroutinesModel } from "../../server/core/contract/pages.ts";
import { route } from "../lib/route.ts";

export function formatValue(v: number, metric: Metric): string {
  return metric === "time" ? dur(v) : count(v);
}

/** The exact value, for hover and copy. */
export function formatValueFull(v: number, metric: Metric): string {
  return metric === "time" ? durFull(v) : count(v);
}

function pathOf(n: FlameNode): FlameNode[] {
  const out: FlameNode[] = [];
  for (let a: FlameNode | null = n; a; a = a.parent) out.unshift(a);
  return out;
}

/**
 * `empty`: what to say when there is nothing to draw; `waiters`: the query of a blocking
 * profile, to list the goroutines that waited under the focused frame.
 */
type Props = {
  profile: FlameProfile;
  metric: Metric;
  search: string;
  empty?: string;
  colorOf?: (n: FlameNode) => string;
  waiters?: string;
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
    waiters?: string;
  },
) {
  const { profile, metric, search, root, colorOf, detail, waiters } = props;
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
        ${
          waiters !== undefined
            ? html`<div class="hint">click: zoom in and list the goroutines that waited here</div>`
            : null
        }
      </div>`}
    </div>
    ${waiters === undefined
      ? null
      : focus !== root
      ? html`<${FrameGoroutines} path=${framePath(focus)} params=${waiters} />`
      : html`<p class="note" id="flame-hint">Click a frame to zoom in and list the goroutines that
          waited under it, with links to their timelines.</p>`}
  `;
}

// Who waited under the focused frame, from /api/<profile>/goroutines.
function FrameGoroutines(props: { path: string[]; params: string }) {
  const [state, setState] = useState<{ data: FrameGoroutinesModel | null; error: string }>({
    data: null,
    error: "",
  });
  const q = new URLSearchParams(props.params);
  for (const f of props.path) q.append("frame", f);
  const url = `/api${route().path}/goroutines?${q}`;
  useEffect(() => {
    let live = true;
    setState({ data: null, error: "" });
    fetch(url)
      .then(async (r) => {
        if (!r.ok) throw new Error(`${r.status}: ${(await r.text()).trim()}`);
        return await r.json() as FrameGoroutinesModel;
      })
      .then((data) => live && setState({ data, error: "" }))
      .catch((e) => live && setState({ data: null, error: String(e.message ?? e) }));
    return () => {
      live = false;
    };
  }, [url]);
  const { data, error } = state;
  const name = props.path[props.path.length - 1];
  return html`
    <section class="frame-goroutines" id="frame-goroutines">
      <h3>Goroutines that waited in <span class="mono">${name}</span></h3>
      ${error ? html`<p class="error-box">${error}</p>` : null}
      ${!data && !error ? html`<p class="loading">Loading…</p>` : null}
      ${data
        ? html`
          <p
            class="note">${count(data.total)} goroutine${data.total === 1
              ? ""
              : "s"}${data.total > data.goroutines.length
              ? `; the ${data.goroutines.length} that waited longest`
              : ""}. Each link opens the goroutine's timeline from its first wait here to its last.</p>
          <table class="data" id="frame-goroutine-list">
            <thead>
              <tr>
                <th class="left">Goroutine</th>
                <th>Waited</th>
                <th>Waits</th>
                <th class="left">From – to (since the trace start)</th>
              </tr>
            </thead>
            <tbody>${data.goroutines.map((g) =>
              html`
                <tr>
                  <td
                    class="left"><a href=${g.href}>G${g.id}</a> <span class="mono muted">${g
                      .name}</span></td>
                  <td>
                    <${Dur} ns=${g.time} />
                  </td>
                  <td>${count(g.count)}</td>
                  <td class="left"><${Dur} ns=${g.start} /> – <${Dur} ns=${g.end} /></td>
                </tr>
              `
            )}</tbody>
          </table>
        `
        : null}
    </section>
  `;
}
