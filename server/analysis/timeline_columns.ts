// Growable typed-array columns: the timeline's tables are built by appending millions of
// rows, and plain arrays of numbers would cost several times the memory. No Deno APIs.

type TypedArray = Float64Array | Uint32Array | Int32Array | Uint8Array;
type Ctor<A extends TypedArray> = { new (n: number): A };

export class Column<A extends TypedArray> {
  #data: A;
  length = 0;

  constructor(readonly ctor: Ctor<A>, capacity = 1024) {
    this.#data = new ctor(capacity);
  }

  push(v: number): void {
    if (this.length === this.#data.length) {
      const bigger = new this.ctor(this.#data.length * 2);
      (bigger as Float64Array).set(this.#data as Float64Array);
      this.#data = bigger;
    }
    this.#data[this.length++] = v;
  }

  get(i: number): number {
    return this.#data[i];
  }

  /** The rows so far, trimmed to length (a copy; the column can be dropped after). */
  finish(): A {
    return this.#data.slice(0, this.length) as A;
  }
}

export const f64 = () => new Column(Float64Array);
export const u32 = () => new Column(Uint32Array);
export const i32 = () => new Column(Int32Array);
export const u8 = () => new Column(Uint8Array);

/** Strings by small ids, each stored once. */
export class Interner {
  readonly strings: string[] = [];
  #ids = new Map<string, number>();

  id(s: string): number {
    let id = this.#ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.#ids.set(s, id);
    }
    return id;
  }
}

/** Index of the first i in [lo, hi) with key(i) > x (keys non-decreasing). */
export function upperBound(key: (i: number) => number, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first i in [lo, hi) with a[i] >= x (a sorted ascending). */
export function lowerBoundArr(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first i in [lo, hi) with a[i] > x (a sorted ascending). */
export function upperBoundArr(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
