// Go's fmt %v for a float64 (also how html/template prints one): the shortest decimal
// that reads back exactly, in exponent form ("1.5e+06", "1e-05") when the decimal
// exponent is < -4 or >= 21.

export function formatFloatV(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  // toExponential() without a precision gives the shortest round-tripping digits.
  const [mant, e] = x.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 21) {
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  return String(x); // JS uses plain notation for exponents in [-6, 21): same digits.
}
