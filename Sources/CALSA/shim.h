#ifndef PARLEY_CALSA_SHIM_H
#define PARLEY_CALSA_SHIM_H
#include <alsa/asoundlib.h>

// snd_pcm_hw_params_alloca is a macro around alloca: heap-allocate instead.
static inline snd_pcm_hw_params_t *parley_snd_pcm_hw_params_new(void) {
    snd_pcm_hw_params_t *p = 0;
    if (snd_pcm_hw_params_malloc(&p) < 0) return 0;
    return p;
}
static inline int parley_snd_pcm_stream_playback(void) { return SND_PCM_STREAM_PLAYBACK; }
static inline int parley_snd_pcm_stream_capture(void) { return SND_PCM_STREAM_CAPTURE; }
#endif
