// The four profile links (view and pprof download) of a goroutine group or region filter.

import { html } from "../lib/html.ts";

const KINDS = [
  ["io", "Network wait profile"],
  ["block", "Sync block profile"],
  ["syscall", "Syscall profile"],
  ["sched", "Scheduler wait profile"],
];

/**
 * Table rows; `prefix` is "" for goroutine groups, "region" for region filters; `cpu`,
 * when given, is the /cpu and /wallclock query of the same selection.
 */
export function ProfileLinks(props: { prefix: string; query: string; cpu?: string }) {
  const { prefix, query, cpu } = props;
  const rows = KINDS.map(([k, label]) => {
    const base = `/${prefix}${k}?${query}`;
    return html`
      <tr>
        <td>${label}</td>
        <td><a href=${base}>flame graph</a> · <a href=${`${base}&raw=1`} download=${`${k}.profile`}>pprof ⬇</a></td>
      </tr>
    `;
  });
  if (cpu === undefined) return rows;
  return [
    ...rows,
    html`
      <tr>
        <td>CPU</td>
        <td>${CpuLinks({ query: cpu })}</td>
      </tr>
    `,
  ];
}

/** Links to the CPU flame graph (and its pprof) and the on + off CPU graph of a selection. */
export function CpuLinks(props: { query: string }) {
  const q = props.query;
  return html`
    <a href=${`/cpu?${q}`}>CPU flame graph</a> · <a href=${`/cpu?${q}&raw=1`}
      download="cpu.profile">pprof ⬇</a> · <a href=${`/wallclock?${q}`}>on + off CPU</a>
  `;
}
