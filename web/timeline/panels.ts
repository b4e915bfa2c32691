// The timeline's side panel sections: details of a picked slice or event (times, stacks,
// goroutine links, flows to follow), of a goroutine's gap (why it waited, who let it go
// on), totals of a selected range, goroutine search results.

import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { amount, count, dur } from "../lib/format.ts";
import { Bytes, Dur } from "../components/num.ts";
import type { Flow as DrawnFlow, Picked } from "./render.ts";
import { type Origin, timeText, unblockerName } from "./text.ts";
import type {
  FlowRef as Flow,
  FoundGoroutine,
  GapDetails,
  InstantDetails,
  SelectionStats,
  SliceDetails,
  StackFrame as Frame,
} from "../../server/core/contract/timeline.ts";

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

/** A time as the timeline shows it (from the view's origin), exact to the ns on hover. */
function At(props: { ns: number; o: Origin }) {
  return html`<span class="num" title=${`${(props.ns / 1e6).toFixed(6)}ms since the trace start`}>${
    timeText(props.ns, props.o)
  }</span>`;
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
  props: {
    title: string;
    flows: Flow[];
    onGo: (lane: number, time: number) => void;
    o: Origin;
  },
) {
  if (props.flows.length === 0) return null;
  return html`
    <div class="tl-flows">
      <h3>${props.title}</h3>
      <ul>${props.flows.map((f) =>
        html`<li><button type="button" class="tl-link" onClick=${() => props.onGo(f.lane, f.time)}>
        ${f.name}</button> ${
          f.laneName ? `· ${f.laneName}` : ""
        } at <${At} ns=${f.time} o=${props.o} /></li>`
      )}</ul>
    </div>
  `;
}

/** The arrows of a picked slice's flows, for the canvas. */
function drawnFlows(d: SliceDetails): DrawnFlow[] {
  const out: DrawnFlow[] = [];
  for (const f of d.incoming) {
    if (f.lane >= 0 && d.lane >= 0) {
      out.push({ fromLane: f.lane, toLane: d.lane, start: f.time, end: f.at });
    }
  }
  for (const f of d.outgoing) {
    if (f.lane >= 0 && d.lane >= 0) {
      out.push({ fromLane: d.lane, toLane: f.lane, start: f.at, end: f.time });
    }
  }
  return out;
}

export function DetailsPanel(
  props: {
    query: string;
    picked: Picked;
    origin: Origin;
    onGo: (lane: number, time: number) => void;
    onFlows: (flows: DrawnFlow[]) => void;
    onClose: () => void;
  },
) {
  const { picked } = props;
  if (picked.kind === "gap") return html`<${GapPanel} ...${props} picked=${picked} />`;
  return html`<${ItemPanel} ...${props} picked=${picked} />`;
}

