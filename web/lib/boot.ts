// Reads the page's bootstrap data: JSON in <script type="application/json" id="tg-boot">,
// parsed from textContent (never evaluated, never parsed as HTML). Its type is the
// contract's: the server wrote it from a PageBoot.

import type { PageBoot } from "../../server/core/contract/views.ts";

export function readBoot(doc: Document): PageBoot {
  const el = doc.getElementById("tg-boot");
  if (!el?.textContent) throw new Error("page has no bootstrap data");
  return JSON.parse(el.textContent) as PageBoot;
}
