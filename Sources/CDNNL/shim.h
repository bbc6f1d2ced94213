#ifndef DREAMSTYLER_CDNNL_SHIM_H
#define DREAMSTYLER_CDNNL_SHIM_H
// oneDNN (Debian libdnnl-dev): GEMM and convolution kernels chosen from the CPU's
// features (CPUID), not from a table of processor models, so a new CPU gets the
// best kernels its instruction set allows instead of a silent generic fallback.
#include <oneapi/dnnl/dnnl.h>

// oneDNN's Debian build threads with OpenMP. The engine splits work over cores
// itself, so each of its workers asks for a one-thread OpenMP team (a per-thread
// setting, cheap enough to make before every call).
void omp_set_num_threads(int);
#endif
