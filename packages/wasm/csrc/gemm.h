#ifndef RNNKIT_GEMM_H
#define RNNKIT_GEMM_H
/* Column panels of 8: weights [k, n] stored as ceil(n/8) panels of [k][8], zero-padded. */
#define PANEL 8
void gemm(float* out, int ldo, const float* a, int lda, int m, int k, const float* panels, int n,
          const float* bias);
#endif
