// Where a trace's bytes come from: a file (the CLI passes one that reads on demand), a
// buffer in memory (tests, a browser's File read whole), anything with random reads. The
// decoder reads a big trace a few generations at a time and reads one generation again
// when a question needs its events after they were dropped. No Deno APIs here.

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Reads bytes at file offset `offset` into `dst` (as many as fit and exist);
   * resolves with how many were read (fewer only at the end of the source).
   */
  read(offset: number, dst: Uint8Array): Promise<number> | number;
  /**
   * How a Web Worker opens the same bytes itself (a structured-cloneable value its
   * opener knows: a file path, a File, bytes); absent when it cannot.
   */
  workerSpec?(): SourceSpec;
}

/** What a worker's opener turns back into a ByteSource (decode_worker.ts). */
export type SourceSpec =
  | { bytes: Uint8Array }
  | { path: string }
  | { blob: Blob }
  | { splice: { base: SourceSpec; headerEnd: number; start: number; end: number } };

/** A source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    workerSpec: () => ({ bytes }),
    read(offset, dst) {
      const n = Math.max(0, Math.min(dst.length, bytes.length - offset));
      dst.set(bytes.subarray(offset, offset + n));
      return n;
    },
  };
}

/**
 * A source over a Blob (a browser's File): slices are read when the decoder asks, so a
 * big file is never loaded whole; a worker opens the same Blob itself.
 */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    workerSpec: () => ({ blob }),
    async read(offset, dst) {
      const b = new Uint8Array(await blob.slice(offset, offset + dst.length).arrayBuffer());
      dst.set(b);
      return b.length;
    },
  };
}

/** Reads exactly dst.length bytes (or up to the end of the source); returns the count. */
export async function readFully(src: ByteSource, offset: number, dst: Uint8Array): Promise<number> {
  let done = 0;
  while (done < dst.length) {
    const n = await src.read(offset + done, dst.subarray(done));
    if (n <= 0) break;
    done += n;
  }
  return done;
}
