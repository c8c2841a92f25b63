/*
 * out[m, n] = a[m, k] · w[k, n] (+ bias[n]) in f32x4, with w pre-packed at load into column
 * panels of 16 (pack_panels): panel j holds w[0..k][16j..16j+15] contiguously, zero-padded past
 * n. The kernels hold a tile of output columns in registers, broadcast one input value at a time
 * and run down k reading the panel as one sequential stream — the layout ORT's MLAS and XNNPACK
 * pack B into (MLAS's SGEMM packs 16 columns, onnxruntime/core/mlas/lib/sgemm.cpp).
 * Blocks: 4 rows x 8 columns (half a panel, 8 accumulators) for batches; 1 row x 32 columns (two
 * panels, 8 accumulators; an odd last panel alone) for a single row (a streaming step).
 * Measured in V8 on this repo's CI machine (AMD EPYC, 2026-12): a single row over one 16-wide
 * stream ran a 256x768 product in 12 us where four 8-wide panels read side by side (four
 * streams, 8 KB apart) took 24 us; two 16-wide panels side by side (two streams) beat one
 * (row1_panel_pair); the
 * 4x8 batch block is as fast on 16-wide panels as on 8-wide ones (~50 GFLOP/s), and 12-
 * accumulator blocks (6x8, 3x16) spill V8's 16 SIMD registers and run at half speed.
 * Each output is bias + Σ_p a[p] w[p] summed in order p = 0..k-1, whatever the block, so a
 * one-row run and a batched run give identical bits.
 */
#include "gemm.h"
#include "activations.h"
#include "madd.h"

