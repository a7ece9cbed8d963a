/// Why a datagram is not a well-formed RTP packet (RFC 3550 §5.1). Parsing never traps: every
/// way malformed input can be wrong ends in one of these.
public enum RTPError: Error, Hashable, Sendable {
    /// Fewer than the 12 octets of the fixed header.
    case tooShort(count: Int)
    /// The version field is not 2.
    case unsupportedVersion(UInt8)
    /// The CSRC count promises more identifiers than the packet holds.
    case csrcListOverrun(csrcCount: Int)
    /// The X bit is set but the header extension (or its 4-octet header) runs past the end.
    case headerExtensionOverrun
    /// The P bit is set but the padding count is 0 or larger than what follows the header
    /// (RFC 3550 §5.1: the count includes itself, so 0 is impossible).
    case invalidPadding(count: Int, available: Int)
}
