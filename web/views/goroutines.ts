// /goroutines: goroutine groups by start function, by total execution time (Go's order).

import { useMemo, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count } from "../lib/format.ts";
import { Dur } from "../components/num.ts";
import { usePager } from "../components/pager.ts";
import type { GoroutineGroupRow, GoroutinesModel } from "../../server/core/contract/pages.ts";

type Col = "name" | "n" | "execTime";

export function GoroutinesView(props: { data: GoroutinesModel }) {
  const [sort, setSort] = useState<{ col: Col; asc: boolean }>({ col: "execTime", asc: false });
  const rows = useMemo(() => {
    if (sort.col === "execTime" && !sort.asc) return props.data.groups;
    const out = props.data.groups.slice();
    const k = sort.col;
    const cmp = (a: GoroutineGroupRow, b: GoroutineGroupRow) =>
      k === "name" ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a[k] - b[k];
    out.sort((a, b) => sort.asc ? cmp(a, b) : cmp(b, a));
    return out;
  }, [props.data, sort]);
  const { visible, more } = usePager(rows);
  const total = props.data.groups.reduce((s, g) => s + g.n, 0);
  const th = (col: Col, label: string, cls = "") =>
    html`
      <th class=${`sortable ${cls}`} data-col=${col}
        aria-sort=${sort.col === col ? (sort.asc ? "ascending" : "descending") : undefined}
        onClick=${() =>
          setSort({ col, asc: sort.col === col ? !sort.asc : col === "name" })}>${label}</th>
    `;
  return html`
    <h1>Goroutines</h1>
    <p class="lead">
      All ${count(total)} goroutines of the trace, grouped by start location and sorted by the
      total execution time of the group. Click a start location for the group's breakdown.
    </p>
    <table class="data" id="goroutine-groups">
      <thead>
        <tr>
        ${th("name", "Start location", "left")}${th("n", "Count")}${th(
          "execTime",
          "Total execution time",
        )}
      </tr>
      </thead>
      <tbody>${visible.map((g) =>
        html`
          <tr key=${g.name}>
            <td class="name"><a href=${`/goroutine?name=${encodeURIComponent(g.name)}`}>${g.name ||
              "(Inactive, no stack trace sampled)"}</a></td>
            <td>${g.n}</td>
            <td data-ns=${g.execTime}>
              <${Dur} ns=${g.execTime} />
            </td>
          </tr>
        `
      )}</tbody>
    </table>
    ${more}
  `;
}
