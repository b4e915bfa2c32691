// Number formatting for every page and the timeline: one formatter for durations and one
// for bytes. Tables, cards and tooltips show 3 significant digits ("27.1ms", "9.66 MiB");
// the exact value (Go's spelling for durations) is for hover and copy (see num.ts).

import { formatDuration } from "../../server/core/util/go_duration.ts";

/** The exact duration as Go prints it ("27.123456ms"). */
export const durFull = formatDuration;

const DUR_UNITS: [number, string][] = [[1e9, "s"], [1e6, "ms"], [1e3, "µs"], [1, "ns"]];

/** A duration in ns to 3 significant digits: "845ns", "27.1µs", "1.23s", "16m40s", "0s". */
export function dur(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const sign = ns < 0 ? "-" : "";
  const a = Math.abs(ns);
  if (a < 1) return a === 0 ? "0s" : `${sign}${sig3(a)}ns`;
  if (a >= 999.5e9) return sign + clock(a);
  for (let k = 0; k < DUR_UNITS.length; k++) {
    const [u, name] = DUR_UNITS[k];
    if (a < u * 0.9995 && k < DUR_UNITS.length - 1) continue;
    return `${sign}${u === 1 ? String(Math.round(a)) : sig3(a / u)}${name}`;
  }
  return `${sign}${Math.round(a)}ns`;
}

// 3 significant digits without exponent: 27.123 → "27.1", 999.7 → "1000" is avoided by
// the caller's unit choice (values are below 999.5 in their unit).
function sig3(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

// Long durations as minutes and seconds ("16m40s", "2h05m").
function clock(ns: number): string {
  const s = Math.round(ns / 1e9);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Bytes to 3 significant digits: "512 B", "9.66 MiB". */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? "-" : "";
  let a = Math.abs(n);
  if (a < 1024) return `${sign}${Math.round(a)} B`;
  let i = 0;
  while (i < BYTE_UNITS.length - 1 && a >= 1023.5) {
    a /= 1024;
    i++;
  }
  return `${sign}${sig3(a)} ${BYTE_UNITS[i]}`;
}

/** The exact byte count: "9,057,648 B". */
export function bytesFull(n: number): string {
  return `${Math.round(n).toLocaleString("en-US")} B`;
}

/** Go's "(%.1f%%)"-style percentage of part in whole, "" when whole is 0. */
export function percent(part: number, whole: number, digits = 1): string {
  if (whole === 0) return "";
  return `${(part / whole * 100).toFixed(digits)}%`;
}

/** 12345678 → "12,345,678". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A mean or other fractional count to 3 significant digits ("2.35", "1,234"). */
export function amount(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000 || Number.isInteger(v)) return count(Math.round(v));
  return v === 0 ? "0" : Number(v.toPrecision(3)).toString();
}

/** The MMU page's axis labels (Go's niceDuration): 1000000 → "1ms". */
export function niceDuration(ns: number): string {
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${ns / 1e3}µs`;
  if (ns < 1e9) return `${ns / 1e6}ms`;
  return `${ns / 1e9}s`;
}
