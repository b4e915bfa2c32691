// The HTTP/1.1 front of the server: Node's http server (node:http, as Deno provides it)
// in front of the fetch-style app. Deno.serve has no header-read or
// idle timeout and no cap on connections; Node's server has all three, and lets us answer
// the requests it rejects before our code runs (oversized URL or header, a header that
// never ends) with our security headers.
//
// Per request it checks the Host header (host_check.ts), turns Node's request into a
// Request whose signal aborts when the client goes away, and writes the Response with
// backpressure: a client that stops reading stalls the body's producer, a client that
// disconnects cancels it.

import http from "node:http";
import type { Socket } from "node:net";
import { withSecurityHeaders } from "./security.ts";
import { type HostCheck, hostCheck } from "./host_check.ts";
import { nextTurn, requestArrived, timeToYield } from "../core/util/turns.ts";
import { IdleCollector } from "./idle_gc.ts";

export interface FrontOptions {
  hostname: string;
  port: number;
  /**
   * How long a client may take to send a request's header, and how long a kept-alive
   * connection may stay idle, in ms (0: no limit).
   */
  timeoutMs: number;
  /** Open connections beyond this are closed at once (those in flight are untouched). */
  maxConnections: number;
  /** How long a response may wait for a client that does not read, in ms. */
  stallMs: number;
  hostAllowed: HostCheck;
  signal?: AbortSignal;
  log?: (msg: string) => void;
}

export interface Front {
  hostname: string;
  port: number;
  /** Resolves when the server has closed. */
  finished: Promise<void>;
  close(): Promise<void>;
}

/** Default limits (README, "The web UI"). */
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_CONNECTIONS = 256;
export const DEFAULT_STALL_MS = 60_000;

type App = (req: Request) => Promise<Response>;

/** What the command line sets (-timeout, -hosts); the rest has defaults. */
export interface ServerLimits {
  /** The header-read and idle timeout in ms (-timeout; 0: none). */
  timeoutMs?: number;
  /** Host names answered besides the bound address and loopback names (-hosts). */
  hosts?: string[];
  /** Open connections beyond this are closed at once. */
  maxConnections?: number;
}

/** Listens on `addr` with `limits` and the Host check for that address. */
export function listenWith(
  addr: { hostname: string; port: number },
  limits: ServerLimits,
  app: App,
  signal?: AbortSignal,
): Promise<Front> {
  return listen({
    hostname: addr.hostname,
    port: addr.port,
    timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxConnections: limits.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    stallMs: DEFAULT_STALL_MS,
    hostAllowed: hostCheck(addr.hostname, limits.hosts),
    signal,
    log: (m) => console.error(m),
  }, app);
}

/** Listens; resolves once listening, rejects when the address cannot be used. */
export function listen(opts: FrontOptions, app: App): Promise<Front> {
  const timeout = opts.timeoutMs;
  const server = http.createServer({
    headersTimeout: timeout,
    requestTimeout: timeout,
    keepAliveTimeout: timeout,
    // How often Node looks for connections past their time (its default is 30 s).
    connectionsCheckingInterval: timeout > 0 ? Math.max(100, Math.min(1000, timeout / 4)) : 30_000,
  });
  server.maxConnections = opts.maxConnections;
  let bound = { hostname: opts.hostname, port: opts.port };
  const collector = new IdleCollector();
  server.on("request", (req, res) => {
    requestArrived();
    collector.begin();
    res.once("close", () => collector.end());
    // Nothing a request does may end the process (an unhandled rejection would).
    respond(opts, bound, app, req, res).catch((e) => {
      opts.log?.(`traceglass: ${req.method} ${req.url}: ${e instanceof Error ? e.stack : e}`);
      res.destroy();
    });
  });
  server.on("clientError", (err: Error & { code?: string }, socket: Socket) => {
    answerClientError(err, socket);
  });
  const finished = new Promise<void>((resolve) => server.on("close", () => resolve()));
  const close = async () => {
    if (!server.listening) return;
    server.close();
    server.closeAllConnections();
    await finished;
  };
  opts.signal?.addEventListener("abort", () => void close(), { once: true });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // "localhost" is 127.0.0.1, as in Go (Node would take whatever the resolver says first).
    const host = opts.hostname === "localhost" ? "127.0.0.1" : opts.hostname;
    server.listen(opts.port, host, () => {
      server.off("error", reject);
      server.on("error", (e) => opts.log?.(`traceglass: server error: ${e.message}`));
      const a = server.address();
      if (typeof a !== "object" || a === null) throw new Error("not listening on TCP");
      bound = { hostname: a.address, port: a.port };
      resolve({ ...bound, finished, close });
    });
  });
}

