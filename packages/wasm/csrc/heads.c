/*
 * What sits around the recurrent layers: embedding lookups, an element-wise activation over
 * rows (Dense heads), softmax over the last axis, and bidirectional merges.
 */
#include "activations.h"

/* out[i] = table[ids[i]] (rows of width dim); ids were checked against the vocabulary in JS. */
__attribute__((export_name("embedding_gather"))) void embedding_gather(float* out,
                                                                       const float* table,
                                                                       const int* ids, int count,
                                                                       int dim) {
  for (int i = 0; i < count; i++) {
    const float* row = table + ids[i] * dim;
    float* o = out + i * dim;
    for (int j = 0; j < dim; j++) o[j] = row[j];
  }
}

/* x[count] <- activation(x), in place. */
__attribute__((export_name("activate"))) void activate(float* x, int count, int code, float alpha,
                                                       float beta) {
  const Activation a = {code, alpha, beta};
  for (int j = 0; j < count; j += 4) {
    const int n = count - j;
    f4_store_n(x + j, f4_activate(f4_load_n(x + j, n), a), n);
  }
}

/* Softmax of each row of x[rows, width], in place: exp(x - max) / sum, the max subtracted so
 * no exp overflows (the largest term is exactly 1). */
__attribute__((export_name("softmax_rows"))) void softmax_rows(float* x, int rows, int width) {
  for (int r = 0; r < rows; r++) {
    float* row = x + r * width;
    float max = row[0];
    for (int j = 1; j < width; j++) max = row[j] > max ? row[j] : max;
    f4 sum4 = SPLAT(0.0f);
    for (int j = 0; j < width; j += 4) {
      const int n = width - j;
      f4 e = f4_exp(wasm_f32x4_sub(f4_load_n(row + j, n), SPLAT(max)));
      if (n < 4) {
        /* zero the lanes past the row end before summing */
        float keep[4] = {0, 0, 0, 0};
        for (int i = 0; i < n; i++) keep[i] = 1.0f;
        e = wasm_f32x4_mul(e, wasm_v128_load(keep));
      }
      f4_store_n(row + j, e, n);
      sum4 = wasm_f32x4_add(sum4, e);
    }
    const float sum = wasm_f32x4_extract_lane(sum4, 0) + wasm_f32x4_extract_lane(sum4, 1) +
                      wasm_f32x4_extract_lane(sum4, 2) + wasm_f32x4_extract_lane(sum4, 3);
    const f4 inv = SPLAT(1.0f / sum);
    for (int j = 0; j < width; j += 4) {
      const int n = width - j;
      f4_store_n(row + j, wasm_f32x4_mul(f4_load_n(row + j, n), inv), n);
    }
  }
}

/* Bidirectional merge of two [count] halves: 1 sum, 2 ave ((a+b)/2), 3 mul (Keras merge_mode). */
__attribute__((export_name("merge"))) void merge(float* out, const float* a, const float* b,
                                                 int count, int mode) {
  for (int j = 0; j < count; j += 4) {
    const int n = count - j;
    const f4 x = f4_load_n(a + j, n), y = f4_load_n(b + j, n);
    f4 v = mode == 3 ? wasm_f32x4_mul(x, y) : wasm_f32x4_add(x, y);
    if (mode == 2) v = wasm_f32x4_mul(v, SPLAT(0.5f));
    f4_store_n(out + j, v, n);
  }
}
