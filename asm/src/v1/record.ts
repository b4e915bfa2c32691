// A parsed v1 event (Go: tracev1.Event) as a fixed-size record in linear memory, and a
// growable array of them. Records are copied between the per-P batch buffers, the merged
// stream and the post-processing steps; fixed size keeps that a memory.copy.
//
// Layout (bytes):
//   0 ts   i64   ticks until time conversion, then ns
//   8 g    u64   goroutine the event happened on (or the one it names, as Go sets it)
//  16 a0   u64   Go's Args[0..2]; UserLog keeps its inline message (Go's Args[3]) in a2
//  24 a1   u64     as a global string id, since Args[2] is unused there
//  32 a2   u64
//  40 stk  u32   v1 stack id (Go truncates stack ids to uint32 too)
//  44 p    i32   P, or one of the fake Ps
//  48 pos  u32   file offset of the event, for error messages
//  52 type u8    v1 event type
//  53 flag u8    FLAG_* bits set by later passes

import { Vec } from "../util/vec";

export const REC_SIZE: usize = 56;

export const FLAG_SYSCALL_BLOCKS: u8 = 1; // GoSysCall whose G next does GoSysBlock
export const FLAG_MOVED: u8 = 2; // GoSysExit whose time was replaced by its real time

// @inline
export function recTs(r: usize): i64 {
  return load<i64>(r, 0);
}
// @inline
export function setRecTs(r: usize, v: i64): void {
  store<i64>(r, v, 0);
}
// @inline
export function recG(r: usize): u64 {
  return load<u64>(r, 8);
}
// @inline
export function recA0(r: usize): u64 {
  return load<u64>(r, 16);
}
// @inline
export function recA1(r: usize): u64 {
  return load<u64>(r, 24);
}
// @inline
export function recA2(r: usize): u64 {
  return load<u64>(r, 32);
}
// @inline
export function recStk(r: usize): u32 {
  return load<u32>(r, 40);
}
// @inline
export function setRecStk(r: usize, v: u32): void {
  store<u32>(r, v, 40);
}
// @inline
export function recP(r: usize): i32 {
  return load<i32>(r, 44);
}
// @inline
export function setRecP(r: usize, v: i32): void {
  store<i32>(r, v, 44);
}
// @inline
export function recPos(r: usize): i64 {
  return <i64> load<u32>(r, 48);
}
// @inline
export function recType(r: usize): u8 {
  return load<u8>(r, 52);
}
// @inline
export function setRecType(r: usize, v: u8): void {
  store<u8>(r, v, 52);
}
// @inline
export function recFlags(r: usize): u8 {
  return load<u8>(r, 53);
}
// @inline
export function setRecFlags(r: usize, v: u8): void {
  store<u8>(r, v, 53);
}

/** Fills a record (all fields; padding zeroed). */
export function writeRec(
  r: usize,
  typ: u8,
  ts: i64,
  g: u64,
  a0: u64,
  a1: u64,
  a2: u64,
  stk: u32,
  p: i32,
  pos: i64,
): void {
  store<i64>(r, ts, 0);
  store<u64>(r, g, 8);
  store<u64>(r, a0, 16);
  store<u64>(r, a1, 24);
  store<u64>(r, a2, 32);
  store<u32>(r, stk, 40);
  store<i32>(r, p, 44);
  store<u32>(r, <u32> pos, 48);
  store<u32>(r, <u32> typ, 52); // type, flags 0, padding 0
}

/** A growable array of records over unmanaged memory. */
export class RecVec {
  ptr: usize = 0;
  len: i32 = 0;
  cap: i32 = 0;

  /** Makes room for n records, with slack for further growth. */
  reserve(n: i32): void {
    if (n <= this.cap) return;
    let c = this.cap < 16 ? 16 : this.cap;
    while (c < n) c = c + (c >> 1) + 16;
    this.resize(c);
  }

  /** Makes room for exactly n records (batch buffers: one per P, sized once). */
  reserveExact(n: i32): void {
    if (n > this.cap) this.resize(n);
  }

  private resize(c: i32): void {
    this.ptr = this.ptr == 0
      ? heap.alloc(<usize> c * REC_SIZE)
      : heap.realloc(this.ptr, <usize> c * REC_SIZE);
    this.cap = c;
  }

  // @ts-ignore: decorator
  @inline
  at(i: i32): usize {
    return this.ptr + <usize> i * REC_SIZE;
  }

  /** Appends an uninitialised record and returns its address. */
  add(): usize {
    if (this.len == this.cap) this.reserve(this.len + 1);
    const i = this.len;
    this.len = i + 1;
    return this.ptr + <usize> i * REC_SIZE;
  }

  /** Appends a copy of the record at r. */
  push(r: usize): void {
    memory.copy(this.add(), r, REC_SIZE);
  }

  clear(): void {
    this.len = 0;
  }

  free(): void {
    if (this.ptr != 0) heap.free(this.ptr);
    this.ptr = 0;
    this.len = 0;
    this.cap = 0;
  }
}

const CHUNK_SHIFT: i32 = 14;
/** Records per chunk of a RecChunks (about 900 KB). */
export const CHUNK: i32 = 1 << CHUNK_SHIFT;
const CHUNK_MASK: i32 = CHUNK - 1;

/**
 * A growable array of records in fixed-size chunks: no single allocation grows with the
 * trace (the allocator refuses blocks over 1 GiB, a v1 trace can hold tens of millions of
 * events), and chunks already consumed can be given back.
 */
export class RecChunks {
  chunks: Vec<usize> = new Vec<usize>();
  len: i32 = 0;

  // @ts-ignore: decorator
  @inline
  at(i: i32): usize {
    return this.chunks.get(i >> CHUNK_SHIFT) + <usize> (i & CHUNK_MASK) * REC_SIZE;
  }

  /** Appends an uninitialised record and returns its address. */
  add(): usize {
    const i = this.len;
    if ((i >> CHUNK_SHIFT) == this.chunks.len) {
      this.chunks.push(heap.alloc(<usize> CHUNK * REC_SIZE));
    }
    this.len = i + 1;
    return this.at(i);
  }

  /** Appends a copy of the record at r. */
  push(r: usize): void {
    memory.copy(this.add(), r, REC_SIZE);
  }

  /** Frees chunk k (all its records are done with); at() must not reach it again. */
  release(k: i32): void {
    const p = this.chunks.get(k);
    if (p != 0) heap.free(p);
    this.chunks.set(k, 0);
  }

  free(): void {
    for (let k = 0; k < this.chunks.len; k++) this.release(k);
    this.chunks.clear();
    this.len = 0;
  }
}
