// The server's front (server/http/front.ts) over real loopback sockets: header-read and
// idle timeouts, the connection cap, the Host check, our headers on the answers the HTTP
// layer makes itself, HEAD's Content-Length, and a client that leaves mid-response.

import assert from "node:assert/strict";
import { type Front, type FrontOptions, listen } from "../../server/http/front.ts";
import { hostCheck } from "../../server/http/host_check.ts";
import { CONTENT_SECURITY_POLICY } from "../../server/http/security.ts";
import { ANNOTATIONS, appFor, tracePath } from "../support/web_app.ts";
import { runTraceglass, startTraceglass } from "../support/servers.ts";

type App = (req: Request) => Promise<Response>;

async function withFront(
  opts: Partial<FrontOptions>,
  app: App,
  f: (front: Front) => Promise<void>,
): Promise<void> {
  const front = await listen({
    hostname: "127.0.0.1",
    port: 0,
    timeoutMs: 20_000,
    maxConnections: 256,
    stallMs: 60_000,
    hostAllowed: hostCheck("127.0.0.1"),
    ...opts,
  }, app);
  try {
    await f(front);
  } finally {
    await front.close();
  }
}

const hello: App = () => Promise.resolve(new Response("hello\n"));

/** Writes `text` on a new connection and reads until the server closes it. */
async function rawExchange(
  port: number,
  text: string,
  giveUpMs = 10_000,
): Promise<{ answer: string; closedAfterMs: number }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const t0 = performance.now();
  await conn.write(new TextEncoder().encode(text));
  const giveUp = setTimeout(() => conn.close(), giveUpMs);
  let answer = "";
  const buf = new Uint8Array(65536);
  try {
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      answer += new TextDecoder().decode(buf.subarray(0, n));
    }
  } catch { /* reset or closed by the give-up timer */ }
  clearTimeout(giveUp);
  try {
    conn.close();
  } catch { /* already closed */ }
  return { answer, closedAfterMs: performance.now() - t0 };
}

Deno.test("a client that never finishes its request header is answered 408 and closed after the timeout", async () => {
  await withFront({ timeoutMs: 500 }, hello, async (front) => {
    const { answer, closedAfterMs } = await rawExchange(front.port, "GET / HTTP/1.1\r\nHost: x");
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(
      answer,
      new RegExp(`content-security-policy: ${escape(CONTENT_SECURITY_POLICY)}`, "i"),
    );
    assert.match(answer, /x-content-type-options: nosniff/i);
    assert.ok(closedAfterMs >= 450, `closed after ${closedAfterMs} ms, before the timeout`);
    assert.ok(closedAfterMs < 5000, `closed after ${closedAfterMs} ms`);
  });
});

Deno.test("fifty slow clients are all closed after the timeout and the server still answers", async () => {
  await withFront({ timeoutMs: 500 }, hello, async (front) => {
    const slow = Array.from({ length: 50 }, () => rawExchange(front.port, "GET / HT"));
    const results = await Promise.all(slow);
    for (const r of results) assert.ok(r.closedAfterMs < 5000, `closed after ${r.closedAfterMs}`);
    const res = await fetch(`http://127.0.0.1:${front.port}/`);
    assert.equal(await res.text(), "hello\n");
  });
});

