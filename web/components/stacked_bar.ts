// Go's stacked time bar: one segment per non-overlapping stat, scaled to the largest
// total in the table.

import { html } from "../lib/html.ts";
import { statColor } from "../lib/colors.ts";
import { dur } from "../lib/format.ts";

export function StackedBar(
  props: { stats: string[]; values: Record<string, number>; max: number },
) {
  const { stats, values, max } = props;
  return html`<div class="stacked-bar">${
    stats.map((s) => {
      const v = values[s] ?? 0;
      if (!v || !max) return null;
      return html`
        <span
          title=${`${s}: ${dur(v)}`}
          style=${{ width: `${(v / max * 100).toFixed(2)}%`, background: statColor(s) }}
        ></span>
      `;
    })
  }</div>`;
}
