// The comparison of two traces (`-diff old.trace new.trace`): the biggest changes in
// where the goroutines' time went, goroutine groups, the profiles, task and region
// latencies, and the GC with both MMU curves; every table ranked by the absolute change.

import { html } from "../lib/html.ts";
import { count, dur as fmtDur, niceDuration } from "../lib/format.ts";
import { usePager } from "../components/pager.ts";
import { change } from "./diff_profile.ts";
import type { DiffModel, LatencyDiffRow, Pair } from "../../server/core/contract/diff.ts";

const dur = (v: number) => fmtDur(Math.round(v));
const num = (v: number) => count(v);
const cls = (p: Pair) => p.after > p.before ? "grew" : p.after < p.before ? "shrank" : "";

function Cells(props: { p: Pair; fmt: (v: number) => string }) {
  const { p, fmt } = props;
  return html`
    <td>${fmt(p.before)}</td>
    <td>${fmt(p.after)}</td>
    <td class=${cls(p)}>${change(p, fmt)}</td>
  `;
}

function Changes(props: { d: DiffModel }) {
  const rows = props.d.changes.slice(0, 20);
  if (rows.length === 0) return html`<p class="empty">No goroutine time in either trace.</p>`;
  return html`
    <table class="data" id="changes">
      <thead>
        <tr>
          <th>#</th>
          <th class="left">Goroutine group</th>
          <th class="left">Time</th>
          <th>Old</th>
          <th>New</th>
          <th>Change</th>
          <th class="left">Stacks</th>
        </tr>
      </thead>
      <tbody>${rows.map((c, i) =>
        html`
          <tr>
            <td>${i + 1}</td>
            <td class="name">${c.group || "(no start function)"}</td>
            <td class="left">${c.metric}${c.change < Math.abs(c.after - c.before) / 2
              ? html`<div class="hint">mostly time of unknown reason in the other trace</div>`
              : null}</td>
            <${Cells} p=${c} fmt=${dur} />
            <td class="left">${c.href
              ? html`<a href=${c.href}>differential flame graph</a>`
              : "—"}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}

function Groups(props: { d: DiffModel }) {
  const { visible, more } = usePager(props.d.groups);
  return html`
    <table class="data" id="groups">
      <thead>
        <tr>
          <th class="left">Goroutine group</th>
          <th>Count old</th>
          <th>Count new</th>
          <th class="left">Largest changes</th>
        </tr>
      </thead>
      <tbody>${visible.map((g) =>
        html`
          <tr>
            <td class="name">${g.name || "(no start function)"}</td>
            <td>${num(g.count.before)}</td>
            <td>${num(g.count.after)}</td>
            <td class="left">${g.metrics.slice(0, 3).map((m, i) =>
              html`${i ? " · " : ""}${m.metric}: <span class=${cls(m)}>${change(m, dur)}</span>`
            )}</td>
          </tr>
        `
      )}</tbody>
    </table>
    ${more}
  `;
}

function Profiles(props: { d: DiffModel }) {
  return html`
    <table class="data" id="profiles">
      <thead>
        <tr>
          <th class="left">Profile</th>
          <th>Old</th>
          <th>New</th>
          <th>Change</th>
          <th class="left">Functions that changed most (flat)</th>
        </tr>
      </thead>
      <tbody>${props.d.profiles.map((p) =>
        html`
          <tr data-profile=${p.type}>
            <td class="left"><a href=${`/diffprofile?type=${p.type}`}>${p.title}</a></td>
            <${Cells} p=${p.time} fmt=${dur} />
            <td class="left">${p.top.slice(0, 3).map((f, i) =>
              html`${i ? " · " : ""}<span class="mono">${f.func}</span> <span class=${cls(f)}>${
                change(f, dur)
              }</span>`
            )}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}

function Overlay(props: { h: LatencyDiffRow["histogram"] }) {
  const max = Math.max(1, ...props.h.map((b) => Math.max(b.before, b.after)));
  return html`
    <div class="overlay" title="old (blue) and new (red) durations">${props.h.map((b) =>
      html`
        <div class="ov-row">
          <span class="ov-label">${b.label}</span>
          <span class="ov-bars">
            <span class="ov old" style=${{ width: `${b.before / max * 100}%` }}></span>
            <span class="ov new" style=${{ width: `${b.after / max * 100}%` }}></span>
          </span>
          <span class="ov-n">${b.before} → ${b.after}</span>
        </div>
      `
    )}</div>
  `;
}

function Latencies(props: { rows: LatencyDiffRow[]; what: string; id: string }) {
  const { visible, more } = usePager(props.rows);
  if (props.rows.length === 0) {
    return html`<p class="empty">Neither trace has ${props.what}.</p>`;
  }
  return html`
    <table class="data" id=${props.id}>
      <thead>
        <tr>
          <th class="left">Type</th>
          <th>Count old</th>
          <th>Count new</th>
          <th>p50 old</th>
          <th>p50 new</th>
          <th>p50 change</th>
          <th>p90 old</th>
          <th>p90 new</th>
          <th>p90 change</th>
          <th>p99 old</th>
          <th>p99 new</th>
          <th>p99 change</th>
          <th class="left">Durations (old / new)</th>
        </tr>
      </thead>
      <tbody>${visible.map((r) =>
        html`
          <tr>
            <td class="name">${r.type}</td>
            <td>${num(r.count.before)}</td>
            <td>${num(r.count.after)}</td>
            <${Cells} p=${r.p50} fmt=${dur} />
            <${Cells} p=${r.p90} fmt=${dur} />
            <${Cells} p=${r.p99} fmt=${dur} />
            <td class="left">
              <${Overlay} h=${r.histogram} />
            </td>
          </tr>
        `
      )}</tbody>
    </table>
    ${more}
  `;
}

