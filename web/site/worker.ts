/// <reference lib="webworker" />
// The site's worker: reads the trace file the user picked (a File is a Blob, read a
// slice at a time, never sent anywhere) and answers the page's requests with the same
// routes the server serves (server/core/pages/routes.ts): a page's model, an /api JSON,
// a pprof file, the timeline's windows. Big Go 1.22+ traces are decoded on two cores
// (decode_worker.ts beside it). /sql is the server's page too: when it is first opened,
// sql.js is loaded (sql_engine.ts: the export, Arrow, DuckDB-WASM's API), exports the
// trace here in memory with the -export code (as Arrow, not Parquet: see
// arrow_tables.ts) and starts DuckDB-WASM over those tables.

import { openTrace, type Trace } from "../../server/core/trace/trace.ts";
import { blobSource } from "../../server/core/trace/source.ts";
import { plainBlob } from "../../server/core/trace/compressed.ts";
import { AppContext } from "../../server/core/pages/context.ts";
import { type Handler, pageRoutes } from "../../server/core/pages/routes.ts";
import { jsonResponse, PageAnswer } from "../../server/core/pages/respond.ts";
import { HttpError } from "../../server/core/pages/errors.ts";
import { sqlRoutes } from "../../server/core/pages/sql.ts";
import type { SiteSqlEngine } from "./sql_engine.ts";
import type { Reply, Request } from "./protocol.ts";

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;
let trace: Trace | undefined;
let routes: Map<string, Handler> | undefined;
let sql: Promise<SiteSqlEngine> | undefined;

function post(msg: Reply, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

async function open(id: number, file: Blob, name: string): Promise<void> {
  let last = 0;
  // A gzip- or zstd-compressed trace is decompressed first (known by its magic bytes).
  trace = await openTrace(blobSource(await plainBlob(file)), {
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 50 && done < total) return;
      last = now;
      post({ id, type: "progress", done, total });
    },
    parallel: () => new Worker(new URL("./decode_worker.js", import.meta.url), { type: "module" }),
  });
  if (trace.validCount === 0) {
    throw new HttpError(
      422,
      `failed to parse any useful part of the trace: ${trace.error?.goMessage ?? "no events"}`,
    );
  }
  const ctx = new AppContext(trace, name);
  routes = pageRoutes(ctx);
  const previous = sql;
  sql = undefined;
  previous?.then((e) => e.close(), () => {});
  const opened = trace;
  for (const [p, h] of sqlRoutes(() => sqlEngine(ctx, opened))) {
    // Opening the SQL page starts the export and DuckDB, so the first query waits less.
    const warm: Handler = p === "/sql"
      ? (u) => {
        sqlEngine(ctx, opened).then((e) => e.start()).catch(() => {/* the query reports it */});
        return h(u);
      }
      : h;
    routes.set(p, warm);
  }
  routes.set("/api/progress", () => jsonResponse({ passes: opened.passes }));
  post({ id, type: "opened", opened: { name, size: trace.size, events: trace.count } });
}

/** The trace's tables in memory, and DuckDB-WASM over them (once). */
function sqlEngine(ctx: AppContext, t: Trace): Promise<SiteSqlEngine> {
  if (!sql) {
    const engine = (async () => {
      // Not a literal: the bundler leaves sql.js (the export, Arrow, DuckDB-WASM's API) out
      // of this file.
      const url = new URL("./sql.js", import.meta.url).href;
      const m: typeof import("./sql_engine.ts") = await import(url);
      return m.SiteSqlEngine.export(t, { file: ctx.file, summary: await ctx.summary });
    })();
    engine.catch(() => {
      if (sql === engine) sql = undefined;
    });
    sql = engine;
  }
  return sql;
}

async function get(id: number, url: string): Promise<void> {
  if (!routes) throw new HttpError(409, "no trace is open");
  const u = new URL(url, "http://site.invalid");
  const h = routes.get(u.pathname);
  if (!h) throw new HttpError(404, `404 page not found: ${u.pathname} is not a traceglass page`);
  const res = await h(u);
  if (res instanceof PageAnswer) {
    post({ id, type: "page", title: res.title, ...res.boot }); // the boot's view and data
    return;
  }
  const body = await res.arrayBuffer();
  post({
    id,
    type: "response",
    status: res.status,
    contentType: res.headers.get("Content-Type") ?? "application/octet-stream",
    body,
  }, [body]);
}

scope.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data;
  const work = req.type === "open"
    ? open(req.id, req.file, req.name)
    : req.type === "get"
    ? get(req.id, req.url)
    : Promise.resolve(post({ id: req.id, type: "passes", passes: trace?.passes ?? [] }));
  work.catch((err) => {
    const status = err instanceof HttpError ? err.status : 500;
    const message = err instanceof Error ? err.message : String(err);
    if (status === 500) console.error(err);
    post({ id: req.id, type: "failed", status, message });
  });
};
