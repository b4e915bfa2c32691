// -range=START:END: which generations of a Go 1.22+ trace to open. START and END are
// times since the trace's start in Go's duration syntax ("2s", "1.5s", "300ms") or
// generation numbers (1 is the file's first generation), either may be left out
// (":10s", "5:"). A generation is opened when its span overlaps the range. No Deno APIs.

import { parseDuration } from "../util/go_duration.ts";
import { generationEndNs, type GenerationSpan, generationStartNs } from "./generations.ts";

export interface RangeSpec {
  /** "time": ns since the trace's start; "gen": 1-based generation numbers, inclusive. */
  unit: "time" | "gen";
  start?: number;
  end?: number;
  /** As given, for messages. */
  text: string;
}

/** Parses a -range value; a string is the error. */
export function parseRange(text: string): RangeSpec | string {
  const m = /^([^:]*):([^:]*)$/.exec(text);
  if (!m) {
    return `invalid -range=${text}: want START:END (times such as 2s:5s, or generations such as 3:7)`;
  }
  const [a, b] = [m[1].trim(), m[2].trim()];
  if (a === "" && b === "") return `invalid -range=${text}: give a start, an end or both`;
  const isGen = (s: string) => /^\d+$/.test(s);
  const gens = [a, b].filter((s) => s !== "");
  if (gens.every(isGen)) {
    const start = a === "" ? undefined : Number(a);
    const end = b === "" ? undefined : Number(b);
    if (start === 0 || end === 0) return `invalid -range=${text}: generations count from 1`;
    if (start !== undefined && end !== undefined && end < start) {
      return `invalid -range=${text}: the end comes before the start`;
    }
    return { unit: "gen", start, end, text };
  }
  try {
    const start = a === "" ? undefined : parseDuration(a);
    const end = b === "" ? undefined : parseDuration(b);
    if ((start ?? 0) < 0 || (end ?? 0) < 0) return `invalid -range=${text}: times are not negative`;
    if (start !== undefined && end !== undefined && end < start) {
      return `invalid -range=${text}: the end comes before the start`;
    }
    return { unit: "time", start, end, text };
  } catch (e) {
    return `invalid -range=${text}: ${
      (e as Error).message
    } (times such as 2s, or generation numbers)`;
  }
}

/** The generations [from, to) the range selects, or an error naming what the trace has. */
export function selectGenerations(
  spans: GenerationSpan[],
  spec: RangeSpec,
): { from: number; to: number } | string {
  const n = spans.length;
  if (n === 0) return `-range=${spec.text} selects nothing: the trace has no complete generation`;
  if (spec.unit === "gen") {
    const from = (spec.start ?? 1) - 1;
    const to = Math.min(spec.end ?? n, n);
    if (from >= n) return `-range=${spec.text} selects nothing: the trace has ${n} generations`;
    return { from, to };
  }
  const starts = spans.map((_, k) => generationStartNs(spans, k));
  const t0 = spec.start ?? 0, t1 = spec.end ?? Infinity;
  let from = -1, to = -1;
  for (let k = 0; k < n; k++) {
    // A generation is [start, next start); the last one's end is its latest batch.
    const s = starts[k], e = generationEndNs(spans, k);
    if (s <= t1 && (e > t0 || (k === n - 1 && e >= t0))) {
      if (from < 0) from = k;
      to = k + 1;
    }
  }
  if (from < 0) {
    return `-range=${spec.text} selects nothing: the trace's ${n} generations span 0s to ${
      (generationEndNs(spans, n - 1) / 1e9).toFixed(3)
    }s`;
  }
  return { from, to };
}
