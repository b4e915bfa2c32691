// /userregions: region types (name and the function that began them) with counts,
// duration histograms, and a link to the slowest region on its goroutine's timeline.

import { html } from "../lib/html.ts";
import { Histogram } from "../components/histogram.ts";
import { CpuLinks } from "../components/profile_links.ts";
import { SlowestLink } from "../components/slowest.ts";
import type { RegionTypesModel } from "../../server/core/contract/pages.ts";

export function RegionTypesView(props: { data: RegionTypesModel }) {
  const { regions } = props.data;
  return html`
    <h1>User-defined regions</h1>
    <p class="lead">
      Regions grouped by type and the function that started them. The histogram counts only
      regions that began and ended within the trace; the count includes all of them.
      "Slowest" opens the longest region on its goroutine's timeline.
    </p>
    ${regions.length === 0 ? html`<p class="empty">This trace has no user regions.</p>` : html`
      <table class="data" id="region-types">
        <thead>
          <tr>
            <th class="left">Region type</th>
            <th>Count</th>
            <th>Slowest</th>
            <th class="left">Duration distribution</th>
            <th class="left">CPU</th>
          </tr>
        </thead>
        <tbody>${regions.map((r) =>
          html`
            <tr>
              <td class="left region-kind">
                <div class="region-type mono">${r.quoted}</div>
                <div class="region-func mono">${r.func} <span class="muted">@ 0x${r.pc}</span></div>
                <div class="region-loc mono muted">${r.file}:${r.line}</div>
              </td>
              <td><a href=${`/userregion?type=${encodeURIComponent(r.type)}&pc=${r.pc}`}>${r
                .count}</a></td>
              <td>
                <${SlowestLink} s=${r.slowest} what=${`G${r.slowest.id}`} />
              </td>
              <td class="left">
                <${Histogram} h=${r.histogram} />
              </td>
              <td class="left">${CpuLinks({
                query: new URLSearchParams({ region: r.type }).toString(),
              })}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `}
  `;
}
