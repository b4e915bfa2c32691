// The MMU chart, drawn as SVG: window duration on a log axis, utilization 0–1, one
// line for the minimum and one per percentile. A click picks the nearest window.

import { useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { niceDuration } from "../lib/format.ts";

export interface MMUPlot {
  xMin: number;
  xMax: number;
  quantiles: number[] | null;
  curve: number[][];
}

const W = 860, H = 440;
const M = { left: 56, right: 16, top: 16, bottom: 44 };
const COLORS = ["#3366cc", "#dc3912", "#ff9900", "#109618"];

/** Go's niceQuantile: 0.01 → "p99". */
export function seriesNames(plot: MMUPlot): string[] {
  const names = ["Minimum mutator utilization"];
  const q = plot.quantiles ?? [];
  for (let i = 1; i < q.length; i++) names.push(`p${+((1 - q[i]) * 100).toPrecision(12)} MU`);
  return names;
}

export function MMUChart(
  props: { plot: MMUPlot; selected: number | null; onPick: (i: number) => void },
) {
  const { plot, selected } = props;
  const [hover, setHover] = useState<number | null>(null);
  const c = plot.curve;
  if (c.length === 0) return html`<p class="empty">No data.</p>`;
  const lx0 = Math.log(c[0][0]), lx1 = Math.log(c[c.length - 1][0]);
  const iw = W - M.left - M.right, ih = H - M.top - M.bottom;
  const sx = (v: number) => M.left + (lx1 === lx0 ? 0 : (Math.log(v) - lx0) / (lx1 - lx0) * iw);
  const sy = (u: number) => M.top + (1 - u) * ih;
  const nearest = (px: number) => {
    let best = 0;
    for (let i = 1; i < c.length; i++) {
      if (Math.abs(sx(c[i][0]) - px) < Math.abs(sx(c[best][0]) - px)) best = i;
    }
    return best;
  };
  const toX = (e: MouseEvent) => {
    const svg = (e.currentTarget as SVGElement).ownerSVGElement!;
    const r = svg.getBoundingClientRect();
    return (e.clientX - r.left) * (W / r.width);
  };
  const ticks: number[] = [];
  for (let v = plot.xMin; v <= plot.xMax && ticks.length < 12; v *= 10) ticks.push(v);
  const series = seriesNames(plot);
  const paths = series.map((_, s) =>
    c.map((p, i) => `${i ? "L" : "M"}${sx(p[0]).toFixed(1)},${sy(p[s + 1]).toFixed(1)}`).join("")
  );
  const mark = hover ?? selected;
  return html`
    <div class="legend">${series.map((n, i) =>
      html`<span style=${{ "--c": COLORS[i % COLORS.length] }}>${n}</span>`
    )}</div>
    <div class="mmu-chart">
      <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label="Minimum mutator utilization">
        <g class="grid">
          ${[0, 0.2, 0.4, 0.6, 0.8, 1].map((u) =>
            html`<line x1=${M.left} x2=${W - M.right} y1=${sy(u)} y2=${sy(u)} />`
          )}
          ${ticks.map((v) => html`<line x1=${sx(v)} x2=${sx(v)} y1=${M.top} y2=${H - M.bottom} />`)}
        </g>
        <g class="axis">
          ${[0, 0.2, 0.4, 0.6, 0.8, 1].map((u) =>
            html`<text x=${M.left - 8} y=${sy(u) + 4} text-anchor="end">${u.toFixed(1)}</text>`
          )}
          ${ticks.map((v) =>
            html`<text x=${sx(v)} y=${H - M.bottom + 16} text-anchor="middle">${
              niceDuration(v)
            }</text>`
          )}
          <text class="title" x=${M.left + iw / 2} y=${H -
            8} text-anchor="middle">Window duration</text>
          <text class="title" transform=${`translate(14 ${
            M.top + ih / 2
          }) rotate(-90)`} text-anchor="middle">${plot.quantiles
            ? "Mutator utilization"
            : "Minimum mutator utilization"}</text>
        </g>
        ${paths.map((d, i) =>
          html`<path class="curve" data-series=${i} d=${d} stroke=${COLORS[i % COLORS.length]} />`
        )}
        ${mark !== null && mark < c.length &&
          html`
            <line class=${hover !== null ? "cursor" : "selected"} x1=${sx(c[mark][0])} x2=${sx(
              c[mark][0],
            )} y1=${M.top} y2=${H - M.bottom} />
            <text class="title" x=${Math.min(sx(c[mark][0]) + 6, W - 160)} y=${M.top +
              12}>${niceDuration(c[mark][0])}: ${c[mark][1].toFixed(4)}</text>
          `}
        <rect class="hit" id="mmu-hit" x=${M.left} y=${M.top} width=${iw} height=${ih}
          onMouseMove=${(e: MouseEvent) => setHover(nearest(toX(e)))}
          onMouseLeave=${() => setHover(null)}
          onClick=${(e: MouseEvent) => props.onPick(nearest(toX(e)))} />
      </svg>
    </div>
  `;
}
