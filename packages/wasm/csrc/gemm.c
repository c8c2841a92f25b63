/*
 * out[m, n] = a[m, k] · w[k, n] (+ bias[n]) in f32x4, with w pre-packed at load into column
 * panels of 8 (pack_panels): panel j holds w[0..k][8j..8j+7] contiguously, zero-padded past n.
 * The kernels hold a tile of output columns in registers, broadcast one input value at a time
 * and run down k reading one panel sequentially (no cache-set conflicts from a large row
 * stride, one prefetchable stream per panel) — the layout ORT's MLAS and XNNPACK pack B into.
 * Blocks: 4 rows x 1 panel (8 accumulators) for batches, 1 row x 4 panels for a single row (a
 * streaming step). Each output is bias + Σ_p a[p] w[p] summed in order p = 0..k-1, whatever
 * the block, so a one-row run and a batched run give identical bits.
 */
#include "gemm.h"
#include "activations.h"

#define LOAD(p) wasm_v128_load(p)
#define MADD(acc, x, y) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y))

__attribute__((export_name("pack_panels"))) void pack_panels(float* dst, const float* w, int ldw,
                                                             int k, int n) {
  const int panels = (n + PANEL - 1) / PANEL;
  for (int jp = 0; jp < panels; jp++) {
    for (int p = 0; p < k; p++) {
      float* d = dst + (jp * k + p) * PANEL;
      for (int c = 0; c < PANEL; c++) {
        const int j = jp * PANEL + c;
        d[c] = j < n ? w[p * ldw + j] : 0.0f;
      }
    }
  }
}

static inline f4 bias_at(const float* bias, int j, int n) {
  return bias ? f4_load_n(bias + j, n - j) : SPLAT(0.0f);
}

/* Stores the 8 columns from j, fewer at the end of a row. */
static inline void store8(float* out, int j, int n, f4 lo, f4 hi) {
  f4_store_n(out + j, lo, n - j);
  if (n - j > 4) f4_store_n(out + j + 4, hi, n - j - 4);
}

static void rows4(float* out, int ldo, const float* a, int lda, int k, const float* panels, int n,
                  const float* bias) {
  const float* a0 = a;
  const float* a1 = a + lda;
  const float* a2 = a + 2 * lda;
  const float* a3 = a + 3 * lda;
  for (int j = 0; j < n; j += PANEL) {
    const f4 b0 = bias_at(bias, j, n), b1 = bias_at(bias, j + 4, n);
    f4 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
    const float* wp = panels + (j / PANEL) * k * PANEL;
    for (int p = 0; p < k; p++, wp += PANEL) {
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
    store8(out, j, n, c00, c01);
    store8(out + ldo, j, n, c10, c11);
    store8(out + 2 * ldo, j, n, c20, c21);
    store8(out + 3 * ldo, j, n, c30, c31);
  }
}

static void row1(float* out, const float* a, int k, const float* panels, int n,
                 const float* bias) {
  int j = 0;
  for (; j + 4 * PANEL <= n; j += 4 * PANEL) {
    f4 c0 = bias_at(bias, j, n), c1 = bias_at(bias, j + 4, n), c2 = bias_at(bias, j + 8, n),
       c3 = bias_at(bias, j + 12, n), c4 = bias_at(bias, j + 16, n), c5 = bias_at(bias, j + 20, n),
       c6 = bias_at(bias, j + 24, n), c7 = bias_at(bias, j + 28, n);
    const float* w0 = panels + (j / PANEL) * k * PANEL;
    const float* w1 = w0 + k * PANEL;
    const float* w2 = w1 + k * PANEL;
    const float* w3 = w2 + k * PANEL;
    for (int p = 0; p < k; p++) {
      const f4 x = SPLAT(a[p]);
      const int o = p * PANEL;
      MADD(c0, x, LOAD(w0 + o));
      MADD(c1, x, LOAD(w0 + o + 4));
      MADD(c2, x, LOAD(w1 + o));
      MADD(c3, x, LOAD(w1 + o + 4));
      MADD(c4, x, LOAD(w2 + o));
      MADD(c5, x, LOAD(w2 + o + 4));
      MADD(c6, x, LOAD(w3 + o));
      MADD(c7, x, LOAD(w3 + o + 4));
    }
    store8(out, j, n, c0, c1);
    store8(out, j + 8, n, c2, c3);
    store8(out, j + 16, n, c4, c5);
    store8(out, j + 24, n, c6, c7);
  }
  for (; j < n; j += PANEL) {
    f4 c0 = bias_at(bias, j, n), c1 = bias_at(bias, j + 4, n);
    const float* wp = panels + (j / PANEL) * k * PANEL;
    for (int p = 0; p < k; p++, wp += PANEL) {
      const f4 x = SPLAT(a[p]);
      MADD(c0, x, LOAD(wp));
      MADD(c1, x, LOAD(wp + 4));
    }
    store8(out, j, n, c0, c1);
  }
}

__attribute__((export_name("gemm"))) void gemm(float* out, int ldo, const float* a, int lda,
                                                int m, int k, const float* panels, int n,
                                                const float* bias) {
  int i = 0;
  for (; i + 4 <= m; i += 4) rows4(out + i * ldo, ldo, a + i * lda, lda, k, panels, n, bias);
  for (; i < m; i++) row1(out + i * ldo, a + i * lda, k, panels, n, bias);
}