// Requests Node rejects before they reach the app: its default answers carry none of our
// headers, so write them here.
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large: URL or header over 16 KiB"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout: the request header took too long"],
  ERR_HTTP_HEADERS_TIMEOUT: [408, "Request Timeout: the request header took too long"],
};

function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] = CLIENT_ERRORS[err.code ?? ""] ?? [400, "Bad Request: malformed HTTP"];
  const body = `${status} ${text}\n`; // ASCII: its length is its size in bytes
  let head = `HTTP/1.1 ${status} ${text.split(":")[0]}\r\n`;
  for (const [k, v] of withSecurityHeaders(new Headers())) head += `${k}: ${v}\r\n`;
  head += `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n` +
    "Connection: close\r\n\r\n";
  socket.end(head + body);
}

function plainAnswer(res: http.ServerResponse, status: number, text: string): void {
  const body = new TextEncoder().encode(text + "\n");
  const headers = withSecurityHeaders(new Headers());
  for (const [k, v] of headers) res.setHeader(k, v);
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Content-Length", body.length);
  res.statusCode = status;
  res.end(body);
}

async function respond(
  opts: FrontOptions,
  bound: { hostname: string; port: number },
  app: App,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const gone = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  const host = req.headers.host;
  if (!opts.hostAllowed(host)) {
    plainAnswer(
      res,
      403,
      `403 Forbidden: this server does not answer to Host ${JSON.stringify(host)}; ` +
        `start traceglass with -hosts=${host === undefined ? "NAME" : host} to allow it`,
    );
    return;
  }
  // Origin-form targets only ("/path?query"): a proxy-style absolute URL is not ours.
  if (!req.url?.startsWith("/")) {
    plainAnswer(res, 400, "400 Bad Request: expected a path such as /goroutines");
    return;
  }
  let request: Request;
  try {
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    request = new Request(`http://${hostForURL(bound)}${req.url}`, {
      method: req.method,
      headers,
      signal: gone.signal,
    });
  } catch (e) {
    plainAnswer(res, 400, `400 Bad Request: ${e instanceof Error ? e.message : e}`);
    return;
  }
  let response: Response;
  try {
    response = await app(request);
  } catch (e) {
    opts.log?.(`traceglass: ${req.method} ${req.url}: ${e instanceof Error ? e.stack : e}`);
    if (!res.headersSent && !res.destroyed) plainAnswer(res, 500, "500 internal error");
    return;
  }
  if (res.destroyed) {
    await response.body?.cancel();
    return;
  }
  res.statusCode = response.status;
  for (const [k, v] of response.headers) res.setHeader(k, v);
  if (!response.body) {
    res.end();
    return;
  }
  await pump(response.body, res, opts, gone.signal);
}

// The URL's host for the app (it routes by path only).
function hostForURL(bound: { hostname: string; port: number }): string {
  const h = bound.hostname.includes(":") ? `[${bound.hostname}]` : bound.hostname;
  return `${h}:${bound.port}`;
}

/** Writes the body with backpressure; cancels it when the client goes away or stalls. */
async function pump(
  body: ReadableStream<Uint8Array>,
  res: http.ServerResponse,
  opts: FrontOptions,
  gone: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  gone.addEventListener("abort", cancel, { once: true });
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      if (gone.aborted) return;
      if (!res.write(value) && !await drained(res, opts.stallMs)) {
        // Gone or stalled: stop the producer (the abort listener is removed below, before
        // the socket's 'close' would fire it).
        cancel();
        res.destroy();
        return;
      }
      // Producing and writing chunks runs on promise callbacks only ('drain' included),
      // which never let timers or new connections in: give them a turn now and then.
      if (timeToYield()) await nextTurn();
    }
    res.end();
  } catch (e) {
    // A failing body after the header was sent: all that can be done is to cut it short.
    if (!gone.aborted) opts.log?.(`traceglass: response body failed: ${e}`);
    cancel();
    res.destroy();
  } finally {
    gone.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}

/** Waits for 'drain'; false when the client went away or read nothing for `stallMs`. */
function drained(res: http.ServerResponse, stallMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = stallMs > 0 ? setTimeout(() => done(false), stallMs) : undefined;
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
