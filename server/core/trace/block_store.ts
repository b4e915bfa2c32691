// The blocks of a trace held in memory: all of them for a trace held whole; otherwise a
// least-recently-used cache under a byte budget, the decoder re-decoding a block that is
// not held. Blocks that cannot be decoded alone (the last one, which holds the end or an
// error) are always held. No Deno APIs.

import type { BlockInfo, EventBlock } from "./block.ts";
import type { Decoder } from "./decoder.ts";

export class BlockStore {
  #infos: readonly BlockInfo[] = [];
  #dec?: Decoder;
  /** Held blocks, least recently used first. */
  #lru = new Map<number, EventBlock>();
  #pinned = new Map<number, EventBlock>();
  #bytes = 0;
  /** Re-decodes in flight, so two passes asking for one block decode it once. */
  #pending = new Map<number, Promise<EventBlock>>();

  constructor(readonly budget: number) {}

  /** Bytes of blocks held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether a block of this size would be kept now without evicting another. */
  wants(bytes: number): boolean {
    return this.#bytes + bytes <= this.budget;
  }

  /** Holds a block (evicting the least recently used ones beyond the budget). */
  put(info: BlockInfo, block: EventBlock): void {
    if (!info.state && !info.derived) {
      if (!this.#pinned.has(info.index)) this.#bytes += info.bytes;
      this.#pinned.set(info.index, block);
      return;
    }
    if (this.#lru.has(info.index)) return;
    this.#lru.set(info.index, block);
    this.#bytes += info.bytes;
    this.#evict();
  }

  #evict(): void {
    for (const k of this.#lru.keys()) {
      if (this.#bytes <= this.budget || this.#lru.size <= 1) break;
      this.#lru.delete(k);
      this.#bytes -= this.#infos[k]?.bytes ?? 0;
    }
  }

  /** A trace held whole: every block, for good. */
  holdAll(infos: readonly BlockInfo[], blocks: EventBlock[]): void {
    this.#infos = infos;
    this.#lru.clear();
    this.#pinned = new Map(blocks.map((b) => [b.index, b]));
    this.#bytes = infos.reduce((n, i) => n + i.bytes, 0);
  }

  /** Blocks not held are decoded again by dec. */
  attach(dec: Decoder, infos: readonly BlockInfo[]): void {
    this.#dec = dec;
    this.#infos = infos;
    this.#evict();
  }

  /** Block k, held or decoded again. */
  get(k: number): Promise<EventBlock> {
    const pinned = this.#pinned.get(k);
    if (pinned) return Promise.resolve(pinned);
    const held = this.#lru.get(k);
    if (held) {
      this.#lru.delete(k); // most recently used last
      this.#lru.set(k, held);
      return Promise.resolve(held);
    }
    let p = this.#pending.get(k);
    if (!p) {
      const info = this.#infos[k];
      if (!info || !this.#dec) return Promise.reject(new RangeError(`no block ${k}`));
      p = this.#dec.redecodeChain(info).then((bs) => {
        this.#pending.delete(k);
        // Blocks decoded on the way to a derived one are held too (the last is k).
        for (const b of bs) this.put(this.#infos[b.index], b);
        return bs[bs.length - 1];
      }, (e) => {
        this.#pending.delete(k);
        throw e;
      });
      this.#pending.set(k, p);
    }
    return p;
  }
}
