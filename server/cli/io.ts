// Output helpers for the command line: buffered, synchronous writes of large text.

import { encodeEscaped } from "../core/util/utf8.ts";

/** Writes all of `data` to a Deno writer, looping over partial writes. */
export function writeAllSync(w: { writeSync(p: Uint8Array): number }, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += w.writeSync(data.subarray(off));
}

/** A sink for printers that emit text chunks. */
export function textSink(w: { writeSync(p: Uint8Array): number }): (chunk: string) => void {
  return (chunk) => writeAllSync(w, encodeEscaped(chunk));
}

/** Go's os error text for a failed open, from a Deno error. */
export function goOpenError(path: string, e: unknown): string {
  let reason = e instanceof Error ? e.message : String(e);
  if (e instanceof Deno.errors.NotFound) reason = "no such file or directory";
  else if (e instanceof Deno.errors.PermissionDenied) reason = "permission denied";
  return `open ${path}: ${reason}`;
}
