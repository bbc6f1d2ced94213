#ifndef DREAMSTYLER_SNDFILE_SHIM_H
#define DREAMSTYLER_SNDFILE_SHIM_H
#include <sndfile.h>
#endif
