// The index: what this trace is (format, duration, counts, a lost tail) and links to
// every analysis, grouped as Go's index groups them.

import { html } from "../lib/html.ts";
import { bytes, bytesFull, count, dur, durFull } from "../lib/format.ts";
import type { OverviewModel } from "../../server/core/contract/pages.ts";
import { NoSamplesNote } from "./cpu.ts";
import { Card } from "../components/card.ts";
import { useEffect, useState } from "preact/hooks";
import type { DiagnosisModel } from "../../server/core/contract/diagnosis.ts";

const PROFILES = [
  ["io", "Network blocking profile"],
  ["block", "Synchronization blocking profile"],
  ["syscall", "Syscall profile"],
  ["sched", "Scheduler latency profile"],
];

/** The diagnosis's top findings, asked for as the page opens (so /diagnosis is ready). */
function DiagnosisPreview() {
  const [state, setState] = useState<DiagnosisModel | "loading" | "failed">("loading");
  useEffect(() => {
    let live = true;
    fetch("/api/diagnosis")
      .then((r) => r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`)))
      .then((m: DiagnosisModel) => live && setState(m), () => live && setState("failed"));
    return () => void (live = false);
  }, []);
  if (state === "failed") return null;
  if (state === "loading") {
    return html`<p class="diagnosis-preview muted" id="diagnosis-preview">Diagnosing…</p>`;
  }
  const top = state.findings.slice(0, 3);
  return html`
    <div class="diagnosis-preview" id="diagnosis-preview">
      ${top.length === 0
        ? html`<p>No finding above its threshold.</p>`
        : html`<ul>${
          top.map((f) =>
            html`<li><a href="/diagnosis">${f.title}</a>: ${f.subject} (${dur(f.cost)})</li>`
          )
        }</ul>
        ${
          state.findings.length > top.length
            ? html`<p class="muted">and ${state.findings.length - top.length} more</p>`
            : null
        }`}
    </div>
  `;
}

export function IndexView(props: { data: OverviewModel }) {
  const d = props.data;
  return html`
    <h1>${d.file}</h1>
    <div class="cards">
      <${Card} id="goVersion" label="Trace format" value=${`Go ${d.goVersion}`} />
      <${Card} id="duration" label="Duration" value=${dur(d.durationNs)} full=${durFull(
        d.durationNs,
      )} />
      <${Card} id="goroutines" label="Goroutines" value=${count(d.goroutines)} />
      <${Card} id="events" label="Events" value=${count(d.events)} />
      <${Card} id="gcs" label="GCs" value=${count(d.gcs)} />
      <${Card} id="procs" label="Procs (max)" value=${count(d.procs)} />
      <${Card} id="size" label="Size" value=${bytes(d.size)} full=${bytesFull(d.size)} />
    </div>
    ${d.lost &&
      html`<div class="warning" role="alert" id="lost-tail">
      <strong>Partial trace.</strong> Lost ${d.lost.percent}% of the latest trace data due to
      an error (${d.lost.lostBytes} of ${d.lost.totalBytes}). The analyses cover the part
      before it.
      <div class="mono">${d.lost.error}</div>
    </div>`}
    <p class="diagnosis-link" id="diagnosis-link"><a href="/diagnosis">Diagnosis</a>: what is
      wrong with this program, ranked by the time it costs (long pauses, contention, leak
      suspects, scheduling latency…); each task's critical path is on its task page.</p>
    ${d.diagnosisPreview ? html`<${DiagnosisPreview} />` : null}
    <div class="links">
      <section>
        <h3>Event timelines</h3>
        <ul>${d.timelines.map((t) => html`<li><a href=${t.href}>${t.label}</a></li>`)}</ul>
      </section>
      <section>
        <h3>Goroutines</h3>
        <ul>
          <li><a href="/goroutines">Goroutine analysis</a>: goroutines grouped by start function, with where their time went</li>
        </ul>
      </section>
      <section>
        <h3>Profiles</h3>
        <ul>${PROFILES.map(([k, label]) =>
          html`<li><a href=${`/${k}`}>${label}</a> (<a href=${`/${k}?raw=1`} download=${`${k}.profile`}>pprof ⬇</a>)</li>`
        )}</ul>
      </section>
      <section>
        <h3>CPU</h3>
        <ul>
          <li><a href="/cpu">CPU profile</a> from the trace's ${count(d.cpuSamples)} CPU samples
            (<a href="/cpu?raw=1" download="cpu.profile">pprof ⬇</a>)</li>
          <li><a href="/wallclock">On + off CPU</a>: where the goroutines' time went, running,
            waiting for a P, in syscalls and blocked</li>
        </ul>
        ${d.cpuSamples === 0 ? html`<${NoSamplesNote} />` : null}
      </section>
      <section>
        <h3>User-defined tasks and regions</h3>
        <ul>
          <li><a href="/usertasks">User-defined tasks</a> (${count(d.userTasks)})</li>
          <li><a href="/userregions">User-defined regions</a> (${count(d.userRegions)})</li>
        </ul>
      </section>
      <section>
        <h3>Garbage collection</h3>
        <ul>
          <li><a href="/mmu">Minimum mutator utilization</a></li>
        </ul>
      </section>
    </div>
    <section class="howto" id="how-to-read">
      <h2>How to read this</h2>
      <dl>
        <dt>Timeline</dt>
        <dd>
          One lane per proc (P), thread or goroutine; time runs left to right. A coloured bar
          is a goroutine running without interruption (G123 and its start function); on a
          goroutine lane a gap is time it was not running: hover it for why it waited, for
          how long, and which goroutine let it go on. Click a bar for its stacks and the
          events that caused it; drag to total a range. W/S zoom, A/D pan, <kbd>?</kbd> lists
          the keys. Counters on top: goroutines by state, heap, threads.
        </dd>
        <dt>Profiles</dt>
        <dd>
          Each profile adds up time goroutines spent off a processor, by the stack where they
          waited: on the network, on a mutex or channel (sync), in a system call, or runnable
          but waiting for a processor (scheduler). The widest frames of the flame graph are
          where the waiting happened; click one for the goroutines that waited there and when.
        </dd>
        <dt>Goroutines, tasks and regions</dt>
        <dd>
          Each table row splits a goroutine's (or a region's) time into running, waiting for
          a processor, blocked by reason, and in system calls. Tasks and regions are the ones
          your code marks with <code>runtime/trace</code>; their lists put the slowest first.
          The MMU chart shows, for every window length, the worst fraction of CPU the garbage
          collector left to the program.
        </dd>
      </dl>
    </section>
  `;
}
