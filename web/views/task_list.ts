// /usertask?…: the matching tasks, each with its events (Go's layout: when, elapsed since
// the previous event, goroutine, what happened). Longest first by default; the headers
// sort, and Go's order (shortest first) is a link away. The server pages the list so
// that no page holds more than a bounded number of events, even for one huge task.

import { html } from "../lib/html.ts";
import { count } from "../lib/format.ts";
import { Dur } from "../components/num.ts";
import { withParams } from "../components/pager.ts";
import type { TaskListModel, TaskPageStart, TaskRow } from "../../server/core/contract/pages.ts";
import { route, setSearch } from "../lib/route.ts";
import { CriticalPathPanel } from "./critical_path.ts";

type SortKey = TaskListModel["sortBy"];

const DEFAULT_ORDER: Record<SortKey, "asc" | "desc"> = {
  duration: "desc",
  events: "desc",
  start: "asc",
  id: "asc",
};

function pageHref(p: TaskPageStart): string {
  return withParams({ offset: p.offset || undefined, evoffset: p.eventOffset || undefined });
}

function sortHref(d: TaskListModel, key: SortKey): string {
  const order = d.sortBy === key ? (d.order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[key];
  return withParams({
    sortby: key,
    order: order === DEFAULT_ORDER[key] ? undefined : order,
    offset: undefined,
    evoffset: undefined,
  });
}

function EventsNote(props: { t: TaskRow; d: TaskListModel }) {
  const { t, d } = props;
  const last = t.eventOffset + t.events.length;
  if (t.eventOffset === 0 && last >= t.eventCount) return null;
  return html`
    <tr class="events-note">
      <td></td>
      <td></td>
      <td></td>
      <td class="left">Events ${count(t.eventOffset + 1)}–${count(last)} of ${count(
        t.eventCount,
      )} of task ${t.id}.${" "}
        ${t.eventOffset > 0 && d.prev
          ? html`<a href=${pageHref(d.prev)}>← earlier events</a>${" "}`
          : null}
        ${last < t.eventCount && d.next
          ? html`<a class="next-events" href=${pageHref(d.next)}>later events →</a>`
          : null}
      </td>
    </tr>
  `;
}

function TaskRows(props: { t: TaskRow; d: TaskListModel }) {
  const { t } = props;
  const hash = `#${t.startMs}:${t.endMs}`;
  return html`
    <tr class="first" data-task=${t.id}>
      <td class="when">${t.when}</td>
      <td class="elapsed">
        <${Dur} ns=${t.duration} />
      </td>
      <td></td>
      <td class="left">
        <a href=${`/trace?focustask=${t.id}${hash}`}>Task ${t.id}</a>${" "}
        <a href=${`/trace?taskid=${t.id}${hash}`}>(goroutine view)</a>${" "}
        (${t.complete ? "complete" : "incomplete"}, ${count(t.eventCount)} events)${" "}
        <a href=${`/criticalpath?taskid=${t.id}`}>critical path</a>
      </td>
    </tr>
    <${EventsNote} t=${t} d=${props.d} />
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
    ${t.eventOffset + t.events.length < t.eventCount
      ? html`<${EventsNote} t=${t} d=${props.d} />`
      : null}
  `;
}

const ORDER_TEXT: Record<SortKey, [string, string]> = {
  duration: ["shortest first", "longest first"],
  events: ["fewest events first", "most events first"],
  start: ["earliest first", "latest first"],
  id: ["by id", "by id, highest first"],
};

function Pages(props: { d: TaskListModel; id: string }) {
  const { d } = props;
  if (!d.prev && !d.next) return null;
  const first = d.tasks.length > 0 ? d.offset + 1 : d.offset;
  return html`
    <nav class="pager page-nav" id=${props.id} aria-label="Pages of tasks">
      <span class="range">Tasks ${count(first)}–${count(d.offset + d.tasks.length)} of ${count(
        d.total,
      )}</span>
      ${d.prev
        ? html`<a href=${withParams({ offset: undefined, evoffset: undefined })}>« First</a>`
        : null}
      ${d.prev ? html`<a class="prev" href=${pageHref(d.prev)}>← Previous</a>` : null}
      ${d.next ? html`<a class="next" href=${pageHref(d.next)}>Next →</a>` : null}
      <span class="hint">at most ${count(d.eventBudget)} events a page</span>
    </nav>
  `;
}

export function TaskListView(props: { data: TaskListModel }) {
  const d = props.data;
  const search = (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem("logtext") as HTMLInputElement;
    const params = new URLSearchParams(route().search);
    params.set("logtext", input.value);
    params.delete("offset");
    params.delete("evoffset");
    setSearch(params.toString());
  };
  const goOrder = d.sortBy === "duration" && d.order === "asc";
  const th = (key: SortKey, label: string, cls = "") =>
    html`
      <th class=${`sortable ${cls}`} data-col=${key}
        aria-sort=${d.sortBy === key
          ? (d.order === "asc" ? "ascending" : "descending")
          : undefined}>
            <a href=${sortHref(d, key)}>${label}</a></th>
    `;
  return html`
    <h1>User task: <span class="mono" id="task-filter">${d.name || "all"}</span></h1>
    <form class="inline" onSubmit=${search}>
      <label for="logtext">Search log text</label>
      <input type="search" id="logtext" name="logtext" />
      <input type="submit" value="Search" />
    </form>
    <p
      class="note"><span id="task-count">${d
        .total}</span> tasks, <span id="task-order">${ORDER_TEXT[d.sortBy][
          d.order === "asc" ? 0 : 1
        ]}</span>. ${goOrder
        ? html`<a id="longest-first" href=${
          withParams({
            sortby: undefined,
            order: undefined,
            offset: undefined,
            evoffset: undefined,
          })
        }>Longest first</a>`
        : html`<a id="go-order" href=${
          withParams({ sortby: "duration", order: "asc", offset: undefined, evoffset: undefined })
        }>Shortest first</a> (go tool trace's order)`}. Click a header to sort by it.</p>
    ${d.tasks.length > 0
      ? html`
        <section class="cp-first" id="critical-path">
          <h2>Critical path of task ${d.tasks[0].id}, the first listed</h2>
          <${CriticalPathPanel} key=${d.tasks[0].id} taskId=${d.tasks[0].id} open=${true} />
        </section>
      `
      : null}
    <${Pages} d=${d} id="pages-top" />
    ${d.tasks.length === 0 ? html`<p class="empty">No task matches.</p>` : html`
      <table class="data tasks" id="tasks">
        <thead>
          <tr>
            ${th("start", "When")}
            ${th("duration", "Elapsed")}
            <th>Goroutine</th>
            ${th("events", "Events", "left")}
          </tr>
        </thead>
        <tbody>${d.tasks.map((t) => html`<${TaskRows} key=${t.id} t=${t} d=${d} />`)}</tbody>
      </table>
    `}
    <${Pages} d=${d} id="pages-bottom" />
  `;
}
