/// <reference lib="dom" />
// The page shown while a page's data is computed on a big trace: how far the passes over
// the trace are, refreshed every half second; the page reloads when they are done.

import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import type { ProgressModel } from "../../server/core/contract/pages.ts";

export function ProgressView({ data }: { data: ProgressModel }) {
  const [passes, setPasses] = useState(data.passes);
  useEffect(() => {
    let stop = false;
    const poll = async () => {
      if (stop) return;
      try {
        const res = await fetch("/api/progress", { cache: "no-store" });
        const p = (await res.json()) as ProgressModel;
        if (p.passes.length === 0) {
          location.reload();
          return;
        }
        setPasses(p.passes);
      } catch {
        // the server may be busy: try again
      }
      setTimeout(poll, 500);
    };
    const t = setTimeout(poll, 500);
    return () => {
      stop = true;
      clearTimeout(t);
    };
  }, []);
  return html`
    <section class="progress-page">
      <h1>Working on this page…</h1>
      <p>
        This trace is big: its events are read again, generation by generation, to compute
        this page. It opens by itself when the work is done.
      </p>
      ${passes.map((p) =>
        html`
          <div class="progress-pass">
            <progress max=${p.total} value=${p.done}></progress>
            <span>${p.done} of ${p.total} generations</span>
          </div>
        `
      )}
    </section>
  `;
}
