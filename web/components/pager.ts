// Renders long row lists a page at a time, so a group of 100,000 goroutines stays fast.

import { useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count } from "../lib/format.ts";

export const PAGE_ROWS = 500;

/** The visible slice and the control that extends it. */
export function usePager<T>(rows: T[]): { visible: T[]; more: unknown } {
  const [limit, setLimit] = useState(PAGE_ROWS);
  const visible = rows.length > limit ? rows.slice(0, limit) : rows;
  const more = rows.length > limit
    ? html`
      <div class="pager">
        <span>Showing ${count(limit)} of ${count(rows.length)}</span>
        <button onClick=${() => setLimit(limit + PAGE_ROWS * 4)}>Show more</button>
        <button onClick=${() => setLimit(rows.length)}>Show all</button>
      </div>
    `
    : null;
  return { visible, more };
}

/** The note under a list the server cut short, with a link to all of it. */
export function TruncationNote(props: { total: number; shown: number; what: string }) {
  if (props.shown >= props.total) return null;
  const params = new URLSearchParams(location.search);
  params.set("limit", "0");
  return html`
    <p
      class="note truncated">The first ${count(props.shown)} of ${count(props.total)} ${props
        .what} are listed. <a href=${`?${params}`}>List all</a> (a large page).</p>
  `;
}
