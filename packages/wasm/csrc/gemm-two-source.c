/*
 * out[m, n] = bias[n] + a[m, ka] · w[0:ka, n] + b[m, kb] · w[ka:ka+kb, n]: one product whose
 * input rows come from two places, over weights stacked [Wa; Wb] and packed as one panel set
 * (gemm.h, pack_panels over k = ka + kb rows). A recurrent step uses it to fold the input
 * projection into the recurrent product: a = the step's input rows (row i at a + i*lda, so the
 * rows b*time + t of a batch-major sequence are lda = time*features apart), b = the state h.
 * No [batch*time, gates*units] projection is written and read back, and each block runs down
 * k = features + units instead of units.
 *
 * Blocks as in gemm.c: 4 rows x 8 columns for batches, 1 row x 16 columns (one panel) for a
 * single row. Every output is bias + Σ_p a[p] w[p] (p = 0..ka-1) + Σ_p b[p] w[ka+p] summed in
 * that order whatever the block, so one-row and batched runs (a streamed step and a joined
 * run) give identical bits.
 */
#include "gemm-two-source.h"
#include "activations.h"
#include "gemm.h"
#include "madd.h"

#define LOAD(p) wasm_v128_load(p)
#define MADD(acc, x, y) acc = F4_MADD(acc, x, y)

static inline f4 bias_at(const float* bias, int j, int n) {
  return bias ? f4_load_n(bias + j, n - j) : SPLAT(0.0f);
}

static inline void store8(float* out, int j, int n, f4 lo, f4 hi) {
  f4_store_n(out + j, lo, n - j);
  if (n - j > 4) f4_store_n(out + j + 4, hi, n - j - 4);
}

/* Four rows of one source into the 4x8 accumulators, walking the panel from wp. */
#define ROWS4_SOURCE(r0, r1, r2, r3, k)                                                           \
  for (int p = 0; p < (k); p++, wp += PANEL) {                                                    \
    const f4 w0 = LOAD(wp), w1 = LOAD(wp + 4);                                                    \
    f4 x = SPLAT(r0[p]);                                                                          \
    MADD(c00, x, w0);                                                                             \
    MADD(c01, x, w1);                                                                             \
    x = SPLAT(r1[p]);                                                                             \
    MADD(c10, x, w0);                                                                             \
    MADD(c11, x, w1);                                                                             \
    x = SPLAT(r2[p]);                                                                             \
    MADD(c20, x, w0);                                                                             \
    MADD(c21, x, w1);                                                                             \
    x = SPLAT(r3[p]);                                                                             \
    MADD(c30, x, w0);                                                                             \
    MADD(c31, x, w1);                                                                             \
  }

static void rows4_two(float* out, int ldo, const float* a, int lda, int ka, const float* b,
                      int ldb, int kb, const float* panels, int n, const float* bias) {
  const int k = ka + kb;
  const float *a0 = a, *a1 = a + lda, *a2 = a + 2 * lda, *a3 = a + 3 * lda;
  const float *b0 = b, *b1 = b + ldb, *b2 = b + 2 * ldb, *b3 = b + 3 * ldb;
  for (int j = 0; j < n; j += 8) {
    const f4 s0 = bias_at(bias, j, n), s1 = bias_at(bias, j + 4, n);
    f4 c00 = s0, c01 = s1, c10 = s0, c11 = s1, c20 = s0, c21 = s1, c30 = s0, c31 = s1;
    const float* wp = panels + (j / PANEL) * k * PANEL + (j % PANEL);
    ROWS4_SOURCE(a0, a1, a2, a3, ka)
    ROWS4_SOURCE(b0, b1, b2, b3, kb)
    store8(out, j, n, c00, c01);
    store8(out + ldo, j, n, c10, c11);
    store8(out + 2 * ldo, j, n, c20, c21);
    store8(out + 3 * ldo, j, n, c30, c31);
  }
}

/* One row of one source into the panel's four accumulators, two steps of p per iteration (the
 * empty asm keeps the constant load offsets: gemm.c row1_panel says why). Sums stay in order. */
#define ROW1_SOURCE(x_, k)                                                                        \
  {                                                                                               \
    int p = 0;                                                                                    \
    for (; p + 2 <= (k); p += 2, wp += 2 * PANEL) {                                               \
      __asm__("" : "+r"(wp));                                                                     \
      f4 x = SPLAT(x_[p]);                                                                        \
      MADD(c0, x, LOAD(wp));                                                                      \
      MADD(c1, x, LOAD(wp + 4));                                                                  \
      MADD(c2, x, LOAD(wp + 8));                                                                  \
      MADD(c3, x, LOAD(wp + 12));                                                                 \
      x = SPLAT(x_[p + 1]);                                                                       \
      MADD(c0, x, LOAD(wp + 16));                                                                 \
      MADD(c1, x, LOAD(wp + 20));                                                                 \
      MADD(c2, x, LOAD(wp + 24));                                                                 \
      MADD(c3, x, LOAD(wp + 28));                                                                 \
    }                                                                                             \
    if (p < (k)) {                                                                                \
      const f4 x = SPLAT(x_[p]);                                                                  \
      MADD(c0, x, LOAD(wp));                                                                      \
      MADD(c1, x, LOAD(wp + 4));                                                                  \
      MADD(c2, x, LOAD(wp + 8));                                                                  \
      MADD(c3, x, LOAD(wp + 12));                                                                 \
      wp += PANEL;                                                                                \
    }                                                                                             \
  }

static void row1_two(float* out, const float* a, int ka, const float* b, int kb,
                     const float* panels, int n, const float* bias) {
  const int k = ka + kb;
  for (int j = 0; j < n; j += PANEL) {
    f4 c0 = bias_at(bias, j, n), c1 = bias_at(bias, j + 4, n), c2 = bias_at(bias, j + 8, n),
       c3 = bias_at(bias, j + 12, n);
    const float* wp = panels + (j / PANEL) * k * PANEL;
    ROW1_SOURCE(a, ka)
    ROW1_SOURCE(b, kb)
    store8(out, j, n, c0, c1);
    if (n - j > 8) store8(out, j + 8, n, c2, c3);
  }
}

__attribute__((export_name("gemm_two"))) void gemm_two(float* out, int ldo, const float* a,
                                                        int lda, int ka, const float* b, int ldb,
                                                        int kb, int m, const float* panels, int n,
                                                        const float* bias) {
  int i = 0;
  for (; i + 4 <= m; i += 4)
    rows4_two(out + i * ldo, ldo, a + i * lda, lda, ka, b + i * ldb, ldb, kb, panels, n, bias);
  for (; i < m; i++) row1_two(out + i * ldo, a + i * lda, ka, b + i * ldb, kb, panels, n, bias);
}
