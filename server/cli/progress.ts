// Parsing progress on the terminal: one line redrawn in place with a bar, bytes, rate
// and time left. When stderr is not a terminal, Go's log lines every 5 s instead
// (startup_log.ts), so logs and scripts see what `go tool trace` prints.

import { byteCount, type LogFn, progressReporter } from "../http/startup_log.ts";

const WIDTH = 30;

/** The bar's text for done of total bytes after `seconds`. */
export function progressBarText(done: number, total: number, seconds: number): string {
  const frac = total > 0 ? Math.min(done / total, 1) : 1;
  const fill = Math.round(frac * WIDTH);
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? (total - done) / rate : 0;
  const eta = frac >= 1 ? "done" : rate > 0 ? `${left.toFixed(left < 10 ? 1 : 0)}s left` : "";
  return `[${"#".repeat(fill)}${".".repeat(WIDTH - fill)}] ${byteCount(done)} of ${
    byteCount(total)
  } (${(frac * 100).toFixed(1)}%), ${byteCount(Math.round(rate))}/s, ${eta}`;
}

/**
 * An onProgress callback: a bar redrawn at most 10 times a second on a terminal, Go's
 * 5-second lines otherwise. `finish` ends the bar's line.
 */
export function parseProgress(
  log: LogFn,
  terminal = Deno.stderr.isTerminal(),
): { onProgress: (done: number, total: number) => void; finish: () => void } {
  if (!terminal) return { onProgress: progressReporter(log), finish: () => {} };
  const enc = new TextEncoder();
  const start = performance.now();
  let last = 0, drawn = false;
  const draw = (done: number, total: number) => {
    const text = progressBarText(done, total, (performance.now() - start) / 1000);
    Deno.stderr.writeSync(enc.encode(`\r${text}\x1b[K`));
    drawn = true;
  };
  let lastTotal = 0;
  return {
    onProgress(done, total) {
      lastTotal = total;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (!drawn) return;
      draw(lastTotal, lastTotal);
      Deno.stderr.writeSync(enc.encode("\n"));
    },
  };
}
