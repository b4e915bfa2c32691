// The parallel first pass's worker under Deno: the core worker, plus opening trace
// files by path (the worker reads its half of the file itself).

import { serveDecodeWorker } from "../core/trace/decode_worker.ts";
import { FileSource } from "./load.ts";

serveDecodeWorker(async (spec) => "path" in spec ? await FileSource.open(spec.path) : undefined);
