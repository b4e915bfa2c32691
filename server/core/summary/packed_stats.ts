// Exec stats rows packed as bytes, for the rows there are tens of millions of: user
// regions (a 1.5 GB trace has ~34 M). A row is written once (when its region ends) and
// read rarely (a region page, a goroutine's page), so it is kept as varints: a flags byte
// for the non-zero fixed fields, those fields, the number of keyed times, and the
// [key, ns] pairs. About 15–20 bytes a row, where columns take 48 plus 12 per keyed time
// (and the growth of both). Values are ns: whole numbers, stored exactly; anything else
// (never seen, but a trace is untrusted) is stored as the raw float. No Deno APIs.

import { newStatsRow, type StatsRow, type StatsRows } from "./exec_stats.ts";

const CHUNK_BITS = 22;
const CHUNK = 1 << CHUNK_BITS; // bytes per chunk: records never span two
const MAX_CHUNKS = 1 << (32 - CHUNK_BITS); // offsets are chunk << CHUNK_BITS | position
const NO_ROW = 0xffffffff;
const SMALL = 2 ** 50; // |v| below this is a whole-number varint

/** Rows of exec stats, each written once, by row index. */
export class PackedStats implements StatsRows {
  #off: Uint32Array;
  #chunks: Uint8Array<ArrayBuffer>[] = [];
  #buf = new Uint8Array(0);
  #pos = CHUNK; // no chunk yet
  // The reader's place (reads and writes may interleave).
  #rb = new Uint8Array(0);
  #rp = 0;
  #f64 = new Float64Array(1);
  #f64Bytes = new Uint8Array(this.#f64.buffer);
  readonly #row: StatsRow = newStatsRow(new Int32Array(16), new Float64Array(16));

  constructor(capacity: number) {
    this.#off = new Uint32Array(Math.max(capacity, 16)).fill(NO_ROW);
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#off.byteLength + this.#chunks.length * CHUNK;
  }

  /** Room for rows [0, n). */
  grow(n: number): void {
    if (n <= this.#off.length) return;
    const off = new Uint32Array(n).fill(NO_ROW);
    off.set(this.#off);
    this.#off = off;
  }

  has(row: number): boolean {
    return row < this.#off.length && this.#off[row] !== NO_ROW;
  }

  /** Writes row `row` (once): a copy of `r`. */
  write(row: number, r: StatsRow): void {
    const { exec, schedWait, syscall, syscallBlock, total, keys, vals, off, len: n } = r;
    // At most 9 bytes a value, 8 a key, 6 for the flags and count.
    const bound = 6 + 5 * 9 + n * 17;
    if (bound > CHUNK) throw new Error(`an exec stats row has too many keyed times (${n})`);
    if (this.#pos + bound > CHUNK) {
      if (this.#chunks.length === MAX_CHUNKS) {
        throw new Error(`too many exec stats rows to hold (${MAX_CHUNKS * CHUNK} bytes)`);
      }
      this.#buf = new Uint8Array(CHUNK);
      this.#chunks.push(this.#buf);
      this.#pos = 0;
    }
    if (row >= this.#off.length) this.grow(Math.max(row + 1, this.#off.length * 2));
    this.#off[row] = ((this.#chunks.length - 1) << CHUNK_BITS | this.#pos) >>> 0;
    const flags = (exec !== 0 ? 1 : 0) | (schedWait !== 0 ? 2 : 0) | (syscall !== 0 ? 4 : 0) |
      (syscallBlock !== 0 ? 8 : 0) | (total !== 0 ? 16 : 0);
    this.#buf[this.#pos++] = flags;
    if (exec !== 0) this.#value(exec);
    if (schedWait !== 0) this.#value(schedWait);
    if (syscall !== 0) this.#value(syscall);
    if (syscallBlock !== 0) this.#value(syscallBlock);
    if (total !== 0) this.#value(total);
    this.#varint(n);
    for (let k = off; k < off + n; k++) {
      const key = keys[k];
      this.#varint(key >= 0 ? key * 2 : -key * 2 - 1);
      this.#value(vals[k]);
    }
  }

  /** Row i (all zero if never written), valid until the next call. */
  at(i: number): StatsRow {
    const r = this.#row;
    const off = i < this.#off.length ? this.#off[i] : NO_ROW;
    r.exec =
      r.schedWait =
      r.syscall =
      r.syscallBlock =
      r.total =
        0;
    r.len = 0;
    if (off === NO_ROW) return r;
    this.#rb = this.#chunks[off >>> CHUNK_BITS];
    this.#rp = off & (CHUNK - 1);
    const flags = this.#rb[this.#rp++];
    if (flags & 1) r.exec = this.#readValue();
    if (flags & 2) r.schedWait = this.#readValue();
    if (flags & 4) r.syscall = this.#readValue();
    if (flags & 8) r.syscallBlock = this.#readValue();
    if (flags & 16) r.total = this.#readValue();
    const n = this.#readVarint();
    if (n > r.keys.length) {
      r.keys = new Int32Array(n * 2);
      r.vals = new Float64Array(n * 2);
    }
    for (let k = 0; k < n; k++) {
      const z = this.#readVarint();
      r.keys[k] = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      r.vals[k] = this.#readValue();
    }
    r.len = n;
    return r;
  }

  // A number: whole ns as a varint (low bit 0, sign in bit 1), else 1 and the raw float.
  #value(v: number): void {
    if (Number.isInteger(v) && v > -SMALL && v < SMALL) {
      this.#varint(v >= 0 ? v * 4 : -v * 4 + 2);
    } else {
      this.#buf[this.#pos++] = 1;
      this.#f64[0] = v;
      this.#buf.set(this.#f64Bytes, this.#pos);
      this.#pos += 8;
    }
  }

  #varint(z: number): void {
    const buf = this.#buf;
    let p = this.#pos;
    while (z >= 0x80) {
      buf[p++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    buf[p++] = z;
    this.#pos = p;
  }

  #readValue(): number {
    const z = this.#readVarint();
    if (z === 1) {
      this.#f64Bytes.set(this.#rb.subarray(this.#rp, this.#rp + 8));
      this.#rp += 8;
      return this.#f64[0];
    }
    const m = Math.floor(z / 4);
    return z % 4 === 0 ? m : -m;
  }

  #readVarint(): number {
    const buf = this.#rb;
    let p = this.#rp, z = 0, scale = 1, b;
    do {
      b = buf[p++];
      z += (b & 0x7f) * scale;
      scale *= 0x80;
    } while (b & 0x80);
    this.#rp = p;
    return z;
  }
}
