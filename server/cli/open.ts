// Opening the trace file for every mode: the file read on demand, -range applied (only
// the chosen generations, as a trace of their own), and the limits checked before any
// work starts.

import { FileSource } from "./load.ts";
import {
  compressionOf,
  DecompressError,
  decompressStream,
  MAGIC_BYTES,
} from "../core/trace/compressed.ts";
import { isHeaderError, readTraceHeader } from "../core/trace/header.ts";
import { scanGenerations, spliceSource } from "../core/trace/generations.ts";
import { parseRange, selectGenerations } from "../core/trace/range.ts";
import type { ByteSource } from "../core/trace/source.ts";
import type { SyncBytes } from "../core/trace/raw_reader.ts";
import { byteCount } from "../http/startup_log.ts";

/** What the modes read: a file, or the part of it -range chose. */
export type Input = ByteSource & SyncBytes;

export interface OpenedInput extends Disposable {
  src: Input;
  /** What -range selected, for the log; undefined without -range. */
  note?: string;
}

/** A failure to open the input: Go-style text for stderr, exit status 1. */
export class InputError extends Error {}

/**
 * Go 1.11–1.21 traces are decoded whole, in the decoder's 4 GiB of memory: about 100
 * bytes per event, so some 35 M events. A 190 MiB trace of the bench program (40 M
 * events) does not fit; 160 MiB is refused before any work, and a denser trace below
 * it gets the decoder's own "trace too large" error once it has counted the events.
 */
export const V1_MAX_BYTES = 160 << 20;

/** Opens a trace file (and applies -range=spec when given). */
export async function openInput(path: string, range = ""): Promise<OpenedInput> {
  const file = await openDecompressed(path);
  try {
    const head = new Uint8Array(Math.min(file.size, 64));
    file.readSync(0, head);
    const header = readTraceHeader(head);
    // A bad header is reported by the decoder itself, in Go's words.
    if (!isHeaderError(header) && header.version < 22 && file.size > V1_MAX_BYTES) {
      throw new InputError(
        `${path} is a Go 1.${header.version} trace of ${byteCount(file.size)}: traces of Go ` +
          `1.21 and older are not in generations and are read whole, which fits up to ` +
          `${byteCount(V1_MAX_BYTES)}. Record it again with Go 1.22 or newer (its traces ` +
          `open at any size), or trace a shorter run.`,
      );
    }
    if (range === "") return { src: file, [Symbol.dispose]: () => file[Symbol.dispose]() };
    const spec = parseRange(range);
    if (typeof spec === "string") throw new InputError(spec);
    if (isHeaderError(header)) throw new InputError(`-range=${range}: ${header.message}`);
    if (header.version < 22) {
      throw new InputError(
        `-range=${range}: this is a Go 1.${header.version} trace, which has no generations; ` +
          `-range needs a trace of Go 1.22 or newer`,
      );
    }
    const spans = await scanGenerations(file, header.end, header.version);
    const sel = selectGenerations(spans, spec);
    if (typeof sel === "string") throw new InputError(sel);
    const start = spans[sel.from].fileStart, end = spans[sel.to - 1].fileEnd;
    const src = spliceSource(file, header.end, start, end) as Input;
    const note = `Opening generations ${sel.from + 1}–${sel.to} of ${spans.length} ` +
      `(${byteCount(end - start)} of ${byteCount(file.size)}) for -range=${range}`;
    return { src, note, [Symbol.dispose]: () => file[Symbol.dispose]() };
  } catch (e) {
    file[Symbol.dispose]();
    throw e;
  }
}

/**
 * The trace file, or for a gzip- or zstd-compressed one (known by its magic bytes) its
 * decompressed copy: a temporary file, written as a stream and deleted when the source is
 * disposed, so every mode reads it as it reads a plain trace (random reads, a worker opening it
 * by path).
 */
async function openDecompressed(path: string): Promise<FileSource> {
  const file = await FileSource.open(path);
  const head = new Uint8Array(Math.min(file.size, MAGIC_BYTES));
  file.readSync(0, head);
  const kind = compressionOf(head);
  if (kind === undefined) return file;
  file[Symbol.dispose]();
  // The process id in the name lets a later run remove a copy whose process was killed
  // (SIGKILL, a crash) before it could remove its own.
  const tmp = await Deno.makeTempFile({ prefix: `traceglass-${Deno.pid}-`, suffix: ".trace" });
  removeAtExit(tmp);
  sweepStaleCopies(tmp.replace(/[\\/][^\\/]*$/, ""));
  try {
    using input = await Deno.open(path);
    await decompressStream(kind, input.readable).pipeTo(
      (await Deno.open(tmp, { write: true, truncate: true })).writable,
    );
    return await FileSource.open(tmp, true);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    if (e instanceof DecompressError) {
      throw new InputError(`failed to read trace file: ${path}: ${e.message}`);
    }
    throw e;
  }
}

/** Removes decompressed copies left in `dir` by traceglass processes that no longer run. */
export function sweepStaleCopies(dir: string): void {
  // Whether a process runs is read from /proc (Linux); elsewhere nothing is removed.
  try {
    Deno.statSync("/proc/self");
  } catch {
    return;
  }
  try {
    for (const e of Deno.readDirSync(dir)) {
      const m = /^traceglass-(\d+)-.*\.trace$/.exec(e.name);
      if (!m || !e.isFile || Number(m[1]) === Deno.pid) continue;
      try {
        Deno.statSync(`/proc/${m[1]}`);
      } catch {
        try {
          Deno.removeSync(`${dir}/${e.name}`);
        } catch {
          // another run removed it, or it is not ours to remove
        }
      }
    }
  } catch {
    // an unreadable temporary folder: nothing to sweep
  }
}

// The modes keep their input open until the process ends, and Ctrl-C ends the server: the
// temporary copy goes with the process however it ends (a second removal is harmless).
function removeAtExit(path: string): void {
  const remove = () => {
    try {
      Deno.removeSync(path);
    } catch {
      // already gone
    }
  };
  addEventListener("unload", remove);
  for (const [signal, status] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    Deno.addSignalListener(signal, () => {
      remove();
      Deno.exit(status);
    });
  }
}
