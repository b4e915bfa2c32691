// /mmu: the minimum mutator utilization chart with Go's options, and the worst windows
// of a clicked window size, linked into the timeline.

import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { niceDuration } from "../lib/format.ts";
import { MMUChart, type MMUPlot } from "../mmu/chart.ts";

interface Worst {
  Time: number;
  MutatorUtil: number;
  URL: string;
}

const INCLUDE = [
  ["stw", "STW", "Stop-the-world stops all goroutines simultaneously.", true],
  [
    "background",
    "Background workers",
    "GC-specific goroutines; 25% of the CPU is dedicated to them during GC.",
    true,
  ],
  ["assist", "Mark assist", "Allocation helps the GC so the program cannot outpace it.", true],
  ["sweep", "Sweep", "Reclaiming unused memory between GCs (may be slow to compute).", false],
] as const;

/** The flags string Go's page sends: the checked inputs' ids joined by "|". */
export function mmuFlags(o: { perProc: boolean; include: Record<string, boolean>; mut: boolean }) {
  const f = [o.perProc ? "perProc" : "system"];
  for (const [id] of INCLUDE) if (o.include[id]) f.push(id);
  if (o.mut) f.push("mut");
  return f.join("|");
}

async function getJSON<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status}: ${(await res.text()).trim()}`);
  return await res.json() as T;
}

export function MMUView() {
  const [perProc, setPerProc] = useState(false);
  const [include, setInclude] = useState<Record<string, boolean>>(
    Object.fromEntries(INCLUDE.map(([id, , , on]) => [id, on])),
  );
  const [mut, setMut] = useState(false);
  const [plot, setPlot] = useState<MMUPlot | null>(null);
  const [loadingFlags, setLoadingFlags] = useState<string | null>("");
  const [error, setError] = useState("");
  const [picked, setPicked] = useState<number | null>(null);
  const [worst, setWorst] = useState<{ window: number; list: Worst[] } | null>(null);
  const flags = mmuFlags({ perProc, include, mut });
  // Loading until the plot of these very flags is in (the first render after a change
  // still holds the old plot).
  const [plotFlags, setPlotFlags] = useState<string | null>(null);
  const loading = loadingFlags !== null || plotFlags !== flags;

  useEffect(() => {
    let live = true;
    setLoadingFlags(flags);
    getJSON<MMUPlot>(`/mmu?mode=plot&flags=${encodeURIComponent(flags)}`)
      .then((p) =>
        live && (setPlot(p), setPlotFlags(flags), setError(""), setPicked(null), setWorst(null))
      )
      .catch((e) => live && (setError(String(e.message ?? e)), setPlotFlags(flags)))
      .finally(() => live && setLoadingFlags(null));
    return () => (live = false);
  }, [flags]);

  const pick = (i: number) => {
    if (!plot) return;
    const window = plot.curve[i][0];
    setPicked(i);
    getJSON<Worst[] | null>(
      `/mmu?mode=details&window=${window}&flags=${encodeURIComponent(flags)}`,
    ).then((list) => setWorst({ window, list: list ?? [] }))
      .catch((e) => setError(String(e.message ?? e)));
  };

  return html`
    <h1>Minimum mutator utilization</h1>
    <p class="lead">For each window length, the smallest fraction of CPU left to the program
    (the "mutator") by the garbage collector in any window of that length. The largest window
    with zero utilization is the longest GC pause. Click the curve for the worst windows.</p>
    <div class="mmu-layout">
      <div id="mmu-plot" data-flags=${flags} data-loading=${loading ? "1" : "0"} style=${{
        opacity: loading ? 0.5 : 1,
      }}>
        ${error && html`<p class="error-box">${error}</p>`}
        ${plot
          ? html`<${MMUChart} plot=${plot} selected=${picked} onPick=${pick} />`
          : html`<p class="loading">Loading plot…</p>`}
      </div>
      <form class="mmu-options" id="mmu-options" onSubmit=${(e: Event) => e.preventDefault()}>
        <fieldset>
          <legend>View</legend>
          <label><input type="radio" name="view" id="system" checked=${!perProc} onChange=${() =>
            setPerProc(false)} /> System</label>
          <span
            class="hint">Whole-system utilization: one of four procs free for the program is 0.25.</span>
          <label><input type="radio" name="view" id="perProc" checked=${perProc} onChange=${() =>
            setPerProc(true)} /> Per-goroutine</label>
          <span class="hint">When even one goroutine is interrupted by GC, utilization is 0.</span>
        </fieldset>
        <fieldset>
          <legend>Include</legend>
          ${INCLUDE.map(([id, label, hint]) =>
            html`
              <label><input type="checkbox" id=${id} checked=${include[id]} onChange=${(e: Event) =>
                setInclude({
                  ...include,
                  [id]: (e.target as HTMLInputElement).checked,
                })} /> ${label}</label>
              <span class="hint">${hint}</span>
            `
          )}
        </fieldset>
        <fieldset>
          <legend>Display</legend>
          <label><input type="checkbox" id="mut" checked=${mut} onChange=${(e: Event) =>
            setMut((e.target as HTMLInputElement).checked)} /> Show percentiles</label>
          <span class="hint">p99 MU drops the worst 1% of windows.</span>
        </fieldset>
      </form>
    </div>
    <div id="details">
      ${worst
        ? html`
          <p>Lowest mutator utilization in ${niceDuration(worst.window)} windows:</p>
          <ol class="worst">${worst.list.map((w) =>
            html`<li><a href=${w.URL}>${w.MutatorUtil.toFixed(3)} at time ${
              niceDuration(w.Time)
            }</a></li>`
          )}</ol>
        `
        : html`<p class="note">Select a point on the curve for details.</p>`}
    </div>
  `;
}
