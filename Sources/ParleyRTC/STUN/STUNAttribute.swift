/// One STUN attribute, typed where Parley understands it (RFC 8489 §14, RFC 8445 §7.1.1).
///
/// Any other type, and a comprehension-optional attribute whose value is malformed, is kept as
/// `.unknown` with its value bytes so it survives decoding and re-encoding.
public enum STUNAttribute: Hashable, Sendable {
    case mappedAddress(TransportAddress)
    /// The address the server saw, XOR-ed with the magic cookie and transaction ID on the wire
    /// (RFC 8489 §14.2). Held here in the clear.
    case xorMappedAddress(TransportAddress)
    /// For ICE: "remote ufrag:local ufrag" of the agent sending the request (RFC 8445 §7.2.2).
    case username(String)
    case realm(String)
    case nonce(String)
    /// The 20-byte HMAC-SHA1. `STUNMessage.encode` computes it; a value in `attributes` is
    /// what was received.
    case messageIntegrity([UInt8])
    /// 16 to 32 bytes of HMAC-SHA256 (RFC 8489 §14.6). Recognised and verifiable, not produced.
    case messageIntegritySHA256([UInt8])
    /// CRC-32 of the message XOR 0x5354554e, as received.
    case fingerprint(UInt32)
    case errorCode(STUNErrorCode)
    /// The comprehension-required types a 420 response did not understand (RFC 8489 §14.9).
    case unknownAttributes([STUNAttributeType])
    case software(String)
    /// The priority a peer-reflexive candidate learnt from this check would have (RFC 8445 §7.1.1).
    case priority(UInt32)
    /// The controlling agent nominates the pair (RFC 8445 §7.1.2).
    case useCandidate
    /// The sender is controlled; the tie-breaker settles role conflicts (RFC 8445 §7.3.1.1).
    case iceControlled(tieBreaker: UInt64)
    case iceControlling(tieBreaker: UInt64)
    case unknown(type: STUNAttributeType, value: [UInt8])

    public var type: STUNAttributeType {
        switch self {
        case .mappedAddress: .mappedAddress
        case .xorMappedAddress: .xorMappedAddress
        case .username: .username
        case .realm: .realm
        case .nonce: .nonce
        case .messageIntegrity: .messageIntegrity
        case .messageIntegritySHA256: .messageIntegritySHA256
        case .fingerprint: .fingerprint
        case .errorCode: .errorCode
        case .unknownAttributes: .unknownAttributes
        case .software: .software
        case .priority: .priority
        case .useCandidate: .useCandidate
        case .iceControlled: .iceControlled
        case .iceControlling: .iceControlling
        case .unknown(let type, _): type
        }
    }
}
