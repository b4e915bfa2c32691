// The build:lib bundle in real Chromium: a page's <script type="module"> imports it and
// parses every committed trace, and `debug("parsed")` equals `go tool trace -d=parsed`
// byte for byte (both with TZ=UTC: Sync lines print local wall-clock times); a Web
// Worker imports it too. The page's only requests are to its own origin.

import assert from "node:assert/strict";
import { launchChromium } from "../support/browser.ts";
import { committedTraces } from "../support/trace_corpus.ts";
import { goToolTrace } from "../support/go_oracle.ts";
import { tracePath } from "../support/web_app.ts";
import { buildLib } from "../../scripts/build_lib.ts";

const PAGE = `<!doctype html><meta charset="utf-8"><title>lib</title>
<script type="module">
import { openTrace } from "./traceglass.js";
async function sha256(text) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
globalThis.parse = async (url) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const t = await openTrace(bytes);
  const text = await t.debug("parsed");
  return { hash: await sha256(text), length: text.length, events: t.eventCount, error: t.error ?? "" };
};
globalThis.text = async (url) => (await openTrace(await (await fetch(url)).blob())).debug("parsed");
globalThis.ready = true;
</script>`;

const WORKER = `import { openTrace } from "./traceglass.js";
onmessage = async (e) => {
  const t = await openTrace(e.data);
  postMessage({ events: t.eventCount, goroutines: (await t.goroutines()).length });
};`;

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Go's -d=parsed of every case, two processes at a time. */
async function goOutputs(
  names: string[],
): Promise<Map<string, { stdout: Uint8Array; code: number }>> {
  const out = new Map<string, { stdout: Uint8Array; code: number }>();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      const r = await goToolTrace(["-d=parsed", tracePath(name)]);
      out.set(name, { stdout: r.stdout, code: r.code });
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

Deno.test("the build:lib bundle in Chromium parses every committed trace as go tool trace -d=parsed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-lib-" });
  const lib = await buildLib(dir);
  const js = await Deno.readFile(lib.js);
  const cases = committedTraces();
  assert.ok(cases.length > 100, `expected the committed traces, found ${cases.length}`);
  const bytesOf = new Map(cases.map((c) => [c.name, c.bytes]));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const type = (t: string) => ({ headers: { "Content-Type": t } });
    if (path === "/") return new Response(PAGE, type("text/html"));
    if (path === "/traceglass.js") return new Response(js, type("text/javascript"));
    if (path === "/worker.js") return new Response(WORKER, type("text/javascript"));
    const trace = bytesOf.get(path.slice(1));
    if (trace) return new Response(trace as Uint8Array<ArrayBuffer>);
    return new Response("not found", { status: 404 });
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const go = await goOutputs(cases.map((c) => c.name));
  const browser = await launchChromium({ TZ: "UTC" });
  try {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base + "/")) foreign.push(r.url());
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base + "/");
    await page.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
    const differ: string[] = [];
    for (const c of cases) {
      const want = go.get(c.name)!;
      const got = await page.evaluate(
        (url) =>
          (globalThis as unknown as { parse(u: string): Promise<Record<string, string>> }).parse(
            url,
          ),
        `/${c.name}`,
      );
      if (got.hash !== await sha256(want.stdout)) differ.push(c.name);
      // Go exits 1 after the events of a trace that breaks off; ours keeps the error.
      assert.equal(got.error !== "", want.code !== 0, `${c.name}: error ${got.error}`);
    }
    if (differ.length > 0) {
      // Show the first difference of the first trace that differs.
      const name = differ[0];
      const ours = await page.evaluate(
        (url) => (globalThis as unknown as { text(u: string): Promise<string> }).text(url),
        `/${name}`,
      );
      const theirs = new TextDecoder().decode(go.get(name)!.stdout);
      let i = 0;
      while (i < ours.length && ours[i] === theirs[i]) i++;
      assert.fail(
        `${differ.length} traces differ from go tool trace -d=parsed: ${differ.join(", ")}\n` +
          `${name} at char ${i}: ours ${JSON.stringify(ours.slice(i, i + 80))}, ` +
          `Go's ${JSON.stringify(theirs.slice(i, i + 80))}`,
      );
    }
    // A Web Worker imports the same file (a Blob of the trace is read on demand).
    const rel = "testdata/traces/go1.26/annotations.trace";
    const fromWorker = await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const w = new Worker("/worker.js", { type: "module" });
      const reply = new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
      });
      w.postMessage(blob);
      return await reply;
    }, `/${rel}`) as { events: number; goroutines: number };
    const goLines = new TextDecoder().decode(go.get(rel)!.stdout).split("\n")
      .filter((l) => l.startsWith("M=")).length;
    assert.equal(fromWorker.events, goLines, "events read in a Web Worker");
    assert.ok(fromWorker.goroutines > 0);
    assert.deepEqual(errors, []);
    assert.deepEqual(foreign, [], "requests that left the page's origin");
  } finally {
    await browser.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
