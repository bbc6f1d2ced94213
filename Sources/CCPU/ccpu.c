#include "ccpu.h"
#include <cpuid.h>
#include <string.h>
#include <time.h>
#include <immintrin.h>

static uint64_t xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

void ds_cpu_query(ds_cpu_features *f) {
    memset(f, 0, sizeof *f);
    unsigned a, b, c, d, maxLeaf;
    __cpuid(0, maxLeaf, b, c, d);
    memcpy(f->vendor, &b, 4); memcpy(f->vendor + 4, &d, 4); memcpy(f->vendor + 8, &c, 4);
    __cpuid(1, a, b, c, d);
    unsigned baseFamily = (a >> 8) & 0xf, baseModel = (a >> 4) & 0xf;
    f->family = baseFamily == 0xf ? baseFamily + ((a >> 20) & 0xff) : baseFamily;
    f->model = (baseFamily == 0x6 || baseFamily == 0xf) ? (((a >> 16) & 0xf) << 4) + baseModel : baseModel;
    f->sse41 = (c >> 19) & 1;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    int ymm = (xcr0 & 0x6) == 0x6, zmm = ymm && (xcr0 & 0xe0) == 0xe0, tiles = (xcr0 & 0x60000) == 0x60000;
    f->avx = avx && ymm;
    f->fma = fma && f->avx;
    if (maxLeaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        f->avx2 = ((b >> 5) & 1) && f->avx;
        f->avx512f = ((b >> 16) & 1) && zmm;
        f->avx512dq = ((b >> 17) & 1) && zmm;
        f->avx512bw = ((b >> 30) & 1) && zmm;
        f->avx512vl = ((b >> 31) & 1) && zmm;
        f->avx512_vnni = ((c >> 11) & 1) && zmm;
        f->avx512_fp16 = ((d >> 23) & 1) && zmm;
        f->amx_bf16 = ((d >> 22) & 1) && tiles;
        f->amx_tile = ((d >> 24) & 1) && tiles;
        unsigned a1, b1, c1, d1;
        __cpuid_count(7, 1, a1, b1, c1, d1);
        f->avx512_bf16 = ((a1 >> 5) & 1) && zmm;
    }
    unsigned ext;
    __cpuid(0x80000000, ext, b, c, d);
    if (ext >= 0x80000004) {
        unsigned *p = (unsigned *)f->brand;
        for (unsigned leaf = 0; leaf < 3; leaf++) __cpuid(0x80000002 + leaf, p[4 * leaf], p[4 * leaf + 1], p[4 * leaf + 2], p[4 * leaf + 3]);
        f->brand[48] = 0;
    }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// Twelve independent accumulators hide the FMA latency (4 cycles) on two ports.
#define FMA_LOOP(T, SET1, FMA, ADD, STORE, W)                                   \
    T acc[12]; T x = SET1(1.0000001f), y = SET1(0.9999999f);                    \
    for (int i = 0; i < 12; i++) acc[i] = SET1((float)i);                        \
    long iters = 0; double t0 = now(), t;                                        \
    do {                                                                         \
        for (int r = 0; r < 4096; r++)                                           \
            for (int i = 0; i < 12; i++) acc[i] = FMA(acc[i], x, y);             \
        iters += 4096;                                                           \
        t = now() - t0;                                                          \
    } while (t < seconds);                                                       \
    T s = acc[0]; for (int i = 1; i < 12; i++) s = ADD(s, acc[i]);               \
    float sink[W]; STORE(sink, s); volatile float keep = sink[0]; (void)keep;    \
    return 2.0 * W * 12 * (double)iters / t / 1e9;

__attribute__((target("avx512f"))) static double peak512(double seconds) {
    FMA_LOOP(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_storeu_ps, 16)
}
__attribute__((target("avx2,fma"))) static double peak256(double seconds) {
    FMA_LOOP(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_storeu_ps, 8)
}
static __m128 mul_add128(__m128 a, __m128 b, __m128 c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
static double peak128(double seconds) {
    FMA_LOOP(__m128, _mm_set1_ps, mul_add128, _mm_add_ps, _mm_storeu_ps, 4)
}

double ds_fma_peak_gflops(double seconds, int *width) {
    ds_cpu_features f;
    ds_cpu_query(&f);
    if (f.avx512f) { *width = 16; return peak512(seconds); }
    if (f.avx2 && f.fma) { *width = 8; return peak256(seconds); }
    *width = 4;
    return peak128(seconds);
}

#include <malloc.h>
void ds_release_free_memory(void) { malloc_trim(0); }
