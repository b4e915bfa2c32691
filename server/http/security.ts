// Headers every response carries. The policy allows only our own scripts, styles and
// fetches: no inline script (pages read their bootstrap data from a JSON element), no
// other host, no framing. Trace text is rendered by Preact as text, never as markup.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Adds the security headers to `headers` (in place) and returns it. */
export function withSecurityHeaders(headers: Headers): Headers {
  headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("X-Frame-Options", "DENY");
  return headers;
}
