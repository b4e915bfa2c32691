// The trace header "go 1.N trace\0\0\0", read exactly as Go's version.ReadHeader does:
// fmt.Fscanf over UTF-8 runes with the format "go 1.%d trace\x00\x00\x00". That makes Go
// lenient in ways real writers never use, and `go tool trace -d=wire` output depends on
// them: runs of Unicode spaces where the format has a space, spaces and leading zeros
// before the number, any N that fits a uint32.

import { decodeRune, runeLen } from "../util/utf8.ts";
import { specsForVersion } from "./v2_specs.ts";

export interface TraceHeader {
  /** The N of "go 1.N trace". */
  version: number;
  /** Offset of the first byte after the header. */
  end: number;
}

export interface HeaderError {
  /** Go's error text. */
  message: string;
  offset: number;
}

const BAD_FORMAT = "bad file format: not a Go execution trace?";
const EOF = -1;
const NEWLINE = 0x0a;

/**
 * Parses the header at the start of bytes. Versions are accepted when Go accepts them
 * (11, 19, 21: v1; 22, 23, 25, 26: v2), with Go's error text otherwise.
 */
export function readTraceHeader(bytes: Uint8Array): TraceHeader | HeaderError {
  const s = new RuneScanner(bytes);
  const version = s.literal("go") && s.space() && s.literal("1.") && s.skipSpace()
    ? s.uint32()
    : -1;
  if (version < 0 || !s.space() || !s.literal("trace\0\0\0")) {
    return { message: BAD_FORMAT, offset: 0 };
  }
  if (specsForVersion(version) === undefined) {
    return { message: `unknown or unsupported trace version go 1.${version}`, offset: 0 };
  }
  return { version, end: s.pos };
}

/** Tells a HeaderError from a successful result (a TraceHeader or a reader). */
export function isHeaderError<T extends object>(h: T | HeaderError): h is HeaderError {
  return "message" in h;
}

// The pieces of fmt's scanner the header format needs; each returns false on mismatch.
class RuneScanner {
  pos = 0;
  #last = 0; // byte length of the rune last read, for unread()

  constructor(readonly bytes: Uint8Array) {}

  // Like bufio.Reader.ReadRune: an invalid byte reads as U+FFFD of length 1.
  read(): number {
    if (this.pos >= this.bytes.length) {
      this.#last = 0;
      return EOF;
    }
    const r = decodeRune(this.bytes, this.pos);
    this.#last = r < 0 ? 1 : runeLen(r);
    this.pos += this.#last;
    return r < 0 ? 0xfffd : r;
  }

  unread(): void {
    this.pos -= this.#last;
    this.#last = 0;
  }

  literal(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      if (this.read() !== text.charCodeAt(i)) return false;
    }
    return true;
  }

  // A space in the format: at least one non-newline space, or end of input.
  space(): boolean {
    let r = this.read();
    if (r === EOF) return true;
    if (!isSpace(r) || r === NEWLINE) return false;
    while (isSpace(r) && r !== NEWLINE) r = this.read();
    if (r !== EOF) this.unread();
    return true;
  }

  // fmt's SkipSpace before a verb: newlines (also "\r\n") are an error.
  skipSpace(): boolean {
    for (;;) {
      const r = this.read();
      if (r === EOF) return true;
      if (r === NEWLINE) return false;
      if (!isSpace(r)) {
        this.unread();
        return true;
      }
    }
  }

  // %d into a uint32: one or more ASCII digits; -1 if none or if the value overflows.
  uint32(): number {
    let value = 0, digits = 0;
    for (let r = this.read(); r >= 0x30 && r <= 0x39; r = this.read()) {
      value = Math.min(value * 10 + (r - 0x30), 2 ** 32); // saturate: past 2^32-1 fails
      digits++;
    }
    this.unread();
    return digits === 0 || value > 0xffffffff ? -1 : value;
  }
}

// fmt's isSpace: the Unicode White_Space ranges below U+10000.
function isSpace(r: number): boolean {
  return (r >= 0x09 && r <= 0x0d) || r === 0x20 || r === 0x85 || r === 0xa0 ||
    r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 ||
    r === 0x202f || r === 0x205f || r === 0x3000;
}
