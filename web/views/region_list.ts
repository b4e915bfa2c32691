// /userregion?…: the matching regions with the goroutine breakdown columns.

import { html } from "../lib/html.ts";
import { count } from "../lib/format.ts";
import { BreakdownTable, type LeadColumns, RangesTable } from "../components/breakdown.ts";
import { ProfileLinks } from "../components/profile_links.ts";
import { PageNav } from "../components/pager.ts";
import type { RegionListModel, RegionRow } from "../../server/core/contract/pages.ts";

const lead: LeadColumns<RegionRow> = {
  headers: ["Goroutine", "Task"],
  cells: (r) => [
    html`<td class="left"><a href=${`/trace?goid=${r.goroutine}`}>${r.goroutine}</a></td>`,
    html`<td class="left">${
      r.taskId ? html`<a href=${`/trace?focustask=${r.taskId}`}>${r.taskId}</a>` : null
    }</td>`,
  ],
};

/** The /cpu selection of a region filter: its type (the CPU views select by type only). */
function regionCpuQuery(filterParams: string): string | undefined {
  const type = new URLSearchParams(filterParams).get("type");
  return type === null ? undefined : new URLSearchParams({ region: type }).toString();
}

export function RegionListView(props: { data: RegionListModel }) {
  const d = props.data;
  return html`
    <h1>Regions: <span class="mono" id="region-filter">${d.name || "all"}</span></h1>
    <table class="summary">
      <tbody>
        <tr>
          <td>Regions</td>
          <td id="region-count">${count(d.total)}</td>
        </tr>
        <${ProfileLinks} prefix="region" query=${d.filterParams} cpu=${regionCpuQuery(
          d.filterParams,
        )} />
      </tbody>
    </table>
    <h2 id="breakdown">Breakdown</h2>
    <p class="note">Where each region's goroutine spent its time while the region was active.
    All columns except the total are non-overlapping.</p>
    <${PageNav} total=${d.total} shown=${d.shown} offset=${d.offset} what=${"Regions"} />
    <${BreakdownTable} cols=${d} rows=${d.regions} lead=${lead} truncated=${d.shown < d.total} />
    <h2 id="ranges">Special ranges</h2>
    <${RangesTable} cols=${d} rows=${d.regions} lead=${lead} />
  `;
}
