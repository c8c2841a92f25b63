/**
 * log and cos/sin written with + - * / and exact bit manipulation only, so their results are
 * bit-identical on every engine (ECMAScript leaves Math.log/cos/sin's last bit to the engine,
 * while IEEE 754 fixes basic arithmetic and `Math.sqrt`). Accuracy is a few ulps, which is all
 * random-number generation needs; reproducibility is the point.
 */

// The spec fixes these constants as the Numbers nearest the true values, the same in every engine.
const LN2 = Math.LN2;
const SQRT2 = Math.SQRT2;
const HALF_PI = Math.PI / 2; // exact: halving

const bits = new DataView(new ArrayBuffer(8));

/** Natural logarithm of a positive finite number. */
export function naturalLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  // x = m * 2^e with m in [1, 2), read from the bits (exact); subnormals are scaled up first.
  let scale = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 54;
    scale = -54;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  let exponent = ((high >>> 20) & 0x7ff) - 1023 + scale;
  bits.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = bits.getFloat64(0);
  // Centre m on 1 (m in [sqrt(1/2), sqrt(2))) so the series below converges fast.
  if (m >= SQRT2) {
    m /= 2;
    exponent += 1;
  }
  // ln(m) = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172: 2 (s + s^3/3 + s^5/5 + ...).
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k <= 39; k += 2) {
    sum += term / k;
    term *= s2;
  }
  return 2 * sum + exponent * LN2;
}

/** [cos(2π t), sin(2π t)] for t in [0, 1). Working in turns keeps the range reduction exact. */
export function cosSinOfTurns(t: number): [number, number] {
  const quarters = 4 * t; // exact: multiplying by a power of two
  const quadrant = Math.floor(quarters);
  const phi = (quarters - quadrant) * HALF_PI; // in [0, π/2)
  const phi2 = phi * phi;
  // Taylor series; at |phi| < π/2 the 12th terms are below 1e-19.
  let cos = 0;
  let sin = 0;
  let cosTerm = 1;
  let sinTerm = phi;
  for (let k = 0; k < 12; k++) {
    cos += cosTerm;
    sin += sinTerm;
    cosTerm *= -phi2 / ((2 * k + 1) * (2 * k + 2));
    sinTerm *= -phi2 / ((2 * k + 2) * (2 * k + 3));
  }
  switch (quadrant & 3) {
    case 0:
      return [cos, sin];
    case 1:
      return [-sin, cos];
    case 2:
      return [-cos, -sin];
    default:
      return [sin, -cos];
  }
}
