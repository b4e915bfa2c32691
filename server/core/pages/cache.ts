// A small LRU cache of analysis results keyed by their options, so a page and its
// /api twin (and reloads) compute once. Bounded: keys come from user input.

export class ResultCache {
  #map = new Map<string, unknown>();
  constructor(readonly capacity = 64) {}

  /** The cached value for `key`, computing it with `make` on a miss. */
  get<T>(key: string, make: () => T): T {
    if (this.#map.has(key)) {
      const v = this.#map.get(key) as T;
      this.#map.delete(key); // re-insert: most recently used last
      this.#map.set(key, v);
      return v;
    }
    const v = make();
    this.#map.set(key, v);
    if (this.#map.size > this.capacity) {
      this.#map.delete(this.#map.keys().next().value!);
    }
    return v;
  }

  get size(): number {
    return this.#map.size;
  }
}
