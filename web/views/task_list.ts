// /usertask?…: the matching tasks, shortest first, each with its events (Go's layout:
// when, elapsed since the previous event, goroutine, what happened).

import { html } from "../lib/html.ts";
import { formatDuration } from "../lib/format.ts";
import { TruncationNote, usePager } from "../components/pager.ts";
import type { TaskListModel, TaskRow } from "../../server/core/contract/pages.ts";

function TaskRows(props: { t: TaskRow }) {
  const { t } = props;
  const hash = `#${t.startMs}:${t.endMs}`;
  return html`
    <tr class="first">
      <td class="when">${t.when}</td>
      <td class="elapsed">${formatDuration(t.duration)}</td>
      <td></td>
      <td class="left">
        <a href=${`/trace?focustask=${t.id}${hash}`}>Task ${t.id}</a>${" "}
        <a href=${`/trace?taskid=${t.id}${hash}`}>(goroutine view)</a>${" "}
        (${t.complete ? "complete" : "incomplete"})
      </td>
    </tr>
    ${t.events.map((e) =>
      html`
        <tr>
          <td class="when">${e.when}</td>
          <td class="elapsed">${e.elapsed}</td>
          <td>${e.goroutine}</td>
          <td class="pre">${e.what}</td>
        </tr>
      `
    )}
  `;
}

export function TaskListView(props: { data: TaskListModel }) {
  const d = props.data;
  const { visible, more } = usePager(d.tasks);
  const search = (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem("logtext") as HTMLInputElement;
    const params = new URLSearchParams(location.search);
    params.set("logtext", input.value);
    location.search = params.toString();
  };
  return html`
    <h1>User task: <span class="mono" id="task-filter">${d.name || "all"}</span></h1>
    <form class="inline" onSubmit=${search}>
      <label for="logtext">Search log text</label>
      <input type="search" id="logtext" name="logtext" />
      <input type="submit" value="Search" />
    </form>
    <p class="note"><span id="task-count">${d.total}</span> tasks, shortest first.</p>
    <${TruncationNote} total=${d.total} shown=${d.shown} what="tasks" />
    ${d.tasks.length === 0 ? html`<p class="empty">No task matches.</p>` : html`
      <table class="data tasks" id="tasks">
        <thead>
          <tr>
            <th>When</th>
            <th>Elapsed</th>
            <th>Goroutine</th>
            <th class="left">Events</th>
          </tr>
        </thead>
        <tbody>${visible.map((t) => html`<${TaskRows} key=${t.id} t=${t} />`)}</tbody>
      </table>
    `}
    ${more}
  `;
}
