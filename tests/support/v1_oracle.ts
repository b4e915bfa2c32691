// Comparing our `-d=parsed` with Go's on v1 traces, where Go itself is not deterministic:
// its v1 reader merges the per-P streams in map order (events with equal timestamps on
// different Ps) and makes up GoStatus events for the goroutines of the initial state in
// map order too. So: if our output equals any of several Go runs, byte for byte, that is
// a match. If Go's runs differ from each other, the trace is compared as a multiset of
// events with the `Time=` values left out (Go's +1 ns bumps follow its own order). Only
// if every Go run agrees and ours differs is it a difference.

import { goToolTrace, type RunResult } from "./go_oracle.ts";
import { firstLine, runDebugModeInProcess } from "./debug_diff.ts";
import type { TraceCase } from "./trace_corpus.ts";

export type V1Verdict =
  | { kind: "identical"; goRuns: number }
  | { kind: "multiset"; goRuns: number }
  | { kind: "different"; goRuns: number; problem: string };

/**
 * Go runs at most, per trace, before a difference counts. Runs stop at the first one
 * equal to ours, so this only costs time on a real difference. It must be large: on
 * Go's http_1_19_good two orders come out about half the time each, and 6 runs all
 * giving the order that is not ours happened in CI (p ≈ 1/100); 30 makes it ≈ 1e-9.
 */
export const MAX_GO_RUNS = 30;

/** The events of a -d=parsed output: each "M=…" line with the stack lines under it. */
export function parsedEvents(stdout: Uint8Array): string[] {
  const text = new TextDecoder("latin1").decode(stdout); // bytes kept one to one
  const events: string[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith("M=") || events.length === 0) events.push(line);
    else events[events.length - 1] += line;
  }
  return events;
}

/** The events with their times left out, sorted: equal for the same multiset. */
export function eventMultiset(stdout: Uint8Array): string[] {
  return parsedEvents(stdout).map((e) => e.replace(/ Time=-?\d+/, "")).sort();
}

const isPanic = (r: RunResult) => r.code === 2 && r.stderr.startsWith("panic: ");

/**
 * Whether our run has the same outcome as Go's, given how stdouts compare. Where Go
 * panics (it does not check v1 string and stack ids before printing) we must fail with
 * an error instead, after the same output.
 */
function sameOutcome(ours: RunResult, go: RunResult, sameStdout: boolean): string | undefined {
  if (isPanic(go)) {
    if (ours.code !== 1) return `Go panicked (${firstLine(go.stderr)}), ours exit ${ours.code}`;
  } else if (ours.code !== go.code) {
    return `exit ${ours.code}, Go exit ${go.code} (${firstLine(go.stderr)}; ours: ${
      firstLine(ours.stderr)
    })`;
  } else if (firstLine(ours.stderr) !== firstLine(go.stderr)) {
    return `stderr ${JSON.stringify(firstLine(ours.stderr))}, Go ${
      JSON.stringify(firstLine(go.stderr))
    }`;
  }
  return sameStdout ? undefined : "stdout differs";
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Where two outputs first differ, as the two lines there. */
function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const ea = parsedEvents(a), eb = parsedEvents(b);
  let i = 0;
  while (i < ea.length && i < eb.length && ea[i] === eb[i]) i++;
  const show = (e: string[]) => JSON.stringify((e[i] ?? "<end>").split("\n")[0]);
  return `event ${i} (of ${ea.length}, Go ${eb.length}): ${show(ea)} vs Go ${show(eb)}`;
}

/** Compares one trace, writing it to `path` for Go. */
export async function compareV1WithGo(c: TraceCase, path: string): Promise<V1Verdict> {
  const ours = await runDebugModeInProcess("parsed", c.bytes);
  await Deno.writeFile(path, c.bytes);
  try {
    const runs: RunResult[] = [];
    let varies = false;
    while (runs.length < MAX_GO_RUNS) {
      const go = await goToolTrace(["-d=parsed", path]);
      runs.push(go);
      if (!sameOutcome(ours, go, sameBytes(ours.stdout, go.stdout))) {
        return { kind: "identical", goRuns: runs.length };
      }
      varies ||= !sameBytes(go.stdout, runs[0].stdout) || go.code !== runs[0].code;
      // Two runs that differ prove the trace is one Go orders at random.
      if (varies) break;
    }
    const go = runs[0];
    if (varies) {
      const same = sameList(eventMultiset(ours.stdout), eventMultiset(go.stdout));
      const problem = sameOutcome(ours, go, same);
      if (!problem) return { kind: "multiset", goRuns: runs.length };
      return {
        kind: "different",
        goRuns: runs.length,
        problem: `${problem} even as a multiset of events`,
      };
    }
    const problem = sameOutcome(ours, go, sameBytes(ours.stdout, go.stdout)) ?? "";
    return {
      kind: "different",
      goRuns: runs.length,
      problem: problem === "stdout differs"
        ? `stdout differs at ${firstDifference(ours.stdout, go.stdout)}`
        : problem,
    };
  } finally {
    await Deno.remove(path);
  }
}

/** Results of comparing many traces. */
export interface V1Report {
  identical: string[];
  multiset: string[];
  different: string[];
}

/** Compares every case, `concurrency` at a time, with files in a temp dir. */
export async function compareAllV1WithGo(
  cases: TraceCase[],
  concurrency = 2,
): Promise<V1Report> {
  const report: V1Report = { identical: [], multiset: [], different: [] };
  const dir = await Deno.makeTempDir({ prefix: "traceglass-parsed-v1-" });
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const v = await compareV1WithGo(cases[i], `${dir}/${i}.trace`);
        const name = cases[i].name;
        if (v.kind === "identical") report.identical.push(name);
        else if (v.kind === "multiset") report.multiset.push(name);
        else report.different.push(`${name}: ${v.problem} (${v.goRuns} Go runs)`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return report;
}
