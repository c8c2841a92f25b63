/*
 * f32x4 transcendentals for the kernels: exp, log, and the activations built from them.
 *
 * exp(x): x = n ln2 + r with n = nearest(x log2 e) and ln2 split in two (Cody-Waite) so r is
 * exact to float32 rounding, |r| <= ln2/2; e^r from its Taylor series to degree 7 (truncation
 * < 6e-9 relative, below float32 rounding); 2^n built in the exponent bits in two halves so
 * n = 128 and gradual underflow both come out right. Arguments above 88.72 give +Inf, NaN stays
 * NaN. This is the scheme of packages/tfjs/src/layers/wasm/lstm-cell.wat (~2e-7 vs float64);
 * the exponential, elu and softplus activations use it (wide range, relative accuracy).
 * sigmoid and tanh (below) have their own leaner reduction: they are the recurrent gates.
 * log(x): x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m-1)/(m+1),
 * |s| <= 0.1716, series to s^9 (truncation < 1e-9); used only by softplus on [1, 2].
 */
#ifndef RNNKIT_SIMD_MATH_H
#define RNNKIT_SIMD_MATH_H

#include <wasm_simd128.h>

typedef v128_t f4;

#define SPLAT(v) wasm_f32x4_splat(v)

static inline f4 f4_pow2i(v128_t n) {
  /* 2^n for integer lanes n in [-127, 127]: exponent bits (n + 127) << 23. */
  return wasm_i32x4_shl(wasm_i32x4_add(n, wasm_i32x4_splat(127)), 23);
}

static inline f4 f4_exp(f4 x) {
  const f4 clamped = wasm_f32x4_min(wasm_f32x4_max(x, SPLAT(-103.0f)), SPLAT(88.72283f));
  const f4 n = wasm_f32x4_nearest(wasm_f32x4_mul(clamped, SPLAT(1.44269504088896341f)));
  f4 r = wasm_f32x4_sub(clamped, wasm_f32x4_mul(n, SPLAT(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, SPLAT(-2.12194440e-4f)));
  f4 p = SPLAT(1.0f / 5040.0f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.0f / 720.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.0f / 120.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.0f / 24.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.0f / 6.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.0f));
  const v128_t ni = wasm_i32x4_trunc_sat_f32x4(n);
  const v128_t half = wasm_i32x4_shr(ni, 1);
  p = wasm_f32x4_mul(p, f4_pow2i(half));
  p = wasm_f32x4_mul(p, f4_pow2i(wasm_i32x4_sub(ni, half)));
  /* Above the largest finite result: +Inf; below the smallest subnormal: 0. NaN lanes: min/max
   * above already kept NaN. */
  p = wasm_v128_andnot(p, wasm_f32x4_lt(x, SPLAT(-103.0f)));
  return wasm_v128_bitselect(SPLAT(__builtin_inff()), p, wasm_f32x4_gt(x, SPLAT(88.72283f)));
}

static inline f4 f4_log(f4 x) {
  /* x > 0 and finite (softplus passes 1 + e^-|x| in [1, 2]). */
  v128_t bits = x;
  v128_t e = wasm_i32x4_sub(wasm_u32x4_shr(bits, 23), wasm_i32x4_splat(127));
  f4 m = wasm_v128_or(wasm_v128_and(bits, wasm_i32x4_splat(0x007fffff)), wasm_i32x4_splat(0x3f800000));
  /* m in [1, 2): move [sqrt 2, 2) down to [sqrt(1/2), 1) so |s| stays small. */
  const v128_t big = wasm_f32x4_gt(m, SPLAT(1.41421356f));
  m = wasm_v128_bitselect(wasm_f32x4_mul(m, SPLAT(0.5f)), m, big);
  e = wasm_i32x4_sub(e, big); /* big lanes are -1: e + 1 */
  const f4 s = wasm_f32x4_div(wasm_f32x4_sub(m, SPLAT(1.0f)), wasm_f32x4_add(m, SPLAT(1.0f)));
  const f4 s2 = wasm_f32x4_mul(s, s);
  f4 p = SPLAT(1.0f / 9.0f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.0f / 7.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.0f / 5.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.0f / 3.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.0f));
  const f4 logm = wasm_f32x4_mul(SPLAT(2.0f), wasm_f32x4_mul(s, p));
  const f4 ef = wasm_f32x4_convert_i32x4(e);
  return wasm_f32x4_add(wasm_f32x4_mul(ef, SPLAT(0.693147180559945f)), logm);
}

/*
 * sigmoid and tanh, the LSTM/GRU gates: a leaner exp than f4_exp, because here only a bounded
 * range matters and the result's absolute error is what counts (docs/decisions.md, issue 15).
 * e^y for |y| <= 87.5: n = nearest(y log2 e) by the magic-bias trick (adding 1.5 * 2^23 + 127
 * rounds to an integer in the low mantissa bits, so shifting the sum's bits left by 23 is 2^n
 * with no float->int conversion), r = y - n ln2 in two parts (Cody-Waite, exact to rounding,
 * |r| <= ln2/2), e^r = 1 + r q(r) with q of degree 4 fitted for minimum relative error over
 * that interval (a minimax fit, scripts/fit-gate-polynomials.py: 1.6e-7 relative evaluated in
 * float32). XNNPACK's f32-vsigmoid "rr2-p5" kernels use the same reduction and degree.
 */
#define MAGIC_BIAS 12583039.0f /* 1.5 * 2^23 + 127 */
#define LN2_HI 0.693145751953125f
#define LN2_LO 1.42860682030941723e-6f

