/*
 * sigmoid and tanh of simd-math.h on two vectors at once, statement by statement interleaved.
 * The LSTM state update is bound by the latency of these chains (~20 dependent operations
 * each, then tanh of the new cell after them), not by arithmetic: two independent quads side by
 * side give the CPU's out-of-order window twice the work to overlap. LSTM 32x100 in process:
 * ~0.5 ms of ~15.7 (apps/bench/README.md "Session 7"). Each lane goes through exactly the
 * operations of f4_sigmoid / f4_tanh in the same order, so the bits are the same (tested:
 * src/paired-gates.test.ts); change both together.
 */
#ifndef RNNKIT_GATE_PAIRS_H
#define RNNKIT_GATE_PAIRS_H

#include "simd-math.h"

static inline void f4_sigmoid2(f4 x_0, f4 x_1, f4* r0, f4* r1) {
  x_0 = wasm_f32x4_pmax(wasm_f32x4_pmin(x_0, SPLAT(87.0f)), SPLAT(-87.0f));
  x_1 = wasm_f32x4_pmax(wasm_f32x4_pmin(x_1, SPLAT(87.0f)), SPLAT(-87.0f));
  f4 n_0 = wasm_f32x4_add(wasm_f32x4_mul(x_0, SPLAT(-1.44269504088896341f)), SPLAT(MAGIC_BIAS));
  f4 n_1 = wasm_f32x4_add(wasm_f32x4_mul(x_1, SPLAT(-1.44269504088896341f)), SPLAT(MAGIC_BIAS));
  const f4 s_0 = wasm_i32x4_shl(n_0, 23);
  const f4 s_1 = wasm_i32x4_shl(n_1, 23);
  n_0 = wasm_f32x4_sub(n_0, SPLAT(MAGIC_BIAS));
  n_1 = wasm_f32x4_sub(n_1, SPLAT(MAGIC_BIAS));
  f4 u_0 = wasm_f32x4_add(x_0, wasm_f32x4_mul(n_0, SPLAT(LN2_HI)));
  f4 u_1 = wasm_f32x4_add(x_1, wasm_f32x4_mul(n_1, SPLAT(LN2_HI)));
  u_0 = wasm_f32x4_add(u_0, wasm_f32x4_mul(n_0, SPLAT(LN2_LO)));
  u_1 = wasm_f32x4_add(u_1, wasm_f32x4_mul(n_1, SPLAT(LN2_LO)));
  f4 q_0 = MADD4(SPLAT(EXPN_C5), u_0, SPLAT(EXPN_C4));
  f4 q_1 = MADD4(SPLAT(EXPN_C5), u_1, SPLAT(EXPN_C4));
  q_0 = MADD4(q_0, u_0, SPLAT(EXPN_C3));
  q_1 = MADD4(q_1, u_1, SPLAT(EXPN_C3));
  q_0 = MADD4(q_0, u_0, SPLAT(EXPN_C2));
  q_1 = MADD4(q_1, u_1, SPLAT(EXPN_C2));
  q_0 = MADD4(q_0, u_0, SPLAT(EXPN_C1));
  q_1 = MADD4(q_1, u_1, SPLAT(EXPN_C1));
  const f4 e_0 = wasm_f32x4_add(s_0, wasm_f32x4_mul(wasm_f32x4_mul(s_0, u_0), q_0));
  const f4 e_1 = wasm_f32x4_add(s_1, wasm_f32x4_mul(wasm_f32x4_mul(s_1, u_1), q_1));
  *r0 = wasm_f32x4_div(SPLAT(1.0f), wasm_f32x4_add(SPLAT(1.0f), e_0));
  *r1 = wasm_f32x4_div(SPLAT(1.0f), wasm_f32x4_add(SPLAT(1.0f), e_1));
}
static inline void f4_tanh2(f4 x_0, f4 x_1, f4* r0, f4* r1) {
  const f4 sign_0 = wasm_v128_and(x_0, wasm_i32x4_splat((int)0x80000000));
  const f4 sign_1 = wasm_v128_and(x_1, wasm_i32x4_splat((int)0x80000000));
  const f4 z_0 = wasm_f32x4_pmin(wasm_v128_xor(x_0, sign_0), SPLAT(9.0f));
  const f4 z_1 = wasm_f32x4_pmin(wasm_v128_xor(x_1, sign_1), SPLAT(9.0f));
  f4 n_0 = wasm_f32x4_add(wasm_f32x4_mul(z_0, SPLAT(-2.88539008177792682f)), SPLAT(MAGIC_BIAS));
  f4 n_1 = wasm_f32x4_add(wasm_f32x4_mul(z_1, SPLAT(-2.88539008177792682f)), SPLAT(MAGIC_BIAS));
  const f4 s_0 = wasm_i32x4_shl(n_0, 23);
  const f4 s_1 = wasm_i32x4_shl(n_1, 23);
  n_0 = wasm_f32x4_sub(n_0, SPLAT(MAGIC_BIAS));
  n_1 = wasm_f32x4_sub(n_1, SPLAT(MAGIC_BIAS));
  f4 w_0 = wasm_f32x4_add(wasm_f32x4_add(z_0, z_0), wasm_f32x4_mul(n_0, SPLAT(LN2_HI)));
  f4 w_1 = wasm_f32x4_add(wasm_f32x4_add(z_1, z_1), wasm_f32x4_mul(n_1, SPLAT(LN2_HI)));
  w_0 = wasm_f32x4_add(w_0, wasm_f32x4_mul(n_0, SPLAT(LN2_LO)));
  w_1 = wasm_f32x4_add(w_1, wasm_f32x4_mul(n_1, SPLAT(LN2_LO)));
  f4 q_0 = MADD4(SPLAT(EM1_C5), w_0, SPLAT(EM1_C4));
  f4 q_1 = MADD4(SPLAT(EM1_C5), w_1, SPLAT(EM1_C4));
  q_0 = MADD4(q_0, w_0, SPLAT(EM1_C3));
  q_1 = MADD4(q_1, w_1, SPLAT(EM1_C3));
  q_0 = MADD4(q_0, w_0, SPLAT(EM1_C2));
  q_1 = MADD4(q_1, w_1, SPLAT(EM1_C2));
  q_0 = MADD4(q_0, w_0, SPLAT(EM1_C1));
  q_1 = MADD4(q_1, w_1, SPLAT(EM1_C1));
  q_0 = MADD4(q_0, w_0, SPLAT(1.0f));
  q_1 = MADD4(q_1, w_1, SPLAT(1.0f));
  const f4 swp_0 = wasm_f32x4_mul(wasm_f32x4_mul(s_0, w_0), q_0);
  const f4 swp_1 = wasm_f32x4_mul(wasm_f32x4_mul(s_1, w_1), q_1);
  const f4 minus_m_0 = wasm_f32x4_sub(swp_0, wasm_f32x4_sub(s_0, SPLAT(1.0f)));
  const f4 minus_m_1 = wasm_f32x4_sub(swp_1, wasm_f32x4_sub(s_1, SPLAT(1.0f)));
  const f4 two_plus_m_0 = wasm_f32x4_add(SPLAT(1.0f), wasm_f32x4_sub(s_0, swp_0));
  const f4 two_plus_m_1 = wasm_f32x4_add(SPLAT(1.0f), wasm_f32x4_sub(s_1, swp_1));
  const f4 t_0 = wasm_f32x4_div(minus_m_0, two_plus_m_0);
  const f4 t_1 = wasm_f32x4_div(minus_m_1, two_plus_m_1);
  *r0 = wasm_v128_or(t_0, sign_0);
  *r1 = wasm_v128_or(t_1, sign_1);
}

#endif