#define LOAD(p) wasm_v128_load(p)
#define MADD(acc, x, y) acc = F4_MADD(acc, x, y)

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
  for (int j = 0; j < n; j += 8) {
    const f4 b0 = bias_at(bias, j, n), b1 = bias_at(bias, j + 4, n);
    f4 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
    /* The columns j..j+7 are one half of panel j/16: every PANEL floats, 8 of them. */
    const float* wp = panels + (j / PANEL) * k * PANEL + (j % PANEL);
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

/*
 * Which way the next single-row product over a weight matrix walks its panels, per matrix
 * (a small table keyed by the panels' address; a collision only costs the cache benefit).
 * A streaming token step reads every weight once (the GRU LM's 256x768 recurrent kernel is
 * 786 KB), and with the next layer's weights the set is larger than a 1 MB L2: walked the same
 * way every call, each panel has been evicted by the time it is read again (least recently
 * used), so the whole matrix streams from L3. Alternating the direction starts each call on the
 * panels the previous call read last. The panels only change which columns are computed first;
 * every sum is the same, so the bits are too.
 */
static unsigned char walk_back[64];

/*
 * One panel of a single row (the last one when a row has an odd number of panels), two steps of
 * p per iteration: V8 puts a stack check and the loop bookkeeping on every iteration, and with
 * one step those were a fifth of the instructions. The empty asm hides the panel pointer from
 * clang's loop strength reduction, which otherwise rewrites it as base + invariant and loses the
 * constant offsets wasm loads can carry (V8 then computes each address with an extra lea).
 * K = 64 in L2, best of 100: 2.73 -> 2.34 us. The sums stay in order p = 0..k-1.
 */
static inline void row1_panel(float* out, const float* a, int k, const float* panels, int n, int j,
                              const float* bias) {
  f4 c0 = bias_at(bias, j, n), c1 = bias_at(bias, j + 4, n), c2 = bias_at(bias, j + 8, n),
     c3 = bias_at(bias, j + 12, n);
  const float* wp = panels + (j / PANEL) * k * PANEL;
  int p = 0;
  for (; p + 2 <= k; p += 2, wp += 2 * PANEL) {
    __asm__("" : "+r"(wp));
    f4 x = SPLAT(a[p]);
    MADD(c0, x, LOAD(wp));
    MADD(c1, x, LOAD(wp + 4));
    MADD(c2, x, LOAD(wp + 8));
    MADD(c3, x, LOAD(wp + 12));
    x = SPLAT(a[p + 1]);
    MADD(c0, x, LOAD(wp + 16));
    MADD(c1, x, LOAD(wp + 20));
    MADD(c2, x, LOAD(wp + 24));
    MADD(c3, x, LOAD(wp + 28));
  }
  if (p < k) {
    const f4 x = SPLAT(a[p]);
    MADD(c0, x, LOAD(wp));
    MADD(c1, x, LOAD(wp + 4));
    MADD(c2, x, LOAD(wp + 8));
    MADD(c3, x, LOAD(wp + 12));
  }
  store8(out, j, n, c0, c1);
  if (n - j > 8) store8(out, j + 8, n, c2, c3);
}

/*
 * Two neighbouring panels of a single row at once (columns j..j+31, 8 accumulators), the
 * streaming step's main kernel. Each accumulator is a chain of dependent adds (multiply-adds in
 * the relaxed build); one panel's 4 chains left the add pipes idle most cycles, waiting on the
 * previous add (vendor figures for this AMD Zen 5: ~3 cycles an add, ~4 a fused multiply-add,
 * 2 pipes): 8 chains keep them fed. Two streams k * 64 bytes apart (16 KB for k = 256); 12
 * accumulators (three panels) spill V8's 16 SIMD registers and run at half speed. Same two
 * steps per iteration and asm barriers as row1_panel. Measured interleaved in V8, 1 x 256 x 768
 * alternating in L2, medians of 40 rounds: SIMD128 10.3 -> 8.95 us, relaxed 14.1 -> 8.8 us
 * (apps/bench/README.md, "Session 7: single-row chains"; four steps per iteration spill in the
 * relaxed build, 1.3x slower). Every output is still bias + the sum over p = 0..k-1 in order,
 * so the bits equal row1_panel's and the 4-row blocks'.
 */
static inline void row1_panel_pair(float* out, const float* a, int k, const float* panels, int n,
                                   int j, const float* bias) {
  f4 c0 = bias_at(bias, j, n), c1 = bias_at(bias, j + 4, n), c2 = bias_at(bias, j + 8, n),
     c3 = bias_at(bias, j + 12, n);
  f4 d0 = bias_at(bias, j + 16, n), d1 = bias_at(bias, j + 20, n), d2 = bias_at(bias, j + 24, n),
     d3 = bias_at(bias, j + 28, n);
  const float* wp = panels + (j / PANEL) * k * PANEL;
  const float* vp = wp + k * PANEL;
  int p = 0;
  for (; p + 2 <= k; p += 2, wp += 2 * PANEL, vp += 2 * PANEL) {
    __asm__("" : "+r"(wp));
    __asm__("" : "+r"(vp));
    f4 x = SPLAT(a[p]);
    MADD(c0, x, LOAD(wp));
    MADD(c1, x, LOAD(wp + 4));
    MADD(c2, x, LOAD(wp + 8));
    MADD(c3, x, LOAD(wp + 12));
    MADD(d0, x, LOAD(vp));
    MADD(d1, x, LOAD(vp + 4));
    MADD(d2, x, LOAD(vp + 8));
    MADD(d3, x, LOAD(vp + 12));
    x = SPLAT(a[p + 1]);
    MADD(c0, x, LOAD(wp + 16));
    MADD(c1, x, LOAD(wp + 20));
    MADD(c2, x, LOAD(wp + 24));
    MADD(c3, x, LOAD(wp + 28));
    MADD(d0, x, LOAD(vp + 16));
    MADD(d1, x, LOAD(vp + 20));
    MADD(d2, x, LOAD(vp + 24));
    MADD(d3, x, LOAD(vp + 28));
  }
  if (p < k) {
    const f4 x = SPLAT(a[p]);
    MADD(c0, x, LOAD(wp));
    MADD(c1, x, LOAD(wp + 4));
    MADD(c2, x, LOAD(wp + 8));
    MADD(c3, x, LOAD(wp + 12));
    MADD(d0, x, LOAD(vp));
    MADD(d1, x, LOAD(vp + 4));
    MADD(d2, x, LOAD(vp + 8));
    MADD(d3, x, LOAD(vp + 12));
  }
  /* The first panel is full (a second one follows it); the second may end past n. */
  store8(out, j, n, c0, c1);
  store8(out, j + 8, n, c2, c3);
  store8(out, j + 16, n, d0, d1);
  if (n - j > 24) store8(out, j + 24, n, d2, d3);
}

/* A single row: panels two at a time, an odd last panel alone; the walk alternates (above). */
static void row1(float* out, const float* a, int k, const float* panels, int n,
                 const float* bias) {
  const int panel_count = (n + PANEL - 1) / PANEL;
  const int pairs = panel_count / 2;
  const int last = (panel_count - 1) * PANEL;
  unsigned char* back = &walk_back[((unsigned)(unsigned long)panels >> 6) & 63];
  if (*back) {
    if (panel_count & 1) row1_panel(out, a, k, panels, n, last, bias);
    for (int jp = pairs - 1; jp >= 0; jp--) {
      row1_panel_pair(out, a, k, panels, n, jp * 2 * PANEL, bias);
    }
  } else {
    for (int jp = 0; jp < pairs; jp++) row1_panel_pair(out, a, k, panels, n, jp * 2 * PANEL, bias);
    if (panel_count & 1) row1_panel(out, a, k, panels, n, last, bias);
  }
  *back = !*back;
}

__attribute__((export_name("gemm"))) void gemm(float* out, int ldo, const float* a, int lda,
                                                int m, int k, const float* panels, int n,
                                                const float* bias) {
  int i = 0;
  for (; i + 4 <= m; i += 4) rows4(out + i * ldo, ldo, a + i * lda, lda, k, panels, n, bias);
  for (; i < m; i++) row1(out + i * ldo, a + i * lda, k, panels, n, bias);
}
