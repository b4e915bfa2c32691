// Go's cmd/trace byteCount, for sizes shown to people (start-up log, the overview).

import { formatFixed } from "./go_float.ts";

/** Go's cmd/trace byteCount: "512 B", "1.5 KiB", "12.0 MiB". */
export function byteCount(b: number): string {
  if (b < 2 ** 10) return `${b} B`;
  if (b < 2 ** 20) return `${formatFixed(b / 2 ** 10, 1)} KiB`;
  if (b < 2 ** 30) return `${formatFixed(b / 2 ** 20, 1)} MiB`;
  if (b < 2 ** 40) return `${formatFixed(b / 2 ** 30, 1)} GiB`;
  return `${formatFixed(b / 2 ** 40, 1)} TiB`; // Go has no case here and prints "+Inf "
}
