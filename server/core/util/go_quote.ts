// Go's strconv.Quote, byte for byte: `go tool trace` prints trace strings this way, and our
// debug output must match it exactly.

import { goIsPrint } from "./go_isprint.ts";
import { decodeRune, runeLen } from "./utf8.ts";

const HEX = "0123456789abcdef";

/** Quotes a byte string exactly as Go's strconv.Quote(string(bytes)) does. */
export function goQuote(bytes: Uint8Array): string {
  let out = '"';
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    // Copy runs of printable ASCII in one go; they are the common case.
    const start = i;
    while (i < n && isPlainAscii(bytes[i])) i++;
    if (i > start) out += latin1(bytes, start, i);
    if (i >= n) break;
    const r = decodeRune(bytes, i);
    if (r < 0) {
      out += "\\x" + HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
      i++;
    } else {
      out += escapeRune(r);
      i += runeLen(r);
    }
  }
  return out + '"';
}

/**
 * Quotes a JS string as Go would quote its UTF-8 encoding. Lone surrogates are taken as
 * U+FFFD, which is what TextEncoder turns them into.
 */
export function goQuoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    out += isPlainAscii(r) ? ch : escapeRune(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r);
  }
  return out + '"';
}

// Printable ASCII other than the two characters Quote always backslashes.
function isPlainAscii(b: number): boolean {
  return b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let k = start; k < end; k += 4096) {
    s += String.fromCharCode(...bytes.subarray(k, Math.min(end, k + 4096)));
  }
  return s;
}

// Escapes one valid rune (never a surrogate) the way strconv.appendEscapedRune does.
function escapeRune(r: number): string {
  switch (r) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
  }
  if (goIsPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return "\\x" + HEX[r >> 4] + HEX[r & 15];
  if (r < 0x10000) return "\\u" + r.toString(16).padStart(4, "0");
  return "\\U" + r.toString(16).padStart(8, "0");
}
