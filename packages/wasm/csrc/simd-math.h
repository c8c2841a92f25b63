/*
 * f32x4 transcendentals for the kernels: exp, log, and the activations built from them.
 *
 * exp(x): x = n ln2 + r with n = nearest(x log2 e) and ln2 split in two (Cody-Waite) so r is
 * exact to float32 rounding, |r| <= ln2/2; e^r from its Taylor series to degree 7 (truncation
 * < 6e-9 relative, below float32 rounding); 2^n built in the exponent bits in two halves so
 * n = 128 and gradual underflow both come out right. Arguments above 88.72 give +Inf, NaN stays
 * NaN. This is the scheme of packages/tfjs/src/layers/wasm/lstm-cell.wat (~2e-7 vs float64).
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

static inline f4 f4_sigmoid(f4 x) {
  /* 1 / (1 + e^-x): e^-x overflows to +Inf for x < -88.7, giving exactly 0. */
  return wasm_f32x4_div(SPLAT(1.0f), wasm_f32x4_add(SPLAT(1.0f), f4_exp(wasm_f32x4_neg(x))));
}

static inline f4 f4_tanh(f4 x) {
  /* |x| >= 1/16: sign(x) (1 - e) / (1 + e), e = e^-2|x| (no overflow, absolute error ~1e-7).
   * Below, the odd Taylor series to x^7 keeps the relative error small as well. */
  const f4 a = wasm_f32x4_abs(x);
  const f4 e = f4_exp(wasm_f32x4_mul(a, SPLAT(-2.0f)));
  f4 big = wasm_f32x4_div(wasm_f32x4_sub(SPLAT(1.0f), e), wasm_f32x4_add(SPLAT(1.0f), e));
  big = wasm_v128_or(big, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
  const f4 x2 = wasm_f32x4_mul(x, x);
  f4 p = SPLAT(-17.0f / 315.0f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), SPLAT(2.0f / 15.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), SPLAT(-1.0f / 3.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), SPLAT(1.0f));
  const f4 small = wasm_f32x4_mul(x, p);
  return wasm_v128_bitselect(small, big, wasm_f32x4_lt(a, SPLAT(0.0625f)));
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
