// /trace: the timeline page. A toolbar (view, search, colour and flow toggles, help), the
// canvas (driven by TimelineController), and a side panel with the picked slice's
// details, the selection's totals and search results.

import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { TimelineController } from "./controller.ts";
import type { TimelineBoot } from "../../server/core/contract/timeline.ts";
import type { Flow, Picked } from "./render.ts";
import { DetailsPanel, FindResults, type FoundGoroutine, SelectionPanel } from "./panels.ts";
import { HelpOverlay } from "./help.ts";
import { appHref, navigate, route } from "../lib/route.ts";
import { parseHash } from "./viewport.ts";
import { chainOverlay, chainQuery } from "./chain.ts";

export function TimelinePage(props: { data: TimelineBoot }) {
  const boot = props.data;
  // A link to a moment ("#a:b", from the MMU page, a diagnosis, a critical path) in
  // another part of a trace shown in parts opens that part.
  const elsewhere = partOfHash(boot);
  if (elsewhere !== null) {
    // The page's own query (criticalpath=1 included), with the part.
    const q = new URLSearchParams(route().search);
    q.set("part", String(elsewhere));
    location.replace(appHref(`/trace?${q}${route().hash}`));
  }
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const ctl = useRef<TimelineController | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [selection, setSelection] = useState<{ t0: number; t1: number } | null>(null);
  const [found, setFound] = useState<FoundGoroutine[] | null>(null);
  const [help, setHelp] = useState(false);
  const [colorMode, setColorMode] = useState<"goroutine" | "function">("goroutine");
  const [arrows, setArrows] = useState(false);
  const [status, setStatus] = useState("");
  const [highlight, setHighlight] = useState(-1);

  useEffect(() => {
    const c = new TimelineController(boot, canvas.current!, scroller.current!, tooltip.current!, {
      pick: setPicked,
      select: setSelection,
      status: setStatus,
      key: (k) => {
        if (k === "?") setHelp((h) => !h);
        else if (k === "Escape") {
          setHelp(false);
          setPicked(null);
          setSelection(null);
          setFound(null);
          c.picked = null;
          c.pickedFlows = [];
          c.selection = null;
          c.highlight = -1;
          c.hideTooltip();
          setHighlight(-1);
          c.requestDraw();
        } else if (k === "/") {
          search.current?.focus();
        } else if (k === "f" && c.selection) {
          c.hideTooltip();
          c.setWindow(c.selection.t0, c.selection.t1);
        } else if (k === "0") {
          c.hideTooltip();
          c.setWindow(boot.initial.t0, boot.initial.t1);
        } else if (k === "c") {
          setColorMode((m) => (m === "goroutine" ? "function" : "goroutine"));
        } else if (k === "l") {
          setArrows((a) => !a);
        }
      },
    });
    ctl.current = c;
    return () => c.dispose();
  }, []);

  // ?criticalpath=1: the task's or goroutine's critical path drawn over the lanes.
  const [chainNote, setChainNote] = useState("");
  useEffect(() => {
    const want = new URLSearchParams(route().search).get("criticalpath") === "1";
    const q = want ? chainQuery(boot.query) : null;
    if (!q) return;
    (async () => {
      const res = await fetch(`/api/criticalpath?${q}`);
      if (!res.ok) return setChainNote(`critical path: ${(await res.text()).trim()}`);
      const { overlay, missing } = chainOverlay(boot, await res.json());
      const c = ctl.current;
      if (!c) return;
      c.chain = overlay;
      c.requestDraw();
      setChainNote(
        `critical path: ${overlay.spans.length} stretches framed` +
          (missing.length ? `; G${missing.join(", G")} not in this view` : ""),
      );
    })().catch((e) => setChainNote(`critical path: ${e}`));
  }, []);

  useEffect(() => {
    const c = ctl.current;
    if (!c) return;
    c.colorMode = colorMode;
    c.arrows = arrows;
    c.highlight = highlight;
    c.requestDraw();
  }, [colorMode, arrows, highlight]);

  const runFind = async (q: string) => {
    if (q.trim() === "") return setFound(null);
    const p = new URLSearchParams(boot.query);
    p.set("q", q);
    const res = await fetch(`/api/timeline/find?${p}`);
    setFound(res.ok ? await res.json() : []);
  };

  const showGoroutine = (g: FoundGoroutine) => {
    const c = ctl.current!;
    setHighlight(g.id);
    if (g.lane >= 0) c.scrollToLane(g.lane);
    const first = g.spans[0];
    if (first) {
      const last = g.spans[g.spans.length - 1];
      const pad = Math.max((last.end - first.start) * 0.05, 2000);
      c.setWindow(first.start - pad, last.end + pad);
      if (first.lane >= 0) c.scrollToLane(first.lane);
    }
  };

  const panelOpen = picked !== null || selection !== null || found !== null;
  return html`
    <div class="tl-root">
      <div class="tl-toolbar">
        <strong class="tl-title">Timeline ${boot.title}</strong>
        ${boot.ranges.length > 0 ? html`<${RangeMenu} boot=${boot} />` : null}
        ${boot.parts ? html`<${PartMenu} boot=${boot} />` : null}
        <form class="tl-find" onSubmit=${(e: Event) => {
          e.preventDefault();
          runFind(search.current!.value);
        }}>
          <input ref=${search} type="search" placeholder="Find goroutine: id, function, task, region"
            title="A goroutine id, or text in a function on its stacks, its start function, or the name of a task or region it ran"
            aria-label="Find goroutine" />
        </form>
        <label class="tl-toggle"><input type="checkbox" checked=${colorMode === "function"}
          onChange=${(e: Event) =>
            setColorMode((e.target as HTMLInputElement).checked ? "function" : "goroutine")} />
          Colour by start function</label>
        <label class="tl-toggle"><input type="checkbox" checked=${arrows}
          onChange=${(e: Event) =>
            setArrows((e.target as HTMLInputElement).checked)} /> Flow arrows</label>
        <a class="tl-json" href=${`/jsontrace?${boot.query}`} download="trace.json">JSON</a>
        <button type="button" class="tl-help-btn" onClick=${() =>
          setHelp((h) => !h)} aria-label="Key bindings">?</button>
        <span class="tl-status">${status}</span>
        ${chainNote ? html`<span class="tl-chain-note" id="chain-note">${chainNote}</span>` : null}
      </div>
      <div class="tl-body">
        <div class="tl-canvas-host" ref=${host}>
          <canvas ref=${canvas} class="tl-canvas" aria-label="Timeline"></canvas>
          <div class="tl-scroller" ref=${scroller}><div></div></div>
          <div class="tl-tooltip" ref=${tooltip} hidden></div>
        </div>
        ${panelOpen
          ? html`<aside class="tl-panel">
              ${
            found !== null
              ? html`
                <${FindResults} found=${found} onShow=${showGoroutine}
                  onClose=${() => (setFound(null), setHighlight(-1))} />
              `
              : null
          }
              ${
            selection
              ? html`
                <${SelectionPanel} query=${boot.query} selection=${selection} origin=${boot}
                  onZoom=${() => ctl.current!.setWindow(selection.t0, selection.t1)}
                  onClose=${() => {
                    setSelection(null);
                    ctl.current!.selection = null;
                    ctl.current!.requestDraw();
                  }} />
              `
              : null
          }
              ${
            picked
              ? html`
                <${DetailsPanel} query=${boot.query} picked=${picked} origin=${boot}
                  onGo=${(lane: number, time: number) => ctl.current!.goTo(lane, time)}
                  onFlows=${(flows: Flow[]) => {
                    ctl.current!.pickedFlows = flows;
                    ctl.current!.requestDraw();
                  }}
                  onClose=${() => {
                    setPicked(null);
                    ctl.current!.picked = null;
                    ctl.current!.pickedFlows = [];
                    ctl.current!.requestDraw();
                  }} />
              `
              : null
          }
            </aside>`
          : null}
      </div>
      ${help ? html`<${HelpOverlay} onClose=${() => setHelp(false)} />` : null}
    </div>
  `;
}

