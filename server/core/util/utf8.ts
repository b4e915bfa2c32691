// UTF-8 decoding with Go's rules (unicode/utf8), for code that must treat invalid bytes
// exactly as Go does.

/**
 * Decodes the UTF-8 rune at bytes[i] with the rules of Go's utf8.DecodeRune: overlong
 * forms, surrogates, values above U+10FFFF and truncated sequences are invalid. Returns the
 * code point, or -1 when invalid (Go's RuneError of width 1).
 */
export function decodeRune(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return b0;
  // Allowed range of the second byte depends on the first (this is what rules out
  // overlong forms, surrogates and values past U+10FFFF).
  let lo = 0x80, hi = 0xbf, size: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) size = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  } else return -1;
  if (i + size > bytes.length) return -1;
  const b1 = bytes[i + 1];
  if (b1 < lo || b1 > hi) return -1;
  if (size === 2) return ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  const b2 = bytes[i + 2];
  if (b2 < 0x80 || b2 > 0xbf) return -1;
  if (size === 3) return ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  const b3 = bytes[i + 3];
  if (b3 < 0x80 || b3 > 0xbf) return -1;
  return ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
}

/** Length in bytes of the UTF-8 encoding of a valid code point. */
export function runeLen(r: number): number {
  return r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
}

// Go prints strings with %s as raw bytes, even when they are not valid UTF-8 (function
// and file names in stacks can be anything). JavaScript strings cannot hold raw bytes,
// so we carry each invalid byte b as the lone surrogate U+DC00+b (which valid text never
// contains) and turn it back into the byte when writing output.

/** Decodes bytes as Go reads them: invalid bytes become escape surrogates. */
export function decodeEscaped(bytes: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return String.fromCharCode(...bytes);
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const r = decodeRune(bytes, i);
    if (r < 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i++;
    } else {
      out += String.fromCodePoint(r);
      i += runeLen(r);
    }
  }
  return out;
}

const encoder = new TextEncoder();

/** Encodes output text as UTF-8, turning escape surrogates back into their bytes. */
export function encodeEscaped(s: string): Uint8Array {
  if (s.isWellFormed()) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out.push(
          0xf0 | (cp >> 18),
          0x80 | ((cp >> 12) & 63),
          0x80 | ((cp >> 6) & 63),
          0x80 | (cp & 63),
        );
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else if (c >= 0xd800 && c <= 0xdfff) out.push(0xef, 0xbf, 0xbd);
    else if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}
