// Reads a trace file straight into the decoder's memory and parses it, so the file is
// held once (in the decoder), not twice. Big traces get a copier thread.

import { type ParseOptions, parseTraceInto, type Trace } from "../core/trace/trace.ts";
import { copierAvailable, CopierParser } from "../core/trace/copier.ts";
import { isHeaderError, readTraceHeader } from "../core/trace/header.ts";

/**
 * Traces from this size on are parsed with a copier thread (server/core/trace/copier.ts):
 * below it the worker's start-up (~30 ms) costs more than the page faults it moves.
 */
export const COPIER_MIN_BYTES = 8 << 20;

/**
 * A decoder with a copier thread for a trace of `size` bytes starting with `head`, if
 * worth it and possible: only Go 1.22+ traces hand rows over (see asm/src/parser.ts).
 */
export async function copierFor(
  size: number,
  head: Uint8Array,
): Promise<CopierParser | undefined> {
  if (size < COPIER_MIN_BYTES || !copierAvailable()) return undefined;
  const header = readTraceHeader(head);
  if (isHeaderError(header) || header.version < 22) return undefined;
  try {
    return await CopierParser.create();
  } catch {
    return undefined; // no workers or shared memory here: the plain decoder does it all
  }
}

/** `threads: false` keeps the whole parse on this thread (the benchmark compares both). */
export async function parseTraceFile(
  path: string,
  opts: ParseOptions & { threads?: boolean } = {},
): Promise<Trace> {
  using file = await Deno.open(path);
  const { size } = await file.stat();
  let copier = opts.copier;
  if (!copier && opts.threads !== false) {
    const head = new Uint8Array(64); // the header says whether it is a Go 1.22+ trace
    const n = await file.read(head) ?? 0;
    await file.seek(0, Deno.SeekMode.Start);
    copier = await copierFor(size, head.subarray(0, n));
  }
  // Await here: `using` closes the file when this function returns.
  return await parseTraceInto(size, async (dst) => {
    let off = 0;
    while (off < dst.length) {
      const n = await file.read(dst.subarray(off));
      if (n === null) break;
      off += n;
    }
  }, { ...opts, copier });
}
