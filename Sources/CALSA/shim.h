#ifndef DREAMSTYLER_ALSA_SHIM_H
#define DREAMSTYLER_ALSA_SHIM_H
#include <alsa/asoundlib.h>
// ALSA's error handler is variadic, which Swift cannot implement; this silent
// handler keeps library chatter off the terminal (errors still come back as codes).
static void dreamstyler_alsa_silent_handler(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}
static inline void dreamstyler_alsa_silence_errors(void) {
    snd_lib_error_set_handler(dreamstyler_alsa_silent_handler);
}
#endif
