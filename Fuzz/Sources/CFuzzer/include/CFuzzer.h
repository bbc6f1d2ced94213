#pragma once
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt's FuzzerDriver.cpp): runs the fuzzing loop with `callback` as the
/// target, reading libFuzzer's flags from argc/argv. Defining our own `main` and calling it lets one
/// binary hold every target, chosen by its first argument.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
