// The four profile links (view and pprof download) of a goroutine group or region filter.

import { html } from "../lib/html.ts";

const KINDS = [
  ["io", "Network wait profile"],
  ["block", "Sync block profile"],
  ["syscall", "Syscall profile"],
  ["sched", "Scheduler wait profile"],
];

/** Table rows; `prefix` is "" for goroutine groups, "region" for region filters. */
export function ProfileLinks(props: { prefix: string; query: string }) {
  const { prefix, query } = props;
  return KINDS.map(([k, label]) => {
    const base = `/${prefix}${k}?${query}`;
    return html`
      <tr>
        <td>${label}</td>
        <td><a href=${base}>flame graph</a> · <a href=${`${base}&raw=1`} download=${`${k}.profile`}>pprof ⬇</a></td>
      </tr>
    `;
  });
}
