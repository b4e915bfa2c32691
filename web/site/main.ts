/// <reference lib="dom" />
// The browser-only site: one static page. The user picks or drops a trace file; a Web
// Worker (worker.ts) reads it and computes every page with the server's own routes, so
// nothing the trace holds leaves the machine. Pages are the server's views (../app.ts)
// at the same paths and queries, kept in the hash (#/goroutine?name=…). The views' own
// requests (fetch of /api/…, pprof downloads) are answered by the worker too.

import { render } from "preact";
import { html } from "../lib/html.ts";
import { installExactCopy } from "../lib/copy.ts";
import { type Route, route, useHashRouting } from "../lib/route.ts";
import { Layout } from "../components/layout.ts";
import { renderPage } from "../app.ts";
import { bytes } from "../lib/format.ts";
import type { Opened, Reply, Request } from "./protocol.ts";

type Ask = Request extends infer R ? R extends { id: number } ? Omit<R, "id"> : never : never;

useHashRouting();
installExactCopy(document);
const app = document.getElementById("app")!;
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

// ---- Talking to the worker ------------------------------------------------------------

let nextId = 1;
const waiting = new Map<
  number,
  { resolve: (r: Reply) => void; onProgress?: (done: number, total: number) => void }
>();
worker.onmessage = (e: MessageEvent<Reply>) => {
  const m = e.data;
  const w = waiting.get(m.id);
  if (!w) return;
  if (m.type === "progress") w.onProgress?.(m.done, m.total);
  else {
    waiting.delete(m.id);
    w.resolve(m);
  }
};
worker.onerror = (e) => showError(`the worker failed: ${e.message}`);

function ask(req: Ask, onProgress?: (done: number, total: number) => void): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, { resolve, onProgress });
    worker.postMessage({ ...req, id } as Request);
  });
}

function asResponse(r: Reply): Response {
  if (r.type === "response") {
    return new Response(r.body, { status: r.status, headers: { "Content-Type": r.contentType } });
  }
  if (r.type === "page") {
    return new Response(JSON.stringify(r.data) + "\n", {
      headers: { "Content-Type": "application/json" },
    });
  }
  const message = r.type === "failed" ? r.message : `unexpected reply ${r.type}`;
  return new Response(message, { status: r.type === "failed" ? r.status : 500 });
}

// The views fetch app paths ("/api/…", "/mmu?mode=plot"): the worker answers those.
const networkFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  if (typeof input === "string" && input.startsWith("/") && !input.startsWith("//")) {
    return asResponse(await ask({ type: "get", url: input }));
  }
  return networkFetch(input, init);
};

// ---- Downloads (pprof files, the timeline's JSON) ---------------------------------------

async function download(url: string, name: string): Promise<void> {
  const res = asResponse(await ask({ type: "get", url }));
  if (!res.ok) {
    showError(await res.text());
    return;
  }
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

document.addEventListener("click", (e) => {
  const a = (e.target as Element | null)?.closest?.("a[download]") as HTMLAnchorElement | null;
  const href = a?.getAttribute("href") ?? "";
  if (!a || !href.startsWith("#/")) return;
  e.preventDefault();
  void download(href.slice(1), a.getAttribute("download") || "download");
}, true);

// A form that goes to an app path (the task search's GET form) goes there in the hash.
document.addEventListener("submit", (e) => {
  const form = e.target as HTMLFormElement;
  const action = form.getAttribute("action") ?? "";
  if (e.defaultPrevented || !action.startsWith("/") || form.method.toLowerCase() !== "get") return;
  e.preventDefault();
  const q = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
  location.hash = `${action}?${q}`;
});

// ---- Screens -----------------------------------------------------------------------

let opened: Opened | undefined;
let shown = "";
let generation = 0;

function frame(body: unknown, path = ""): void {
  render(null, app);
  app.textContent = "";
  render(html`<${Layout} path=${path}>${body}</${Layout}>`, app);
}

function showError(message: string): void {
  frame(
    html`
      <div class="error-box" role="alert">
        <pre>${message}</pre>
      </div>
    `,
    route().path,
  );
}

function Picker(props: { error?: string }) {
  const pick = (e: Event) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void openFile(f);
  };
  return html`
    <section class="site-picker">
      <h1>Open a Go execution trace</h1>
      <p>
        Pick or drop a trace file (<code>go test -trace</code>, <code>runtime/trace</code>, the
        flight recorder). It is read here, in this browser: nothing is uploaded.
      </p>
      <label class="site-drop" id="drop">
        <input type="file" id="file" onChange=${pick} />
        <span>Choose a file, or drop it here</span>
      </label>
      ${props.error
        ? html`
          <div class="error-box" role="alert">
            <pre>${props.error}</pre>
          </div>
        `
        : null}
    </section>
  `;
}

