#ifndef PARLEY_CNCURSESW_SHIM_H
#define PARLEY_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 cannot read C mutable globals or expand function-like macros: wrap them.
static inline WINDOW *parley_stdscr(void) { return stdscr; }
static inline int parley_lines(void) { return LINES; }
static inline int parley_cols(void) { return COLS; }
static inline int parley_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int parley_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int parley_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int parley_a_bold(void) { return (int)A_BOLD; }
static inline int parley_a_reverse(void) { return (int)A_REVERSE; }
static inline int parley_a_dim(void) { return (int)A_DIM; }
static inline int parley_a_underline(void) { return (int)A_UNDERLINE; }
static inline int parley_key_resize(void) { return KEY_RESIZE; }
static inline int parley_key_up(void) { return KEY_UP; }
static inline int parley_key_down(void) { return KEY_DOWN; }
static inline int parley_key_enter(void) { return KEY_ENTER; }
static inline int parley_key_backspace(void) { return KEY_BACKSPACE; }
static inline int parley_attron(WINDOW *w, int a) { return wattron(w, a); }
static inline int parley_attroff(WINDOW *w, int a) { return wattroff(w, a); }
static inline int parley_addstr(WINDOW *w, int y, int x, const char *s, int n) {
    return mvwaddnstr(w, y, x, s, n);
}
#endif
