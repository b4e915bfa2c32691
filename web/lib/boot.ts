// Reads the page's bootstrap data: JSON in <script type="application/json" id="tg-boot">,
// parsed from textContent (never evaluated, never parsed as HTML).

import type { ViewName } from "../../server/core/contract/views.ts";

export interface Boot {
  view: ViewName;
  data: unknown;
}

export function readBoot(doc: Document): Boot {
  const el = doc.getElementById("tg-boot");
  if (!el?.textContent) throw new Error("page has no bootstrap data");
  return JSON.parse(el.textContent) as Boot;
}
