#ifndef DREAMSTYLER_CCPU_H
#define DREAMSTYLER_CCPU_H
#include <stdint.h>

/// What the processor and the operating system together allow (CPUID and XGETBV):
/// a vector feature counts only when the OS also saves its registers.
typedef struct {
    char vendor[13];
    char brand[49];
    uint32_t family, model;
    int sse41, avx, fma, avx2;
    int avx512f, avx512bw, avx512vl, avx512dq, avx512_vnni, avx512_bf16, avx512_fp16;
    int amx_tile, amx_bf16;
} ds_cpu_features;

void ds_cpu_query(ds_cpu_features *out);

/// Measured single-precision FMA throughput of the calling thread, in GFLOP/s, for
/// the widest vectors the CPU has (width 16, 8 or 4 floats); an independent yardstick
/// for GEMM. `width` receives the vector width used.
double ds_fma_peak_gflops(double seconds, int *width);

/// Returns the allocator's free memory to the system (glibc's malloc_trim): freed blocks
/// inside the heap stay resident otherwise, and count against a learn's peak memory.
void ds_release_free_memory(void);

/// The spin-wait hint (PAUSE): lets the sibling hyper-thread run and saves power while polling.
static inline void ds_spin_pause(void) { __builtin_ia32_pause(); }
#endif
