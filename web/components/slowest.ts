// The "slowest" link of a task or region type: its duration, to the timeline of the
// worst instance.

import { html } from "../lib/html.ts";
import { dur, durFull } from "../lib/format.ts";
import type { SlowestLink as Slowest } from "../../server/core/contract/pages.ts";

export function SlowestLink(props: { s: Slowest; what: string }) {
  const { s } = props;
  return html`
    <a class="slowest" href=${s.href} title=${`${
      durFull(s.duration)
    }: ${props.what} on the timeline`}
    >${dur(s.duration)} →</a>
  `;
}
