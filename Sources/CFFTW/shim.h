#ifndef DREAMSTYLER_FFTW_SHIM_H
#define DREAMSTYLER_FFTW_SHIM_H
#include <fftw3.h>
// `extern const char[]` does not import into Swift; hand it out through a function.
static inline const char *dreamstyler_fftwf_version(void) { return fftwf_version; }
#endif
