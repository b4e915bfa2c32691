// /usertasks: task types with their counts, duration histograms (complete tasks), and
// a link to the slowest task's timeline.

import { html } from "../lib/html.ts";
import { Histogram } from "../components/histogram.ts";
import { CpuLinks } from "../components/profile_links.ts";
import { SlowestLink } from "../components/slowest.ts";
import type { TaskTypesModel } from "../../server/core/contract/pages.ts";

export function TaskTypesView(props: { data: TaskTypesModel }) {
  const { types } = props.data;
  return html`
    <h1>User-defined tasks</h1>
    <p class="lead">Click a count for the tasks of a type, longest first; "Slowest" opens the
    longest task on the timeline of its goroutines.</p>
    <form class="inline" action="/usertask" method="get">
      <label for="logtext">Search log text</label>
      <input type="search" id="logtext" name="logtext" />
      <input type="submit" value="Search" />
    </form>
    ${types.length === 0 ? html`<p class="empty">This trace has no user tasks.</p>` : html`
      <table class="data" id="task-types">
        <thead>
          <tr>
            <th class="left">Task type</th>
            <th>Count</th>
            <th>Slowest</th>
            <th class="left">Duration distribution (complete tasks)</th>
            <th class="left">CPU</th>
          </tr>
        </thead>
        <tbody>${types.map((t) =>
          html`
            <tr>
              <td class="pre task-type">${t.type}</td>
              <td><a href=${`/usertask?type=${encodeURIComponent(t.type)}`}>${t.count}</a></td>
              <td>
                <${SlowestLink} s=${t.slowest} what=${`task ${t.slowest.id}`} />
              </td>
              <td class="left">
                <${Histogram} h=${t.histogram} />
              </td>
              <td class="left">${CpuLinks({
                query: new URLSearchParams({ task: t.type }).toString(),
              })}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `}
  `;
}
