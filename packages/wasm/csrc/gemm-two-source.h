#ifndef RNNKIT_GEMM_TWO_SOURCE_H
#define RNNKIT_GEMM_TWO_SOURCE_H
/* gemm over two input sources and stacked weights [Wa; Wb] in one panel set (gemm-two-source.c). */
void gemm_two(float* out, int ldo, const float* a, int lda, int ka, const float* b, int ldb,
              int kb, int m, const float* panels, int n, const float* bias);
#endif
