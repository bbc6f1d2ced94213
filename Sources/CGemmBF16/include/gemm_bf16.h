#ifndef DREAMSTYLER_GEMM_BF16_H
#define DREAMSTYLER_GEMM_BF16_H
#include <stdint.h>

/// C = alpha · op(A) · op(B) + beta · C, row-major, with A and B rounded to bfloat16 and
/// products accumulated in float32 (oneDNN's matmul, AVX512_BF16 or AMX kernels). Runs on
/// the calling thread. Returns 0 on success, else a oneDNN status.
int ds_gemm_bf16(int transA, int transB, long m, long n, long k, float alpha,
                 const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc);

/// float32 → bfloat16, round to nearest even (NaN stays NaN).
void ds_f32_to_bf16(const float *src, uint16_t *dst, long count);

/// The implementation oneDNN chose for the last bf16 GEMM of this thread ("brg:avx512_core_bf16").
const char *ds_gemm_bf16_kernel(void);
#endif
