// `go tool trace -d=wire`: every wire event on its own line, formatted as Go's
// raw.Event.String(), byte for byte.

import { goQuote } from "../util/go_quote.ts";
import { isHeaderError } from "./header.ts";
import { openRawReader, type RawReader, type SyncBytes } from "./raw_reader.ts";
import type { V2EventSpec } from "./v2_specs.ts";

/** What `go tool trace` prints on stderr (plus "\n"), and where it went wrong. */
export interface WireError {
  message: string;
  offset: number;
}

const CHUNK = 64 * 1024;
const FRAME_FIELDS = ["pc=", " func=", " file=", " line="];

/**
 * Writes the -d=wire text of a trace to `out` in chunks of about 64 KiB. Returns the error
 * Go would exit with, or null; the text before the error is written either way.
 */
export function printWire(
  bytes: Uint8Array | SyncBytes,
  out: (chunk: string) => void,
  /** Bytes of the file held at a time when streaming from a source (tests). */
  window?: number,
): WireError | null {
  const reader = openRawReader(bytes, window);
  if (isHeaderError(reader)) return reader;
  const prefixes = reader.specs.map(argPrefixes);
  let text = "";
  while (reader.next()) {
    text += formatEvent(reader, reader.specs[reader.type], prefixes[reader.type]);
    if (text.length >= CHUNK) {
      out(text);
      text = "";
    }
  }
  if (text !== "") out(text);
  const err = reader.error;
  return err && { message: err.message, offset: err.offset };
}

// " name=" for each spec argument, built once per spec.
function argPrefixes(spec: V2EventSpec): string[] {
  return spec.args.map((a) => ` ${a}=`);
}

function formatEvent(r: RawReader, spec: V2EventSpec, prefixes: string[]): string {
  let line = spec.name;
  const nspec = prefixes.length;
  for (let i = 0; i < nspec; i++) line += prefixes[i] + r.args[i];
  for (let i = nspec; i < r.nargs; i++) {
    const field = (i - nspec) % 4;
    line += (field === 0 ? "\n\t" : "") + FRAME_FIELDS[field] + r.args[i];
  }
  if (r.data !== null) line += "\n\tdata=" + goQuote(r.data);
  return line + "\n";
}
