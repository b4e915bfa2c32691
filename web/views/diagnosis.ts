// /diagnosis: the findings, costliest first, each with the rule it broke, its evidence
// in numbers and links to where it shows; then every rule with its threshold. Text from
// the trace (group names, stack frames) is rendered as text.

import { html } from "../lib/html.ts";
import { count, dur } from "../lib/format.ts";
import { Dur } from "../components/num.ts";
import type { DiagnosisModel, Evidence, Finding } from "../../server/core/contract/diagnosis.ts";
import { formatFloatV } from "../../server/core/util/go_format_float.ts";

function Value(props: { e: Evidence }) {
  const { e } = props;
  switch (e.unit) {
    case "ns":
      return html`<${Dur} ns=${e.value} />`;
    case "percent":
      return html`<span class="num">${formatFloatV(Math.round(e.value * 10) / 10)}%</span>`;
    case "rate":
      return html`<span class="num">${count(Math.round(e.value))}/s</span>`;
    case "ratio":
      return html`<span class="num">${formatFloatV(Math.round(e.value * 10) / 10)}×</span>`;
    default:
      return html`<span class="num">${count(e.value)}</span>`;
  }
}

function FindingCard(props: { f: Finding; rank: number; rule?: string }) {
  const { f } = props;
  return html`
    <section class="finding" data-rule=${f.rule}>
      <h2>${props.rank}. ${f.title}: <span class="mono">${f.subject || "(unnamed)"}</span></h2>
      <p class="cost">Costs <${Dur} ns=${f.cost} />.${" "}
        <span class="muted">Rule: ${props.rule ?? f.rule}</span></p>
      <table class="data evidence">
        <tbody>${f.evidence.map((e) =>
          html`
            <tr>
              <td class="left">${e.label}</td>
              <td>
                <${Value} e=${e} />
              </td>
            </tr>
          `
        )}</tbody>
      </table>
      ${f.stack && f.stack.length
        ? html`
          <details class="stack">
            <summary>Stack</summary>
            <ol class="mono">${f.stack.map((fr) =>
              html`<li>${fr.func} <span class="muted">${fr.file}:${fr.line}</span></li>`
            )}</ol>
          </details>
        `
        : null}
      <p class="finding-links">${f.links.map((l, i) =>
        html`${i ? " · " : ""}<a href=${l.href}>${l.label}</a>`
      )}</p>
    </section>
  `;
}

export function DiagnosisView(props: { data: DiagnosisModel }) {
  const d = props.data;
  const ruleText = new Map(d.rules.map((r) => [r.id, r.rule]));
  const found = new Set(d.findings.map((f) => f.rule));
  return html`
    <h1>Diagnosis</h1>
    <p class="note">
      ${d.findings.length === 0
        ? "No rule found anything above its threshold."
        : `${count(d.findings.length)} finding${
          d.findings.length === 1 ? "" : "s"
        }, costliest first.`}
      ${" "}Trace of ${dur(d.duration)}, ${count(d.goroutines)} goroutines, GOMAXPROCS ${count(
        d.gomaxprocs,
      )}.
    </p>
    <div id="findings">${d.findings.map((f, i) =>
      html`<${FindingCard} key=${i} f=${f} rank=${i + 1} rule=${ruleText.get(f.rule)} />`
    )}</div>
    <h2>Rules</h2>
    <table class="data rules" id="rules">
      <thead>
        <tr>
          <th class="left">Rule</th>
          <th class="left">Threshold</th>
          <th class="left">Ranked by</th>
          <th>Found</th>
        </tr>
      </thead>
      <tbody>${d.rules.map((r) =>
        html`
          <tr data-rule=${r.id}>
            <td class="left">${r.title}</td>
            <td class="left">${r.rule}</td>
            <td class="left">${r.cost}</td>
            <td>${found.has(r.id) ? "yes" : "no"}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}