const W = 640, H = 260, M = { left: 48, right: 12, top: 12, bottom: 36 };

/** Both MMU curves on one log-scaled window axis. */
function MMUOverlay(props: { before: number[][]; after: number[][] }) {
  const all = [...props.before, ...props.after].filter((p) => p[0] > 0);
  if (all.length === 0) return html`<p class="empty">No GC in either trace: no MMU curve.</p>`;
  const lx0 = Math.log(Math.min(...all.map((p) => p[0])));
  const lx1 = Math.log(Math.max(...all.map((p) => p[0])));
  const iw = W - M.left - M.right, ih = H - M.top - M.bottom;
  const sx = (v: number) => M.left + (lx1 === lx0 ? 0 : (Math.log(v) - lx0) / (lx1 - lx0) * iw);
  const sy = (u: number) => M.top + (1 - u) * ih;
  const path = (c: number[][]) =>
    c.filter((p) => p[0] > 0).map((p, i) =>
      `${i ? "L" : "M"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`
    )
      .join("");
  const ticks: number[] = [];
  for (let e = Math.ceil(lx0 / Math.LN10); e <= Math.floor(lx1 / Math.LN10); e++) {
    ticks.push(10 ** e);
  }
  return html`
    <div class="legend"><span class="old">old</span> <span class="new">new</span></div>
    <svg class="mmu-overlay" id="mmu-overlay" viewBox=${`0 0 ${W} ${H}`} role="img"
      aria-label="Minimum mutator utilization of both traces">
      <line class="axis" x1=${M.left} y1=${sy(0)} x2=${W - M.right} y2=${sy(0)} />
      <line class="axis" x1=${M.left} y1=${sy(0)} x2=${M.left} y2=${sy(1)} />
      ${[0, 0.5, 1].map((u) =>
        html`<text class="tick" x=${M.left - 6} y=${sy(u) + 4} text-anchor="end">${u}</text>`
      )}
      ${ticks.map((v) =>
        html`<text class="tick" x=${sx(v)} y=${H - M.bottom + 16} text-anchor="middle">${
          niceDuration(v)
        }</text>`
      )}
      <text class="tick" x=${M.left + iw / 2} y=${H - 4} text-anchor="middle">window</text>
      <path class="curve old" d=${path(props.before)} />
      <path class="curve new" d=${path(props.after)} />
    </svg>
  `;
}

function GC(props: { d: DiffModel }) {
  const g = props.d.gc;
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const rows: [string, Pair, (v: number) => string][] = [
    ["GC cycles", g.count, num],
    ["GC time (begin to end)", g.total, dur],
    ["Stop-the-world pauses", g.stwCount, num],
    ["Stop-the-world total", g.stwTotal, dur],
    ["Stop-the-world longest", g.stwMax, dur],
    ["Mark assist time", g.assist, dur],
    ["Mark assist share of execution", g.assistShare, pct],
  ];
  return html`
    <table class="data" id="gc">
      <thead>
        <tr>
          <th class="left"></th>
          <th>Old</th>
          <th>New</th>
          <th>Change</th>
        </tr>
      </thead>
      <tbody>${rows.map(([label, p, fmt]) =>
        html`
          <tr>
            <td class="left">${label}</td>
            <${Cells} p=${p} fmt=${fmt} />
          </tr>
        `
      )}</tbody>
    </table>
    <${MMUOverlay} before=${g.mmu.before} after=${g.mmu.after} />
  `;
}

export function DiffView(props: { data: DiffModel }) {
  const d = props.data;
  return html`
    <h1>Comparison</h1>
    <p class="lead">
      Old <span class="mono" id="diff-old">${d.before.file}</span>
      (${dur(d.before.duration)}, ${num(d.before.cpuSamples)} CPU samples) →
      new <span class="mono" id="diff-new">${d.after.file}</span>
      (${dur(d.after.duration)}, ${num(d.after.cpuSamples)} CPU samples).
      Groups, tasks and regions are matched by name, stacks by function and line.
    </p>
    <h2 id="biggest">Biggest changes</h2>
    <p class="note">Where the goroutines' time went, per group, ranked by the absolute
      change: the first row is the biggest regression or improvement. Block time the old
      or new trace cannot name (a goroutine already blocked when tracing began) is set
      against the other reasons before ranking.</p>
    <${Changes} d=${d} />
    <h2>Profiles</h2>
    <${Profiles} d=${d} />
    <h2>Goroutine groups</h2>
    <${Groups} d=${d} />
    <h2>Tasks</h2>
    <${Latencies} rows=${d.tasks} what="user tasks" id="tasks" />
    <h2>Regions</h2>
    <${Latencies} rows=${d.regions} what="user regions" id="regions" />
    <h2>Garbage collection</h2>
    <${GC} d=${d} />
  `;
}
