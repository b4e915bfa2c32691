// Go's txtar archive format (internal/txtar, golang.org/x/tools/txtar): an optional
// comment, then files each introduced by a line "-- NAME --". Parsed as bytes, because
// file contents need not be UTF-8.

import { asBytes, trimSpace } from "./go_runes.ts";

export interface TxtarFile {
  name: string;
  data: Uint8Array;
}

export interface TxtarArchive {
  comment: Uint8Array;
  files: TxtarFile[];
}

const NEWLINE = 0x0a;
const MARKER = new TextEncoder().encode("-- ");
const MARKER_END = new TextEncoder().encode(" --");
const decoder = new TextDecoder();

/**
 * Parses an archive like Go's txtar.Parse. It never fails: text that is not a marker is
 * content, and the last section (comment or file) gains a final newline if it lacks one.
 */
export function parseTxtar(input: Uint8Array | string): TxtarArchive {
  let data = asBytes(input);
  let section = findFileMarker(data);
  const archive: TxtarArchive = { comment: section.before, files: [] };
  while (section.name !== "") {
    const name = section.name;
    data = section.after;
    section = findFileMarker(data);
    archive.files.push({ name, data: section.before });
  }
  return archive;
}

/** Looks up a file by name; txtar allows duplicates, and like Go we take the first. */
export function txtarFile(archive: TxtarArchive, name: string): Uint8Array | undefined {
  return archive.files.find((f) => f.name === name)?.data;
}

interface Section {
  before: Uint8Array;
  name: string;
  after: Uint8Array;
}

// Finds the first marker line at the start of data or after a newline.
function findFileMarker(data: Uint8Array): Section {
  let i = 0;
  for (;;) {
    const marker = isMarker(data.subarray(i));
    if (marker) return { before: data.subarray(0, i), ...marker };
    const nl = indexOfMarkerAfterNewline(data, i);
    if (nl < 0) return { before: fixNewline(data), name: "", after: new Uint8Array() };
    i = nl + 1;
  }
}

// Index of the next "\n-- " at or after `from`, or -1.
function indexOfMarkerAfterNewline(data: Uint8Array, from: number): number {
  for (let j = data.indexOf(NEWLINE, from); j >= 0; j = data.indexOf(NEWLINE, j + 1)) {
    if (startsWith(data.subarray(j + 1), MARKER)) return j;
  }
  return -1;
}

// A marker line is "-- NAME --" with a non-empty trimmed NAME; a trailing '\r' spoils it.
function isMarker(data: Uint8Array): { name: string; after: Uint8Array } | undefined {
  if (!startsWith(data, MARKER)) return undefined;
  let line = data, after: Uint8Array = new Uint8Array();
  const nl = data.indexOf(NEWLINE);
  if (nl >= 0) [line, after] = [data.subarray(0, nl), data.subarray(nl + 1)];
  if (line.length < MARKER.length + MARKER_END.length || !endsWith(line, MARKER_END)) {
    return undefined;
  }
  const name = decoder.decode(
    trimSpace(line.subarray(MARKER.length, line.length - MARKER_END.length)),
  );
  return name === "" ? undefined : { name, after };
}

function fixNewline(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data[data.length - 1] === NEWLINE) return data;
  const fixed = new Uint8Array(data.length + 1);
  fixed.set(data);
  fixed[data.length] = NEWLINE;
  return fixed;
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  return data.length >= prefix.length && prefix.every((c, k) => data[k] === c);
}

function endsWith(data: Uint8Array, suffix: Uint8Array): boolean {
  const off = data.length - suffix.length;
  return off >= 0 && suffix.every((c, k) => data[off + k] === c);
}
