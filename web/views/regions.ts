// /userregions: region types (name and the function that began them) with counts and
// duration histograms.

import { html } from "../lib/html.ts";
import { Histogram } from "../components/histogram.ts";
import { CpuLinks } from "../components/profile_links.ts";
import type { RegionTypesModel } from "../../server/core/contract/pages.ts";

export function RegionTypesView(props: { data: RegionTypesModel }) {
  const { regions } = props.data;
  return html`
    <h1>User-defined regions</h1>
    <p class="lead">
      Regions grouped by type and the function that started them. The histogram counts only
      regions that began and ended within the trace; the count includes all of them.
    </p>
    ${regions.length === 0 ? html`<p class="empty">This trace has no user regions.</p>` : html`
      <table class="data" id="region-types">
        <thead>
          <tr>
            <th class="left">Region type</th>
            <th>Count</th>
            <th class="left">Duration distribution</th>
            <th class="left">CPU</th>
          </tr>
        </thead>
        <tbody>${regions.map((r) =>
          html`
            <tr>
              <td class="pre"><span class="region-type">${r.quoted}</span>
            ${r.func} @ 0x${r.pc}
            ${r.file}:${r.line}</td>
              <td><a href=${`/userregion?type=${encodeURIComponent(r.type)}&pc=${r.pc}`}>${r
                .count}</a></td>
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
