import COpenSSL

/// One OpenSSL `SSL` object over two memory BIOs: the only place the DTLS transport touches
/// OpenSSL's connection calls. Datagrams go into the read BIO one at a time; what OpenSSL
/// writes collects in the write BIO until taken.
final class OpenSSLConnection {
    enum HandshakeProgress: Equatable {
        case inProgress
        case complete
        case failed(String)
    }

    enum ReadOutcome: Equatable {
        case open
        case closedByPeer
        case failed(String)
    }

    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    /// Application data is read and dropped; a record never exceeds this in DTLS 1.2.
    private var readScratch = [UInt8](repeating: 0, count: 16_384)

    init(context: DTLSContext, isClient: Bool, mtu: Int, srtpProfiles: String, initialTimeoutMicroseconds: UInt32) throws(DTLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.raw) else {
            throw .setupFailed(OpenSSLErrorQueue.drain(fallback: "SSL_new"))
        }
        guard let readBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw .setupFailed("BIO_new")
        }
        guard let writeBIO = BIO_new(BIO_s_mem()) else {
            BIO_free(readBIO)
            SSL_free(ssl)
            throw .setupFailed("BIO_new")
        }
        // An empty memory BIO must read as "try again" (-1 with the retry flag), not as EOF.
        _ = parley_BIO_set_mem_eof_return(readBIO, -1)
        _ = parley_BIO_set_mem_eof_return(writeBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)  // the SSL owns both BIOs from here on
        func check(_ ok: Bool, _ step: String) throws(DTLSError) {
            guard ok else {
                SSL_free(ssl)
                throw .setupFailed(OpenSSLErrorQueue.drain(fallback: step))
            }
        }
        // Returns 0 on success, unlike most OpenSSL calls.
        try check(SSL_set_tlsext_use_srtp(ssl, srtpProfiles) == 0, "use_srtp profiles")
        _ = parley_SSL_set_options_no_query_mtu(ssl)
        try check(parley_DTLS_set_link_mtu(ssl, mtu) == 1, "link MTU")
        try check(parley_DTLS_set_retransmit_timer(ssl, initialTimeoutMicroseconds) == 1, "retransmission timer")
        if isClient {
            SSL_set_connect_state(ssl)
        } else {
            SSL_set_accept_state(ssl)
        }
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
    }

    deinit {
        SSL_free(ssl)
    }

    /// Queues input for OpenSSL, which reads it as one datagram. The read BIO is emptied
    /// first: OpenSSL reads a memory BIO as one stream, and a leftover from bad input must not
    /// glue onto the next.
    func receive(_ bytes: ArraySlice<UInt8>) {
        if BIO_ctrl_pending(readBIO) > 0 {
            _ = parley_BIO_reset(readBIO)
        }
        let count = Int32(clamping: bytes.count)
        _ = bytes.withUnsafeBytes { buffer in
            BIO_write(readBIO, buffer.baseAddress, count)
        }
    }

    func doHandshake() -> HandshakeProgress {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .inProgress
        case SSL_ERROR_ZERO_RETURN:
            return .failed("the peer sent close_notify")
        case let code:
            return .failed(OpenSSLErrorQueue.drain(fallback: "SSL error \(code)"))
        }
    }

    /// Reads until OpenSSL wants more input, dropping application data.
    func readRecords() -> ReadOutcome {
        while true {
            OpenSSLErrorQueue.clear()
            let count = Int32(readScratch.count)
            let result = SSL_read(ssl, &readScratch, count)
            if result > 0 { continue }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return .open
            case SSL_ERROR_ZERO_RETURN:
                return .closedByPeer
            case let code:
                return .failed(OpenSSLErrorQueue.drain(fallback: "SSL error \(code)"))
            }
        }
    }

    /// False when OpenSSL gave up after too many retransmissions.
    func handleTimeout() -> Bool {
        OpenSSLErrorQueue.clear()
        return parley_DTLSv1_handle_timeout(ssl) >= 0
    }

    /// Writes close_notify when the connection has keys for it; during a handshake OpenSSL
    /// declines and nothing is sent.
    func shutdown() {
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    /// The retransmission timeout that follows `previous` microseconds (0: the initial one),
    /// as the timer callback installed on this connection computes it.
    func nextRetransmitTimeout(after previous: UInt32) -> UInt32 {
        parley_dtls_timer_next_us(ssl, previous)
    }

    /// Time left on OpenSSL's retransmission timer (zero once expired), nil when none runs.
    func timeUntilTimeout() -> Duration? {
        let microseconds = parley_DTLSv1_get_timeout_us(ssl)
        return microseconds < 0 ? nil : .microseconds(microseconds)
    }

    /// Everything OpenSSL wrote since the last call: whole records, back to back.
    func takeOutput() -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(writeBIO))
        guard pending > 0, pending <= Int(Int32.max) else { return [] }
        var output = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(writeBIO, &output, Int32(pending))
        guard read > 0 else { return [] }
        return Array(output.prefix(Int(read)))
    }

    func peerFingerprint(hashFunction: String) -> SDPFingerprint? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        return DTLSFingerprint.of(certificate, hashFunction: hashFunction)
    }

    func selectedSRTPProfile() -> SRTPProtectionProfile? {
        let id = parley_SSL_selected_srtp_profile_id(ssl)
        guard id <= UInt(UInt16.max) else { return nil }
        return SRTPProtectionProfile(rawValue: UInt16(id))
    }

    /// RFC 5705 exporter without context, as RFC 5764 §4.2 uses it.
    func exportKeyingMaterial(label: String, length: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: length)
        let labelBytes = Array(label.utf8)
        let result = SSL_export_keying_material(ssl, &output, output.count, label, labelBytes.count, nil, 0, 0)
        return result == 1 ? output : nil
    }

    /// The negotiated cipher suite, for diagnostics.
    var cipherName: String? {
        guard let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }
}
