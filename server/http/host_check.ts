// Which Host headers the server answers, against DNS rebinding: a page on another site
// whose name is made to resolve to this machine sends its own name as Host, so only the
// names this server is known by are served (403 otherwise). Bound to loopback: loopback
// names and addresses. Bound to one address or name: that one, and loopback names.
// Bound to every interface (0.0.0.0, ::): any IP address (a page on an IP address is
// same-origin with this server only if it is this server) and loopback names. -hosts
// adds names; "*" turns the check off (behind a proxy that checks names itself).

export type HostCheck = (host: string | undefined) => boolean;

/** The hostname of a Host header: no port, IPv6 without brackets, lower case. */
export function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const close = h.indexOf("]");
    return close < 0 ? h : h.slice(1, close);
  }
  const colon = h.indexOf(":");
  return (colon < 0 ? h : h.slice(0, colon)).replace(/\.$/, "");
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIPv4(h: string): boolean {
  const m = IPV4.exec(h);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

function isIP(h: string): boolean {
  return isIPv4(h) || (h.includes(":") && /^[0-9a-f:.]+$/.test(h));
}

/** localhost, *.localhost (RFC 6761), 127.0.0.0/8 and ::1. */
export function isLoopbackName(h: string): boolean {
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" ||
    (isIPv4(h) && h.startsWith("127."));
}

function isWildcard(h: string): boolean {
  return h === "0.0.0.0" || h === "::" || h === "" || h === "[::]";
}

/**
 * The check for a server bound to `bound` (the -http host) that also answers to `extra`
 * names (the -hosts flag; "*" allows every name).
 */
export function hostCheck(bound: string, extra: readonly string[] = []): HostCheck {
  const names = new Set(extra.map((n) => hostnameOf(n)).filter((n) => n !== ""));
  if (names.has("*")) return () => true;
  const b = hostnameOf(bound);
  const any = isWildcard(b);
  return (host) => {
    // No Host: not a browser (they always send it), so not a rebinding attack.
    if (host === undefined) return true;
    const h = hostnameOf(host);
    return isLoopbackName(h) || h === b || names.has(h) || (any && isIP(h));
  };
}
