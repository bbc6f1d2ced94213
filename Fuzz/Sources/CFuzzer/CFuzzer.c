// The declaration in include/CFuzzer.h is all; the definition comes from libFuzzer (-sanitize=fuzzer).
#include "CFuzzer.h"
