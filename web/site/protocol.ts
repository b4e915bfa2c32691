// The messages between the site's page (main.ts) and its worker (worker.ts). The page
// sends requests with an id; the worker answers each once, with the same id, and sends
// progress while it reads a trace.

import type { ProgressModel } from "../../server/core/contract/pages.ts";
import type { PageBoot } from "../../server/core/contract/views.ts";

export type Request =
  | { id: number; type: "open"; file: Blob; name: string }
  | { id: number; type: "get"; url: string }
  | { id: number; type: "passes" };

/** What the worker read: shown while the pages load. */
export interface Opened {
  name: string;
  size: number;
  events: number;
}

export type Reply =
  | { id: number; type: "progress"; done: number; total: number }
  | { id: number; type: "opened"; opened: Opened }
  | ({ id: number; type: "page"; title: string } & PageBoot)
  | { id: number; type: "response"; status: number; contentType: string; body: ArrayBuffer }
  | { id: number; type: "passes"; passes: ProgressModel["passes"] }
  | { id: number; type: "failed"; status: number; message: string };
