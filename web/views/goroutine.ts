// /goroutine?name=: one group: its share of execution time, its profiles, and the
// per-goroutine breakdown tables.

import { html } from "../lib/html.ts";
import { BreakdownTable, type LeadColumns, RangesTable } from "../components/breakdown.ts";
import { ProfileLinks } from "../components/profile_links.ts";
import { PageNav } from "../components/pager.ts";
import type { GoroutineModel, GoroutineRow } from "../../server/core/contract/pages.ts";

const lead: LeadColumns<GoroutineRow> = {
  headers: ["Goroutine"],
  key: (g) => g.id,
  cells: (g) => [html`<td class="left"><a href=${`/trace?goid=${g.id}`}>${g.id}</a></td>`],
};

export function GoroutineView(props: { data: GoroutineModel }) {
  const d = props.data;
  const q = `name=${encodeURIComponent(d.name)}`;
  return html`
    <h1>Goroutines: <code>${d.name || "(Inactive, no stack trace sampled)"}</code></h1>
    <table class="summary">
      <tbody>
        <tr>
          <td>Start location</td>
          <td><code>${d.name}</code></td>
        </tr>
        <tr>
          <td>Count</td>
          <td id="group-count">${d.n}</td>
        </tr>
        <tr>
          <td>Execution time</td>
          <td id="group-exec">${d.execTimePercent} of total program execution time</td>
        </tr>
        <${ProfileLinks} prefix="" query=${q} cpu=${q} />
      </tbody>
    </table>
    <h2 id="breakdown">Breakdown</h2>
    <p class="note">Where each goroutine spent its time during the traced period. All columns
    except the total are non-overlapping. Click a column to sort by it.</p>
    <${PageNav} total=${d.total} shown=${d.shown} offset=${d.offset} what=${"Goroutines"} />
    <${BreakdownTable} cols=${d} rows=${d.goroutines} lead=${lead} truncated=${d.shown < d.total} />
    <h2 id="ranges">Special ranges</h2>
    <p class="note">Time each goroutine spent in special ranges, such as helping the GC. These
    overlap with the times above; goroutines with none are left out.</p>
    <${RangesTable} cols=${d} rows=${d.goroutines} lead=${lead} />
  `;
}
