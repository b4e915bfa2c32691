// The goroutine/region breakdown tables of Go's /goroutine and /userregion pages: the
// non-overlapping times with Go's stacked bar and a one-line summary of where the time
// went, then the special ranges. Any column sorts on click (descending first, as Go's
// ?sortby=); the URL keeps the choice. Headers wrap and the first column stays put, so
// every column fits a 1280 px window; the table scrolls sideways only when it cannot.

import type { VNode } from "preact";
import { useMemo, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { statColor } from "../lib/colors.ts";
import { StackedBar } from "./stacked_bar.ts";
import { usePager } from "./pager.ts";
import { Dur } from "./num.ts";
import type { BreakdownColumns, BreakdownRow } from "../../server/core/contract/pages.ts";
import { replaceSearch, route, setSearch } from "../lib/route.ts";

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

/** What a column is called in a row's summary: "Sched wait time" → "sched wait". */
export function shortStat(col: string): string {
  switch (col) {
    case "Execution time":
      return "running";
    case "Sched wait time":
      return "sched wait";
    case "Syscall execution time":
      return "syscall";
    case "Unknown time":
      return "unknown";
  }
  const m = /^Block time \((.*)\)$/s.exec(col);
  if (m) return m[1] === "" ? "blocked" : m[1];
  return col.replace(/ time$/, "").toLowerCase();
}

/** "61% sched wait, 16% running, 12% chan receive": the largest shares, 1% and up. */
export function summaryLine(row: BreakdownRow, cols: string[], parts = 3): string {
  const total = row.totalTime;
  if (!(total > 0)) return "";
  const shares = cols
    .map((c) => ({ c, v: row.stats[c] ?? 0 }))
    .filter((s) => s.v / total >= 0.005)
    .sort((a, b) => b.v - a.v);
  const text = shares.slice(0, parts).map((s) =>
    `${Math.round(s.v / total * 100)}% ${shortStat(s.c)}`
  );
  if (shares.length > parts) text.push("…");
  return text.join(", ");
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
    const params = new URLSearchParams(route().search);
    params.set("sortby", col);
    if (props.truncated) {
      // Only a page of rows is here: ask the server for the top rows by this column.
      params.delete("offset");
      setSearch(params.toString());
      return;
    }
    setSort({ col, asc: sort.col === col ? !sort.asc : false });
    replaceSearch(`?${params}`);
  };
  const ariaSort = (col: string) =>
    sort.col === col ? (sort.asc ? "ascending" : "descending") : undefined;
  const th = (col: string, label = col) =>
    html`
      <th class="sortable" aria-sort=${ariaSort(col)} data-col=${col} title=${`Sort by ${col}`}
        onClick=${() => click(col)}>${col === TOTAL
          ? null
          : html`<span class="swatch" style=${{ background: statColor(col) }}></span>`}${label}</th>
    `;
  return html`
    <div class="table-scroll">
      <table class="data breakdown">
        <thead>
          <tr>
          ${lead.headers.map((h, i) => html`<th class=${i === 0 ? "left lead" : "left"}>${h}</th>`)}
          ${th(TOTAL, "Total")}
          <th class="left why-col">Where the time went</th>
          ${cols.nonOverlappingStats.map((s) => th(s))}
        </tr>
        </thead>
        <tbody>
          ${visible.map((r) => {
            const why = summaryLine(r, cols.nonOverlappingStats);
            return html`<tr key=${lead.key?.(r)}>
              ${lead.cells(r)}
              <td><${Dur} ns=${r.totalTime} /></td>
              <td class="left why-col">
                <${StackedBar} stats=${cols.nonOverlappingStats} values=${r.stats} max=${cols.maxTotal} />
                <div class="why" title=${summaryLine(r, cols.nonOverlappingStats, 99)}>${why}</div>
              </td>
              ${
              cols.nonOverlappingStats.map((s) =>
                html`
                  <td>
                    <${Dur} ns=${r.stats[s] ?? 0} />
                  </td>
                `
              )
            }
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
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
    <div class="table-scroll">
      <table class="data breakdown ranges">
        <thead>
          <tr>
          ${lead.headers.map((h, i) => html`<th class=${i === 0 ? "left lead" : "left"}>${h}</th>`)}
          <th>Total</th>
          ${cols.rangeStats.map((s) => html`<th>${s}</th>`)}
        </tr>
        </thead>
        <tbody>
          ${visible.map((r) =>
            html`<tr key=${lead.key?.(r)}>
              ${lead.cells(r)}
              <td><${Dur} ns=${r.totalTime} /></td>
              ${
              cols.rangeStats.map((s) =>
                html`
                  <td>
                    <${Dur} ns=${r.rangeTime[s] ?? 0} />
                  </td>
                `
              )
            }
            </tr>`
          )}
        </tbody>
      </table>
    </div>
    ${more}
  `;
}
