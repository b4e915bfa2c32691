// Numbers as every table shows them: 3 significant digits, the exact value in the
// tooltip and in what a copy puts on the clipboard (lib/copy.ts reads data-copy).

import { html } from "../lib/html.ts";
import { bytes, bytesFull, dur, durFull } from "../lib/format.ts";

/** A duration in ns. */
export function Dur(props: { ns: number }) {
  const full = durFull(props.ns);
  return html`<span class="num" title=${full} data-copy=${full}>${dur(props.ns)}</span>`;
}

/** A byte count. */
export function Bytes(props: { n: number }) {
  const full = bytesFull(props.n);
  return html`<span class="num" title=${full} data-copy=${full}>${bytes(props.n)}</span>`;
}
