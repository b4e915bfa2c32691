// Unsigned LEB128 decoding over linear memory, bounded by an end pointer.
// Results go to globals to avoid returning tuples.

/** Value of the last successful read. */
export let varintValue: u64 = 0;
/** Position after the last successful read. */
export let varintNext: usize = 0;

// Outcomes, mirroring Go's encoding/binary: Uvarint returns n == 0 for a short buffer
// and n < 0 for overflow; ReadUvarint reports io.EOF / io.ErrUnexpectedEOF / overflow.
export const VARINT_OK: i32 = 0;
export const VARINT_EOF: i32 = 1; // no byte available
export const VARINT_SHORT: i32 = 2; // ran off the end after at least one byte
export const VARINT_OVERFLOW: i32 = 3; // more than 10 bytes, or 10th byte > 1

/** Reads a uvarint at p (p < end); stores the value and next position in globals. */
// @inline
export function readUvarint(p: usize, end: usize): i32 {
  let x: u64 = 0;
  let s: u64 = 0;
  for (let i = 0; i < 10; i++) {
    if (p >= end) return i == 0 ? VARINT_EOF : VARINT_SHORT;
    const b = <u64> load<u8>(p);
    p++;
    if (b < 0x80) {
      if (i == 9 && b > 1) return VARINT_OVERFLOW;
      varintValue = x | (b << s);
      varintNext = p;
      return VARINT_OK;
    }
    x |= (b & 0x7f) << s;
    s += 7;
  }
  return VARINT_OVERFLOW;
}

/** Go's error text for a failed binary.ReadUvarint. */
export function readUvarintErrorText(code: i32): string {
  if (code == VARINT_EOF) return "EOF";
  if (code == VARINT_SHORT) return "unexpected EOF";
  return "binary: varint overflows a 64-bit integer";
}

/** Skips one uvarint; returns the next position, or 0 on failure. */
// @inline
export function skipUvarint(p: usize, end: usize): usize {
  for (let i = 0; i < 10; i++) {
    if (p >= end) return 0;
    const b = load<u8>(p);
    p++;
    if (b < 0x80) {
      if (i == 9 && b > 1) return 0;
      return p;
    }
  }
  return 0;
}
