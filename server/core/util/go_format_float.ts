// Go's shortest float64 texts: fmt's %v (strconv 'g' with precision -1) and the number
// encoding/json writes. The digits are the shortest that round-trip, which JS's
// Number.prototype.toString also produces (picking the closest when several exist, as
// Go does); only the layout differs, and that is redone here.

interface Shortest {
  neg: boolean;
  digits: string; // no leading or trailing zeros ("0" for zero)
  point: number; // value = 0.digits * 10^point
}

function shortest(x: number): Shortest {
  const neg = x < 0 || Object.is(x, -0);
  const s = String(Math.abs(x));
  const [mant, e = "0"] = s.split("e");
  const [whole, frac = ""] = mant.split(".");
  let digits = whole + frac;
  let point = whole.length + Number(e);
  const lead = digits.length - digits.replace(/^0+/, "").length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, "");
  if (digits === "") return { neg, digits: "0", point: 1 };
  return { neg, digits, point };
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  return undefined;
}

function expForm(d: Shortest, minExpDigits: number): string {
  const exp = d.point - 1;
  const m = d.digits.length > 1 ? d.digits[0] + "." + d.digits.slice(1) : d.digits;
  const e = String(Math.abs(exp)).padStart(minExpDigits, "0");
  return (d.neg ? "-" : "") + m + "e" + (exp < 0 ? "-" : "+") + e;
}

function fixedForm(d: Shortest): string {
  let s: string;
  if (d.point <= 0) s = "0." + "0".repeat(-d.point) + d.digits;
  else if (d.point >= d.digits.length) s = d.digits + "0".repeat(d.point - d.digits.length);
  else s = d.digits.slice(0, d.point) + "." + d.digits.slice(d.point);
  return (d.neg ? "-" : "") + s;
}

/** fmt.Sprintf("%v", x) for a float64 (strconv.FormatFloat(x, 'g', -1, 64)). */
export function formatFloatV(x: number): string {
  const sp = special(x);
  if (sp) return sp;
  const d = shortest(x);
  const exp = d.point - 1;
  // The shortest %g uses an exponent below 1e-4 and from 1e6 up (Go fixes eprec at 6).
  const eprec = 6;
  if (exp < -4 || exp >= eprec) return expForm(d, 2);
  return fixedForm(d);
}

/** The text encoding/json writes for a float64 (finite values only, as Go requires). */
export function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`json: unsupported value: ${special(x)}`);
  const d = shortest(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go's 'e' format, with a one-digit negative exponent written without the zero.
    return expForm(d, 1).replace(/e-0(\d)$/, "e-$1");
  }
  return fixedForm(d);
}
