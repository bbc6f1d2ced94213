#include "vector_kernels.h"
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

// e^x by Cephes' polynomial after range reduction by ln 2, branch-free so that each clone
// vectorises; the same constants as the engine's Swift `VectorMath.exp`.
static inline float exp_approx(float x0) {
    float x = x0 > 88.3762626647949f ? 88.3762626647949f : x0;
    x = x < -87.3365447505531f ? -87.3365447505531f : x;
    const float magic = 12582912.0f;
    float t = x * 1.44269504088896341f + magic;
    float n = t - magic;
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * (r * r) + r + 1.0f;
    int32_t ti;
    memcpy(&ti, &t, 4);
    int32_t bits = ((ti - 0x4B400000) + 127) << 23;
    float scale;
    memcpy(&scale, &bits, 4);
    return x0 < -87.3365447505531f ? 0.0f : y * scale;
}

static inline float sigmoid(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

CLONES void ds_silu_forward(const float *restrict x, float *restrict y, long n) {
    for (long i = 0; i < n; i++) y[i] = x[i] * sigmoid(x[i]);
}

CLONES void ds_silu_backward(const float *restrict x, const float *restrict g, float *restrict dx, long n) {
    for (long i = 0; i < n; i++) {
        float s = sigmoid(x[i]);
        dx[i] += g[i] * (s * (1.0f + x[i] * (1.0f - s)));
    }
}
