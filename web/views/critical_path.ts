// The critical path of a task or goroutine (/criticalpath, and a panel on the task page):
// a bar of where its time went by category, and the chain of goroutines it ran through,
// each with its time, where it blocked, and who it woke. Text from the trace (function
// names, files) is rendered as text.

import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count, dur } from "../lib/format.ts";
import { Dur } from "../components/num.ts";
import type {
  CategoryKey,
  CriticalPathModel,
  PathHop,
} from "../../server/core/contract/diagnosis.ts";
import { CATEGORY_KEYS, CATEGORY_LABELS } from "../../server/core/diagnosis/categories.ts";
import { formatFloatV } from "../../server/core/util/go_format_float.ts";

/** One colour per category (running warm, waiting for a P blue, blocked by kind). */
export const CATEGORY_COLORS: Record<CategoryKey, string> = {
  running: "#d7191c",
  runnable: "#2c7bb6",
  gc: "#e6a100",
  stw: "#8c510a",
  channel: "#d01c8b",
  select: "#f1b6da",
  sync: "#7b3294",
  network: "#1a9641",
  syscall: "#5e3c99",
  sleep: "#a6d96a",
  other: "#999999",
  untraced: "#dddddd",
};

const label = (k: CategoryKey) => CATEGORY_LABELS[CATEGORY_KEYS.indexOf(k)];
const ms = (ns: number) => formatFloatV(ns / 1e6);

/** The timeline of one goroutine over [start, end] (ns since the trace's start). */
function goroutineTimeline(goid: number, start: number, end: number): string {
  const pad = Math.max((end - start) * 0.05, 10e3);
  return `/trace?goid=${goid}#${ms(Math.max(0, start - pad))}:${ms(end + pad)}`;
}

/** The bar of categories and its legend, over a path's totals. */
export function CategoryBar(props: { totals: Partial<Record<CategoryKey, number>> }) {
  const t = props.totals;
  const sum = CATEGORY_KEYS.reduce((a, k) => a + (t[k] ?? 0), 0);
  const shown = CATEGORY_KEYS.filter((k) => (t[k] ?? 0) > 0)
    .sort((a, b) => (t[b] ?? 0) - (t[a] ?? 0));
  return html`
    <div class="cp-bar" role="img" aria-label="time by category">${shown.map((k) =>
      html`
        <span class=${`cp-${k}`} title=${`${label(k)}: ${dur(t[k]!)}`}
          style=${{
            width: `${((t[k]! / sum) * 100).toFixed(3)}%`,
            background: CATEGORY_COLORS[k],
          }}></span>
      `
    )}</div>
    <ul class="cp-legend">${shown.map((k) =>
      html`
        <li
          data-cat=${k}><span class="swatch" style=${{
            background: CATEGORY_COLORS[k],
          }}></span>${label(k)} <${Dur} ns=${t[k]!} /> <span class="muted">(${formatFloatV(
            Math.round((t[k]! / sum) * 1000) / 10,
          )}%)</span></li>
      `
    )}</ul>
  `;
}

function HopRow(props: { hop: PathHop; next?: PathHop; index: number }) {
  const { hop } = props;
  const cats = CATEGORY_KEYS.filter((k) => (hop.categories[k] ?? 0) > 0)
    .sort((a, b) => (hop.categories[b] ?? 0) - (hop.categories[a] ?? 0));
  const top =
    hop.blockedAt?.find((f) =>
      !f.func.startsWith("runtime.") && !f.func.startsWith("sync.") && !f.func.startsWith("time.")
    ) ?? hop.blockedAt?.[0];
  return html`
    <tr data-goroutine=${hop.goroutine}>
      <td class="num">${props.index + 1}</td>
      <td class="num nowrap">${ms(hop.start)} ms</td>
      <td>
        <${Dur} ns=${hop.end - hop.start} />
      </td>
      <td class="left">
        <a href=${goroutineTimeline(hop.goroutine, hop.start, hop.end)}>G${hop.goroutine}</a>${" "}
        ${hop.name
          ? html`<a class="mono" href=${`/goroutine?name=${
            encodeURIComponent(hop.name)
          }`}>${hop.name}</a>`
          : html`<span class="muted">(no start function)</span>`}
      </td>
      <td class="left">
        <div class="cp-bar small">${cats.map((k) =>
          html`<span title=${`${label(k)}: ${dur(hop.categories[k]!)}`} style=${{
            width: `${((hop.categories[k]! / Math.max(hop.end - hop.start, 1)) * 100).toFixed(3)}%`,
            background: CATEGORY_COLORS[k],
          }}></span>`
        )}</div>
        ${cats.map((k, i) => html`${i ? ", " : ""}${label(k)} ${dur(hop.categories[k]!)}`)}
        ${top
          ? html`
            <div
              class="cp-where">blocked longest at <span class="mono">${top
                .func}</span> <span class="muted mono">${top.file.split("/").pop()}:${top
                .line}</span></div>
          `
          : null}
        ${hop.woke
          ? html`<div class="cp-woke">→ ${
            hop.woke.created ? "created" : "woke"
          } G${hop.woke.goroutine}${
            hop.woke.created ? "" : ` (ending its ${hop.woke.reason || "wait"})`
          } at ${ms(hop.woke.time)} ms</div>`
          : null}
      </td>
    </tr>
  `;
}

