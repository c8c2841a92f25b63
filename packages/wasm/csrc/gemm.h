#ifndef RNNKIT_GEMM_H
#define RNNKIT_GEMM_H
/* Column panels of 16: weights [k, n] stored as ceil(n/16) panels of [k][16], zero-padded.
 * src/engine/model-plan.ts (GEMM_PANEL) allocates them with the same width. */
#define PANEL 16
void gemm(float* out, int ldo, const float* a, int lda, int m, int k, const float* panels, int n,
          const float* bias);
#endif
