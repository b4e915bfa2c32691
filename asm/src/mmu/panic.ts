// Where Go's MMU code would panic (an index out of range on odd input, e.g. a series
// with a single point), `go tool trace` drops the HTTP request. We stop the same way:
// the host's `env.abort` throws, and the wrapper reports it as Go's failure.

export function goPanic(msg: string): void {
  abort(msg);
}
