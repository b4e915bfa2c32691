// Small constructors for the responses handlers return.

/** JSON in Go's encoding/json spelling: a trailing newline, as json.Encoder writes. */
export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value) + "\n", {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function textResponse(text: string, status = 200): Response {
  return new Response(text.endsWith("\n") ? text : text + "\n", {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

export function bytesResponse(bytes: Uint8Array, contentType: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { "Content-Type": contentType },
  });
}
