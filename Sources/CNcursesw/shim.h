#ifndef PARLEY_CNCURSESW_SHIM_H
#define PARLEY_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

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

// ---- ParleyTUI: more keys, attributes, wide-character output and input ----
static inline int parley_key_code_yes(void) { return KEY_CODE_YES; }
static inline int parley_key_left(void) { return KEY_LEFT; }
static inline int parley_key_right(void) { return KEY_RIGHT; }
static inline int parley_key_home(void) { return KEY_HOME; }
static inline int parley_key_end(void) { return KEY_END; }
static inline int parley_key_ppage(void) { return KEY_PPAGE; }
static inline int parley_key_npage(void) { return KEY_NPAGE; }
static inline int parley_key_dc(void) { return KEY_DC; }
static inline int parley_key_ic(void) { return KEY_IC; }
static inline int parley_key_btab(void) { return KEY_BTAB; }
static inline int parley_key_f0(void) { return KEY_F0; }
static inline int parley_err(void) { return ERR; }
static inline int parley_ok(void) { return OK; }
static inline unsigned int parley_a_normal(void) { return (unsigned int)A_NORMAL; }
static inline int parley_colors(void) { return COLORS; }
// Classifies a terminal type without starting a screen: 1 usable, 0 unknown or generic
// (too little information), -1 no terminfo database, -2 hardcopy or no cursor addressing.
static inline int parley_probe_term(const char *name, int fd) {
    int status = 0;
    TERMINAL *saved = cur_term;
    int result = setupterm(name, fd, &status);
    if (result == OK) {
        // A terminal that cannot move the cursor (e.g. "dumb") cannot hold a screen.
        const char *cup = tigetstr("cup");
        int usable = cup != NULL && cup != (char *)-1;
        del_curterm(cur_term);
        set_curterm(saved);
        return usable ? 1 : -2;
    }
    set_curterm(saved);
    return status == 1 ? -2 : status;
}

static inline int parley_set_style(WINDOW *w, unsigned int attributes, short pair) {
    return wattr_set(w, (attr_t)attributes, pair, NULL);
}
static inline int parley_move_addnwstr(WINDOW *w, int y, int x, const wchar_t *s, int n) {
    return mvwaddnwstr(w, y, x, s, n);
}
// Returns OK (a character), KEY_CODE_YES (a function key) or ERR (nothing).
static inline int parley_get_wch(WINDOW *w, unsigned int *out) {
    wint_t c = 0;
    int result = wget_wch(w, &c);
    *out = (unsigned int)c;
    return result;
}
static inline int parley_wcwidth(unsigned int c) {
    extern int wcwidth(wchar_t);
    return wcwidth((wchar_t)c);
}
static inline int parley_lc_ctype_mask(void) { return LC_CTYPE_MASK; }
static inline int parley_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
// A terminfo string capability, or NULL when absent or not a string.
static inline const char *parley_tigetstr(const char *name) {
    char *value = tigetstr(name);
    return (value == NULL || value == (char *)-1) ? NULL : value;
}
// A pipe whose ends do not block and do not leak into child processes.
static inline int parley_pipe_nonblocking(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}
static inline int parley_tty_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

static inline int parley_set_tty_size(int fd, int rows, int cols) {
    struct winsize size;
    memset(&size, 0, sizeof size);
    size.ws_row = (unsigned short)rows;
    size.ws_col = (unsigned short)cols;
    return ioctl(fd, TIOCSWINSZ, &size);
}

// A pseudo-terminal (for tests that run the screen headless). Returns the slave's file
// descriptor and sets *master, or -1.
static inline int parley_open_pty(int *master) {
    extern int posix_openpt(int);
    extern int grantpt(int);
    extern int unlockpt(int);
    extern char *ptsname(int);
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (fd < 0) return -1;
    char *name = NULL;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || (name = ptsname(fd)) == NULL) { close(fd); return -1; }
    int slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0) { close(fd); return -1; }
    *master = fd;
    return slave;
}

// ---- ParleyTUI: signals ----
// Handlers only write the signal number to a pipe (async-signal-safe); the screen's own thread
// reads it, restores the terminal with endwin() and tells the app. A second SIGINT, SIGTERM or
// SIGHUP while the first is being handled kills the process the default way, so a stuck
// shutdown can still be interrupted (the terminal is already restored by then).
static int parley_signal_pipe_fd = -1;
static volatile sig_atomic_t parley_termination_count = 0;
// Arrays live in functions: Swift emits a header's static variables only when they have an
// initializer, and static locals of the functions it emits always.
static inline struct sigaction *parley_previous_actions_storage(void) { static struct sigaction a[65]; return a; }
static inline volatile sig_atomic_t *parley_installed_storage(void) { static volatile sig_atomic_t a[65]; return a; }
#define parley_previous_actions (parley_previous_actions_storage())
#define parley_installed (parley_installed_storage())

