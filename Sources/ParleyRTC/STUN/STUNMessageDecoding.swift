extension STUNMessage {
    /// Parses one datagram as a STUN message (RFC 8489 §6, §14).
    ///
    /// Throws for anything structurally wrong: short header, non-zero leading bits, wrong magic
    /// cookie, a length that is not a multiple of 4 or disagrees with the datagram, an attribute
    /// running past the end, a malformed comprehension-required attribute, or anything after
    /// FINGERPRINT. Unknown comprehension-required types do not throw: they are listed in
    /// `unknownComprehensionRequiredAttributes` so the caller can answer 420. Unknown or malformed
    /// comprehension-optional attributes are kept as `.unknown`.
    ///
    /// Integrity and fingerprint are not checked here: see `verifyIntegrity(key:)` and
    /// `verifyFingerprint()`.
    public static func decode(_ bytes: [UInt8]) throws(STUNError) -> STUNMessage {
        guard bytes.count >= STUNWire.headerSize else { throw .tooShort(count: bytes.count) }
        guard let type = STUNMessageType(rawValue: STUNWire.uint16(bytes, at: 0)) else {
            throw .leadingBitsNotZero
        }
        guard STUNWire.uint32(bytes, at: 4) == STUNWire.magicCookie else { throw .badMagicCookie }
        let length = Int(STUNWire.uint16(bytes, at: 2))
        guard length % 4 == 0 else { throw .lengthNotMultipleOfFour(length: length) }
        guard length == bytes.count - STUNWire.headerSize else {
            throw .lengthMismatch(declared: length, actual: bytes.count - STUNWire.headerSize)
        }
        guard let transactionID = STUNTransactionID(bytes: Array(bytes[8..<STUNWire.headerSize])) else {
            throw .tooShort(count: bytes.count)
        }

        var attributes: [STUNAttribute] = []
        var unknownComprehensionRequired: [STUNAttributeType] = []
        var messageIntegrityOffset: Int?
        var messageIntegritySHA256Offset: Int?
        var fingerprintOffset: Int?

        var offset = STUNWire.headerSize
        while offset < bytes.count {
            // Offsets and the length are multiples of 4, so a whole attribute header is there;
            // checked anyway rather than trusted.
            guard bytes.count - offset >= STUNWire.attributeHeaderSize else {
                throw .lengthNotMultipleOfFour(length: length)
            }
            let type = STUNAttributeType(rawValue: STUNWire.uint16(bytes, at: offset))
            let valueLength = Int(STUNWire.uint16(bytes, at: offset + 2))
            let valueStart = offset + STUNWire.attributeHeaderSize
            guard STUNWire.paddedLength(valueLength) <= bytes.count - valueStart else {
                throw .attributeOverrun(type: type)
            }
            let attributeOffset = offset
            offset = valueStart + STUNWire.paddedLength(valueLength)

            guard fingerprintOffset == nil else { throw .attributeAfterFingerprint(type: type) }
            let value = Array(bytes[valueStart..<(valueStart + valueLength)])

            if type == .fingerprint {
                guard case .fingerprint? = STUNAttribute.decode(type: type, value: value, transactionID: transactionID) else {
                    throw .malformedAttribute(type: type)
                }
                fingerprintOffset = attributeOffset
                attributes.append(.fingerprint(STUNWire.uint32(value, at: 0)))
                continue
            }
            // RFC 8489 §14.5, §14.6: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and
            // FINGERPRINT count; after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT.
            if messageIntegritySHA256Offset != nil { continue }
            if messageIntegrityOffset != nil, type != .messageIntegritySHA256 { continue }

            guard let attribute = STUNAttribute.decode(type: type, value: value, transactionID: transactionID) else {
                guard !type.isComprehensionRequired else { throw .malformedAttribute(type: type) }
                attributes.append(.unknown(type: type, value: value))
                continue
            }
            if case .unknown = attribute, type.isComprehensionRequired,
               !unknownComprehensionRequired.contains(type) {
                unknownComprehensionRequired.append(type)
            }
            if type == .messageIntegrity { messageIntegrityOffset = attributeOffset }
            if type == .messageIntegritySHA256 { messageIntegritySHA256Offset = attributeOffset }
            attributes.append(attribute)
        }

        return STUNMessage(
            decodedFrom: bytes, type: type, transactionID: transactionID, attributes: attributes,
            unknownComprehensionRequired: unknownComprehensionRequired,
            messageIntegrityOffset: messageIntegrityOffset,
            messageIntegritySHA256Offset: messageIntegritySHA256Offset,
            fingerprintOffset: fingerprintOffset)
    }
}
