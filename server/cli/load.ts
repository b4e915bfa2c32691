// Opens a trace file for the decoder: a ByteSource that reads on demand, so a big trace
// is read a few generations at a time and a generation can be read again later, never
// the whole file at once. The file stays open as long as the trace is in use.

import { openTrace, type ParseOptions, type Trace } from "../core/trace/trace.ts";
import type { ByteSource } from "../core/trace/source.ts";
import type { SyncBytes } from "../core/trace/raw_reader.ts";

/**
 * A ByteSource (and SyncBytes, for the raw reader) over an open file; reads are
 * serialized (seek + read is not atomic).
 */
export class FileSource implements ByteSource, SyncBytes, Disposable {
  #queue: Promise<unknown> = Promise.resolve();
  #remove = false;

  private constructor(
    readonly file: Deno.FsFile,
    readonly size: number,
    readonly path: string,
  ) {}

  /** A worker opens the same file by its path (an absolute one: workers may move). */
  workerSpec(): { path: string } {
    return { path: this.path };
  }

  /** Opens a file; `removeOnDispose` deletes it when the source is disposed (a temporary). */
  static async open(path: string, removeOnDispose = false): Promise<FileSource> {
    const file = await Deno.open(path);
    try {
      const { size } = await file.stat();
      const src = new FileSource(file, size, await Deno.realPath(path));
      src.#remove = removeOnDispose;
      return src;
    } catch (e) {
      file.close();
      throw e;
    }
  }

  read(offset: number, dst: Uint8Array): Promise<number> {
    const run = this.#queue.then(async () => {
      await this.file.seek(offset, Deno.SeekMode.Start);
      let done = 0;
      while (done < dst.length) {
        const n = await this.file.read(dst.subarray(done));
        if (n === null) break;
        done += n;
      }
      return done;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  readSync(offset: number, dst: Uint8Array): number {
    this.file.seekSync(offset, Deno.SeekMode.Start);
    let done = 0;
    while (done < dst.length) {
      const n = this.file.readSync(dst.subarray(done));
      if (n === null) break;
      done += n;
    }
    return done;
  }

  [Symbol.dispose](): void {
    try {
      this.file.close();
    } catch {
      // already closed
    }
    if (this.#remove) {
      this.#remove = false;
      try {
        Deno.removeSync(this.path);
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Where the one-file bundle (scripts/bundle.ts) puts the decode worker's own bundled
 * source: beside traceglass.js there is no decode_worker.ts to load.
 */
export const EMBEDDED_DECODE_WORKER = "__traceglassDecodeWorker";

let embeddedURL: string | undefined;

/** A second decoder for big traces (server/core/trace/parallel.ts), in a worker. */
export function decodeWorker(): Worker {
  const embedded = (globalThis as Record<string, unknown>)[EMBEDDED_DECODE_WORKER];
  if (typeof embedded === "string") {
    embeddedURL ??= URL.createObjectURL(new Blob([embedded], { type: "text/javascript" }));
    return new Worker(embeddedURL, { type: "module" });
  }
  return new Worker(new URL("./decode_worker.ts", import.meta.url).href, {
    type: "module",
  });
}

/** Parses a trace file; the trace reads from it again when it needs dropped blocks. */
export async function parseTraceFile(path: string, opts: ParseOptions = {}): Promise<Trace> {
  const src = await FileSource.open(path);
  try {
    return await openTrace(src, { parallel: decodeWorker, ...opts });
  } catch (e) {
    src[Symbol.dispose]();
    throw e;
  }
}

/**
 * The block cache of a trace held block by block (one whose tables pass 1 GiB), in every
 * mode: its passes read the blocks in order, and a least-recently-used cache smaller than
 * the blocks keeps nothing such a pass uses again, so a small one saves memory and no time
 * (passes running at once share the blocks they read together: the store decodes a block
 * once for all). The timeline's parts read a few blocks each, from a snapshot.
 */
export const PASS_CACHE_BYTES = 256 << 20;
