#ifndef PARLEY_CALSA_SHIM_H
#define PARLEY_CALSA_SHIM_H
#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>

// snd_pcm_hw_params_alloca is a macro around alloca: heap-allocate instead.
static inline snd_pcm_hw_params_t *parley_snd_pcm_hw_params_new(void) {
    snd_pcm_hw_params_t *p = 0;
    if (snd_pcm_hw_params_malloc(&p) < 0) return 0;
    return p;
}
// snd_pcm_sw_params_alloca likewise.
static inline snd_pcm_sw_params_t *parley_snd_pcm_sw_params_new(void) {
    snd_pcm_sw_params_t *p = 0;
    if (snd_pcm_sw_params_malloc(&p) < 0) return 0;
    return p;
}
static inline int parley_snd_pcm_stream_playback(void) { return SND_PCM_STREAM_PLAYBACK; }
static inline int parley_snd_pcm_stream_capture(void) { return SND_PCM_STREAM_CAPTURE; }

// ALSA reports details ("Unknown PCM foo", "PulseAudio: Unable to connect") through a
// variadic handler that prints to stderr by default, which would scribble over a curses
// screen. Swift cannot define a variadic C function, so the handler lives here: it keeps
// the calling thread's last message instead of printing it. Being static, these have one
// copy per Swift module that calls them: only ParleyAudio does.
static inline char *parley_alsa_last_error(void) {
    static __thread char message[256];
    return message;
}

static inline void parley_alsa_error_handler(const char *file, int line, const char *function,
                                             int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(parley_alsa_last_error(), 256, fmt, ap);
    va_end(ap);
}

static inline int parley_snd_lib_error_capture(void) {
    return snd_lib_error_set_handler(parley_alsa_error_handler);
}
static inline void parley_snd_lib_error_clear(void) { parley_alsa_last_error()[0] = 0; }
static inline const char *parley_snd_lib_error_last(void) { return parley_alsa_last_error(); }

// glibc declares pthread_setname_np only under _GNU_SOURCE, too late to define in a module
// header; the name shows in `top -H` and debuggers. At most 15 bytes are kept.
extern int pthread_setname_np(pthread_t thread, const char *name);
static inline int parley_thread_set_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}
#endif
