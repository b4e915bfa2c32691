// Maps u64 ids to u32 values. Trace ids are usually small and dense (the runtime counts
// up from 1), so keys below `denseLimit` live in a direct array; anything else (hostile
// or sparse ids, e.g. the fuzz case `large-id`) goes to an open-addressing hash table.
// Never sized by an id beyond denseLimit, so a crafted id cannot make us allocate.

export const NONE: u32 = 0xffffffff;

export class IdMap {
  // Dense part: denseLen u32 slots at densePtr (value + 1; 0 = absent), denseLen <=
  // denseLimit, so a lookup is one comparison and one load.
  private densePtr: usize = 0;
  private denseLen: u32 = 64;
  private denseUsed: i32 = 0; // highest dense index written + 1, for cheap clearing
  private keys: StaticArray<u64>;
  private vals: StaticArray<u32>; // value + 1; 0 = empty slot
  private mask: i32;
  private used: i32 = 0;
  size: i32 = 0;

  constructor(private denseLimit: i32) {
    this.keys = new StaticArray<u64>(16);
    this.vals = new StaticArray<u32>(16);
    this.mask = 15;
    this.denseLen = denseLimit < 64 ? <u32> denseLimit : 64;
    const p = heap.alloc(64 << 2);
    memory.fill(p, 0, 64 << 2);
    this.densePtr = p;
  }

  // @ts-ignore: decorator
  @inline
  get(key: u64): u32 {
    if (key < <u64> this.denseLen) {
      return load<u32>(this.densePtr + (<usize> key << 2)) - 1; // absent: 0 - 1 = NONE
    }
    if (key < <u64> this.denseLimit) return NONE;
    return this.getSparse(key);
  }

  private getSparse(key: u64): u32 {
    if (this.used == 0) return NONE;
    let i = hash(key) & this.mask;
    while (true) {
      const v = unchecked(this.vals[i]);
      if (v == 0) return NONE;
      if (unchecked(this.keys[i]) == key) return v - 1;
      i = (i + 1) & this.mask;
    }
  }

  has(key: u64): bool {
    return this.get(key) != NONE;
  }

  set(key: u64, value: u32): void {
    if (key < <u64> this.denseLimit) {
      const k = <i32> key;
      if (<u32> k >= this.denseLen) this.growDense(k);
      const slot = this.densePtr + (<usize> k << 2);
      if (load<u32>(slot) == 0) this.size++;
      store<u32>(slot, value + 1);
      if (k >= this.denseUsed) this.denseUsed = k + 1;
      return;
    }
    if ((this.used + 1) * 2 > this.mask + 1) this.rehash();
    let i = hash(key) & this.mask;
    while (true) {
      const v = unchecked(this.vals[i]);
      if (v == 0) {
        unchecked(this.keys[i] = key);
        unchecked(this.vals[i] = value + 1);
        this.used++;
        this.size++;
        return;
      }
      if (unchecked(this.keys[i]) == key) {
        unchecked(this.vals[i] = value + 1);
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  clear(): void {
    if (this.denseUsed > 0) {
      memory.fill(this.densePtr, 0, <usize> this.denseUsed << 2);
      this.denseUsed = 0;
    }
    if (this.used > 0) {
      if (this.mask > 1023) {
        this.keys = new StaticArray<u64>(16);
        this.vals = new StaticArray<u32>(16);
        this.mask = 15;
      } else {
        memory.fill(changetype<usize>(this.vals), 0, <usize> (this.mask + 1) << 2);
      }
      this.used = 0;
    }
    this.size = 0;
  }

  private growDense(k: i32): void {
    let n = <i32> this.denseLen;
    while (n <= k) n <<= 1;
    if (n > this.denseLimit) n = this.denseLimit;
    const old = <usize> this.denseLen << 2;
    this.densePtr = heap.realloc(this.densePtr, <usize> n << 2);
    memory.fill(this.densePtr + old, 0, (<usize> n << 2) - old);
    this.denseLen = <u32> n;
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const n = (this.mask + 1) << 1;
    this.keys = new StaticArray<u64>(n);
    this.vals = new StaticArray<u32>(n);
    this.mask = n - 1;
    for (let j = 0; j < oldVals.length; j++) {
      const v = unchecked(oldVals[j]);
      if (v == 0) continue;
      const key = unchecked(oldKeys[j]);
      let i = hash(key) & this.mask;
      while (unchecked(this.vals[i]) != 0) i = (i + 1) & this.mask;
      unchecked(this.keys[i] = key);
      unchecked(this.vals[i] = v);
    }
  }
}

// @inline
export function hash(key: u64): i32 {
  return <i32> ((key * 0x9e3779b97f4a7c15) >> 32);
}

// @inline
export function hash3(a: u64, b: u64, c: u64): i32 {
  let h = a * 0x9e3779b97f4a7c15;
  h = (h ^ (h >> 29) ^ b) * 0xbf58476d1ce4e5b9;
  h = (h ^ (h >> 31) ^ c) * 0x94d049bb133111eb;
  return <i32> (h >> 32);
}
