import { encodeEscaped } from "../../server/core/util/utf8.ts";
// Byte-for-byte comparison of one of our `-d=` printers with `go tool trace -d=<mode>`:
// stdout bytes, stderr text (or its first line) and exit status, over a list of traces.

import assert from "node:assert/strict";
import { goToolTrace, type RunResult } from "./go_oracle.ts";
import { runDebugMode } from "../../server/cli/debug_mode.ts";
import type { TraceCase } from "./trace_corpus.ts";

/** Our printer's shape: output in chunks, Go's error (for stderr) or null. */
export type DebugPrinter = (
  bytes: Uint8Array,
  out: (chunk: string) => void,
) => { message: string } | null;

/** What `go tool trace` would show for our printer: Go's logAndDie prints "err\n", exit 1. */
export function runPrinter(print: DebugPrinter, bytes: Uint8Array): RunResult {
  const chunks: string[] = [];
  const err = print(bytes, (c) => chunks.push(c));
  return {
    stdout: encodeEscaped(chunks.join("")),
    stderr: err ? `${err.message}\n` : "",
    code: err ? 1 : 0,
  };
}

export interface DiffReport {
  identical: string[];
  /** One description per case that differs. */
  differing: string[];
}

/** Runs Go and our printer on every case (files written to `dir`) and compares. */
export function diffWithGoTool(
  mode: string,
  print: DebugPrinter,
  cases: TraceCase[],
  dir: string,
): Promise<DiffReport> {
  return diffRunWithGoTool(mode, (bytes) => runPrinter(print, bytes), cases, dir);
}

export interface DiffOptions {
  /** `go tool trace` processes at a time. */
  concurrency?: number;
  /**
   * Compare only the first stderr line: Go's message. Our later lines add the byte
   * offset, and Go's may add a dump (e.g. the frontier after "failed to advance").
   */
  firstStderrLine?: boolean;
}

/** Runs Go and `ours` on every case (files written to `dir`) and compares. */
export async function diffRunWithGoTool(
  mode: string,
  ours: (bytes: Uint8Array) => RunResult | Promise<RunResult>,
  cases: TraceCase[],
  dir: string,
  opts: DiffOptions = {},
): Promise<DiffReport> {
  const report: DiffReport = { identical: [], differing: [] };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i];
      const path = `${dir}/${mode}-${i}.trace`;
      await Deno.writeFile(path, c.bytes);
      const want = await goToolTrace([`-d=${mode}`, path]);
      await Deno.remove(path);
      const problem = describeDifference(await ours(c.bytes), want, opts.firstStderrLine ?? false);
      if (problem) report.differing.push(`${c.name}: ${problem}`);
      else report.identical.push(c.name);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 3 }, worker));
  return report;
}

/** Our `-d=<mode>` as the command line runs it, in-process. */
export async function runDebugModeInProcess(mode: string, bytes: Uint8Array): Promise<RunResult> {
  const chunks: string[] = [];
  const lines: string[] = [];
  const code = await runDebugMode(mode, bytes, (c) => chunks.push(c), (l) => lines.push(l));
  return {
    stdout: encodeEscaped(chunks.join("")),
    stderr: lines.map((l) => l + "\n").join(""),
    code,
  };
}

function describeDifference(
  got: RunResult,
  want: RunResult,
  firstStderrLine: boolean,
): string | undefined {
  if (got.code !== want.code) {
    return `exit ${got.code}, Go exit ${want.code} (${firstLine(want.stderr)}; ours: ${
      firstLine(got.stderr)
    })`;
  }
  const [a, b] = firstStderrLine
    ? [firstLine(got.stderr), firstLine(want.stderr)]
    : [got.stderr, want.stderr];
  if (a !== b) return `stderr ${JSON.stringify(a)}, Go ${JSON.stringify(b)}`;
  return describeStdoutDifference(got.stdout, want.stdout);
}

/** The first line of a text, without its newline. */
export function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  return nl < 0 ? text : text.slice(0, nl);
}

function describeStdoutDifference(a: Uint8Array, b: Uint8Array): string | undefined {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  const line = (s: Uint8Array) => {
    const start = i === 0 ? 0 : s.lastIndexOf(0x0a, i - 1) + 1;
    const end = s.indexOf(0x0a, i);
    return JSON.stringify(new TextDecoder().decode(s.subarray(start, end < 0 ? s.length : end)));
  };
  // The lines can look alike once decoded (invalid UTF-8), so name the bytes too.
  const byte = (s: Uint8Array) => i < s.length ? `0x${s[i].toString(16).padStart(2, "0")}` : "end";
  return `stdout differs at byte ${i} (${a.length} vs Go ${b.length} bytes; ${byte(a)} vs Go ${
    byte(b)
  }): ${line(a)} vs Go ${line(b)}`;
}

/**
 * Asserts our printer matches `go tool trace -d=<mode>` on every case (at least one case
 * required) and returns how many were compared.
 */
export async function assertSameAsGoTool(
  mode: string,
  print: DebugPrinter,
  cases: TraceCase[],
): Promise<number> {
  assert.ok(cases.length > 0, "no cases to compare");
  const dir = await Deno.makeTempDir({ prefix: `traceglass-${mode}-` });
  try {
    const report = await diffWithGoTool(mode, print, cases, dir);
    assert.deepEqual(report.differing, [], `-d=${mode} differs from go tool trace`);
    return report.identical.length;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
