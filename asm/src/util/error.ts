// Error state. AssemblyScript has no exceptions, so a failing function records the
// first error here and returns a failure value; callers check `failed()` and unwind.

let message: string = "";
let offset: i64 = -1;
let hasError: bool = false;

/** Records an error (the first one wins) and returns false for `return fail(...)`. */
export function fail(msg: string, at: i64 = -1): bool {
  if (!hasError) {
    hasError = true;
    message = msg;
    offset = at;
  }
  return false;
}

export function failed(): bool {
  return hasError;
}

export function errorMessage(): string {
  return message;
}

export function errorOffset(): i64 {
  return offset;
}

/** Clears the error so a deferred one can be reported later (Go's spill error). */
export function takeError(): string {
  const m = message;
  hasError = false;
  message = "";
  offset = -1;
  return m;
}

export function resetError(): void {
  hasError = false;
  message = "";
  offset = -1;
}