function ItemPanel(
  props: {
    query: string;
    picked: Exclude<Picked, { kind: "gap" }>;
    origin: Origin;
    onGo: (lane: number, time: number) => void;
    onFlows: (flows: DrawnFlow[]) => void;
    onClose: () => void;
  },
) {
  const { picked } = props;
  const o = props.origin;
  const p = new URLSearchParams(props.query);
  p.set("src", String(picked.src));
  p.set("id", String(picked.id));
  const url = `/api/timeline/${picked.kind === "span" ? "slice" : "instant"}?${p}`;
  const { data, error } = useJSON<SliceDetails | InstantDetails>(url);
  useEffect(() => {
    props.onFlows(data && picked.kind === "span" ? drawnFlows(data as SliceDetails) : []);
  }, [data]);
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
              <tr><th>At</th><td><${At} ns=${d.time} o=${o} /></td></tr>
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
      <tr><th>Start</th><td><${At} ns=${d.start} o=${o} /></td></tr>
      <tr><th>End</th><td><${At} ns=${d.end} o=${o} /></td></tr>
      <tr><th>Duration</th><td><${Dur} ns=${d.duration} /></td></tr>
    </table>
    ${d.goroutine >= 0 ? goroutineLinks(d.goroutine, d.startFunction) : null}
    ${
    d.goroutine >= 0
      ? html`<p><a class="tl-critical-path" href=${`/criticalpath?goid=${d.goroutine}&time=${
        d.end / 1e6
      }ms`}>Critical path of G${d.goroutine} up to the end of this slice</a></p>`
      : null
  }
    <${Flows} title="Started by" flows=${d.incoming} onGo=${props.onGo} o=${o} />
    <${Flows} title="Flows out" flows=${d.outgoing} onGo=${props.onGo} o=${o} />
    <${Stack} title="Start stack (where it resumed)" frames=${d.startStack} />
    <${Stack} title="End stack" frames=${d.endStack} />
  </${Section}>`;
}

export function SelectionPanel(
  props: {
    query: string;
    selection: { t0: number; t1: number };
    origin: Origin;
    onZoom: () => void;
    onClose: () => void;
  },
) {
  const p = new URLSearchParams(props.query);
  p.set("t0", String(props.selection.t0));
  p.set("t1", String(props.selection.t1));
  const { data, error } = useJSON<SelectionStats>(`/api/timeline/select?${p}`);
  const span = props.selection.t1 - props.selection.t0;
  const o = props.origin;
  // Counter values in their unit: the heap in bytes, the others as counts.
  const value = (counter: string, v: number) =>
    counter === "Heap" ? html`<${Bytes} n=${v} />` : html`<span class="num">${amount(v)}</span>`;
  return html`<${Section} title=${`Selection ${dur(span)}`} onClose=${props.onClose}>
    <p class="tl-muted tl-range"><span><${At} ns=${props.selection.t0} o=${o} /> – <${At} ns=${props.selection.t1} o=${o} /></span>
      <button type="button" class="tl-link" onClick=${props.onZoom}>zoom to it (f)</button>
      <a id="selection-cpu" href=${`/cpu?from=${Math.max(0, Math.floor(props.selection.t0))}&to=${
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
                <td>
                  <${Dur} ns=${c.total} />
                </td>
                <td>${count(c.count)}</td>
              </tr>
            `
          )}
        </table>
        ${data.counters.map((c) =>
          html`<table class="tl-kv" data-counter=${c.name}><tr><th>${c.name}</th><th>mean</th><th>max</th></tr>
            ${
            c.fields.map((f) =>
              html`
                <tr>
                  <td>${f.name}</td>
                  <td>${value(c.name, f.mean)}</td>
                  <td>${value(c.name, f.max)}</td>
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
                  <td>
                    <${Dur} ns=${g.total} />
                  </td>
                  <td>${count(g.count)}</td>
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

/** A goroutine's gap: why it was not running, and what let it run again. */
function GapPanel(
  props: {
    query: string;
    picked: Extract<Picked, { kind: "gap" }>;
    origin: Origin;
    onGo: (lane: number, time: number) => void;
    onClose: () => void;
  },
) {
  const { picked } = props;
  const o = props.origin;
  const p = new URLSearchParams(props.query);
  p.set("lane", String(picked.lane));
  p.set("t", String(picked.time));
  const { data, error } = useJSON<GapDetails | null>(`/api/timeline/gap?${p}`);
  if (error || !data) {
    return html`
      <${Section} title="Not running" onClose=${props.onClose}>
        <p class="tl-muted">${error || "Loading…"}</p>
        </${Section}>
    `;
  }
  const g = data;
  const u = g.unblock;
  const hash = (t0: number, t1: number) => {
    const pad = Math.max((t1 - t0) * 0.1, 5000);
    return `#${(Math.max(0, t0 - pad) / 1e6).toFixed(6)}:${((t1 + pad) / 1e6).toFixed(6)}`;
  };
  return html`<${Section} title=${`G${g.goroutine} not running: ${g.reason}`} onClose=${props.onClose}>
    <table class="tl-kv" data-testid="gap-details">
      <tr><th>Reason</th><td>${g.reason}${
    g.transition
      ? html`
        <span class="tl-muted">(${g.transition})</span>
      `
      : null
  }</td></tr>
      <tr><th>From</th><td><${At} ns=${g.start} o=${o} /></td></tr>
      <tr><th>To</th><td><${At} ns=${g.end} o=${o} /></td></tr>
      <tr><th>Not running</th><td><${Dur} ns=${g.end - g.start} /></td></tr>
      ${
    u
      ? html`
        <tr>
          <th>Waiting</th>
          <td>
            <${Dur} ns=${g.waiting} />
          </td>
        </tr>
        <tr>
          <th>Then runnable</th>
          <td>
            <${Dur} ns=${g.runnable} />
          </td>
        </tr>
        <tr>
          <th>Unblocked by</th>
          <td
            data-testid="unblocker">${u.goroutine >= 0
              ? html`<a href=${`/trace?goid=${u.goroutine}${hash(u.time, g.end)}`}>${
                unblockerName(g)
              }</a>`
              : unblockerName(g)} at <${At} ns=${u.time} o=${o} /> (${u.event})${" "}
            ${u.lane >= 0
              ? html`<button type="button" class="tl-link" onClick=${() =>
                props.onGo(u.lane, u.time)}>show it</button>`
              : null}</td>
        </tr>
      `
      : html`
        <tr>
          <th>Runnable</th>
          <td>
            <${Dur} ns=${g.runnable} />
          </td>
        </tr>
      `
  }
    </table>
    <${Stack} title="Where it stopped" frames=${g.stack} />
    ${
    u
      ? html`<${Stack} title=${`Where ${unblockerName(g)} unblocked it`} frames=${u.stack} />`
      : null
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
        <span class="tl-muted">${g.slices} slices</span>
        ${
        g.why !== "id" && g.why !== "start function"
          ? html`<div class="tl-muted tl-why">${g.why}</div>`
          : null
      }</li>`
    )
  }</ul>
  </${Section}>`;
}
