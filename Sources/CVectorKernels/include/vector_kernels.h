#ifndef DREAMSTYLER_VECTOR_KERNELS_H
#define DREAMSTYLER_VECTOR_KERNELS_H

/// Element-wise kernels compiled once per instruction-set generation (AVX-512, AVX2 + FMA,
/// baseline x86-64) and chosen at load time from the CPU's features: Swift compiles its own
/// SIMD code for the baseline only, which runs these at a quarter of an AVX-512 core's width.

/// y[i] = x[i] · σ(x[i])
void ds_silu_forward(const float *x, float *y, long n);
/// dx[i] += g[i] · σ(x[i]) · (1 + x[i] · (1 − σ(x[i])))
void ds_silu_backward(const float *x, const float *g, float *dx, long n);
#endif
