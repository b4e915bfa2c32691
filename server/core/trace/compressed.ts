// Traces as people store them: gzip- or zstd-compressed (`trace.out.gz`, `.zst`). Known by
// their magic bytes, never by name, and decompressed as a stream, so a big trace is never
// held compressed and whole at once. gzip through the platform's DecompressionStream; zstd
// through fzstd (npm, pure JavaScript, streaming: it runs in Deno, browsers and Node alike).
// No Deno APIs.

import { Decompress } from "fzstd";

export type Compression = "gzip" | "zstd";

/** Bytes needed at the start of a file to tell its compression. */
export const MAGIC_BYTES = 4;

/** The compression of a file starting with `head`, or undefined for plain bytes. */
export function compressionOf(head: Uint8Array): Compression | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (
    head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f &&
    head[3] === 0xfd
  ) return "zstd";
  return undefined;
}

/**
 * The decompressed bytes of a compressed stream. A damaged stream fails the read with a
 * DecompressError that names the format.
 */
export function decompressStream(
  kind: Compression,
  input: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const inflate = kind === "gzip"
    ? new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>
    : zstdStream();
  const reader = input.pipeThrough(inflate).getReader();
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const { done, value } = await reader.read();
        if (done) c.close();
        else c.enqueue(value);
      } catch (e) {
        c.error(new DecompressError(kind, e));
      }
    },
    cancel: (why) => reader.cancel(why),
  });
}

/** A compressed trace whose compression, not its trace, is damaged. */
export class DecompressError extends Error {
  constructor(readonly kind: Compression, cause: unknown) {
    super(`bad ${kind} data: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function zstdStream(): TransformStream<Uint8Array, Uint8Array> {
  let out: TransformStreamDefaultController<Uint8Array>;
  let ended = false;
  const z = new Decompress((data, final) => {
    if (data.length > 0) out.enqueue(data.slice());
    if (final) ended = true;
  });
  return new TransformStream({
    start(c) {
      out = c;
    },
    transform(chunk) {
      z.push(chunk);
    },
    flush() {
      if (!ended) z.push(new Uint8Array(0), true);
      if (!ended) throw new Error("unexpected end of data");
    },
  });
}

/** Reads a compressed buffer to its end (small traces, a browser's dropped file). */
export async function decompressAll(kind: Compression, bytes: Uint8Array): Promise<Uint8Array> {
  const stream = decompressStream(kind, new Blob([bytes as Uint8Array<ArrayBuffer>]).stream());
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bytes, decompressed when they are a compressed trace. */
export function plainBytes(bytes: Uint8Array): Promise<Uint8Array> | Uint8Array {
  const kind = compressionOf(bytes.subarray(0, MAGIC_BYTES));
  return kind === undefined ? bytes : decompressAll(kind, bytes);
}

/**
 * The Blob (a browser's File), decompressed into another Blob when it is a compressed trace:
 * the browser may keep a Blob out of the JavaScript heap, and the decoder reads it in slices.
 */
export async function plainBlob(blob: Blob): Promise<Blob> {
  const head = new Uint8Array(await blob.slice(0, MAGIC_BYTES).arrayBuffer());
  const kind = compressionOf(head);
  if (kind === undefined) return blob;
  return await new Response(decompressStream(kind, blob.stream())).blob();
}
