/// <reference lib="webworker" />
// The site's second decoder for big traces (server/core/trace/parallel.ts): it opens the
// picked File itself (a Blob spec) and reads the later half of the trace.

import { serveDecodeWorker } from "../../server/core/trace/decode_worker.ts";

serveDecodeWorker();
