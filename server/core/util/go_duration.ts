// Go's time.Duration text forms: String() (how every Go page prints a duration, and how
// histogram links spell their bounds) and ParseDuration (how Go reads latmin/latmax).
// Durations are nanoseconds held in a number: exact below 2^53 ns (104 days).

import { goQuoteString } from "./go_quote.ts";

/** Go's `time.Duration(ns).String()`: "0s", "850ns", "1.5µs", "2ms", "1m30.5s". */
export function formatDuration(ns: number): string {
  const neg = ns < 0;
  let u = Math.abs(Math.trunc(ns));
  let out: string;
  if (u < 1e9) {
    if (u === 0) return "0s";
    let prec: number, unit: string;
    if (u < 1e3) [prec, unit] = [0, "ns"];
    else if (u < 1e6) [prec, unit] = [3, "µs"];
    else [prec, unit] = [6, "ms"];
    const f = frac(u, prec);
    out = String(f.rest) + f.text + unit;
  } else {
    const f = frac(u, 9);
    u = f.rest;
    out = String(u % 60) + f.text + "s";
    u = Math.floor(u / 60);
    if (u > 0) {
      out = String(u % 60) + "m" + out;
      u = Math.floor(u / 60);
      if (u > 0) out = String(u) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

// The low `prec` decimal digits of v as ".ddd" without trailing zeros ("" if all zero),
// and v with them removed (Go: fmtFrac).
function frac(v: number, prec: number): { text: string; rest: number } {
  let digits = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const d = v % 10;
    print ||= d !== 0;
    if (print) digits = String(d) + digits;
    v = Math.floor(v / 10);
  }
  return { text: print ? "." + digits : "", rest: v };
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  "µs": 1000n, // U+00B5 micro sign
  "μs": 1000n, // U+03BC Greek mu
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

const MAX = 1n << 63n;

/** A Go `time.ParseDuration` failure; `message` is Go's error text. */
export class DurationError extends Error {}

/** Go's `time.ParseDuration`: nanoseconds, or a DurationError with Go's message. */
export function parseDuration(orig: string): number {
  const fail = (what: string): never => {
    throw new DurationError(`time: ${what} ${goQuoteString(orig)}`);
  };
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") fail("invalid duration");
  let d = 0n;
  const isDigit = (c: string) => c >= "0" && c <= "9";
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) fail("invalid duration");
    // Integer part: Go's leadingInt (an overflow is an invalid duration).
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > MAX) fail("invalid duration");
    }
    const pre = i > 0;
    s = s.slice(i);
    // Fraction: Go's leadingFraction keeps digits until the value would overflow.
    let f = 0n, scale = 1, post = false;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      let j = 0, overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (MAX - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > MAX) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) fail("invalid duration");
    let k = 0;
    while (k < s.length && !(s[k] === "." || isDigit(s[k]))) k++;
    if (k === 0) fail("missing unit in duration");
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS[u];
    if (unit === undefined) fail(`unknown unit ${goQuoteString(u)} in duration`);
    if (v > MAX / unit) fail("invalid duration");
    v *= unit;
    if (f > 0n) {
      // As Go: float64 arithmetic for the fraction (nanosecond-accurate up to hours).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) fail("invalid duration");
    }
    d += v;
    if (d > MAX) fail("invalid duration");
  }
  if (neg) return -Number(d);
  if (d > MAX - 1n) fail("invalid duration");
  return Number(d);
}
