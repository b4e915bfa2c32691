// /diffprofile?type=&name=: one profile of both traces as a differential flame graph
// (widths from the new trace or the old, red where it grew, blue where it shrank) and a
// top table ranked by the change, with the pprof difference to download.

import { useMemo, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count } from "../lib/format.ts";
import { FlameCanvas, formatValue } from "../flame/flame_graph.ts";
import type { Metric } from "../flame/model.ts";
import {
  buildDiffTree,
  diffColor,
  type DiffNode,
  diffTopTable,
  type Side,
} from "../flame/diff_model.ts";
import { usePager } from "../components/pager.ts";
import type { DiffProfileModel, Pair } from "../../server/core/contract/diff.ts";

const TYPES = [
  ["cpu", "CPU"],
  ["net", "Network"],
  ["sync", "Sync"],
  ["syscall", "Syscall"],
  ["sched", "Scheduler"],
];

/** "+12ms (+35.0%)" / "−3" / "new". */
export function change(p: Pair, fmt: (v: number) => string): string {
  const d = p.after - p.before;
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  const rel = p.before === 0
    ? (p.after === 0 ? "" : " (new)")
    : ` (${sign}${(Math.abs(d) / p.before * 100).toFixed(1)}%)`;
  return `${sign}${fmt(Math.abs(d))}${rel}`;
}

function DiffTop(
  props: { profile: DiffProfileModel; metric: Metric; onPick: (n: string) => void },
) {
  const [by, setBy] = useState<"flat" | "cum">("flat");
  const rows = useMemo(() => diffTopTable(props.profile, props.metric, by), [
    props.profile,
    props.metric,
    by,
  ]);
  const { visible, more } = usePager(rows);
  const f = (v: number) => formatValue(v, props.metric);
  return html`
    <table class="data" id="diff-top">
      <thead>
        <tr>
          <th>flat old</th>
          <th>flat new</th>
          <th class="sortable" aria-sort=${by === "flat" ? "descending" : undefined}
            onClick=${() => setBy("flat")}>flat change</th>
          <th>cum old</th>
          <th>cum new</th>
          <th class="sortable" aria-sort=${by === "cum" ? "descending" : undefined}
            onClick=${() => setBy("cum")}>cum change</th>
          <th class="left">function</th>
        </tr>
      </thead>
      <tbody>${visible.map((r) =>
        html`
          <tr>
            <td>${f(r.flat.before)}</td>
            <td>${f(r.flat.after)}</td>
            <td class=${r.flat.after > r.flat.before
              ? "grew"
              : r.flat.after < r.flat.before
              ? "shrank"
              : ""}>${change(r.flat, f)}</td>
            <td>${f(r.cum.before)}</td>
            <td>${f(r.cum.after)}</td>
            <td class=${r.cum.after > r.cum.before
              ? "grew"
              : r.cum.after < r.cum.before
              ? "shrank"
              : ""}>${change(r.cum, f)}</td>
            <td class="name"><a href="#" onClick=${(e: Event) => {
              e.preventDefault();
              props.onPick(r.name);
            }}>${r.name}</a></td>
          </tr>
        `
      )}</tbody>
    </table>
    ${more}
  `;
}

export function DiffProfileView(props: { data: DiffProfileModel }) {
  const p = props.data;
  const [metric, setMetric] = useState<Metric>("time");
  const [side, setSide] = useState<Side>("after");
  const [search, setSearch] = useState("");
  const [tab, setTab] = useState<"flame" | "top">("flame");
  const root = useMemo(() => buildDiffTree(p, metric, side), [p, metric, side]);
  const name = new URLSearchParams(p.params).get("name");
  const q = (type: string) => {
    const s = new URLSearchParams({ type });
    if (name !== null) s.set("name", name);
    return s.toString();
  };
  const cpu = p.type === "cpu";
  const names = cpu ? ["CPU time", "samples"] : ["delay", "contentions"];
  const f = (v: number) => formatValue(v, metric);
  const total = { before: root.before, after: root.after };
  return html`
    <nav class="subnav" aria-label="Profiles">${TYPES.map(([k, label]) =>
      html`<a class=${k === p.type ? "on" : ""} href=${`/diffprofile?${q(k)}`}>${label}</a>`
    )}</nav>
    <h1>${p.title}: what changed</h1>
    <p class="lead">
      <span class="mono" id="diff-old">${p.beforeFile}</span> →
      <span class="mono" id="diff-new">${p.afterFile}</span>
      ${p.filter
        ? html`
          · restricted to <span class="mono" id="profile-filter">${p.filter}</span>
        `
        : null}
    </p>
    <div class="cards">
      <div class="card" data-stat="old">
        <div class="label">Old</div>
        <div class="value">${f(total.before)}</div>
      </div>
      <div class="card" data-stat="new">
        <div class="label">New</div>
        <div class="value">${f(total.after)}</div>
      </div>
      <div class="card" data-stat="change">
        <div class="label">Change</div>
        <div class="value">${change(total, f)}</div>
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
          <option value="time">${names[0]}</option>
          <option value="count">${names[1]}</option>
        </select>
      </label>
      <label>Widths from
        <select id="side" value=${side} onChange=${(e: Event) =>
          setSide((e.target as HTMLSelectElement).value as Side)}>
          <option value="after">the new trace</option>
          <option value="before">the old trace</option>
        </select>
      </label>
      <input type="search" id="flame-search" placeholder="Search functions" value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} />
      <span class="spacer"></span>
      <a class="button" id="download" href=${`/diffprofile?${p.params ? p.params + "&" : ""}raw=1`}
        download=${`${p.type}-diff.profile`}>Download pprof (new − old)</a>
    </div>
    <p class="note">
      <span class="swatch grew"></span> grew,${" "}<span class="swatch shrank"></span> shrank:
      the stronger the colour, the larger the change relative to the frame's time.
    </p>
    <div class="tabs" role="tablist">
      <button class=${tab === "flame" ? "on" : ""} id="tab-flame" onClick=${() =>
        setTab("flame")}>Flame graph</button>
      <button class=${tab === "top" ? "on" : ""} id="tab-top" onClick=${() =>
        setTab("top")}>Top</button>
    </div>
    ${tab === "top"
      ? html`<${DiffTop} profile=${p} metric=${metric} onPick=${(n: string) => {
        setSearch(n);
        setTab("flame");
      }} />`
      : root.total === 0
      ? html`
        <p class="empty"
          id="flame-empty">Nothing in the ${side === "after" ? "new" : "old"} trace${p.filter
            ? " for this filter"
            : ""}; switch the widths to the other trace or see the top table.</p>
      `
      : html`
        <${FlameCanvas} profile=${p} metric=${metric} search=${search} root=${root}
          colorOf=${(n: DiffNode) => diffColor(n)}
          detail=${(n: DiffNode) => `old ${f(n.before)} → new ${f(n.after)}: ${change(n, f)}`} />
      `}
  `;
}
