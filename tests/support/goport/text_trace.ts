// Go's raw *text* trace format (the `trace` part of the .test vectors) and its conversion
// to wire bytes, behaving like Go's internal/trace/raw TextReader feeding its Writer
// (what `gotraceraw text2bytes` does): same grammar, same leniency, same error wording.

import {
  eventIdsByName,
  specsForVersion,
  type V2EventSpec,
} from "../../../server/core/trace/v2_specs.ts";
import { asBytes, decodeRune, isGoSpace, trimSpace } from "./go_runes.ts";
import { unquoteGo } from "./go_string.ts";

/** One wire event as Go's raw.Event: stack frames are appended to args, 4 per frame. */
export interface RawEvent {
  type: number;
  args: bigint[];
  /** Present exactly for specs with hasData. */
  data?: Uint8Array;
}

export interface RawTrace {
  /** The N of "Go1.N". */
  version: number;
  events: RawEvent[];
}

export class TextTraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TextTraceError";
  }
}

/** Parses a text trace, failing on the first malformed line as Go's TextReader does. */
export function parseTextTrace(input: Uint8Array | string): RawTrace {
  const lines = new LineScanner(asBytes(input));
  const version = readHeader(lines);
  const specs = specsForVersion(version) ?? [];
  const ids = eventIdsByName(specs);
  const events: RawEvent[] = [];
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    events.push(readEvent(line, lines, specs, ids));
  }
  return { version, events };
}

/** Encodes events as the wire format (Go's raw.Writer): minimal uvarints, no padding. */
export function encodeRawTrace(trace: RawTrace): Uint8Array {
  const specs = specsForVersion(trace.version);
  if (specs === undefined) throw new TextTraceError(`unknown trace version go 1.${trace.version}`);
  const out = new ByteWriter();
  out.bytes(new TextEncoder().encode(`go 1.${trace.version} trace\0\0\0`));
  for (const ev of trace.events) {
    const spec = specs[ev.type];
    out.byte(ev.type);
    // Stack events carry their frames after the spec args; everything else stops there.
    const args = spec.isStack ? ev.args : ev.args.slice(0, spec.args.length);
    for (const arg of args) out.uvarint(arg);
    if (spec.hasData) {
      const data = ev.data ?? new Uint8Array();
      out.uvarint(BigInt(data.length));
      out.bytes(data);
    }
  }
  return out.finish();
}

/** Text trace to wire bytes, as `gotraceraw text2bytes`. */
export function textTraceToBytes(input: Uint8Array | string): Uint8Array {
  return encodeRawTrace(parseTextTrace(input));
}

const FRAME_FIELDS = ["pc", "func", "file", "line"];
const MAX_UINT64 = (1n << 64n) - 1n;
const HASH = 0x23;
const decoder = new TextDecoder();

function readHeader(lines: LineScanner): number {
  const line = lines.next();
  if (line === undefined) throw new TextTraceError("EOF");
  const [trace, afterTrace] = readToken(line);
  if (text(trace) !== "Trace") throw new TextTraceError("failed to parse header");
  const [gover, rest] = readToken(afterTrace);
  const goverText = text(gover);
  if (!goverText.startsWith("Go1.")) {
    throw new TextTraceError("failed to parse header Go version");
  }
  const raw = parseUint(goverText.slice(4));
  if (raw === undefined) {
    throw new TextTraceError(
      `failed to parse header Go version: strconv.ParseUint: parsing ${
        quote(goverText.slice(4))
      }: invalid syntax`,
    );
  }
  // Go stores the version in a uint32, silently dropping the high bits.
  const version = Number(BigInt.asUintN(32, raw));
  if (specsForVersion(version) === undefined) {
    throw new TextTraceError(`unknown or unsupported Go version 1.${version}`);
  }
  if (!allSpace(rest)) {
    throw new TextTraceError(
      `encountered unexpected non-space at the end of the header: ${quote(text(rest))}`,
    );
  }
  return version;
}

function readEvent(
  line: Uint8Array,
  lines: LineScanner,
  specs: readonly V2EventSpec[],
  ids: Map<string, number>,
): RawEvent {
  const [nameToken, rest] = readToken(line);
  const name = text(nameToken);
  const type = ids.get(name);
  if (type === undefined) throw new TextTraceError(`unidentified event: ${name}`);
  const spec = specs[type];
  let args: bigint[];
  try {
    args = readArgs(rest, spec.args);
  } catch (e) {
    throw new TextTraceError(`reading args for ${name}: ${(e as Error).message}`);
  }
  if (spec.isStack) {
    // Go converts nframes to int, so values >= 2^63 become negative: no frame lines.
    const nframes = BigInt.asIntN(64, args[1]);
    for (let i = 0n; i < nframes; i++) {
      const frame = lines.next();
      if (frame === undefined) {
        throw new TextTraceError(`unexpected EOF while reading stack: args=${formatArgs(args)}`);
      }
      args.push(...readArgs(frame, FRAME_FIELDS));
    }
  }
  if (!spec.hasData) return { type, args };
  const dataLine = lines.next();
  if (dataLine === undefined) {
    throw new TextTraceError(
      `unexpected EOF while reading data for ${name}: args=${formatArgs(args)}`,
    );
  }
  return { type, args, data: readData(dataLine) };
}

