// What `go tool trace` prints while it starts: log lines with Go's log timestamp,
// progress every 5 seconds of parsing, and the warning for a trace whose tail was lost.

import { byteCount } from "../core/util/byte_count.ts";
import { formatFixed } from "../core/util/go_float.ts";
import type { Trace } from "../core/trace/trace.ts";

export { byteCount };

/** Go's log.Print prefix: "2006/01/02 15:04:05 " in local time. */
export function logPrefix(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  }:${p(d.getSeconds())} `;
}

export type LogFn = (line: string) => void;

/** A logger writing Go-style timestamped lines to stderr. */
export const stderrLog: LogFn = (line) => console.error(logPrefix() + line);

/** Go's progress line: "12.0 MiB of 150.0 MiB (8.0%) processed...". */
export function progressLine(done: number, total: number): string {
  const pct = total > 0 ? done / total * 100 : 0;
  return `${byteCount(done)} of ${byteCount(total)} (${formatFixed(pct, 1)}%) processed...`;
}

/**
 * An onProgress callback that logs at most every `intervalMs` (Go ticks every 5 s; the
 * decoder calls back between steps, so the check happens there).
 */
export function progressReporter(
  log: LogFn,
  intervalMs = 5000,
  now: () => number = () => performance.now(),
): (done: number, total: number) => void {
  let next = now() + intervalMs;
  return (done, total) => {
    const t = now();
    if (t < next) return;
    next = t + intervalMs;
    log(progressLine(done, total));
  };
}

/** Go's two lines for a partial trace, or none when the whole trace was read. */
export function partialTraceLines(t: Trace): string[] {
  if (!t.error) return [];
  const lost = t.size - t.validBytes;
  const pct = t.size > 0 ? lost / t.size * 100 : 0;
  return [
    `Encountered error, but able to proceed. Error: ${t.error.goMessage}`,
    `Lost ${formatFixed(pct, 2)}% of the latest trace data due to error (${byteCount(lost)} of ${
      byteCount(t.size)
    })`,
  ];
}
