// /io, /block, /syscall, /sched and their /region… twins: the profile as a flame graph
// and a top table, with the pprof file to download. (Go renders an SVG call graph with
// Graphviz; this page needs nothing installed.)

import { useMemo, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { FlameGraph, formatValue, formatValueFull } from "../flame/flame_graph.ts";
import { type FlameProfile, type Metric, topTable } from "../flame/model.ts";
import { usePager } from "../components/pager.ts";
import { count } from "../lib/format.ts";
import type { ProfileModel } from "../../server/core/contract/pages.ts";
import { route } from "../lib/route.ts";

export function TopTable(
  props: { profile: FlameProfile; metric: Metric; onPick: (name: string) => void },
) {
  const { rows, total } = useMemo(() => topTable(props.profile, props.metric), [
    props.profile,
    props.metric,
  ]);
  const [byCum, setByCum] = useState(false);
  const sorted = useMemo(
    () => byCum ? rows.slice().sort((a, b) => b.cum - a.cum || b.flat - a.flat) : rows,
    [rows, byCum],
  );
  const { visible, more } = usePager(sorted);
  const pct = (v: number) => total ? `${(v / total * 100).toFixed(2)}%` : "";
  let running = 0;
  return html`
    <table class="data" id="top-table">
      <thead>
        <tr>
          <th class="sortable" aria-sort=${byCum ? undefined : "descending"} onClick=${() =>
            setByCum(false)}>flat</th>
          <th>flat%</th>
          <th>sum%</th>
          <th class="sortable" aria-sort=${byCum ? "descending" : undefined} onClick=${() =>
            setByCum(true)}>cum</th>
          <th>cum%</th>
          <th class="left">function</th>
        </tr>
      </thead>
      <tbody>${visible.map((r) => {
        running += r.flat;
        return html`
          <tr>
            <td title=${formatValueFull(r.flat, props.metric)}>${formatValue(
              r.flat,
              props.metric,
            )}</td>
            <td>${pct(r.flat)}</td>
            <td>${pct(running)}</td>
            <td title=${formatValueFull(r.cum, props.metric)}>${formatValue(
              r.cum,
              props.metric,
            )}</td>
            <td>${pct(r.cum)}</td>
            <td class="name"><a href="#" onClick=${(e: Event) => {
              e.preventDefault();
              props.onPick(r.name);
            }}>${r.name}</a></td>
          </tr>
        `;
      })}</tbody>
    </table>
    ${more}
  `;
}

export function ProfileView(props: { data: ProfileModel }) {
  const p = props.data;
  const [metric, setMetric] = useState<Metric>("time");
  const [search, setSearch] = useState("");
  const [tab, setTab] = useState<"flame" | "top">("flame");
  const totals = useMemo(
    () =>
      p.samples.reduce((t, s) => ({ count: t.count + s.count, time: t.time + s.time }), {
        count: 0,
        time: 0,
      }),
    [p],
  );
  const raw = `${route().path}?${p.params ? p.params + "&" : ""}raw=1`;
  const region = route().path.startsWith("/region");
  const kinds = [["io", "Network"], ["block", "Sync"], ["syscall", "Syscall"], [
    "sched",
    "Scheduler",
  ]];
  return html`
    <nav class="subnav" aria-label="Profiles">${kinds.map(([k, label]) =>
      html`<a class=${k === p.kind ? "on" : ""} href=${`/${region ? "region" : ""}${k}${
        p.params ? "?" + p.params : ""
      }`}>${label}</a>`
    )}</nav>
    <h1>${p.title}</h1>
    ${p.filter
      ? html`<p class="lead">Restricted to <span class="mono" id="profile-filter">${p.filter}</span></p>`
      : null}
    <div class="cards">
      <div class="card" data-stat="delay">
        <div class="label">Total delay</div>
        <div class="value" title=${formatValueFull(
          totals.time,
          "time",
        )} data-copy=${formatValueFull(
          totals.time,
          "time",
        )}>${formatValue(totals.time, "time")}</div>
      </div>
      <div class="card" data-stat="contentions">
        <div class="label">Contentions</div>
        <div class="value">${count(totals.count)}</div>
      </div>
      <div class="card" data-stat="stacks">
        <div class="label">Stacks</div>
        <div class="value">${count(p.samples.length)}</div>
      </div>
    </div>
    <div class="toolbar">
      <label>Value
        <select id="metric" value=${metric} onChange=${(e: Event) =>
          setMetric((e.target as HTMLSelectElement).value as Metric)}>
          <option value="time">delay</option>
          <option value="count">contentions</option>
        </select>
      </label>
      <input type="search" id="flame-search" placeholder="Search functions" value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} />
      <span class="spacer"></span>
      <a class="button" id="download" href=${raw} download=${`${p.kind}.profile`}>Download pprof</a>
    </div>
    <div class="tabs" role="tablist">
      <button class=${tab === "flame" ? "on" : ""} id="tab-flame" onClick=${() =>
        setTab("flame")}>Flame graph</button>
      <button class=${tab === "top" ? "on" : ""} id="tab-top" onClick=${() =>
        setTab("top")}>Top</button>
    </div>
    ${tab === "flame"
      ? html`<${FlameGraph} profile=${p} metric=${metric} search=${search} waiters=${p.params} />`
      : html`<${TopTable} profile=${p} metric=${metric} onPick=${(n: string) => {
        setSearch(n);
        setTab("flame");
      }} />`}
  `;
}
