#ifndef DREAMSTYLER_FLUIDSYNTH_SHIM_H
#define DREAMSTYLER_FLUIDSYNTH_SHIM_H
#include <fluidsynth.h>
#endif
