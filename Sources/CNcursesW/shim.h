#ifndef DREAMSTYLER_NCURSES_SHIM_H
#define DREAMSTYLER_NCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags, so the wide-character API is switched on here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>
// Macros and globals do not import cleanly into Swift 6; re-export them as functions.
static inline WINDOW *dreamstyler_stdscr(void) { return stdscr; }
static inline int dreamstyler_lines(void) { return LINES; }
static inline int dreamstyler_cols(void) { return COLS; }
static inline int dreamstyler_colors(void) { return COLORS; }
static inline int dreamstyler_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t dreamstyler_a_bold(void) { return A_BOLD; }
static inline attr_t dreamstyler_a_reverse(void) { return A_REVERSE; }
static inline attr_t dreamstyler_a_dim(void) { return A_DIM; }
static inline attr_t dreamstyler_a_underline(void) { return A_UNDERLINE; }
static inline void dreamstyler_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
#endif
