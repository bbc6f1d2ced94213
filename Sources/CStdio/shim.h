#ifndef DREAMSTYLER_STDIO_SHIM_H
#define DREAMSTYLER_STDIO_SHIM_H
#include <stdio.h>
// Swift 6 rejects direct use of the `stdout` global (shared mutable state).
static inline void dreamstyler_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
#endif
