// The second decoder of a parallel first pass (parallel.ts), in a Web Worker: it opens
// the trace itself (from a SourceSpec: bytes, a File, or whatever its host's opener
// knows), decodes the later generations as a trace of their own, and sends back what
// the main decoder needs to take them over: the blocks' places and sizes, its canonical
// state after its first generation, the region ends it could not match, its id tables
// and the rows of its last block. Web APIs only; a host (server/cli/decode_worker.ts)
// adds openers for what it knows, such as file paths.

import { copyBlock, Decoder } from "./decoder.ts";
import type { BlockInfo, EventBlock } from "./block.ts";
import { spliceSource } from "./generations.ts";
import { blobSource, type ByteSource, bytesSource, type SourceSpec } from "./source.ts";
import type { WorkerReply, WorkerRequest } from "./parallel.ts";

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(msg: WorkerReply): void;
}

/** Opens a source a spec names, or undefined when this opener does not know the kind. */
export type SourceOpener = (spec: SourceSpec) => Promise<ByteSource | undefined>;

/** The specs every runtime can open: bytes, Blobs (a browser's File), splices of them. */
export async function openSpec(spec: SourceSpec, host?: SourceOpener): Promise<ByteSource> {
  if ("splice" in spec) {
    const s = spec.splice;
    return spliceSource(await openSpec(s.base, host), s.headerEnd, s.start, s.end);
  }
  if ("bytes" in spec) return bytesSource(spec.bytes);
  if ("blob" in spec) return blobSource(spec.blob);
  const src = await host?.(spec);
  if (!src) throw new Error(`this worker cannot open ${JSON.stringify(Object.keys(spec))}`);
  return src;
}

/** Makes this worker answer the main decoder (call once, in the worker). */
export function serveDecodeWorker(host?: SourceOpener): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (e) => {
    const req = e.data;
    if (req.type !== "start") return;
    run(req, scope, host).catch((err) => {
      scope.postMessage({
        type: "failed",
        message: err instanceof Error ? err.message : String(err),
      });
    });
  };
}

async function run(
  req: Extract<WorkerRequest, { type: "start" }>,
  scope: WorkerScope,
  host?: SourceOpener,
): Promise<void> {
  const dec = await Decoder.create(await openSpec(req.spec, host));
  let last: EventBlock | undefined;
  const infos: BlockInfo[] = [];
  let lastProgress = 0;
  const pass = await dec.firstPass((view, info) => {
    infos.push({ ...info, state: undefined });
    // Only the last block (the end) is kept by the main decoder as it is.
    last = info.state === undefined ? copyBlock(view) : undefined;
  }, {
    canonAfter: 0,
    logRegionEnds: true,
    windowBytes: req.windowBytes,
    onProgress(done) {
      if (done - lastProgress > 4 << 20) {
        lastProgress = done;
        scope.postMessage({ type: "progress", done });
      }
    },
  });
  scope.postMessage({
    type: "done",
    infos,
    error: pass.error ? pass.error.message : undefined,
    baseTime: pass.baseTime,
    canon: dec.canon,
    regionEnds: dec.unknownRegionEnds(),
    tables: dec.exportTables(),
    last,
  });
}

if (import.meta.main) serveDecodeWorker();