/**
 * The part a "#a:b" window ends in (a task's span ends where its latency is decided), when
 * it is not the part shown; else null.
 */
function partOfHash(boot: TimelineBoot): number | null {
  const parts = boot.parts;
  if (!parts) return null;
  const traceEnd = parts.list[parts.list.length - 1].t1;
  const w = parseHash(route().hash, traceEnd, boot.baseTimeMs);
  if (!w) return null;
  const here = parts.list[parts.index];
  if (w[1] >= here.t0 && w[1] <= here.t1) return null;
  let k = 0;
  while (k + 1 < parts.list.length && parts.list[k + 1].t0 <= w[1]) k++;
  return k === parts.index ? null : k;
}

// A big trace's timeline comes in parts (the generations whose model fits the server's
// memory budget): which one this is, and the way to the others.
function PartMenu(props: { boot: TimelineBoot }) {
  const parts = props.boot.parts!;
  const href = (k: number) => {
    const q = new URLSearchParams(props.boot.query);
    q.set("part", String(k));
    return `/trace?${q}`;
  };
  const k = parts.index, n = parts.list.length;
  return html`
    <span class="tl-parts"
      title="This trace is too big to show at once: its timeline is shown a part at a time">
      <button type="button" disabled=${k === 0} aria-label="Previous part"
        onClick=${() => navigate(href(k - 1))}>‹</button>
      <select aria-label="Part of the trace" onChange=${(e: Event) =>
        navigate(href(Number((e.target as HTMLSelectElement).value)))}>
        ${parts.list.map((p, i) =>
          html`<option value=${i} selected=${i === k}>Part ${i + 1} of ${n}: ${p.name}</option>`
        )}
      </select>
      <button type="button" disabled=${k === n - 1} aria-label="Next part"
        onClick=${() => navigate(href(k + 1))}>›</button>
    </span>
  `;
}

// Go's index page links the split ranges; here they are also a menu on the page.
function RangeMenu(props: { boot: TimelineBoot }) {
  const view = props.boot.mode === "thread" ? "thread" : "proc";
  return html`
    <select class="tl-ranges" aria-label="Trace range"
      onChange=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        if (v) navigate(v);
      }}>
        <option value="">Ranges…</option>
        ${props.boot.ranges.map((r) =>
          html`<option value=${`/trace?view=${view}&start=${r.start}&end=${r.end}`}>${r.name}</option>`
        )}
      </select>
  `;
}
