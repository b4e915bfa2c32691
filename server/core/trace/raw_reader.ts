// A reader of the v2 wire format as a flat event stream, behaving exactly like Go's
// internal/trace/raw.Reader (what `go tool trace -d=wire` and `-d=footprint` use): no
// batch framing or validation, the header version's spec table, and Go's errors.
//
// Go quirks reproduced on purpose:
// * io.EOF at the first byte of any varint or data byte ends the stream cleanly: the
//   half-read event is dropped and no error is reported.
// * Stack nframes and data lengths >= 2^63 become negative Go ints: no frames, no data.
// * An empty data trailer is nil in Go, so it is "absent" here too.
//
// Unlike Go, nothing is allocated or looped over from a declared count: an event whose
// frames cannot fit in the remaining bytes is scanned without storing them (Go would fail
// on it anyway, and the scan gives the same error), and a data length past the end is the
// clean EOF Go reaches after reading the rest of the file.

import { type HeaderError, isHeaderError, readTraceHeader } from "./header.ts";
import { specsForVersion, type V2EventSpec } from "./v2_specs.ts";

/** A uvarint value: a number when it is a safe integer, a bigint above 2^53 - 1. */
export type U64 = number | bigint;

export interface RawReadError {
  /** Go's error text, as `go tool trace` prints it. */
  message: string;
  /** Where the problem is: the bad type byte or varint, or the end of input. */
  offset: number;
  /** Start of the event being read. */
  eventOffset: number;
}

const UNEXPECTED_EOF = "unexpected EOF";
const OVERFLOW = "binary: varint overflows a 64-bit integer";
const TWO_POW_63 = 1n << 63n;

// What #readUvarint reports; on OK the value is in #value.
const OK = 0, CLEAN_EOF = 1, FAILED = 2;

/** Bytes read synchronously at any offset (the raw reader streams through a file). */
export interface SyncBytes {
  readonly size: number;
  /** Reads bytes at `offset` into dst; returns how many (fewer only at the end). */
  readSync(offset: number, dst: Uint8Array): number;
}

/** Bytes in memory as SyncBytes. */
export function syncBytesOf(bytes: Uint8Array): SyncBytes {
  return {
    size: bytes.length,
    readSync(offset, dst) {
      const n = Math.max(0, Math.min(dst.length, bytes.length - offset));
      dst.set(bytes.subarray(offset, offset + n));
      return n;
    },
  };
}

/** Bytes of the file the reader holds at a time (events are far smaller). */
const WINDOW = 1 << 20;

export class RawReader {
  readonly version: number;
  /** The version's spec table: what Go's raw reader accepts; empty for v1 headers. */
  readonly specs: readonly V2EventSpec[];

  // The current event, valid after next() returned true.
  /** Event type byte. */
  type = 0;
  /** File offset of the type byte. */
  start = 0;
  /** Spec args followed by 4 values per stack frame; only the first `nargs` are valid. */
  readonly args: U64[] = [];
  nargs = 0;
  /** Data trailer (valid until the next call of next()), or null where Go's Data is nil. */
  data: Uint8Array | null = null;

  /** Why next() returned false, or null at a clean end. */
  error: RawReadError | null = null;

  readonly #src: SyncBytes;
  /** A window of the file: #bytes[0..#len) are the bytes at file offset #base on. */
  #bytes: Uint8Array;
  #base = 0;
  #len = 0;
  /** Position in the window. */
  #pos: number;
  #value: U64 = 0;
  /** Bytes read ahead before each event. */
  readonly #ahead: number;
  readonly #window: number;

  constructor(
    src: SyncBytes | Uint8Array,
    version: number,
    headerEnd: number,
    window = WINDOW,
  ) {
    this.#src = src instanceof Uint8Array ? syncBytesOf(src) : src;
    this.#window = window;
    this.#ahead = Math.min(64 << 10, window);
    if (src instanceof Uint8Array) {
      // Already in memory: the whole of it is the window.
      this.#bytes = src;
      this.#len = src.length;
      this.#pos = headerEnd;
    } else {
      this.#bytes = new Uint8Array(Math.min(window, Math.max(src.size, 1)));
      this.#base = headerEnd;
      this.#pos = 0;
    }
    this.version = version;
    this.specs = specsForVersion(version) ?? [];
  }

