/// Why a DTLS certificate, context or connection could not be made or failed.
public enum DTLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The peer's certificate does not hash to the `a=fingerprint` of its SDP (RFC 8122 §5):
    /// someone other than the signalled peer answered. No keys are released.
    case fingerprintMismatch(expected: SDPFingerprint, received: SDPFingerprint)
    /// A hash function this transport cannot compute (RFC 8122 lists names it does not need).
    case unsupportedFingerprintAlgorithm(String)
    /// The handshake ended without a peer certificate (RFC 8827 §6.5 requires one each way).
    case noPeerCertificate
    /// The peer did not agree on a protection profile in use_srtp (RFC 5764 §4.1.2).
    case noSRTPProfile
    case keyExportFailed
    /// OpenSSL rejected the handshake; the text is OpenSSL's reason.
    case handshakeFailed(String)
    /// The retransmission timer expired too many times (RFC 6347 §4.2.4.1).
    case handshakeTimedOut
    /// A fatal alert or error after the handshake.
    case connectionFailed(String)
    /// Setting up OpenSSL objects failed (out of memory, a rejected parameter).
    case setupFailed(String)

    public var description: String {
        switch self {
        case let .fingerprintMismatch(expected, received):
            "DTLS fingerprint mismatch: the SDP says \(expected.attributeValue), the peer's certificate is \(received.attributeValue)"
        case let .unsupportedFingerprintAlgorithm(name):
            "unsupported DTLS fingerprint hash function \(name)"
        case .noPeerCertificate:
            "DTLS peer sent no certificate"
        case .noSRTPProfile:
            "DTLS peer negotiated no SRTP protection profile"
        case .keyExportFailed:
            "DTLS-SRTP key export failed"
        case let .handshakeFailed(reason):
            "DTLS handshake failed: \(reason)"
        case .handshakeTimedOut:
            "DTLS handshake timed out"
        case let .connectionFailed(reason):
            "DTLS connection failed: \(reason)"
        case let .setupFailed(reason):
            "DTLS setup failed: \(reason)"
        }
    }
}
