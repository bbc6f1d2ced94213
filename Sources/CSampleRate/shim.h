#ifndef DREAMSTYLER_SAMPLERATE_SHIM_H
#define DREAMSTYLER_SAMPLERATE_SHIM_H
#include <samplerate.h>
#endif
