// The goroutine/region breakdown tables of Go's /goroutine and /userregion pages: the
// non-overlapping times with Go's stacked bar, then the special ranges. Any column
// sorts on click (descending first, as Go's ?sortby=); the URL keeps the choice.

import type { VNode } from "preact";
import { useMemo, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { formatDuration } from "../lib/format.ts";
import { statColor } from "../lib/colors.ts";
import { StackedBar } from "./stacked_bar.ts";
import { usePager } from "./pager.ts";
import type { BreakdownColumns, BreakdownRow } from "../../server/core/contract/pages.ts";

export const TOTAL = "Total time";

export interface LeadColumns<R> {
  headers: string[];
  cells: (row: R) => VNode[];
  /** A stable row key, when rows have one. */
  key?: (row: R) => string | number;
}

function valueOf(row: BreakdownRow, col: string): number {
  return col === TOTAL ? row.totalTime : row.stats[col] ?? 0;
}

/** Rows sorted by `col`, descending unless `asc`; stable, so ties keep Go's order. */
export function sortRows<R extends BreakdownRow>(rows: R[], col: string, asc: boolean): R[] {
  const out = rows.slice();
  out.sort((a, b) => asc ? valueOf(a, col) - valueOf(b, col) : valueOf(b, col) - valueOf(a, col));
  return out;
}

export function BreakdownTable<R extends BreakdownRow>(
  props: { cols: BreakdownColumns; rows: R[]; lead: LeadColumns<R>; truncated?: boolean },
) {
  const { cols, lead } = props;
  const [sort, setSort] = useState({ col: cols.sortBy, asc: false });
  const rows = useMemo(
    () =>
      sort.col === cols.sortBy && !sort.asc ? props.rows : sortRows(props.rows, sort.col, sort.asc),
    [props.rows, sort],
  );
  const { visible, more } = usePager(rows);
  const click = (col: string) => {
    const params = new URLSearchParams(location.search);
    params.set("sortby", col);
    if (props.truncated) {
      // Only the top rows are here: ask the server for the top rows by this column.
      location.search = params.toString();
      return;
    }
    setSort({ col, asc: sort.col === col ? !sort.asc : false });
    history.replaceState(null, "", `?${params}`);
  };
  const ariaSort = (col: string) =>
    sort.col === col ? (sort.asc ? "ascending" : "descending") : undefined;
  const th = (col: string, label = col) =>
    html`
      <th class="sortable" aria-sort=${ariaSort(col)} data-col=${col}
        onClick=${() => click(col)}>${col === TOTAL
          ? null
          : html`<span class="swatch" style=${{ background: statColor(col) }}></span>`}${label}</th>
    `;
  return html`
    <table class="data breakdown">
      <thead>
        <tr>
        ${lead.headers.map((h) => html`<th class="left">${h}</th>`)}
        ${th(TOTAL, "Total")}
        <th></th>
        ${cols.nonOverlappingStats.map((s) => th(s))}
      </tr>
      </thead>
      <tbody>
        ${visible.map((r) =>
          html`<tr key=${lead.key?.(r)}>
            ${lead.cells(r)}
            <td>${formatDuration(r.totalTime)}</td>
            <td><${StackedBar} stats=${cols.nonOverlappingStats} values=${r.stats} max=${cols.maxTotal} /></td>
            ${
            cols.nonOverlappingStats.map((s) => html`<td>${formatDuration(r.stats[s] ?? 0)}</td>`)
          }
          </tr>`
        )}
      </tbody>
    </table>
    ${more}
  `;
}

export function RangesTable<R extends BreakdownRow>(
  props: { cols: BreakdownColumns; rows: R[]; lead: LeadColumns<R> },
) {
  const { cols, lead } = props;
  const rows = props.rows.filter((r) => Object.values(r.rangeTime).some((v) => v !== 0));
  const { visible, more } = usePager(rows);
  if (rows.length === 0) return html`<p class="empty">No time spent in special ranges.</p>`;
  return html`
    <table class="data ranges">
      <thead>
        <tr>
        ${lead.headers.map((h) => html`<th class="left">${h}</th>`)}
        <th>Total</th>
        ${cols.rangeStats.map((s) => html`<th>${s}</th>`)}
      </tr>
      </thead>
      <tbody>
        ${visible.map((r) =>
          html`<tr key=${lead.key?.(r)}>
            ${lead.cells(r)}
            <td>${formatDuration(r.totalTime)}</td>
            ${cols.rangeStats.map((s) => html`<td>${formatDuration(r.rangeTime[s] ?? 0)}</td>`)}
          </tr>`
        )}
      </tbody>
    </table>
    ${more}
  `;
}