/* e^-u ~ 1 + u q(u) on |u| <= ln2/2 (q's coefficients, lowest first). */
#define EXPN_C1 -0x1.fffff6p-1f
#define EXPN_C2 0x1.fffdc6p-2f
#define EXPN_C3 -0x1.555a6cp-3f
#define EXPN_C4 0x1.573a6cp-5f
#define EXPN_C5 -0x1.0fa822p-7f
/* (1 - e^-u) / u ~ 1 + u q(u) on |u| <= ln2/2. */
#define EM1_C1 -0x1.fffffep-2f
#define EM1_C2 0x1.5554b0p-3f
#define EM1_C3 -0x1.555674p-5f
#define EM1_C4 0x1.122776p-7f
#define EM1_C5 -0x1.6bec06p-10f

#define MADD4(acc, x, y) wasm_f32x4_add(wasm_f32x4_mul(acc, x), y)

static inline f4 f4_sigmoid(f4 x) {
  /* 1 / (1 + e^-x). x is clamped to [-87, 87] so e^-x stays a normal float below 2^126; beyond,
   * the true value is within 2e-38 of 0 or rounds to 1. pmin/pmax keep a NaN x (it is their
   * first operand), and NaN flows through to the result. */
  x = wasm_f32x4_pmax(wasm_f32x4_pmin(x, SPLAT(87.0f)), SPLAT(-87.0f));
  /* n = nearest(-x log2 e); u = x + n ln2 = -r, so e^-x = 2^n e^-u. */
  f4 n = wasm_f32x4_add(wasm_f32x4_mul(x, SPLAT(-1.44269504088896341f)), SPLAT(MAGIC_BIAS));
  const f4 s = wasm_i32x4_shl(n, 23);
  n = wasm_f32x4_sub(n, SPLAT(MAGIC_BIAS));
  f4 u = wasm_f32x4_add(x, wasm_f32x4_mul(n, SPLAT(LN2_HI)));
  u = wasm_f32x4_add(u, wasm_f32x4_mul(n, SPLAT(LN2_LO)));
  f4 q = MADD4(SPLAT(EXPN_C5), u, SPLAT(EXPN_C4));
  q = MADD4(q, u, SPLAT(EXPN_C3));
  q = MADD4(q, u, SPLAT(EXPN_C2));
  q = MADD4(q, u, SPLAT(EXPN_C1));
  const f4 e = wasm_f32x4_add(s, wasm_f32x4_mul(wasm_f32x4_mul(s, u), q));
  return wasm_f32x4_div(SPLAT(1.0f), wasm_f32x4_add(SPLAT(1.0f), e));
}

static inline f4 f4_tanh(f4 x) {
  /* tanh|x| = -m / (2 + m) with m = e^-2|x| - 1 computed as (2^n - 1) - 2^n w p(w), w = 2|x| -
   * n ln2 reduced as above: no cancellation near 0 (n = 0, m = -w p(w)), so small results keep
   * their relative accuracy; |x| is clamped to 9, where tanh rounds to within an ulp of 1. The
   * sign is x's (NaN flows through). */
  const f4 sign = wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000));
  const f4 z = wasm_f32x4_pmin(wasm_v128_xor(x, sign), SPLAT(9.0f));
  f4 n = wasm_f32x4_add(wasm_f32x4_mul(z, SPLAT(-2.88539008177792682f)), SPLAT(MAGIC_BIAS));
  const f4 s = wasm_i32x4_shl(n, 23);
  n = wasm_f32x4_sub(n, SPLAT(MAGIC_BIAS));
  f4 w = wasm_f32x4_add(wasm_f32x4_add(z, z), wasm_f32x4_mul(n, SPLAT(LN2_HI)));
  w = wasm_f32x4_add(w, wasm_f32x4_mul(n, SPLAT(LN2_LO)));
  f4 q = MADD4(SPLAT(EM1_C5), w, SPLAT(EM1_C4));
  q = MADD4(q, w, SPLAT(EM1_C3));
  q = MADD4(q, w, SPLAT(EM1_C2));
  q = MADD4(q, w, SPLAT(EM1_C1));
  q = MADD4(q, w, SPLAT(1.0f));
  /* -m = 2^n w p(w) - (2^n - 1) and 2 + m = (2^n + 1) - 2^n w p(w): 2^n +- 1 are exact, so
   * numerator and denominator are rounded once each (2 - (-m) would round twice). */
  const f4 swp = wasm_f32x4_mul(wasm_f32x4_mul(s, w), q);
  const f4 minus_m = wasm_f32x4_sub(swp, wasm_f32x4_sub(s, SPLAT(1.0f)));
  const f4 two_plus_m = wasm_f32x4_add(SPLAT(1.0f), wasm_f32x4_sub(s, swp));
  const f4 t = wasm_f32x4_div(minus_m, two_plus_m);
  return wasm_v128_or(t, sign);
}

static inline f4 f4_softplus(f4 x) {
  /* log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|. log1p(t) as
   * log(u) * t / (u - 1) with u = 1 + t (Goldberg's correction for the rounding of u), and t
   * itself where u rounds to 1, so tiny results keep their relative accuracy. */
  const f4 t = f4_exp(wasm_f32x4_neg(wasm_f32x4_abs(x)));
  const f4 u = wasm_f32x4_add(SPLAT(1.0f), t);
  const f4 d = wasm_f32x4_sub(u, SPLAT(1.0f));
  const f4 corrected = wasm_f32x4_div(wasm_f32x4_mul(f4_log(u), t), d);
  const f4 log1p = wasm_v128_bitselect(t, corrected, wasm_f32x4_eq(d, SPLAT(0.0f)));
  return wasm_f32x4_add(wasm_f32x4_max(x, SPLAT(0.0f)), log1p);
}

#endif
