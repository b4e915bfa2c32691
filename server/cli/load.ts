// Reads a trace file straight into the decoder's memory and parses it, so the file is
// held once (in the decoder), not twice. Big traces get a copier thread.

import { type ParseOptions, parseTraceInto, type Trace } from "../trace/trace.ts";
import { copierAvailable, CopierParser } from "../trace/copier.ts";

/**
 * Traces from this size on are parsed with a copier thread (server/trace/copier.ts):
 * below it the worker's start-up (~30 ms) costs more than the page faults it moves.
 */
export const COPIER_MIN_BYTES = 8 << 20;

/** A decoder with a copier thread for a trace of `size` bytes, if worth it and possible. */
export async function copierFor(size: number): Promise<CopierParser | undefined> {
  if (size < COPIER_MIN_BYTES || !copierAvailable()) return undefined;
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
  const copier = opts.copier ?? (opts.threads === false ? undefined : await copierFor(size));
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