static inline void parley_signal_handler(int signo) {
    int saved = errno;
    if (signo == SIGINT || signo == SIGTERM || signo == SIGHUP) {
        parley_termination_count += 1;
        if (parley_termination_count > 1) {
            signal(signo, SIG_DFL);
            raise(signo);
            errno = saved;
            return;
        }
    }
    if (parley_signal_pipe_fd >= 0) {
        unsigned char byte = (unsigned char)signo;
        ssize_t ignored = write(parley_signal_pipe_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static inline void parley_signal_set_pipe(int fd) {
    parley_signal_pipe_fd = fd;
    parley_termination_count = 0;
}

static inline int parley_signal_install(int signo) {
    if (signo <= 0 || signo >= 65) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = parley_signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(signo, &action, &parley_previous_actions[signo]) != 0) return -1;
    parley_installed[signo] = 1;
    return 0;
}

static inline void parley_signal_restore(int signo) {
    if (signo <= 0 || signo >= 65 || !parley_installed[signo]) return;
    sigaction(signo, &parley_previous_actions[signo], NULL);
    parley_installed[signo] = 0;
}

// Stops the process for job control (ctrl-z) after the terminal was restored, then comes back.
// The calling thread may block SIGTSTP (threads started from a dispatch worker, as under an
// async main, block most signals): unblock it here so raise() stops the process at once.
static inline void parley_suspend_self(void) {
    struct sigaction ours, dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &ours);
    sigset_t tstp, previous;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, &previous);
    raise(SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    sigaction(SIGTSTP, &ours, NULL);
}

// ---- ParleyTUI: crash guard ----
// On a crash (a Swift trap is SIGILL or SIGTRAP, a bad access SIGSEGV/SIGBUS, abort SIGABRT) the
// terminal would be left without echo and in the alternate screen. The guard puts back the
// terminal modes saved before the screen started and writes the terminfo strings that leave
// the alternate screen and show the cursor, then lets the crash go on to the previous handler.
static int parley_crash_fd = -1;
static int parley_crash_have_termios = 0;
static size_t parley_crash_reset_length = 0;
static inline struct termios *parley_crash_termios_storage(void) { static struct termios t; return &t; }
static inline char *parley_crash_reset_storage(void) { static char s[256]; return s; }
static inline struct sigaction *parley_crash_previous_storage(void) { static struct sigaction a[65]; return a; }
static inline volatile sig_atomic_t *parley_crash_installed_storage(void) { static volatile sig_atomic_t a[65]; return a; }
#define parley_crash_termios (*parley_crash_termios_storage())
#define parley_crash_reset (parley_crash_reset_storage())
#define parley_crash_previous (parley_crash_previous_storage())
#define parley_crash_installed (parley_crash_installed_storage())

// Async-signal-safe; also run at exit(), when the screen was not closed.
static inline void parley_crash_guard_restore_now(void) {
    int fd = parley_crash_fd;
    parley_crash_fd = -1;
    if (fd >= 0) {
        if (parley_crash_have_termios) tcsetattr(fd, TCSANOW, &parley_crash_termios);
        if (parley_crash_reset_length > 0) {
            ssize_t ignored = write(fd, parley_crash_reset, parley_crash_reset_length);
            (void)ignored;
        }
    }
}

static inline void parley_crash_handler(int signo) {
    parley_crash_guard_restore_now();
    if (signo > 0 && signo < 65 && parley_crash_installed[signo]) {
        sigaction(signo, &parley_crash_previous[signo], NULL);
        parley_crash_installed[signo] = 0;
    } else {
        signal(signo, SIG_DFL);
    }
    // Returning re-runs a faulting instruction, now under the previous handler; a raised
    // signal (abort) is delivered again once this handler returns.
    if (signo == SIGABRT) raise(signo);
}

// Call parley_crash_guard_save_modes first, before the screen changes the modes.
static inline void parley_crash_guard_arm(int fd, const char *reset) {
    size_t length = reset == NULL ? 0 : strlen(reset);
    if (length >= 256) length = 255;
    if (length > 0) memcpy(parley_crash_reset, reset, length);
    parley_crash_reset[length] = 0;
    parley_crash_reset_length = length;
    parley_crash_fd = fd;
    const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        int signo = signals[i];
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = parley_crash_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_NODEFER;
        if (sigaction(signo, &action, &parley_crash_previous[signo]) == 0) parley_crash_installed[signo] = 1;
    }
}

// Saves the terminal modes in effect now, to be put back on a crash (call before newterm).
static inline void parley_crash_guard_save_modes(int fd) {
    parley_crash_have_termios = tcgetattr(fd, &parley_crash_termios) == 0;
}

static inline void parley_crash_guard_disarm(void) {
    parley_crash_fd = -1;
    const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        int signo = signals[i];
        if (parley_crash_installed[signo]) {
            sigaction(signo, &parley_crash_previous[signo], NULL);
            parley_crash_installed[signo] = 0;
        }
    }
}
#endif
