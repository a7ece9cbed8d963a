/// A STUN message (RFC 8489 §5, §6): a type, a transaction ID and a list of attributes.
///
/// `decode` keeps the datagram it read in `rawBytes`, because MESSAGE-INTEGRITY and FINGERPRINT
/// are checked over the bytes as received, not over a re-encoding (whose padding may differ).
public struct STUNMessage: Sendable {
    public var type: STUNMessageType
    public var transactionID: STUNTransactionID
    /// In wire order. For a decoded message, attributes after MESSAGE-INTEGRITY other than
    /// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are left out: RFC 8489 §14.5 says to ignore them.
    public var attributes: [STUNAttribute]

    /// The datagram this message was decoded from; nil for a message built locally.
    public let rawBytes: [UInt8]?
    /// Comprehension-required attribute types (below 0x8000) that were not understood. A request
    /// with any is answered with a 420 error listing them (RFC 8489 §6.3.1.1); they are also kept
    /// in `attributes` as `.unknown`.
    public let unknownComprehensionRequiredAttributes: [STUNAttributeType]

    // Where the hashed attributes start in rawBytes.
    let messageIntegrityOffset: Int?
    let messageIntegritySHA256Offset: Int?
    let fingerprintOffset: Int?

    public init(type: STUNMessageType, transactionID: STUNTransactionID, attributes: [STUNAttribute] = []) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        rawBytes = nil
        unknownComprehensionRequiredAttributes = []
        messageIntegrityOffset = nil
        messageIntegritySHA256Offset = nil
        fingerprintOffset = nil
    }

    init(decodedFrom rawBytes: [UInt8], type: STUNMessageType, transactionID: STUNTransactionID,
         attributes: [STUNAttribute], unknownComprehensionRequired: [STUNAttributeType],
         messageIntegrityOffset: Int?, messageIntegritySHA256Offset: Int?, fingerprintOffset: Int?) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        self.rawBytes = rawBytes
        unknownComprehensionRequiredAttributes = unknownComprehensionRequired
        self.messageIntegrityOffset = messageIntegrityOffset
        self.messageIntegritySHA256Offset = messageIntegritySHA256Offset
        self.fingerprintOffset = fingerprintOffset
    }
}

// The first attribute of each kind, which is the one that counts when a type repeats.
extension STUNMessage {
    public func first(_ type: STUNAttributeType) -> STUNAttribute? {
        attributes.first { $0.type == type }
    }

    public var username: String? {
        if case .username(let value)? = first(.username) { return value }
        return nil
    }

    public var realm: String? {
        if case .realm(let value)? = first(.realm) { return value }
        return nil
    }

    public var nonce: String? {
        if case .nonce(let value)? = first(.nonce) { return value }
        return nil
    }

    public var software: String? {
        if case .software(let value)? = first(.software) { return value }
        return nil
    }

    public var mappedAddress: TransportAddress? {
        if case .mappedAddress(let value)? = first(.mappedAddress) { return value }
        return nil
    }

    public var xorMappedAddress: TransportAddress? {
        if case .xorMappedAddress(let value)? = first(.xorMappedAddress) { return value }
        return nil
    }

    public var errorCode: STUNErrorCode? {
        if case .errorCode(let value)? = first(.errorCode) { return value }
        return nil
    }

    public var unknownAttributes: [STUNAttributeType]? {
        if case .unknownAttributes(let value)? = first(.unknownAttributes) { return value }
        return nil
    }

    public var priority: UInt32? {
        if case .priority(let value)? = first(.priority) { return value }
        return nil
    }

    public var useCandidate: Bool {
        first(.useCandidate) != nil
    }

    /// The tie-breaker of ICE-CONTROLLING. Test for presence, not value: zero is legal.
    public var iceControlling: UInt64? {
        if case .iceControlling(let value)? = first(.iceControlling) { return value }
        return nil
    }

    /// The tie-breaker of ICE-CONTROLLED. Test for presence, not value: zero is legal.
    public var iceControlled: UInt64? {
        if case .iceControlled(let value)? = first(.iceControlled) { return value }
        return nil
    }

    public var messageIntegrity: [UInt8]? {
        if case .messageIntegrity(let value)? = first(.messageIntegrity) { return value }
        return nil
    }

    public var fingerprint: UInt32? {
        if case .fingerprint(let value)? = first(.fingerprint) { return value }
        return nil
    }
}
