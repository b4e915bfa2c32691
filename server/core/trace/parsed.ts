// `go tool trace -d=parsed`, streamed: each generation is printed as the decoder hands it
// out, so memory stays flat whatever the trace's size, and the events before an error
// are printed before it, as Go does. No Deno APIs.

import { Decoder } from "./decoder.ts";
import { ChunkedText, EventPrinter } from "./event_string.ts";
import type { TraceError } from "./error.ts";
import type { ByteSource } from "./source.ts";

/**
 * Prints every event of the trace in `src` to `out`; resolves with the error that ended
 * the parse, if any (a bad header is thrown as a TraceError).
 */
export async function streamParsed(
  src: ByteSource,
  out: (chunk: string) => void,
  opts: { windowBytes?: number } = {},
): Promise<TraceError | undefined> {
  const dec = await Decoder.create(src);
  const text = new ChunkedText(out);
  let printer: EventPrinter | undefined;
  const pass = await dec.firstPass((b) => {
    const tables = dec.liveTables();
    printer ??= new EventPrinter(tables, dec.baseTime());
    printer.t = tables; // the tables grow between blocks; ids stay
    for (let j = 0; j < b.count; j++) text.line(printer.format(b, j));
    text.flush();
  }, opts);
  return pass.error;
}
