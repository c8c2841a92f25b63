#ifndef RNNKIT_GEMM_H
#define RNNKIT_GEMM_H
void gemm(float* out, int ldo, const float* a, int lda, int m, int k, const float* w, int ldw,
          int n, const float* bias);
#endif
