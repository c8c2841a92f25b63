/*
 * out[m, n] = a[m, k] · w[k, n] (+ bias[n]), all row-major with leading dimensions, in f32x4.
 * w is the canonical Keras layout [in, out] (docs/spec.md "Weights"), so a row of w is
 * contiguous along the output columns: the kernels hold a tile of output columns in registers,
 * broadcast one input value at a time and run down k, reading each weight once per row block.
 * Blocks: 4 rows x 8 columns (8 accumulators) for batches, 1 row x 32 columns for a single row
 * (a streaming step), then 4- and 1-column tails. Summation order along k is sequential, as in
 * a plain dot product, so results do not depend on the blocking.
 */
#include "gemm.h"
#include "activations.h"

#define LOAD(p) wasm_v128_load(p)
#define STORE(p, v) wasm_v128_store(p, v)
#define MADD(acc, x, y) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y))

static inline f4 bias4(const float* bias, int j) { return bias ? LOAD(bias + j) : SPLAT(0.0f); }

static void rows4(float* out, int ldo, const float* a, int lda, int k, const float* w, int ldw,
                  int n, const float* bias) {
  const float* a0 = a;
  const float* a1 = a + lda;
  const float* a2 = a + 2 * lda;
  const float* a3 = a + 3 * lda;
  int j = 0;
  for (; j + 8 <= n; j += 8) {
    f4 b0 = bias4(bias, j), b1 = bias4(bias, j + 4);
    f4 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
    const float* wp = w + j;
    for (int p = 0; p < k; p++, wp += ldw) {
      const f4 w0 = LOAD(wp), w1 = LOAD(wp + 4);
      f4 x = SPLAT(a0[p]);
      MADD(c00, x, w0);
      MADD(c01, x, w1);
      x = SPLAT(a1[p]);
      MADD(c10, x, w0);
      MADD(c11, x, w1);
      x = SPLAT(a2[p]);
      MADD(c20, x, w0);
      MADD(c21, x, w1);
      x = SPLAT(a3[p]);
      MADD(c30, x, w0);
      MADD(c31, x, w1);
    }
    STORE(out + j, c00);
    STORE(out + j + 4, c01);
    STORE(out + ldo + j, c10);
    STORE(out + ldo + j + 4, c11);
    STORE(out + 2 * ldo + j, c20);
    STORE(out + 2 * ldo + j + 4, c21);
    STORE(out + 3 * ldo + j, c30);
    STORE(out + 3 * ldo + j + 4, c31);
  }
  for (; j + 4 <= n; j += 4) {
    const f4 b0 = bias4(bias, j);
    f4 c0 = b0, c1 = b0, c2 = b0, c3 = b0;
    const float* wp = w + j;
    for (int p = 0; p < k; p++, wp += ldw) {
      const f4 w0 = LOAD(wp);
      MADD(c0, SPLAT(a0[p]), w0);
      MADD(c1, SPLAT(a1[p]), w0);
      MADD(c2, SPLAT(a2[p]), w0);
      MADD(c3, SPLAT(a3[p]), w0);
    }
    STORE(out + j, c0);
    STORE(out + ldo + j, c1);
    STORE(out + 2 * ldo + j, c2);
    STORE(out + 3 * ldo + j, c3);
  }
  for (; j < n; j++) {
    for (int r = 0; r < 4; r++) {
      const float* ar = a + r * lda;
      float s = bias ? bias[j] : 0.0f;
      for (int p = 0; p < k; p++) s += ar[p] * w[p * ldw + j];
      out[r * ldo + j] = s;
    }
  }
}

static void row1(float* out, const float* a, int k, const float* w, int ldw, int n,
                 const float* bias) {
  int j = 0;
  for (; j + 32 <= n; j += 32) {
    f4 c0 = bias4(bias, j), c1 = bias4(bias, j + 4), c2 = bias4(bias, j + 8),
       c3 = bias4(bias, j + 12), c4 = bias4(bias, j + 16), c5 = bias4(bias, j + 20),
       c6 = bias4(bias, j + 24), c7 = bias4(bias, j + 28);
    const float* wp = w + j;
    for (int p = 0; p < k; p++, wp += ldw) {
      const f4 x = SPLAT(a[p]);
      MADD(c0, x, LOAD(wp));
      MADD(c1, x, LOAD(wp + 4));
      MADD(c2, x, LOAD(wp + 8));
      MADD(c3, x, LOAD(wp + 12));
      MADD(c4, x, LOAD(wp + 16));
      MADD(c5, x, LOAD(wp + 20));
      MADD(c6, x, LOAD(wp + 24));
      MADD(c7, x, LOAD(wp + 28));
    }
    STORE(out + j, c0);
    STORE(out + j + 4, c1);
    STORE(out + j + 8, c2);
    STORE(out + j + 12, c3);
    STORE(out + j + 16, c4);
    STORE(out + j + 20, c5);
    STORE(out + j + 24, c6);
    STORE(out + j + 28, c7);
  }
  for (; j + 4 <= n; j += 4) {
    f4 c0 = bias4(bias, j);
    const float* wp = w + j;
    for (int p = 0; p < k; p++, wp += ldw) MADD(c0, SPLAT(a[p]), LOAD(wp));
    STORE(out + j, c0);
  }
  for (; j < n; j++) {
    float s = bias ? bias[j] : 0.0f;
    for (int p = 0; p < k; p++) s += a[p] * w[p * ldw + j];
    out[j] = s;
  }
}

__attribute__((export_name("gemm"))) void gemm(float* out, int ldo, const float* a, int lda,
                                                int m, int k, const float* w, int ldw, int n,
                                                const float* bias) {
  int i = 0;
  for (; i + 4 <= m; i += 4) rows4(out + i * ldo, ldo, a + i * lda, lda, k, w, ldw, n, bias);
  for (; i < m; i++) row1(out + i * ldo, a + i * lda, k, w, ldw, n, bias);
}
