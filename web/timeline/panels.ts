// The timeline's side panel sections: details of a picked slice or event (times, stacks,
// goroutine links, flows to follow), totals of a selected range, goroutine search results.

import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { formatDur } from "./render.ts";
import type { Picked } from "./render.ts";
import type {
  FlowRef as Flow,
  FoundGoroutine,
  InstantDetails,
  SelectionStats,
  SliceDetails,
  StackFrame as Frame,
} from "../../server/core/timeline/inspect.ts";

export type { FoundGoroutine };

function useJSON<T>(url: string): { data: T | null; error: string } {
  const [state, setState] = useState<{ data: T | null; error: string }>({ data: null, error: "" });
  useEffect(() => {
    let live = true;
    setState({ data: null, error: "" });
    fetch(url)
      .then(async (r) => {
        if (!r.ok) throw new Error(`${r.status}: ${(await r.text()).trim()}`);
        return r.json() as Promise<T>;
      })
      .then((data) => live && setState({ data, error: "" }))
      .catch((e) => live && setState({ data: null, error: String(e.message ?? e) }));
    return () => {
      live = false;
    };
  }, [url]);
  return state;
}

/** Times as the timeline shows them: ms since the trace start. */
function at(ns: number): string {
  return `${(ns / 1e6).toFixed(6)}ms`;
}

function Stack(props: { title: string; frames: Frame[] }) {
  if (props.frames.length === 0) return html`<p class="tl-muted">${props.title}: none recorded</p>`;
  return html`
    <details open class="tl-stack">
      <summary>${props.title}</summary>
      <ol>${props.frames.map((f) =>
        html`<li><span class="mono">${f.func}</span><br /><span class="tl-muted mono">${f.file}:${f.line}</span></li>`
      )}</ol>
    </details>
  `;
}

function Section(props: { title: string; onClose: () => void; children: unknown }) {
  return html`<section class="tl-section">
    <header><h2>${props.title}</h2><button type="button" class="tl-close" aria-label="Close" onClick=${props.onClose}>×</button></header>
    ${props.children}
  </section>`;
}

function goroutineLinks(g: number, fn: string) {
  const name = encodeURIComponent(fn);
  return html`<ul class="tl-links">
    <li><a href=${`/trace?goid=${g}`}>G${g} and the goroutines it interacts with</a></li>
    <li><a href=${`/cpu?goid=${g}`}>CPU flame graph of G${g}</a> · <a href=${`/wallclock?goid=${g}`}>on + off CPU</a></li>
    ${
    fn !== ""
      ? html`
        <li><a href=${`/goroutine?name=${name}`}>Goroutine group ${fn}</a></li>
        <li>Profiles of the group:${" "}
                  <a href=${`/io?name=${name}`}>network</a>${" · "}
                  <a href=${`/block?name=${name}`}>sync</a>${" · "}
                  <a href=${`/syscall?name=${name}`}>syscall</a>${" · "}
                  <a href=${`/sched?name=${name}`}>scheduler</a></li>
      `
      : null
  }
  </ul>`;
}

function Flows(
  props: { title: string; flows: Flow[]; onGo: (lane: number, time: number) => void },
) {
  if (props.flows.length === 0) return null;
  return html`
    <div class="tl-flows">
      <h3>${props.title}</h3>
      <ul>${props.flows.map((f) =>
        html`<li><button type="button" class="tl-link" onClick=${() => props.onGo(f.lane, f.time)}>
        ${f.name}</button> ${f.laneName ? `· ${f.laneName}` : ""} at ${at(f.time)}</li>`
      )}</ul>
    </div>
  `;
}

