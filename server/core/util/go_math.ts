// Go's math.Exp and math.Log as `go tool trace` computes them on amd64, bit for bit.
// The MMU plot picks its window sizes as int64(math.Exp(...)), and exp(log(1e6)) there
// is 999999.9999999999, not 1e6: off-by-one-ulp results change the windows Go uses, so
// JS's Math.exp/Math.log (a different algorithm) will not do.
//
// On amd64 Go uses assembly: Exp is the SLEEF-derived reduction and Taylor series of
// math/exp_amd64.s, with fused multiply-adds when the CPU has AVX and FMA (every x86-64
// CPU since 2013); Log is the FreeBSD algorithm of math/log_amd64.s. JS has no fused
// multiply-add, so fma() computes it exactly with BigInts.

const view = new DataView(new ArrayBuffer(8));

function bitsOf(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function fromBits(b: bigint): number {
  view.setBigUint64(0, BigInt.asUintN(64, b));
  return view.getFloat64(0);
}

// x = mant * 2^exp with mant a signed integer (finite x).
function decompose(x: number): { mant: bigint; exp: number } {
  const b = bitsOf(x);
  const biased = Number((b >> 52n) & 0x7ffn);
  let mant = b & ((1n << 52n) - 1n);
  if (biased !== 0) mant |= 1n << 52n;
  const exp = (biased === 0 ? 1 : biased) - 1075;
  return { mant: b >> 63n ? -mant : mant, exp };
}

// v * 2^k without overflowing the power of two on the way.
function scale(v: number, k: number): number {
  while (k > 1000) {
    v *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    v *= 2 ** -1000;
    k += 1000;
  }
  return v * 2 ** k;
}

/** a * b + c with a single rounding (to nearest, ties to even), as the FMA instruction. */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  if (a === 0 || b === 0) return a * b + c;
  if (c === 0) {
    // The exact product rounded once is the product JS computes.
    return a * b;
  }
  const x = decompose(a), y = decompose(b), z = decompose(c);
  const pe = x.exp + y.exp;
  const e = Math.min(pe, z.exp);
  const sum = ((x.mant * y.mant) << BigInt(pe - e)) + (z.mant << BigInt(z.exp - e));
  if (sum === 0n) return 0;
  const neg = sum < 0n;
  let n = neg ? -sum : sum;
  let shift = n.toString(2).length - 53;
  let exp = e;
  if (shift > 0) {
    const rest = n & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    n >>= BigInt(shift);
    if (rest > half || (rest === half && (n & 1n) === 1n)) n += 1n;
    exp += shift;
    shift = 0;
  }
  // n now fits in 54 bits (a carry may make it 2^53), so Number(n) is exact; the scaling
  // is exact unless the result is subnormal, which the callers here never produce.
  const r = scale(Number(n), exp);
  return neg ? -r : r;
}

const LOG2E = 1.4426950408889634073599246810018920;
const LN2U = 0.69314718055966295651160180568695068359375;
const LN2L = 0.28235290563031577122588448175013436025525412068e-12;
const EXP_OVERFLOW = 7.09782712893384e+02;
// Taylor coefficients 1/2!, 1/3!, ..., 1/9! as exp_amd64.s lists them.
const C2 = 0.5, C3 = 1.6666666666666666667e-1, C4 = 4.1666666666666666667e-2;
const C5 = 8.3333333333333333333e-3, C6 = 1.3888888888888888889e-3;
const C7 = 1.9841269841269841270e-4, C8 = 2.4801587301587301587e-5;

// CVTSD2SL: to int32 rounding half to even; NaN and out-of-range give 0x80000000.
function cvtsd2sl(x: number): number {
  if (!(x > -2147483648.5 && x < 2147483647.5)) return -2147483648;
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1; // Math.round rounds halves up
  return r;
}

/**
 * Go's math.Exp on amd64. `useFMA` selects the path Go takes on CPUs with AVX and FMA
 * (the default here, as on any recent x86-64 machine).
 */
export function goExp(x: number, useFMA = true): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  let k = cvtsd2sl(LOG2E * x);
  const kf = k;
  let r: number;
  if (useFMA) {
    r = fma(-LN2U, kf, x);
    r = fma(-LN2L, kf, r);
    r *= 0.0625;
    let p = C8;
    for (const c of [C7, C6, C5, C4, C3, C2, 1.0]) p = fma(p, r, c);
    r *= p;
    for (let i = 0; i < 3; i++) r *= r + 2.0;
    r = fma(r, r + 2.0, 1.0);
  } else {
    r = x - LN2U * kf;
    r = r - LN2L * kf;
    r *= 0.0625;
    let p = C8;
    for (const c of [C7, C6, C5, C4, C3, C2, 1.0]) p = p * r + c;
    r *= p;
    for (let i = 0; i < 4; i++) r *= r + 2.0;
    r += 1.0;
  }
  // r * 2^k, by building the power of two from its bits as the assembly does.
  k += 0x3ff;
  if (k <= 0) {
    if (k < -52) return 0;
    r *= fromBits(BigInt(k + 0x3fe) << 52n);
    k = 1;
  } else if (k >= 0x7ff) return Infinity;
  return r * fromBits(BigInt(k) << 52n);
}

const HSQRT2 = 7.07106781186547524401e-01;
const LN2HI = 6.93147180369123816490e-01;
const LN2LO = 1.90821492927058770002e-10;
const L1 = 6.666666666666735130e-01, L2 = 3.999999999940941908e-01;
const L3 = 2.857142874366239149e-01, L4 = 2.222219843214978396e-01;
const L5 = 1.818357216161805012e-01, L6 = 1.531383769920937332e-01;
const L7 = 1.479819860511658591e-01;

/** Go's math.Log on amd64 (log_amd64.s: the FreeBSD reduction and polynomial). */
export function goLog(x: number): number {
  const b = bitsOf(x);
  if ((b & ~(1n << 63n)) === 0n) return -Infinity;
  if (b >> 63n) return NaN;
  if (b >= 0x7ff0000000000000n) return x; // +Inf or NaN
  // Frexp from the bits: f1 in [0.5, 1), x = f1 * 2^k (normal numbers only, like the asm).
  let f1 = fromBits((b & 0x000fffffffffffffn) | 0x3fe0000000000000n);
  let k = Number((b >> 52n) & 0x7ffn) - 0x3fe;
  if (f1 <= HSQRT2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (((L7 * s4 + L5) * s4 + L3) * s4 + L1);
  const t2 = s4 * ((L6 * s4 + L4) * s4 + L2);
  const hfsq = 0.5 * f * f;
  return k * LN2HI - ((hfsq - (s * (t1 + t2 + hfsq) + k * LN2LO)) - f);
}
