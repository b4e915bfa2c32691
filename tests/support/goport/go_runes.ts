// Go's view of text as UTF-8 bytes: rune decoding (invalid bytes decode one at a time to
// U+FFFD), unicode.IsSpace and bytes.TrimSpace. Our parsers work on bytes so that
// arbitrary (even invalid UTF-8) input is handled the way Go handles it.

export const RUNE_ERROR = 0xfffd;

/** Decodes the rune at `i` as Go's utf8.DecodeRune: [rune, byte width]. */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i];
  if (c0 < 0x80) return [c0, 1];
  // [width, min code point] by lead byte; continuation ranges tightened below.
  let width: number, min: number;
  if (c0 >= 0xc2 && c0 <= 0xdf) [width, min] = [2, 0x80];
  else if (c0 >= 0xe0 && c0 <= 0xef) [width, min] = [3, 0x800];
  else if (c0 >= 0xf0 && c0 <= 0xf4) [width, min] = [4, 0x10000];
  else return [RUNE_ERROR, 1];
  if (i + width > b.length) return [RUNE_ERROR, 1];
  let r = c0 & (0xff >> (width + 1));
  for (let k = 1; k < width; k++) {
    const c = b[i + k];
    if ((c & 0xc0) !== 0x80) return [RUNE_ERROR, 1];
    r = (r << 6) | (c & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid, one byte at a time.
  if (r < min || (r >= 0xd800 && r <= 0xdfff) || r > 0x10ffff) return [RUNE_ERROR, 1];
  return [r, width];
}

/** Go's unicode.IsSpace. */
export function isGoSpace(r: number): boolean {
  if (r <= 0xff) {
    return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  }
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 ||
    r === 0x202f || r === 0x205f || r === 0x3000;
}

/** Go's bytes.TrimSpace: strips leading and trailing Unicode white space. */
export function trimSpace(b: Uint8Array): Uint8Array {
  let start = 0;
  while (start < b.length) {
    const [r, w] = decodeRune(b, start);
    if (!isGoSpace(r)) break;
    start += w;
  }
  let end = b.length;
  while (end > start) {
    const [r, w] = decodeLastRune(b, start, end);
    if (!isGoSpace(r)) break;
    end -= w;
  }
  return b.subarray(start, end);
}

// Go's utf8.DecodeLastRune over b[start:end]: back up to a plausible lead byte, then
// decode forward; if that doesn't end exactly at `end` the last byte stands alone.
function decodeLastRune(b: Uint8Array, start: number, end: number): [number, number] {
  const last = b[end - 1];
  if (last < 0x80) return [last, 1];
  let i = end - 1;
  const lim = Math.max(start, end - 4);
  while (i > lim && (b[i] & 0xc0) === 0x80) i--;
  const [r, w] = decodeRune(b.subarray(0, end), i);
  return i + w === end ? [r, w] : [RUNE_ERROR, 1];
}

const utf8 = new TextEncoder();

/** Text as bytes: strings are UTF-8 encoded, byte arrays used as they are. */
export function asBytes(input: Uint8Array | string): Uint8Array {
  return typeof input === "string" ? utf8.encode(input) : input;
}
