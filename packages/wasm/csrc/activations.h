/*
 * The spec's element-wise activations (docs/spec.md "Activations") on four lanes. Codes are
 * shared with src/engine/activation-code.ts; parameters are written out in the spec, never
 * defaulted here.
 */
#ifndef RNNKIT_ACTIVATIONS_H
#define RNNKIT_ACTIVATIONS_H

#include "simd-math.h"

enum {
  ACT_LINEAR = 0,
  ACT_RELU = 1,
  ACT_TANH = 2,
  ACT_SIGMOID = 3,
  ACT_SOFTSIGN = 4,
  ACT_SOFTPLUS = 5,
  ACT_EXPONENTIAL = 6,
  ACT_HARD_SIGMOID = 7,
  ACT_LEAKY_RELU = 8,
  ACT_THRESHOLDED_RELU = 9,
  ACT_ELU = 10,
  ACT_AFFINE = 11,
  ACT_SCALED_TANH = 12,
};

typedef struct {
  int code;
  float alpha;
  float beta;
} Activation;

static inline f4 f4_activate(f4 x, Activation a) {
  switch (a.code) {
  case ACT_RELU:
    return wasm_f32x4_max(x, SPLAT(0.0f));
  case ACT_TANH:
    return f4_tanh(x);
  case ACT_SIGMOID:
    return f4_sigmoid(x);
  case ACT_SOFTSIGN:
    return wasm_f32x4_div(x, wasm_f32x4_add(SPLAT(1.0f), wasm_f32x4_abs(x)));
  case ACT_SOFTPLUS:
    return f4_softplus(x);
  case ACT_EXPONENTIAL:
    return f4_exp(x);
  case ACT_HARD_SIGMOID: {
    const f4 y = wasm_f32x4_add(wasm_f32x4_mul(x, SPLAT(a.alpha)), SPLAT(a.beta));
    return wasm_f32x4_min(wasm_f32x4_max(y, SPLAT(0.0f)), SPLAT(1.0f));
  }
  case ACT_LEAKY_RELU:
    return wasm_v128_bitselect(x, wasm_f32x4_mul(x, SPLAT(a.alpha)), wasm_f32x4_ge(x, SPLAT(0.0f)));
  case ACT_THRESHOLDED_RELU:
    return wasm_v128_and(x, wasm_f32x4_gt(x, SPLAT(a.alpha)));
  case ACT_ELU: {
    const f4 neg = wasm_f32x4_mul(SPLAT(a.alpha), wasm_f32x4_sub(f4_exp(x), SPLAT(1.0f)));
    return wasm_v128_bitselect(x, neg, wasm_f32x4_ge(x, SPLAT(0.0f)));
  }
  case ACT_AFFINE:
    return wasm_f32x4_add(wasm_f32x4_mul(x, SPLAT(a.alpha)), SPLAT(a.beta));
  case ACT_SCALED_TANH:
    return wasm_f32x4_mul(SPLAT(a.alpha), f4_tanh(wasm_f32x4_mul(x, SPLAT(a.beta))));
  default:
    return x;
  }
}

/* Loads and stores of the last, partial vector of a row (n < 4 lanes), zero-filled. */
static inline f4 f4_load_n(const float* p, int n) {
  if (n >= 4) return wasm_v128_load(p);
  float tmp[4] = {0, 0, 0, 0};
  for (int i = 0; i < n; i++) tmp[i] = p[i];
  return wasm_v128_load(tmp);
}

static inline void f4_store_n(float* p, f4 v, int n) {
  if (n >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  float tmp[4];
  wasm_v128_store(tmp, v);
  for (int i = 0; i < n; i++) p[i] = tmp[i];
}

#endif
