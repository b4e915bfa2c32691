// /cpu and /wallclock: the CPU samples of a selection, or where its wall-clock time went
// on and off the CPU, as a flame graph and a top table (the blocking profiles' page,
// with CPU units). A trace without samples says how to record them.

import { useMemo, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { count, dur, durFull } from "../lib/format.ts";
import { FlameGraph } from "../flame/flame_graph.ts";
import type { FlameNode, Metric } from "../flame/model.ts";
import { colorFor, coolColorFor } from "../flame/render.ts";
import { TopTable } from "./profile.ts";
import type { CpuModel } from "../../server/core/contract/pages.ts";
import { Card } from "../components/card.ts";

/** What to do to get CPU samples into a trace. */
export function NoSamplesNote() {
  return html`
    <div class="warning" role="note" id="no-cpu-samples">
      <strong>This trace has no CPU samples.</strong> Go records the CPU profiler's samples in
      the execution trace (Go 1.19 and later) when the profiler runs while tracing: call${" "}
      <span class="mono">pprof.StartCPUProfile(w)</span> beside${" "}
      <span class="mono">trace.Start(w2)</span>, or run${" "}
      <span class="mono">go test -trace=trace.out -cpuprofile=cpu.out</span>.
    </div>
  `;
}

/** Wall-clock graph colours: warm under "running", cool for the time off the CPU. */
function wallColor(n: FlameNode): string {
  let top = n;
  while (top.parent && top.parent.parent) top = top.parent;
  return n.parent === null || top.name === "running"
    ? colorFor(n.name, false)
    : coolColorFor(n.name);
}

export function CpuView(props: { data: CpuModel }) {
  const p = props.data;
  const wall = p.kind === "wallclock";
  const [metric, setMetric] = useState<Metric>("time");
  const [search, setSearch] = useState("");
  const [tab, setTab] = useState<"flame" | "top">("flame");
  const totals = useMemo(
    () =>
      p.samples.reduce((t, s) => ({ count: t.count + s.count, time: t.time + s.time }), {
        count: 0,
        time: 0,
      }),
    [p],
  );
  const q = p.params ? "?" + p.params : "";
  const raw = `/cpu?${p.params ? p.params + "&" : ""}raw=1`;
  const names = wall ? ["time", "stays"] : ["CPU time", "samples"];
  return html`
    <nav class="subnav" aria-label="CPU views">
      <a class=${wall ? "" : "on"} href=${`/cpu${q}`}>CPU samples</a>
      <a class=${wall ? "on" : ""} href=${`/wallclock${q}`}>On + off CPU</a>
    </nav>
    <h1>${p.title}</h1>
    ${p.filter
      ? html`<p class="lead">Restricted to <span class="mono" id="profile-filter">${p.filter}</span></p>`
      : null}
    ${p.traceSamples === 0 ? html`<${NoSamplesNote} />` : null}
    ${wall
      ? html`
        <p class="lead">
          Every moment of the selected goroutines, by state: <em>running</em> (its width is the
          execution time the scheduler recorded, shared among the stacks the CPU profiler
          sampled), <em>runnable</em>, in a <em>syscall</em>, and <em>blocked</em>, one root per
          wait reason, under the stack where each wait began.
        </p>
        <div class="cards">
          <${Card} id="wall" label="Wall-clock time" value=${dur(totals.time)} full=${durFull(
            totals.time,
          )} />
          <${Card} id="running" label="Running" value=${dur(p.running ?? 0)} full=${durFull(
            p.running ?? 0,
          )} />
          <${Card} id="off" label="Off CPU" value=${dur(
            totals.time - (p.running ?? 0),
          )} full=${durFull(
            totals.time - (p.running ?? 0),
          )} />
          <${Card} id="samples" label="CPU samples" value=${count(p.runningSamples ?? 0)} />
        </div>
      `
      : html`
        <div class="cards">
          <${Card} id="samples" label="Samples" value=${count(totals.count)} />
          <${Card} id="cpu" label="CPU time" value=${dur(totals.time)} full=${durFull(
            totals.time,
          )} />
          <${Card} id="stacks" label="Stacks" value=${count(p.samples.length)} />
        </div>
        <p class="note">A sample stands for ${dur(p.periodNs)} of CPU: the
          trace does not record the profiler's rate, and runtime/pprof samples at 100 Hz.</p>
      `}
    <div class="toolbar">
      <label>Value
        <select id="metric" value=${metric} onChange=${(e: Event) =>
          setMetric((e.target as HTMLSelectElement).value as Metric)}>
          <option value="time">${names[0]}</option>
          <option value="count">${names[1]}</option>
        </select>
      </label>
      <input type="search" id="flame-search" placeholder="Search functions" value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} />
      <span class="spacer"></span>
      ${wall ? null : html`
        <a class="button" id="download" href=${raw} download="cpu.profile">Download pprof</a>
      `}
    </div>
    <div class="tabs" role="tablist">
      <button class=${tab === "flame" ? "on" : ""} id="tab-flame" onClick=${() =>
        setTab("flame")}>Flame graph</button>
      <button class=${tab === "top" ? "on" : ""} id="tab-top" onClick=${() =>
        setTab("top")}>Top</button>
    </div>
    ${tab === "flame"
      ? html`
        <${FlameGraph} profile=${p} metric=${metric} search=${search}
          colorOf=${wall ? wallColor : undefined} empty=${wall
            ? "The selected goroutines have no time in the trace."
            : `No CPU samples${p.filter ? " in this selection" : ""}.`} />
      `
      : html`<${TopTable} profile=${p} metric=${metric} onPick=${(n: string) => {
        setSearch(n);
        setTab("flame");
      }} />`}
  `;
}
