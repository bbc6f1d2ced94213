#ifndef DREAMSTYLER_CBLAS_SHIM_H
#define DREAMSTYLER_CBLAS_SHIM_H
// Debian's cblas.h (OpenBLAS) also declares openblas_set_num_threads and friends.
#include <cblas.h>
#endif
