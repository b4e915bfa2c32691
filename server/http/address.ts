// The -http flag: Go's "host:port" listen address. Deliberate difference from Go: an
// empty host (":6060") listens on localhost only, not on every interface; ask for
// "0.0.0.0:6060" (or "[::]:6060") to expose the server.

export interface ListenAddress {
  hostname: string;
  port: number;
}

/** Parses `addr`, or returns Go's error text for a malformed one. */
export function parseListenAddress(addr: string): ListenAddress | { error: string } {
  const fail = (why: string) => ({ error: `listen tcp: address ${addr}: ${why}` });
  let host: string, portText: string;
  if (addr.startsWith("[")) {
    const close = addr.indexOf("]");
    if (close < 0) return fail("missing ']' in address");
    host = addr.slice(1, close);
    if (addr[close + 1] !== ":") return fail("missing port in address");
    portText = addr.slice(close + 2);
  } else {
    const colon = addr.lastIndexOf(":");
    if (colon < 0) return fail("missing port in address");
    host = addr.slice(0, colon);
    if (host.includes(":")) return fail("too many colons in address");
    portText = addr.slice(colon + 1);
  }
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) {
    return fail(portText === "" ? "missing port in address" : "invalid port");
  }
  return { hostname: host === "" ? "localhost" : host, port: Number(portText) };
}

/** The URL to print and open: IPv6 hosts in brackets. */
export function serverURL(hostname: string, port: number): string {
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}
