// Go's strconv.Unquote, producing bytes: Go strings are byte strings, so "\xff" is one
// raw byte rather than a code point. Used for `data=` lines of text traces, fuzz corpus
// files and `expect` patterns.

import { asBytes, decodeRune, RUNE_ERROR } from "./go_runes.ts";

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** Thrown for anything strconv.Unquote rejects (Go's strconv.ErrSyntax). */
export class GoSyntaxError extends Error {
  constructor(literal: Uint8Array) {
    super(`invalid syntax: ${new TextDecoder().decode(literal)}`);
    this.name = "GoSyntaxError";
  }
}

// \a \b \f \n \r \t \v \\, keyed by the byte after the backslash.
const SIMPLE_ESCAPES = new Map<number, number>(
  [..."abfnrtv\\"].map((c, i) => [c.charCodeAt(0), [7, 8, 12, 10, 13, 9, 11, 92][i]]),
);

// \xNN, \uNNNN, \UNNNNNNNN: hex digit counts.
const HEX_DIGITS = new Map<number, number>([[0x78, 2], [0x75, 4], [0x55, 8]]);

/**
 * Unquotes a Go string literal: double-quoted (escapes; raw bytes that are not valid
 * UTF-8 become U+FFFD, as in Go), back-quoted (verbatim minus '\r') or a single-quoted
 * character literal. The whole input must be the literal.
 */
export function unquoteGo(literal: Uint8Array | string): Uint8Array {
  const s = asBytes(literal);
  if (s.length < 2) throw new GoSyntaxError(s);
  const quote = s[0];
  if (quote === 0x60) return unquoteRaw(s);
  if (quote !== 0x22 && quote !== 0x27) throw new GoSyntaxError(s);
  return unquoteEscaped(s, quote);
}

// `...`: everything up to the first back quote, which must end the input.
function unquoteRaw(s: Uint8Array): Uint8Array {
  const end = s.indexOf(0x60, 1);
  if (end !== s.length - 1) throw new GoSyntaxError(s);
  return s.subarray(1, end).filter((c) => c !== 0x0d);
}

function unquoteEscaped(s: Uint8Array, quote: number): Uint8Array {
  const out: number[] = [];
  let i = 1;
  while (i < s.length && s[i] !== quote) {
    if (s[i] === NEWLINE) throw new GoSyntaxError(s);
    i = unquoteChar(s, i, quote, out);
    if (quote === 0x27) break; // a character literal holds exactly one character
  }
  if (i !== s.length - 1 || s[i] !== quote) throw new GoSyntaxError(s);
  return new Uint8Array(out);
}

// Go's strconv.UnquoteChar: appends the bytes of the character at s[i] and returns the
// index after it.
function unquoteChar(s: Uint8Array, i: number, quote: number, out: number[]): number {
  const c = s[i];
  if (c >= 0x80) {
    const [r, width] = decodeRune(s, i);
    appendRune(out, r); // an invalid byte becomes U+FFFD
    return i + width;
  }
  if (c !== BACKSLASH) {
    out.push(c);
    return i + 1;
  }
  if (i + 1 >= s.length) throw new GoSyntaxError(s);
  const e = s[i + 1];
  i += 2;
  const simple = SIMPLE_ESCAPES.get(e);
  if (simple !== undefined) {
    out.push(simple);
    return i;
  }
  const hexLen = HEX_DIGITS.get(e);
  if (hexLen !== undefined) {
    let v = 0;
    for (let k = 0; k < hexLen; k++) {
      const d = i + k < s.length ? hexValue(s[i + k]) : -1;
      if (d < 0) throw new GoSyntaxError(s);
      v = v * 16 + d;
    }
    if (hexLen === 2) out.push(v); // \xNN is a raw byte, possibly not UTF-8
    else if (isValidRune(v)) appendRune(out, v);
    else throw new GoSyntaxError(s);
    return i + hexLen;
  }
  if (e >= 0x30 && e <= 0x37) {
    let v = e - 0x30;
    for (let k = 0; k < 2; k++) {
      const d = i + k < s.length ? s[i + k] - 0x30 : -1;
      if (d < 0 || d > 7) throw new GoSyntaxError(s);
      v = v * 8 + d;
    }
    if (v > 255) throw new GoSyntaxError(s);
    out.push(v);
    return i + 2;
  }
  // \' only inside '...' and \" only inside "...".
  if ((e === 0x27 || e === 0x22) && e === quote) {
    out.push(e);
    return i;
  }
  throw new GoSyntaxError(s);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function isValidRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= 0x10ffff);
}

function appendRune(out: number[], r: number): void {
  if (!isValidRune(r)) r = RUNE_ERROR;
  if (r < 0x80) out.push(r);
  else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) {
    out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  } else {
    out.push(
      0xf0 | (r >> 18),
      0x80 | ((r >> 12) & 0x3f),
      0x80 | ((r >> 6) & 0x3f),
      0x80 | (r & 0x3f),
    );
  }
}