function showPicker(error?: string): void {
  document.title = "traceglass";
  render(null, app);
  app.textContent = "";
  render(html`<${Picker} error=${error} />`, app);
}

function showReading(name: string, done: number, total: number): void {
  render(
    html`
      <section class="site-picker">
        <h1>Reading ${name}</h1>
        <div class="progress-pass">
          <progress id="read-progress" max=${total} value=${done}></progress>
          <span>${bytes(done)} of ${bytes(total)}</span>
        </div>
      </section>
    `,
    app,
  );
}

async function openFile(file: File): Promise<void> {
  showReading(file.name, 0, file.size);
  const r = await ask(
    { type: "open", file, name: file.name },
    (done, total) => showReading(file.name, done, total),
  );
  if (r.type !== "opened") {
    showPicker(r.type === "failed" ? r.message : "the trace could not be read");
    return;
  }
  opened = r.opened;
  shown = "";
  await show();
}

/** Progress of the passes a slow page waits for, polled from the worker. */
function showWorking(gen: number): void {
  const poll = async () => {
    if (gen !== generation) return;
    const r = await ask({ type: "passes" });
    if (gen !== generation || r.type !== "passes") return;
    frame(
      html`
        <section class="progress-page">
          <h1>Working on this page…</h1>
          ${r.passes.map((p) =>
            html`
              <div class="progress-pass">
                <progress max=${p.total} value=${p.done}></progress>
                <span>${p.done} of ${p.total} generations</span>
              </div>
            `
          )}
        </section>
      `,
      route().path,
    );
    setTimeout(poll, 250);
  };
  void poll();
}

async function show(): Promise<void> {
  if (!opened) return;
  const r: Route = route();
  const key = r.path + r.search;
  if (key === shown) return; // only the page's own hash (the timeline's window) changed
  shown = key;
  const gen = ++generation;
  const slow = setTimeout(() => showWorking(gen), 400);
  if (new URLSearchParams(r.search).get("raw")) {
    // A download reached by navigation (not a click): fetch it and go back.
    clearTimeout(slow);
    await download(key, `${r.path.slice(1)}.profile`);
    history.back();
    return;
  }
  const reply = await ask({ type: "get", url: key });
  clearTimeout(slow);
  if (gen !== generation) return;
  generation++; // stops the progress polling
  if (reply.type === "page") {
    renderPage(app, reply, r.path); // a page reply is its boot, with the id and title
    scrollTo(0, 0);
  } else if (reply.type === "response") {
    frame(html`<pre class="site-raw">${new TextDecoder().decode(reply.body)}</pre>`, r.path);
  } else if (reply.type === "failed") {
    showError(reply.message);
  }
}

addEventListener("hashchange", () => void show());
addEventListener("dragover", (e) => e.preventDefault());
addEventListener("drop", (e) => {
  e.preventDefault();
  const f = (e as DragEvent).dataTransfer?.files[0];
  if (f) void openFile(f);
});
showPicker();
