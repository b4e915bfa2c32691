// The "?" overlay: the timeline's key and mouse bindings.

import { html } from "../lib/html.ts";
import { INSTANT_COLORS, INSTANT_NAMES, LEGEND } from "./colors.ts";

export const BINDINGS: [string, string][] = [
  ["W / S", "zoom in / out (hold), around the pointer"],
  ["A / D", "pan left / right (hold)"],
  ["Mouse wheel", "zoom around the pointer"],
  ["Shift + wheel", "scroll the lanes up and down"],
  ["Horizontal wheel", "pan"],
  ["Drag", "select a time range: duration and totals per state"],
  [
    "Click",
    "details of a slice or event (stacks, goroutine, flows, drawn as arrows); click a shaded block to zoom into it",
  ],
  [
    "Hover a gap",
    "on a goroutine lane: why it was not running, for how long, and what unblocked it; click for stacks and a link",
  ],
  ["F", "zoom to the selection"],
  ["0", "back to the initial window"],
  ["L", "flow arrows on / off (those of the selection when a range is selected)"],
  ["C", "colour by goroutine / by start function"],
  ["/", "find a goroutine: id, a function on its stacks, a task or region name"],
  ["Esc", "clear selection, details and search"],
  ["?", "this help"],
];

export function HelpOverlay(props: { onClose: () => void }) {
  return html`
    <div class="tl-help" role="dialog" aria-label="Key bindings" onClick=${props.onClose}>
      <div class="tl-help-box" onClick=${(e: Event) => e.stopPropagation()}>
        <h2>Timeline keys</h2>
        <table>${BINDINGS.map(([k, v]) =>
          html`
            <tr>
              <th><kbd>${k}</kbd></th>
              <td>${v}</td>
            </tr>
          `
        )}</table>
        <h3>Colours</h3>
        <p class="tl-legend">
        Goroutines: one colour each (or one per start function).
        ${LEGEND.map(([name, color]) =>
          html`<span><i style=${{ background: color }}></i>${name}</span>`
        )}
        ${INSTANT_NAMES.map((name, k) =>
          html`<span><i class="tick" style=${{ background: INSTANT_COLORS[k] }}></i>${name}</span>`
        )}
      </p>
        <p class="tl-muted">Shaded blocks stand for many slices narrower than a pixel; their
          opacity is the share of time they were busy. Times count from the trace start, or
          in a goroutine or task view from its start (the ruler's 0); the address bar keeps
          the window as Go's <code>#startMs:endMs</code>.</p>
        <button type="button" onClick=${props.onClose}>Close</button>
      </div>
    </div>
  `;
}
