/// Why a datagram is not a valid compound RTCP packet (RFC 3550 §6.1, A.2). Parsing never traps:
/// every way malformed input can be wrong ends in one of these. `offset` is where the offending
/// RTCP packet starts in the datagram.
public enum RTCPError: Error, Hashable, Sendable {
    /// An empty datagram.
    case empty
    /// Fewer than the 4 octets of an RTCP header left at `offset`.
    case truncatedHeader(offset: Int)
    /// The version field is not 2.
    case unsupportedVersion(UInt8, offset: Int)
    /// The length field promises more octets than the datagram has left.
    case lengthOverrun(offset: Int, declared: Int, available: Int)
    /// The P bit is set but the padding count is 0 or reaches into the header.
    case invalidPadding(offset: Int, count: Int)
    /// The packet's body does not match its type's layout (too short for its report blocks, an
    /// SDES item running past the end, ...).
    case malformed(RTCPPacketType, offset: Int)
}
