/// Why libsrtp refused a packet or a session. Packets that fail are dropped by the caller;
/// `SRTPSession.statistics` counts them.
public enum SRTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The authentication tag did not verify: a forged, corrupted or wrongly keyed packet.
    case authenticationFailed
    /// The packet index was seen before, or is older than the replay window
    /// (RFC 3711 §3.3.2): a replay or a packet too late to tell from one.
    case replay
    /// Too short for its header, not RTP/RTCP version 2, or a header longer than the packet.
    case malformedPacket
    /// Keying material whose key or salt does not fit its profile.
    case invalidKeyLength
    /// Any other libsrtp status (`srtp_err_status_t`).
    case library(status: UInt32)

    public var description: String {
        switch self {
        case .authenticationFailed: "SRTP authentication failed"
        case .replay: "SRTP replay"
        case .malformedPacket: "malformed SRTP/RTP packet"
        case .invalidKeyLength: "SRTP key or salt length does not fit the profile"
        case let .library(status): "libsrtp error \(status)"
        }
    }
}
