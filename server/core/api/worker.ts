// The library's second decoder: a Web Worker running this same module (from source or
// from the one-file bundle, whichever import.meta.url names), which serves the parallel
// first pass (trace/decode_worker.ts) when started under its name. So the bundle needs
// no side file. No Deno APIs.

import { serveDecodeWorker } from "../trace/decode_worker.ts";
import type { WorkerFactory } from "../trace/parallel.ts";

const NAME = "traceglass-decoder";

/** A factory of decode workers, or undefined where workers cannot load this module. */
export function selfWorker(): WorkerFactory | undefined {
  if (typeof Worker === "undefined") return undefined;
  const url = import.meta.url;
  if (!/^(https?|file|blob):/.test(url)) return undefined;
  return () => new Worker(url, { type: "module", name: NAME });
}

const scope = globalThis as { name?: unknown; document?: unknown; postMessage?: unknown };
if (
  scope.name === NAME && scope.document === undefined && typeof scope.postMessage === "function"
) {
  serveDecodeWorker();
}
