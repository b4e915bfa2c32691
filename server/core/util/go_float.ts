// Go's fmt "%.Nf" for float64. JS toFixed rounds the exact binary value correctly except
// on exact ties, which it rounds away from zero where Go rounds half to even
// (0.125 -> "0.13" in JS, "0.12" in Go); this formatter follows Go everywhere.

/** Formats x as Go's fmt.Sprintf("%.<prec>f", x) does (NaN, +Inf, -Inf, -0.00 included). */
export function formatFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  // An exact tie needs ax * 10^prec = k + 1/2, which forces ax * 2^(prec+1) to be an
  // integer; anything else toFixed already gets right (below 1e21, where it stops
  // using exponent notation).
  const digits = ax < 1e21 && prec <= 100 && !Number.isInteger(ax * 2 ** (prec + 1))
    ? ax.toFixed(prec)
    : exactFixed(ax, prec);
  return neg ? "-" + digits : digits;
}

// Exact decimal rounding of a non-negative finite double, half to even.
function exactFixed(ax: number, prec: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, ax);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mant |= 1n << 52n;
  const exp = (biased === 0 ? 1 : biased) - 1075; // ax = mant * 2^exp
  let scaled = mant * 10n ** BigInt(prec);
  if (exp >= 0) scaled <<= BigInt(exp);
  else {
    const den = 1n << BigInt(-exp);
    const q = scaled / den, twice = (scaled % den) * 2n;
    scaled = twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
  }
  const s = scaled.toString().padStart(prec + 1, "0");
  return prec === 0 ? s : s.slice(0, s.length - prec) + "." + s.slice(s.length - prec);
}
