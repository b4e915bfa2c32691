// Errors a handler throws to answer with a status other than 500. The message is shown
// to the user as plain text, so it says what was expected.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 400: a query parameter is missing or malformed. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** 404: the path, or the thing the query names, does not exist. */
export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}