export function DetailsPanel(
  props: {
    query: string;
    picked: Picked;
    onGo: (lane: number, time: number) => void;
    onClose: () => void;
  },
) {
  const { picked } = props;
  const p = new URLSearchParams(props.query);
  p.set("src", String(picked.src));
  p.set("id", String(picked.id));
  const url = `/api/timeline/${picked.kind === "span" ? "slice" : "instant"}?${p}`;
  const { data, error } = useJSON<SliceDetails | InstantDetails>(url);
  if (error) {
    return html`
      <${Section} title="Details" onClose=${props.onClose}>
        <p>${error}</p>
        </${Section}>
    `;
  }
  if (!data) {
    return html`
      <${Section} title="Details" onClose=${props.onClose}>
        <p class="tl-muted">Loading…</p>
        </${Section}>
    `;
  }
  if (picked.kind === "instant") {
    const d = data as InstantDetails;
    return html`
      <${Section} title=${d.name} onClose=${props.onClose}>
        <table class="tl-kv" data-testid="instant-details">
              <tr><th>Event</th><td>${d.kind}</td></tr>
              <tr><th>Lane</th><td>${d.laneName}</td></tr>
              <tr><th>At</th><td>${at(d.time)}</td></tr>
              ${d.goroutine >= 0
                ? html`
                  <tr>
                    <th>Goroutine</th>
                    <td><a href=${`/trace?goid=${d.goroutine}`}>G${d.goroutine}</a></td>
                  </tr>
                `
                : null}
              ${d.thread >= 0
                ? html`
                  <tr>
                    <th>Thread</th>
                    <td>${d.thread}</td>
                  </tr>
                `
                : null}
              ${d.proc >= 0
                ? html`
                  <tr>
                    <th>Proc</th>
                    <td>${d.proc}</td>
                  </tr>
                `
                : null}
            </table>
        <${Stack} title="Stack" frames=${d.stack} />
        </${Section}>
    `;
  }
  const d = data as SliceDetails;
  return html`<${Section} title=${d.name} onClose=${props.onClose}>
    <table class="tl-kv" data-testid="slice-details">
      <tr><th>Kind</th><td>${d.kind}${
    d.blocked !== null ? (d.blocked ? " (blocked)" : " (did not block)") : ""
  }</td></tr>
      <tr><th>Lane</th><td>${d.laneName}</td></tr>
      ${
    d.goroutine >= 0
      ? html`
        <tr>
          <th>Goroutine</th>
          <td>G${d.goroutine}</td>
        </tr>
      `
      : null
  }
      <tr><th>Start</th><td>${at(d.start)}</td></tr>
      <tr><th>End</th><td>${at(d.end)}</td></tr>
      <tr><th>Duration</th><td>${formatDur(d.duration)}</td></tr>
    </table>
    ${d.goroutine >= 0 ? goroutineLinks(d.goroutine, d.startFunction) : null}
    <${Flows} title="Started by" flows=${d.incoming} onGo=${props.onGo} />
    <${Flows} title="Flows out" flows=${d.outgoing} onGo=${props.onGo} />
    <${Stack} title="Start stack (where it resumed)" frames=${d.startStack} />
    <${Stack} title="End stack" frames=${d.endStack} />
  </${Section}>`;
}

export function SelectionPanel(
  props: {
    query: string;
    selection: { t0: number; t1: number };
    onZoom: () => void;
    onClose: () => void;
  },
) {
  const p = new URLSearchParams(props.query);
  p.set("t0", String(props.selection.t0));
  p.set("t1", String(props.selection.t1));
  const { data, error } = useJSON<SelectionStats>(`/api/timeline/select?${p}`);
  const dur = props.selection.t1 - props.selection.t0;
  return html`<${Section} title=${`Selection ${formatDur(dur)}`} onClose=${props.onClose}>
    <p class="tl-muted">${at(props.selection.t0)} – ${at(props.selection.t1)}
      <button type="button" class="tl-link" onClick=${props.onZoom}>zoom to it (f)</button>
      · <a id="selection-cpu" href=${`/cpu?from=${Math.max(0, Math.floor(props.selection.t0))}&to=${
    Math.max(0, Math.ceil(props.selection.t1))
  }`}>CPU flame graph of this range</a></p>
    ${error ? html`<p>${error}</p>` : null}
    ${
    data
      ? html`
        <table class="tl-kv" data-testid="selection-totals">
          <tr><th>State</th><th>Total</th><th>Count</th></tr>
          ${data.classes.map((c) =>
            html`
              <tr>
                <td>${c.name}</td>
                <td>${formatDur(c.total)}</td>
                <td>${c.count}</td>
              </tr>
            `
          )}
        </table>
        ${data.counters.map((c) =>
          html`<table class="tl-kv"><tr><th>${c.name}</th><th>mean</th><th>max</th></tr>
            ${
            c.fields.map((f) =>
              html`
                <tr>
                  <td>${f.name}</td>
                  <td>${f.mean.toFixed(2)}</td>
                  <td>${f.max}</td>
                </tr>
              `
            )
          }
          </table>`
        )}
        ${data.goroutines && data.goroutines.length > 0
          ? html`<table class="tl-kv"><tr><th>Goroutine</th><th>Running</th><th>Slices</th></tr>
              ${
            data.goroutines.slice(0, 20).map((g) =>
              html`
                <tr>
                  <td><a href=${`/trace?goid=${g.id}`}>${g.name}</a></td>
                  <td>${formatDur(g.total)}</td>
                  <td>${g.count}</td>
                </tr>
              `
            )
          }
            </table>`
          : null}
      `
      : html`<p class="tl-muted">Loading…</p>`
  }
  </${Section}>`;
}

export function FindResults(
  props: { found: FoundGoroutine[]; onShow: (g: FoundGoroutine) => void; onClose: () => void },
) {
  return html`<${Section} title=${`Goroutines found: ${props.found.length}`} onClose=${props.onClose}>
    ${props.found.length === 0 ? html`<p class="tl-muted">No goroutine matches.</p>` : null}
    <ul class="tl-found">${
    props.found.map((g) =>
      html`<li><button type="button" class="tl-link" onClick=${() =>
        props.onShow(g)}>${g.name}</button>${" "}
        <span class="tl-muted">${g.slices} slices</span></li>`
    )
  }</ul>
  </${Section}>`;
}
