// A summary card: a label over a value shown short, the exact value in the tooltip and copy.

import { html } from "../lib/html.ts";

export function Card(props: { label: string; value: string; id: string; full?: string }) {
  return html`
    <div class="card" data-stat=${props.id}>
      <div class="label">${props.label}</div>
      <div class="value" title=${props.full} data-copy=${props.full}>${props.value}</div>
    </div>
  `;
}
