#ifndef PARLEY_CSRTP_SHIM_H
#define PARLEY_CSRTP_SHIM_H
#include <srtp2/srtp.h>

// srtp_crypto_policy_set_* for the two profiles WebRTC negotiates; some are macros.
static inline void parley_srtp_policy_aes128_cm_sha1_80(srtp_crypto_policy_t *p) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p);
}
static inline void parley_srtp_policy_aes128_gcm(srtp_crypto_policy_t *p) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(p);
}
static inline void parley_srtp_policy_rtcp_aes128_cm_sha1_80(srtp_crypto_policy_t *p) {
    srtp_crypto_policy_set_rtp_default(p);
}

// Room libsrtp may write past an RTP packet when protecting it (tag + MKI), and for SRTCP the
// 4-byte E flag and index as well (srtp.h: srtp_protect / srtp_protect_rtcp warnings).
static inline int parley_srtp_max_trailer_len(void) { return SRTP_MAX_TRAILER_LEN; }
static inline int parley_srtcp_max_trailer_len(void) { return SRTP_MAX_TRAILER_LEN + 4; }
#endif