Deno.test("an idle kept-alive connection is closed after the timeout", async () => {
  await withFront({ timeoutMs: 500 }, hello, async (front) => {
    const { answer, closedAfterMs } = await rawExchange(
      front.port,
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.match(answer, /\r\n\r\n(6\r\n)?hello\n/);
    assert.ok(closedAfterMs >= 450 && closedAfterMs < 5000, `closed after ${closedAfterMs} ms`);
  });
});

Deno.test("an oversized request header is a 431 with our security headers", async () => {
  await withFront({}, hello, async (front) => {
    const { answer } = await rawExchange(
      front.port,
      `GET /${"a".repeat(40_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 431 /);
    assert.match(answer, /content-security-policy: /i);
    assert.match(answer, /431 Request Header Fields Too Large/);
  });
});

Deno.test("malformed HTTP is a 400 with our security headers", async () => {
  await withFront({}, hello, async (front) => {
    const { answer } = await rawExchange(front.port, "NOT HTTP AT ALL\r\n\r\n");
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /content-security-policy: /i);
  });
});

Deno.test("beyond the connection cap new connections are closed; the open ones keep being served", async () => {
  await withFront({ maxConnections: 3 }, hello, async (front) => {
    const open = await Promise.all(
      [0, 1, 2].map(() => Deno.connect({ hostname: "127.0.0.1", port: front.port })),
    );
    try {
      // Let the server accept them before the extra one arrives.
      await new Promise((r) => setTimeout(r, 200));
      const extra = await rawExchange(
        front.port,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        3000,
      );
      assert.equal(extra.answer, "", "the connection over the cap got an answer");
      assert.ok(extra.closedAfterMs < 2500, "the connection over the cap was left open");
      // The ones in flight are untouched.
      for (const c of open) {
        await c.write(
          new TextEncoder().encode(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
          ),
        );
        const buf = new Uint8Array(4096);
        const n = await c.read(buf);
        assert.match(new TextDecoder().decode(buf.subarray(0, n ?? 0)), /^HTTP\/1\.1 200 /);
      }
    } finally {
      for (const c of open) {
        try {
          c.close();
        } catch { /* closed by the server */ }
      }
    }
  });
});

Deno.test("a page asked for under another Host name is a 403 that says how to allow it", async () => {
  await withFront({}, hello, async (front) => {
    const ask = (host: string) =>
      rawExchange(front.port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const evil = await ask("attacker.example:8080");
    assert.match(evil.answer, /^HTTP\/1\.1 403 /);
    assert.match(evil.answer, /content-security-policy: /i);
    assert.match(evil.answer, /does not answer to Host "attacker.example:8080"/);
    assert.match(evil.answer, /-hosts=attacker.example:8080/);
    for (
      const ok of [`127.0.0.1:${front.port}`, `localhost:${front.port}`, "LOCALHOST", "[::1]:1"]
    ) {
      assert.match((await ask(ok)).answer, /^HTTP\/1\.1 200 /, ok);
    }
  });
});

Deno.test("Host check: loopback names always; the bound address; any IP when bound to all; -hosts names; '*'", () => {
  const loop = hostCheck("127.0.0.1");
  for (
    const h of [
      "localhost",
      "localhost:80",
      "app.localhost:9",
      "127.0.0.1:1",
      "127.8.9.1",
      "[::1]:5",
    ]
  ) {
    assert.ok(loop(h), h);
  }
  for (const h of ["evil.example", "localhost.evil.example", "192.168.1.5", "", "[fe80::1]:80"]) {
    assert.ok(!loop(h), h);
  }
  assert.ok(loop(undefined), "no Host: not a browser");
  const lan = hostCheck("192.168.1.5");
  assert.ok(lan("192.168.1.5:6060"));
  assert.ok(!lan("10.0.0.1:6060"));
  const all = hostCheck("0.0.0.0");
  assert.ok(all("10.0.0.1:6060") && all("[fe80::1]:1") && all("localhost"));
  assert.ok(!all("rebind.evil.example:6060"));
  const named = hostCheck("127.0.0.1", ["traces.example.com", "Box:6060"]);
  assert.ok(named("traces.example.com:6060") && named("box"));
  assert.ok(!named("other.example.com"));
  assert.ok(hostCheck("127.0.0.1", ["*"])("anything.example"));
});

Deno.test("HEAD answers with GET's headers, Content-Length included, and no body", async () => {
  const app = await appFor(ANNOTATIONS);
  await withFront({}, app, async (front) => {
    const base = `http://127.0.0.1:${front.port}`;
    for (
      const path of ["/", "/goroutines", "/api/summary", "/sched?raw=1", "/usertasks", "/no/such"]
    ) {
      const get = await fetch(base + path);
      const body = new Uint8Array(await get.arrayBuffer());
      const head = await fetch(base + path, { method: "HEAD" });
      assert.equal(head.status, get.status, path);
      assert.equal(await head.text(), "", path);
      assert.equal(head.headers.get("content-length"), String(body.length), path);
      assert.equal(head.headers.get("content-type"), get.headers.get("content-type"), path);
      assert.equal(
        head.headers.get("content-security-policy"),
        CONTENT_SECURITY_POLICY,
        path,
      );
    }
  });
});

Deno.test("a client that disconnects mid-response cancels the body's producer", async () => {
  const cancelled = Promise.withResolvers<unknown>();
  let pulls = 0;
  const endless: App = () =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          pull(c) {
            pulls++;
            c.enqueue(new Uint8Array(64 << 10));
          },
          cancel: (reason) => cancelled.resolve(reason),
        }),
      ),
    );
  await withFront({}, endless, async (front) => {
    const ac = new AbortController();
    const res = await fetch(`http://127.0.0.1:${front.port}/`, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    const timeout = new Promise((r) => setTimeout(() => r("still running"), 5000));
    assert.notEqual(
      await Promise.race([cancelled.promise.then(() => "cancelled"), timeout]),
      "still running",
    );
    const after = pulls;
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(pulls - after <= 1, "the producer went on after the client left");
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test("-timeout and -hosts reach the server; a bad -timeout is a usage error", async () => {
  const gc = tracePath("testdata/traces/go1.26/gc.trace");
  const bad = await runTraceglass(["-timeout=soon", gc]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^invalid value "soon" for flag -timeout: /);
  assert.match(bad.stderr, /-timeout=duration/);
  await using srv = await startTraceglass(gc, undefined, {}, [
    "-timeout=400ms",
    "-hosts=traces.example",
  ]);
  const port = Number(new URL(srv.url).port);
  const slow = await rawExchange(port, "GET / HTTP/1.1\r\n");
  assert.match(slow.answer, /^HTTP\/1\.1 408 /);
  assert.ok(slow.closedAfterMs < 5000);
  const named = await rawExchange(
    port,
    "HEAD / HTTP/1.1\r\nHost: traces.example:80\r\nConnection: close\r\n\r\n",
  );
  assert.match(named.answer, /^HTTP\/1\.1 200 /);
  const other = await rawExchange(
    port,
    "HEAD / HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n",
  );
  assert.match(other.answer, /^HTTP\/1\.1 403 /);
});

Deno.test("a client that stops reading is dropped after the stall time and its producer cancelled", async () => {
  const cancelled = Promise.withResolvers<void>();
  const endless: App = () =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          pull: (c) => c.enqueue(new Uint8Array(256 << 10)),
          cancel: () => cancelled.resolve(),
        }),
      ),
    );
  await withFront({ stallMs: 300 }, endless, async (front) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: front.port });
    try {
      await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
      // Never read: the socket's buffers fill, then the server waits stallMs for 'drain'.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        cancelled.promise.then(() => "cancelled"),
        new Promise((r) => timer = setTimeout(() => r("still producing"), 10_000)),
      ]);
      clearTimeout(timer);
      assert.equal(outcome, "cancelled");
    } finally {
      conn.close();
    }
  });
});
