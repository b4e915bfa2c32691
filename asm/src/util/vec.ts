// Growable vector of a primitive type over unmanaged linear memory. The TypeScript side
// reads these buffers in place through `ptr` and `len`.

export class Vec<T> {
  ptr: usize = 0;
  len: i32 = 0;
  cap: i32 = 0;

  reserve(n: i32): void {
    if (n <= this.cap) return;
    let c = this.cap < 16 ? 16 : this.cap;
    while (c < n) c = c + (c >> 1) + 16;
    this.ptr = this.ptr == 0
      ? heap.alloc(<usize> c << alignof<T>())
      : heap.realloc(this.ptr, <usize> c << alignof<T>());
    this.cap = c;
  }

  /** Makes room for exactly n elements (no slack), if there is less. */
  reserveExact(n: i32): void {
    if (n <= this.cap) return;
    this.ptr = this.ptr == 0
      ? heap.alloc(<usize> n << alignof<T>())
      : heap.realloc(this.ptr, <usize> n << alignof<T>());
    this.cap = n;
  }

  // @ts-ignore: decorator
  @inline
  push(v: T): i32 {
    if (this.len == this.cap) this.reserve(this.len + 1);
    store<T>(this.ptr + (<usize> this.len << alignof<T>()), v);
    return this.len++;
  }

  // @ts-ignore: decorator
  @operator("[]")
  @inline
  get(i: i32): T {
    return load<T>(this.ptr + (<usize> i << alignof<T>()));
  }

  // @ts-ignore: decorator
  @operator("[]=")
  @inline
  set(i: i32, v: T): void {
    store<T>(this.ptr + (<usize> i << alignof<T>()), v);
  }

  // @ts-ignore: decorator
  @inline
  last(): T {
    return load<T>(this.ptr + (<usize> (this.len - 1) << alignof<T>()));
  }

  pop(): T {
    this.len--;
    return load<T>(this.ptr + (<usize> this.len << alignof<T>()));
  }

  clear(): void {
    this.len = 0;
  }

  /** Drops the storage (used for per-generation scratch that grew large). */
  free(): void {
    if (this.ptr != 0) heap.free(this.ptr);
    this.ptr = 0;
    this.len = 0;
    this.cap = 0;
  }
}
