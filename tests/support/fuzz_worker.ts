// Runs checkInput for the fuzz runner in a worker, so the runner can kill an input
// that hangs the decoder (a WebAssembly loop cannot be interrupted from inside).

/// <reference lib="deno.worker" />

import { checkInput } from "./fuzz_check.ts";

self.onmessage = async (e: MessageEvent<{ id: number; bytes: Uint8Array }>) => {
  const outcome = await checkInput(e.data.bytes);
  self.postMessage({ id: e.data.id, outcome });
};

// Loaded (and, in a fresh clone, type-checked): the runner starts its clocks from here.
self.postMessage({ ready: true });