/** A critical path: what it is, the category bar, and the chain. */
export function CriticalPath(props: { data: CriticalPathModel }) {
  const d = props.data;
  const s = d.subject;
  return html`
    <div class="critical-path" data-subject=${`${s.kind}:${s.id}`}>
      <p>
        ${s.kind === "task" ? `Task ${s.id}` : `Goroutine ${s.id}`}${" "}
        ${s.name ? html`(<span class="mono">${s.name}</span>)` : null}: from ${ms(
          d.start,
        )} ms to ${ms(d.end)} ms, <${Dur} ns=${d.end - d.start} />${s.complete
          ? ""
          : " (not ended in the trace)"};${" "}
        the path runs through ${count(d.goroutines.length)} goroutine${d.goroutines.length === 1
          ? ""
          : "s"} in ${count(d.hops.length)} step${d.hops.length === 1 ? "" : "s"}.
        ${" "}<a class="cp-timeline" href=${`/trace?${
          s.kind === "task" ? `taskid=${s.id}` : `goid=${s.id}`
        }&criticalpath=1#${ms(d.start)}:${ms(d.end)}`}>On the timeline</a>
      </p>
      <${CategoryBar} totals=${d.totals} />
      ${d.truncated
        ? html`<p class="note">The path has more segments than are listed; the totals count them all.</p>`
        : null}
      <table class="data cp-chain">
        <thead>
          <tr><th>#</th><th>Start</th><th>Time</th><th class="left">Goroutine</th><th class="left">Where the time went</th></tr>
        </thead>
        <tbody>${d.hops.map((h, i) => html`<${HopRow} key=${i} hop=${h} index=${i} />`)}</tbody>
      </table>
    </div>
  `;
}

export function CriticalPathView(props: { data: CriticalPathModel }) {
  return html`
    <h1>Critical path</h1>
    <p class="note">Walked back from the end through each wait to whatever ended it, across
      goroutines (the rules are in the README, “Critical path”).</p>
    <${CriticalPath} data=${props.data} />
  `;
}

/** The task page's panel: the path of task `id`, fetched when first open. */
export function CriticalPathPanel(props: { taskId: number; open?: boolean }) {
  const [state, setState] = useState<
    { data?: CriticalPathModel; error?: string; loading?: boolean }
  >({});
  const started = useRef(false);
  const fetchPath = async () => {
    if (started.current) return;
    started.current = true;
    setState({ loading: true });
    try {
      const res = await fetch(`/api/criticalpath?taskid=${props.taskId}`);
      if (!res.ok) throw new Error(`${res.status}: ${(await res.text()).trim()}`);
      setState({ data: await res.json() });
    } catch (err) {
      setState({ error: err instanceof Error ? err.message : String(err) });
      started.current = false;
    }
  };
  const load = (e: Event) => {
    if ((e.target as HTMLDetailsElement).open) fetchPath();
  };
  useEffect(() => {
    if (props.open) fetchPath();
  }, [props.taskId]);
  return html`
    <details class="cp-panel" open=${props.open} onToggle=${load} data-task=${props.taskId}>
      <summary>Critical path</summary>
      ${state.loading ? html`<p class="muted">Walking the path…</p>` : null}
      ${state.error ? html`<p class="error">${state.error}</p>` : null}
      ${state.data ? html`<${CriticalPath} data=${state.data} />` : null}
    </details>
  `;
}
