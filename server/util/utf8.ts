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
