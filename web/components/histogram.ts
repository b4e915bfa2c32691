// Go's duration histogram (5 buckets per decade): a row per bucket from the lowest to
// the highest non-empty one; non-empty buckets link to the matching filtered list.

import { html } from "../lib/html.ts";
import type { HistogramModel } from "../../server/core/contract/pages.ts";

const BAR_WIDTH = 240;

export function Histogram(props: { h: HistogramModel }) {
  const { h } = props;
  if (h.count === 0) return null;
  const max = Math.max(...h.rows.map((r) => r.count));
  return html`
    <table class="histogram">
      <tbody>
          ${h.rows.map((r) =>
            html`
              <tr>
                <td class="t">${r.href ? html`<a href=${r.href}>${r.label}</a>` : r.label}</td>
                <td>
                  <div class=${r.count ? "bar" : "bar zero"} style=${{
                    width: `${Math.floor(r.count * BAR_WIDTH / max)}px`,
                  }}></div>
                </td>
                <td class="n">${r.count}</td>
              </tr>
            `
          )}
          <tr><td class="t">${h.last}</td><td></td><td></td></tr>
        </tbody>
    </table>
  `;
}
