// /usertasks: task types with their counts and duration histograms (complete tasks).

import { html } from "../lib/html.ts";
import { Histogram } from "../components/histogram.ts";
import { CpuLinks } from "../components/profile_links.ts";
import type { TaskTypesModel } from "../../server/core/contract/pages.ts";

export function TaskTypesView(props: { data: TaskTypesModel }) {
  const { types } = props.data;
  return html`
    <h1>User-defined tasks</h1>
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
            <th class="left">Duration distribution (complete tasks)</th>
            <th class="left">CPU</th>
          </tr>
        </thead>
        <tbody>${types.map((t) =>
          html`
            <tr>
              <td class="pre task-type">${t.type}</td>
              <td><a href=${`/usertask?type=${encodeURIComponent(t.type)}`}>${t.count}</a></td>
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