function readArgs(s: Uint8Array, names: readonly string[]): bigint[] {
  const args: bigint[] = [];
  for (const name of names) {
    const [tok, rest] = readToken(s);
    if (tok.length === 0) throw new TextTraceError("no argument");
    const tokText = text(tok);
    const eq = tokText.indexOf("=");
    if (eq < 0) throw new TextTraceError(`malformed argument: ${quote(tokText)}`);
    const [arg, val] = [tokText.slice(0, eq), tokText.slice(eq + 1)];
    const value = parseUint(val);
    if (value === undefined) {
      throw new TextTraceError(
        `failed to parse argument value ${quote(val)} for arg ${quote(arg)}`,
      );
    }
    if (arg !== name) {
      throw new TextTraceError(`expected argument ${quote(name)}, but got ${quote(arg)}`);
    }
    args.push(value);
    s = rest;
  }
  if (!allSpace(s)) {
    throw new TextTraceError(
      `encountered unexpected non-space at the end of an event: ${quote(text(s))}`,
    );
  }
  return args;
}

// "data=<Go string literal>": the key and the literal are trimmed; the '=' is the first.
function readData(line: Uint8Array): Uint8Array {
  const eq = line.indexOf(0x3d);
  if (eq < 0 || text(trimSpace(line.subarray(0, eq))) !== "data") {
    throw new TextTraceError(`malformed data: ${quote(text(line))}`);
  }
  try {
    return unquoteGo(trimSpace(line.subarray(eq + 1)));
  } catch {
    throw new TextTraceError(`failed to parse data: ${quote(text(line))}: invalid syntax`);
  }
}

// Go's readToken: skips white space; a '#' there makes the rest a comment (empty token);
// the token ends at white space or '#'. Returns [token, rest].
function readToken(s: Uint8Array): [Uint8Array, Uint8Array] {
  const empty = s.subarray(s.length);
  let start = 0;
  for (;;) {
    if (start >= s.length) return [empty, empty];
    const [r, w] = decodeRune(s, start);
    if (r === HASH) return [empty, empty];
    if (!isGoSpace(r)) break;
    start += w;
  }
  let end = start;
  while (end < s.length) {
    const [r, w] = decodeRune(s, end);
    if (r === HASH || isGoSpace(r)) break;
    end += w;
  }
  return [s.subarray(start, end), s.subarray(end)];
}

function allSpace(s: Uint8Array): boolean {
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    if (!isGoSpace(r)) return false;
    i += w;
  }
  return true;
}

// strconv.ParseUint(s, 10, 64): plain decimal digits, no sign or underscores.
function parseUint(s: string): bigint | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v <= MAX_UINT64 ? v : undefined;
}

function text(b: Uint8Array): string {
  return decoder.decode(b);
}

// Close to Go's %q for the ASCII text of error messages.
function quote(s: string): string {
  return JSON.stringify(s);
}

// Go's %v of a []uint64.
function formatArgs(args: bigint[]): string {
  return `[${args.join(" ")}]`;
}

// bufio.Scanner with ScanLines: '\n'-terminated lines minus one trailing '\r'; the last
// line needs no terminator. Blank and comment-only lines are skipped, as Go's nextLine.
class LineScanner {
  // bufio.MaxScanTokenSize: Go's scanner gives up on longer lines.
  static readonly MAX_LINE = 64 * 1024;
  #pos = 0;

  constructor(private readonly src: Uint8Array) {}

  next(): Uint8Array | undefined {
    for (;;) {
      const line = this.#rawLine();
      if (line === undefined) return undefined;
      if (readToken(line)[0].length > 0) return line;
    }
  }

  #rawLine(): Uint8Array | undefined {
    const src = this.src;
    if (this.#pos >= src.length) return undefined;
    let end = src.indexOf(0x0a, this.#pos);
    const next = end < 0 ? src.length : end + 1;
    if (end < 0) end = src.length;
    if (end - this.#pos >= LineScanner.MAX_LINE) {
      throw new TextTraceError("bufio.Scanner: token too long");
    }
    let line = src.subarray(this.#pos, end);
    this.#pos = next;
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
    return line;
  }
}

// Append-only byte buffer.
class ByteWriter {
  #buf = new Uint8Array(4096);
  #len = 0;

  byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  // LEB128, 7 bits per byte, low bits first; as few bytes as the value needs.
  uvarint(v: bigint): void {
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    grown.set(this.#buf.subarray(0, this.#len));
    this.#buf = grown;
  }
}
