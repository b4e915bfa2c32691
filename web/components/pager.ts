// Long lists a page at a time. usePager renders rows the page already has in steps, so a
// group of 100,000 goroutines stays fast; PageNav moves between the pages the server
// cuts a long list into (?offset=&limit=).

import { useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count } from "../lib/format.ts";
import { route } from "../lib/route.ts";

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

/** The current URL with some query parameters set (undefined: removed). */
export function withParams(set: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(route().search);
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) params.delete(k);
    else params.set(k, String(v));
  }
  return `?${params}`;
}

/** Links to the previous and next pages of a list the server pages. */
export function PageNav(
  props: { total: number; shown: number; offset: number; what: string; id?: string },
) {
  const { total, shown, offset } = props;
  if (offset === 0 && shown >= total) return null;
  const size = Math.max(shown, 1);
  const prev = offset > 0 ? Math.max(0, offset - size) : -1;
  const next = offset + shown < total ? offset + shown : -1;
  return html`
    <nav class="pager page-nav" id=${props.id} aria-label=${`Pages of ${props.what}`}>
      <span class="range">${props.what} ${count(shown ? offset + 1 : offset)}–${count(
        offset + shown,
      )} of ${count(total)}</span>
      ${prev >= 0
        ? html`<a href=${withParams({ offset: prev || undefined })}>← Previous</a>`
        : null}
      ${next >= 0 ? html`<a class="next" href=${withParams({ offset: next })}>Next →</a>` : null}
      <a href=${withParams({ limit: 0, offset: undefined })}>All on one page</a>
      <span class="hint">(a large page)</span>
    </nav>
  `;
}
