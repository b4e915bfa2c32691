// -d=parsed|wire|footprint: print the trace as `go tool trace` does and report the exit
// status. Output and error text go to callbacks so tests can run it in-process.

import { streamParsed } from "../core/trace/parsed.ts";
import type { SyncBytes } from "../core/trace/raw_reader.ts";
import { type ByteSource, bytesSource } from "../core/trace/source.ts";
import { printWire } from "../core/trace/wire.ts";
import { printFootprint } from "../core/trace/footprint.ts";
import { TraceError } from "../core/trace/error.ts";

export const DEBUG_MODES = ["parsed", "wire", "footprint"];

/**
 * Runs a debug mode over a trace (bytes, or a file read as it goes: the output streams
 * with flat memory, as Go's does); returns the exit status (0, or 1 after an error).
 */
export async function runDebugMode(
  mode: string,
  input: Uint8Array | (ByteSource & SyncBytes),
  out: (chunk: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const src = input instanceof Uint8Array ? bytesSource(input) : input;
  switch (mode) {
    case "parsed": {
      let error;
      try {
        error = await streamParsed(src, out);
      } catch (e) {
        err(errorText(e));
        return 1;
      }
      if (error) {
        err(errorText(error));
        return 1;
      }
      return 0;
    }
    case "wire":
    case "footprint": {
      const e = (mode === "wire" ? printWire : printFootprint)(input, out);
      if (e) {
        err(e.offset >= 0 ? `${e.message}\ntraceglass: at byte offset ${e.offset}` : e.message);
        return 1;
      }
      return 0;
    }
  }
  err(`invalid debug mode ${mode}, want one of: parsed, wire, footprint`);
  return 1;
}

/** Go's error text first (scripts match on it), then where in the file it happened. */
export function errorText(e: unknown): string {
  if (e instanceof TraceError) {
    return e.offset >= 0
      ? `${e.goMessage}\ntraceglass: at byte offset ${e.offset} of ${e.size}`
      : e.goMessage;
  }
  return e instanceof Error ? e.message : String(e);
}
