// Reads a trace file straight into the decoder's memory and parses it, so the file is
// held once (in the decoder), not twice.

import { type ParseOptions, parseTraceInto, type Trace } from "../trace/trace.ts";

export async function parseTraceFile(path: string, opts: ParseOptions = {}): Promise<Trace> {
  using file = await Deno.open(path);
  const { size } = await file.stat();
  // Await here: `using` closes the file when this function returns.
  return await parseTraceInto(size, async (dst) => {
    let off = 0;
    while (off < dst.length) {
      const n = await file.read(dst.subarray(off));
      if (n === null) break;
      off += n;
    }
  }, opts);
}
