// Number formatting for the views: Go's spellings where a Go page shows the same value.

import { formatDuration } from "../../server/core/util/go_duration.ts";

export { formatDuration };

/** Go's "(%.1f%%)"-style percentage of part in whole, "" when whole is 0. */
export function percent(part: number, whole: number, digits = 1): string {
  if (whole === 0) return "";
  return `${(part / whole * 100).toFixed(digits)}%`;
}

/** 12345678 → "12,345,678". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Bytes as Go's cmd/trace byteCount: "512 B", "1.5 MiB". */
export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (i < units.length - 1 && n >= 1024 ** (i + 1)) i++;
  return i === 0 ? `${n} B` : `${(n / 1024 ** i).toFixed(1)} ${units[i]}`;
}

/** The MMU page's axis labels (Go's niceDuration): 1000000 → "1ms". */
export function niceDuration(ns: number): string {
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${ns / 1e3}µs`;
  if (ns < 1e9) return `${ns / 1e6}ms`;
  return `${ns / 1e9}s`;
}
