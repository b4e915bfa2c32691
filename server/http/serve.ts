// The web UI server. Work in progress (issue 5): not available yet.

export interface ServeOptions {
  addr: string;
  traceFile: string;
  bytes: Uint8Array;
}

export function serve(_opts: ServeOptions): number {
  console.error("traceglass: the web UI is not implemented yet; use -d=parsed|wire|footprint");
  return 1;
}
