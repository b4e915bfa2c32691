// The diagnosis as plain text (the CLI's -diagnose): the same findings, ranks, evidence
// and links as /diagnosis, then the rules with their thresholds. No Deno APIs.

import type { DiagnosisModel, Evidence } from "../contract/diagnosis.ts";
import { formatDuration } from "../util/go_duration.ts";

/** A duration to 3 significant digits in its unit ("27.1ms"), as the pages show it. */
function dur(ns: number): string {
  const a = Math.abs(ns);
  for (const [u, name] of [[1e9, "s"], [1e6, "ms"], [1e3, "µs"]] as const) {
    if (a >= u * 0.9995) {
      const v = ns / u;
      return `${Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)}${name}`;
    }
  }
  return `${Math.round(ns)}ns`;
}

function value(e: Evidence): string {
  const round1 = (x: number) => String(Math.round(x * 10) / 10);
  switch (e.unit) {
    case "ns":
      return dur(e.value);
    case "percent":
      return `${round1(e.value)}%`;
    case "rate":
      return `${Math.round(e.value)}/s`;
    case "ratio":
      return `${round1(e.value)}×`;
    default:
      return String(e.value);
  }
}

/** The report. Trace text (group names, frames) is printed as is: this is a terminal. */
export function diagnosisText(d: DiagnosisModel): string {
  const out: string[] = [];
  out.push(
    `Diagnosis of a trace of ${formatDuration(d.duration)}, ${d.goroutines} goroutines, ` +
      `GOMAXPROCS ${d.gomaxprocs}: ${d.findings.length} finding${
        d.findings.length === 1 ? "" : "s"
      }, costliest first.`,
  );
  const rules = new Map(d.rules.map((r) => [r.id, r]));
  d.findings.forEach((f, i) => {
    out.push("");
    out.push(`${i + 1}. [${f.rule}] ${f.title}: ${f.subject || "(unnamed)"}`);
    out.push(`   costs ${dur(f.cost)} (${rules.get(f.rule)?.cost ?? ""})`);
    for (const e of f.evidence) out.push(`   ${e.label}: ${value(e)}`);
    const top = f.stack?.[0];
    if (top) out.push(`   at ${top.func} ${top.file}:${top.line}`);
    for (const l of f.links) out.push(`   ${l.label}: ${l.href}`);
  });
  out.push("", "Rules:");
  for (const r of d.rules) out.push(`  [${r.id}] ${r.title}. ${r.rule}`);
  return out.join("\n") + "\n";
}
