// Trace strings as Go's viewer JSON sees them: raw bytes, where each invalid UTF-8 byte
// becomes "\ufffd" on output. We decode with util/utf8's escape surrogates (which
// jsonString writes as \ufffd, byte by byte like Go). Cached per string id. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import { decodeEscaped } from "../util/utf8.ts";

export class TraceText {
  #cache: (string | undefined)[] = [];

  constructor(readonly trace: Trace) {}

  get(id: number): string {
    let s = this.#cache[id];
    if (s === undefined) {
      s = decodeEscaped(this.trace.stringBytesOf(id));
      this.#cache[id] = s;
    }
    return s;
  }
}
