// Growable typed-array columns: the timeline's tables are built by appending millions of
// rows, and plain arrays of numbers would cost several times the memory. No Deno APIs.

type TypedArray = Float64Array | Uint32Array | Int32Array | Uint8Array;

export interface Column<A extends TypedArray> {
  length: number;
  push(v: number): void;
  get(i: number): number;
  /** The rows so far, trimmed to length (a copy; the column can be dropped after). */
  finish(): A;
}

// One class per element type, written out: a shared push() would see every array type
// and run megamorphic, several times slower on the hot paths.
class F64Column implements Column<Float64Array> {
  data = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i];
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

class U32Column implements Column<Uint32Array> {
  data = new Uint32Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i];
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

class I32Column implements Column<Int32Array> {
  data = new Int32Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i];
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class U8Column implements Column<Uint8Array> {
  data = new Uint8Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint8Array(this.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i];
  }
  finish(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

export const f64 = (): Column<Float64Array> => new F64Column();
export const u32 = (): Column<Uint32Array> => new U32Column();
export const i32 = (): Column<Int32Array> => new I32Column();
export const u8 = (): Column<Uint8Array> => new U8Column();

type ArrayCtor = { new (n: number): TypedArray };

/**
 * Rows appended to several typed columns at once: one capacity check per row rather than
 * one method call per field (the model appends tens of millions of fields). Write a row
 * with `const i = t.add(), c = t.c; c.x[i] = ...` (re-read `c` after `add`: it grows).
 */
export class RowTable<K extends string> {
  c: Record<K, TypedArray>;
  length = 0;
  #cap = 1024;

  constructor(readonly schema: Record<K, ArrayCtor>) {
    this.c = {} as Record<K, TypedArray>;
    for (const k in schema) this.c[k] = new schema[k](this.#cap);
  }

  add(): number {
    if (this.length === this.#cap) {
      this.#cap *= 2;
      const next = {} as Record<K, TypedArray>;
      for (const k in this.schema) {
        const a = new this.schema[k](this.#cap);
        (a as Float64Array).set(this.c[k] as Float64Array);
        next[k] = a;
      }
      this.c = next;
    }
    return this.length++;
  }

  /** Column k trimmed to the rows written (a copy). */
  finish<A extends TypedArray>(k: K): A {
    return this.c[k].slice(0, this.length) as A;
  }

  /** Column k's rows written, in place (valid until the next add). */
  view<A extends TypedArray>(k: K): A {
    return this.c[k].subarray(0, this.length) as A;
  }
}

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

  /** A new id for s, without looking for an equal string: for names known to be new. */
  fresh(s: string): number {
    this.strings.push(s);
    return this.strings.length - 1;
  }
}

/** Index of the first element of `a` (sorted ascending) that is >= x; a.length if none. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of `a` (sorted ascending) that is > x; a.length if none. */
export function upperBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
