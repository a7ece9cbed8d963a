/// Why a session description could not be parsed, or could not be used for an audio call.
public enum SDPError: Error, Sendable, Hashable, CustomStringConvertible {
    // Syntax (RFC 8866).
    case malformedLine(lineNumber: Int, line: String, reason: String)
    case missingLine(type: String)
    case unsupportedVersion(String)

    // Content (RFC 8829 offer/answer for Parley's audio-only endpoint).
    case noAudioMedia
    case noOpus(mid: String?)
    case unsupportedTransportProtocol(mid: String?, proto: String)
    case missingRTCPMux(mid: String?)
    case missingICEUfrag(mid: String?)
    case missingICEPwd(mid: String?)
    case invalidICEUfrag(length: Int)
    case invalidICEPwd(length: Int)
    case missingFingerprint(mid: String?)
    case unsupportedFingerprintHash(found: [String])
    case malformedFingerprint(String)
    case invalidSetupInOffer(String)
    case invalidSetupInAnswer(String)
    case mediaCountMismatch(offered: Int, answered: Int)
    case midMismatch(index: Int, offered: String?, answered: String?)
    case audioRejected(mid: String?)
    case invalidLocalParameter(String)

    public var description: String {
        switch self {
        case let .malformedLine(lineNumber, line, reason):
            return "SDP line \(lineNumber) is malformed (\(reason)): \(line)"
        case let .missingLine(type):
            return "SDP has no \(type)= line"
        case let .unsupportedVersion(version):
            return "SDP version \(version) is not supported (only v=0)"
        case .noAudioMedia:
            return "the offer has no usable m=audio section"
        case let .noOpus(mid):
            return "the audio section\(Self.label(mid)) does not offer opus/48000/2"
        case let .unsupportedTransportProtocol(mid, proto):
            return "the audio section\(Self.label(mid)) uses \(proto), not DTLS-SRTP (UDP/TLS/RTP/SAVPF)"
        case let .missingRTCPMux(mid):
            return "the audio section\(Self.label(mid)) lacks a=rtcp-mux; Parley multiplexes RTCP only"
        case let .missingICEUfrag(mid):
            return "no a=ice-ufrag for the audio section\(Self.label(mid)) or the session"
        case let .missingICEPwd(mid):
            return "no a=ice-pwd for the audio section\(Self.label(mid)) or the session"
        case let .invalidICEUfrag(length):
            return "ice-ufrag has \(length) characters; RFC 8839 requires 4 to 256"
        case let .invalidICEPwd(length):
            return "ice-pwd has \(length) characters; RFC 8839 requires 22 to 256"
        case let .missingFingerprint(mid):
            return "no a=fingerprint for the audio section\(Self.label(mid)) or the session"
        case let .unsupportedFingerprintHash(found):
            return "no sha-256 fingerprint; found only \(found.joined(separator: ", "))"
        case let .malformedFingerprint(value):
            return "a=fingerprint is malformed: \(value)"
        case let .invalidSetupInOffer(value):
            return "a=setup:\(value) cannot be answered (expected actpass, active or passive)"
        case let .invalidSetupInAnswer(value):
            return "a=setup:\(value) is illegal in an answer (expected active or passive)"
        case let .mediaCountMismatch(offered, answered):
            return "the answer has \(answered) m= sections but the offer had \(offered)"
        case let .midMismatch(index, offered, answered):
            return "m= section \(index) has mid \(answered ?? "none") in the answer but \(offered ?? "none") in the offer"
        case let .audioRejected(mid):
            return "the answer rejected the audio section\(Self.label(mid)) (port 0)"
        case let .invalidLocalParameter(reason):
            return "invalid local parameter: \(reason)"
        }
    }

    private static func label(_ mid: String?) -> String {
        mid.map { " (mid \($0))" } ?? ""
    }
}
