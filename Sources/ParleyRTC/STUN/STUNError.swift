/// Why a datagram is not a well-formed STUN message (RFC 8489 §6, §14). Decoding never traps:
/// every way malformed input can be wrong ends in one of these.
public enum STUNError: Error, Hashable, Sendable {
    /// Fewer than the 20 bytes of a STUN header.
    case tooShort(count: Int)
    /// The two most significant bits of the message must be zero (RFC 8489 §5).
    case leadingBitsNotZero
    /// The magic cookie field is not 0x2112A442.
    case badMagicCookie
    /// The message length is not a multiple of 4 (all attributes are padded to 4 bytes).
    case lengthNotMultipleOfFour(length: Int)
    /// The message length in the header does not match the datagram.
    case lengthMismatch(declared: Int, actual: Int)
    /// An attribute's declared length runs past the end of the message.
    case attributeOverrun(type: STUNAttributeType)
    /// A comprehension-required attribute whose value has the wrong size or content.
    case malformedAttribute(type: STUNAttributeType)
    /// FINGERPRINT must be the last attribute (RFC 8489 §14.7).
    case attributeAfterFingerprint(type: STUNAttributeType)
}
