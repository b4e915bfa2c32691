// Pieces of Go's encoding/json output, for responses that must match `go tool trace`
// byte for byte: strings (with Go's HTML-safe escaping) and float64s.

export { jsonFloat } from "./go_format_float.ts";

const HEX = "0123456789abcdef";

/**
 * A JSON string as encoding/json writes it: <, > and & as \u003c etc., control
 * characters as \b, \f, \n, \r, \t or \u00XX, U+2028 and U+2029 escaped. (Lone surrogates,
 * which Go would see as invalid UTF-8, become \ufffd.)
 */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) {
      out += "\\u00" + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x2028 || c === 0x2029) out += "\\u202" + HEX[c & 15];
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}
