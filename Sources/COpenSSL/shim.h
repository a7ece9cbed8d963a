#ifndef PARLEY_COPENSSL_SHIM_H
#define PARLEY_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/srtp.h>
#include <openssl/opensslv.h>

// Control macros do not import into Swift: wrap them.
static inline long parley_DTLS_set_link_mtu(SSL *ssl, long mtu) { return DTLS_set_link_mtu(ssl, mtu); }
static inline long parley_SSL_set_mtu(SSL *ssl, long mtu) { return SSL_set_mtu(ssl, mtu); }
static inline long parley_SSL_set_options_no_query_mtu(SSL *ssl) { return (long)SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU); }
static inline long parley_BIO_set_mem_eof_return(BIO *b, long v) { return BIO_set_mem_eof_return(b, v); }
static inline long parley_BIO_pending(BIO *b) { return (long)BIO_ctrl_pending(b); }
static inline int parley_DTLSv1_get_timeout_ms(SSL *ssl) {
    struct timeval tv;
    if (DTLSv1_get_timeout(ssl, &tv) != 1) return -1;
    return (int)(tv.tv_sec * 1000 + tv.tv_usec / 1000);
}
static inline long parley_DTLSv1_handle_timeout(SSL *ssl) { return DTLSv1_handle_timeout(ssl); }
static inline long parley_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int v) { return SSL_CTX_set_min_proto_version(ctx, v); }
static inline long parley_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int v) { return SSL_CTX_set_max_proto_version(ctx, v); }
static inline long parley_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *l) { return SSL_CTX_set1_groups_list(ctx, l); }
static inline int parley_DTLS1_2_VERSION(void) { return DTLS1_2_VERSION; }
// EVP_EC_gen is a variadic macro.
static inline EVP_PKEY *parley_EVP_EC_gen_p256(void) { return EVP_EC_gen("P-256"); }
static inline const char *parley_openssl_version(void) { return OpenSSL_version(OPENSSL_VERSION); }

// ---- DTLS-SRTP transport (ParleyRTC/DTLS) ----------------------------------------------
#include <stdint.h>

// No renegotiation (RFC 8827 has none), no tickets and no session cache: every WebRTC connection
// has fresh certificates, so nothing is ever resumed. No MTU queries: the link MTU is set.
static inline long parley_SSL_CTX_set_options_webrtc(SSL_CTX *ctx) {
    (void)SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    return (long)SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET | SSL_OP_NO_QUERY_MTU);
}
static inline int parley_BIO_reset(BIO *b) { return BIO_reset(b); }

// Both ends must present a certificate (RFC 8827 §6.5). WebRTC certificates are self-signed,
// so no chain is verified here: the caller compares the SDP fingerprint after the handshake.
static inline int parley_verify_accept_self_signed(int preverify_ok, X509_STORE_CTX *store) {
    (void)preverify_ok;
    (void)store;
    return 1;
}
static inline void parley_SSL_CTX_require_peer_certificate(SSL_CTX *ctx) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, parley_verify_accept_self_signed);
}

// Retransmission timer (RFC 6347 §4.2.4.1): the per-connection initial value (kept as an integer
// in the SSL's app data slot), doubled on each timeout up to 60 s.
#define PARLEY_DTLS_MAX_RETRANSMIT_TIMEOUT_US 60000000u
static inline unsigned int parley_dtls_timer_cb(SSL *s, unsigned int previous_us) {
    if (previous_us == 0) {
        unsigned int initial = (unsigned int)(uintptr_t)SSL_get_app_data(s);
        return initial == 0 ? 1000000u : initial;
    }
    if (previous_us >= PARLEY_DTLS_MAX_RETRANSMIT_TIMEOUT_US / 2) return PARLEY_DTLS_MAX_RETRANSMIT_TIMEOUT_US;
    return previous_us * 2;
}
static inline int parley_DTLS_set_retransmit_timer(SSL *s, unsigned int initial_us) {
    if (initial_us > PARLEY_DTLS_MAX_RETRANSMIT_TIMEOUT_US) initial_us = PARLEY_DTLS_MAX_RETRANSMIT_TIMEOUT_US;
    if (!SSL_set_app_data(s, (void *)(uintptr_t)initial_us)) return 0;
    DTLS_set_timer_cb(s, parley_dtls_timer_cb);
    return 1;
}
static inline unsigned int parley_dtls_timer_next_us(SSL *s, unsigned int previous_us) {
    return parley_dtls_timer_cb(s, previous_us);
}
// Microseconds until OpenSSL's DTLS timer expires (0 once expired), or -1 when no timer runs.
// OpenSSL measures it against the real clock.
static inline long long parley_DTLSv1_get_timeout_us(SSL *ssl) {
    struct timeval tv;
    if (DTLSv1_get_timeout(ssl, &tv) != 1) return -1;
    return (long long)tv.tv_sec * 1000000 + (long long)tv.tv_usec;
}
// SRTP_PROTECTION_PROFILE.id of the profile use_srtp selected; 0 when none was.
static inline unsigned long parley_SSL_selected_srtp_profile_id(SSL *ssl) {
    SRTP_PROTECTION_PROFILE *profile = SSL_get_selected_srtp_profile(ssl);
    return profile == NULL ? 0 : profile->id;
}
static inline int parley_X509_set_version_3(X509 *x) { return X509_set_version(x, X509_VERSION_3); }
#endif