  /** Bytes of the file after the reader's position. */
  #remaining(): number {
    return this.#src.size - (this.#base + this.#pos);
  }

  /**
   * Makes at least n bytes (or the rest of the file) available from #pos on: moves the
   * unread bytes to the window's start, grows it if needed, reads more.
   */
  #ensure(n: number): void {
    if (this.#len - this.#pos >= n) return;
    const file = this.#src.size;
    if (this.#base + this.#len >= file) return; // nothing more to read
    const keep = this.#len - this.#pos;
    const want = Math.min(Math.max(n, this.#window), file - (this.#base + this.#pos));
    if (want > this.#bytes.length) {
      const bigger = new Uint8Array(Math.max(want, this.#bytes.length));
      bigger.set(this.#bytes.subarray(this.#pos, this.#len));
      this.#bytes = bigger;
    } else {
      this.#bytes.copyWithin(0, this.#pos, this.#len);
    }
    this.#base += this.#pos;
    this.#pos = 0;
    this.#len = keep;
    while (this.#len < want) {
      const got = this.#src.readSync(this.#base + this.#len, this.#bytes.subarray(this.#len, want));
      if (got <= 0) break;
      this.#len += got;
    }
  }

  /** Reads the next event; false at the end of the stream or on error (see `error`). */
  next(): boolean {
    if (this.error !== null) return false;
    // Events are small: a window's worth ahead covers all but a hostile one.
    if (this.#len - this.#pos < this.#ahead) this.#ensure(this.#ahead);
    if (this.#pos >= this.#len) return false;
    const start = this.start = this.#base + this.#pos;
    const type = this.type = this.#bytes[this.#pos++];
    if (type >= this.specs.length || type === 0) {
      return this.#fail(`invalid event type: ${type}`, start);
    }
    const spec = this.specs[type];
    this.nargs = 0;
    this.data = null;
    for (let i = 0; i < spec.args.length; i++) {
      if (!this.#readArg()) return false;
    }
    if (spec.isStack && !this.#readFrames(this.args[1])) return false;
    if (spec.hasData && !this.#readData()) return false;
    return true;
  }

  /**
   * Go's raw.Event.EncodedSize: the event re-encoded with minimal varints, whatever
   * padding the file used.
   */
  encodedSize(): number {
    let size = 1;
    for (let i = 0; i < this.nargs; i++) size += uvarintSize(this.args[i]);
    if (this.specs[this.type].hasData) {
      const len = this.data?.length ?? 0;
      size += uvarintSize(len) + len;
    }
    return size;
  }

  #readArg(): boolean {
    if (this.#readUvarint() !== OK) return false;
    this.args[this.nargs++] = this.#value;
    return true;
  }

  #readFrames(nframes: U64): boolean {
    if (typeof nframes === "bigint" && nframes >= TWO_POW_63) return true; // int() < 0
    const remaining = this.#remaining();
    if (Number(nframes) * 4 <= remaining) {
      for (let i = Number(nframes) * 4; i > 0; i--) {
        if (!this.#readArg()) return false;
      }
      return true;
    }
    // Every varint takes a byte, so this event cannot complete: find how Go fails.
    while (this.#readUvarint() === OK);
    return false;
  }

  #readData(): boolean {
    if (this.#readUvarint() !== OK) return false;
    const len = this.#value;
    if (typeof len === "bigint") {
      if (len >= TWO_POW_63) return true; // int() < 0: Go reads nothing, Data stays nil
      this.#toEnd(); // Go reads to EOF, which ends the stream cleanly
      return false;
    }
    if (len > this.#remaining()) {
      this.#toEnd();
      return false;
    }
    this.#ensure(len);
    if (len > 0) this.data = this.#bytes.subarray(this.#pos, this.#pos + len);
    this.#pos += len;
    return true;
  }

  /** Past the last byte of the file (Go's reader ran into EOF). */
  #toEnd(): void {
    this.#base = this.#src.size;
    this.#pos = 0;
    this.#len = 0;
  }

  // encoding/binary.ReadUvarint: at most 10 bytes, the 10th at most 1.
  #readUvarint(): number {
    if (this.#len - this.#pos < 10) this.#ensure(10);
    const bytes = this.#bytes;
    const start = this.#pos;
    let x = 0;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#len) {
        return i === 0 ? CLEAN_EOF : this.#failVarint(UNEXPECTED_EOF, this.#base + this.#len);
      }
      const b = bytes[this.#pos++];
      if (i === 9 && b > 1) return this.#failVarint(OVERFLOW, this.#base + start);
      if (i < 7) {
        x += (b & 0x7f) * 2 ** (7 * i); // exact: at most 49 bits so far
        if (b < 0x80) {
          this.#value = x;
          return OK;
        }
      } else if (b < 0x80) {
        this.#value = wideUvarint(bytes, start, i + 1);
        return OK;
      }
    }
    return this.#failVarint(OVERFLOW, this.#base + start);
  }

  #fail(message: string, offset: number): false {
    this.error = { message, offset, eventOffset: this.start };
    return false;
  }

  #failVarint(message: string, offset: number): number {
    this.#fail(message, offset);
    return FAILED;
  }
}

/**
 * Opens a raw reader after the header, or returns Go's header error. Bytes in memory are
 * read in place; a SyncBytes source is streamed through a small window.
 */
export function openRawReader(
  src: Uint8Array | SyncBytes,
  window?: number,
): RawReader | HeaderError {
  let head: Uint8Array;
  if (src instanceof Uint8Array) head = src;
  else {
    // Go scans the header's runes (spaces may repeat); 1 MiB is far more than a header.
    head = new Uint8Array(Math.min(src.size, 1 << 20));
    head = head.subarray(0, src.readSync(0, head));
  }
  const header = readTraceHeader(head);
  if (isHeaderError(header)) return header;
  return new RawReader(src, header.version, header.end, window);
}

// Decodes a uvarint of 8 to 10 bytes exactly; a number again if it fits (padded small
// values stay numbers, so equal values always have the same type).
function wideUvarint(bytes: Uint8Array, start: number, len: number): U64 {
  let x = 0n;
  for (let i = len - 1; i >= 0; i--) x = (x << 7n) | BigInt(bytes[start + i] & 0x7f);
  return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
}

/** Length of the minimal uvarint encoding of v. */
export function uvarintSize(v: U64): number {
  if (typeof v === "bigint") {
    let n = 1;
    for (; v >= 0x80n; v >>= 7n) n++;
    return n;
  }
  let n = 1;
  for (; v >= 0x80; v = Math.floor(v / 0x80)) n++;
  return n;
}
