// A small LRU cache of analysis results keyed by their options, so a page and its
// /api twin (and reloads) compute once. Keys come from user input, so it is bounded twice:
// by entries and by an estimate of the bytes its values hold. Least recently used
// entries go first; a value bigger than the whole budget is returned but not kept.

export interface CacheLimits {
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxEntries: 64, maxBytes: 64 << 20 };

interface Entry {
  value: unknown;
  bytes: number;
}

export class ResultCache {
  #map = new Map<string, Entry>();
  #bytes = 0;

  constructor(readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS) {}

  /**
   * The cached value for `key`, computing it with `make` on a miss. `size` estimates
   * the value's bytes (default: estimateBytes); a promise is sized once it resolves.
   */
  get<T>(
    key: string,
    make: () => T,
    size: (v: Awaited<T>) => number = (v) => estimateBytes(v, this.limits.maxBytes),
  ): T {
    const hit = this.#map.get(key);
    if (hit) {
      this.#map.delete(key); // re-insert: most recently used last
      this.#map.set(key, hit);
      return hit.value as T;
    }
    const value = make();
    const entry: Entry = { value, bytes: 0 };
    this.#map.set(key, entry);
    if (value instanceof Promise) {
      value.then(
        (v) => this.#sized(key, entry, size(v)),
        () => this.#drop(key, entry), // a failure is not kept: the next request retries
      );
      this.#evict();
    } else this.#sized(key, entry, size(value as Awaited<T>));
    return value;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The estimated bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  #sized(key: string, entry: Entry, bytes: number): void {
    if (this.#map.get(key) !== entry) return; // evicted meanwhile
    entry.bytes = bytes;
    this.#bytes += bytes;
    if (bytes > this.limits.maxBytes) this.#drop(key, entry);
    else this.#evict();
  }

  #drop(key: string, entry: Entry): void {
    if (this.#map.get(key) !== entry) return;
    this.#map.delete(key);
    this.#bytes -= entry.bytes;
  }

  #evict(): void {
    for (const [key, entry] of this.#map) {
      if (this.#map.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break;
      this.#drop(key, entry);
    }
  }
}

/**
 * A rough size of what a value keeps alive, in bytes: typed arrays and buffers by their
 * byteLength, strings by their length, arrays, objects, maps and sets by their parts
 * plus a small header. Shared parts are counted each time they are reached (the walk
 * does not track identity), and the walk stops counting past `limit`.
 */
export function estimateBytes(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const v = stack.pop();
    switch (typeof v) {
      case "string":
        total += 16 + v.length;
        continue;
      case "number":
      case "bigint":
      case "boolean":
        total += 8;
        continue;
      case "object":
        break;
      default:
        continue;
    }
    if (v === null) continue;
    if (ArrayBuffer.isView(v)) total += 64 + v.byteLength;
    else if (v instanceof ArrayBuffer) total += 32 + v.byteLength;
    else if (Array.isArray(v)) {
      total += 16 + 8 * v.length;
      for (const x of v) if (typeof x === "object" || typeof x === "string") stack.push(x);
    } else if (v instanceof Map) {
      total += 32 + 24 * v.size;
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      total += 32 + 16 * v.size;
      for (const x of v) stack.push(x);
    } else if (!(v instanceof Promise)) {
      total += 24;
      for (const k in v) {
        total += 8;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return total;
}
