import COpenSSL

/// The OpenSSL `SSL_CTX` every transport of one certificate shares: DTLS 1.2 only, ECDHE with
/// ECDSA and AEAD ciphers, a peer certificate required both ways. Built once per certificate,
/// so a new connection costs one `SSL_new`.
final class DTLSContext: @unchecked Sendable {
    // @unchecked: the SSL_CTX is configured here and only read afterwards (SSL_new), which
    // OpenSSL allows from any thread.
    let raw: OpaquePointer

    /// TLS 1.2 suite names as OpenSSL spells them. ECDSA only, because the certificate is
    /// ECDSA; AES-GCM first as browsers prefer (RFC 8827 §6.5 names
    /// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 as the one to support).
    static let cipherList = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305"
    /// Key exchange groups: X25519 and P-256 are what browsers offer besides post-quantum
    /// hybrids, which DTLS 1.2 cannot use.
    static let groupList = "X25519:P-256:P-384"

    init(certificate: OpaquePointer, privateKey: OpaquePointer) throws(DTLSError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw .setupFailed(OpenSSLErrorQueue.drain(fallback: "SSL_CTX_new"))
        }
        func check(_ ok: Bool, _ step: String) throws(DTLSError) {
            guard ok else {
                SSL_CTX_free(context)
                throw .setupFailed(OpenSSLErrorQueue.drain(fallback: step))
            }
        }
        try check(parley_SSL_CTX_set_min_proto_version(context, parley_DTLS1_2_VERSION()) == 1, "minimum DTLS 1.2")
        try check(parley_SSL_CTX_set_max_proto_version(context, parley_DTLS1_2_VERSION()) == 1, "maximum DTLS 1.2")
        _ = parley_SSL_CTX_set_options_webrtc(context)
        try check(SSL_CTX_set_cipher_list(context, Self.cipherList) == 1, "cipher list")
        try check(parley_SSL_CTX_set1_groups_list(context, Self.groupList) == 1, "groups")
        try check(SSL_CTX_use_certificate(context, certificate) == 1, "certificate")
        try check(SSL_CTX_use_PrivateKey(context, privateKey) == 1, "private key")
        try check(SSL_CTX_check_private_key(context) == 1, "key does not match certificate")
        parley_SSL_CTX_require_peer_certificate(context)
        raw = context
    }

    deinit {
        SSL_CTX_free(raw)
    }
}
