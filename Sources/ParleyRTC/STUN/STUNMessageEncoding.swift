extension STUNMessage {
    /// The message on the wire, with MESSAGE-INTEGRITY (HMAC-SHA1 with `integrityKey`) and then
    /// FINGERPRINT appended when asked for, in that order (RFC 8489 §14.5, §14.7).
    ///
    /// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT entries in `attributes` (as
    /// decoded) are not written: a received MAC or CRC would be wrong for the new bytes.
    /// Padding is zero. An attribute that cannot fit (a value over 65535 bytes, or a message over
    /// the 16-bit length) is left out rather than trapping or writing a corrupt length.
    public func encode(integrityKey: [UInt8]? = nil, fingerprint: Bool = false) -> [UInt8] {
        encode(integrityKey: integrityKey, fingerprint: fingerprint, paddingByte: 0)
    }

    /// `paddingByte` exists so tests can reproduce RFC 5769's vectors, which pad with spaces.
    func encode(integrityKey: [UInt8]?, fingerprint: Bool, paddingByte: UInt8) -> [UInt8] {
        var bytes: [UInt8] = []
        STUNWire.append(type.rawValue, to: &bytes)
        STUNWire.append(UInt16(0), to: &bytes)
        STUNWire.append(STUNWire.magicCookie, to: &bytes)
        bytes += transactionID.bytes

        let integritySize = STUNWire.attributeHeaderSize + 20
        let fingerprintSize = STUNWire.attributeHeaderSize + 4
        let reserved = (integrityKey == nil ? 0 : integritySize) + (fingerprint ? fingerprintSize : 0)
        let maximumBody = 0xFFFC

        for attribute in attributes {
            switch attribute.type {
            case .messageIntegrity, .messageIntegritySHA256, .fingerprint: continue
            default: break
            }
            let value = attribute.encodedValue(transactionID: transactionID)
            let size = STUNWire.attributeHeaderSize + STUNWire.paddedLength(value.count)
            guard value.count <= 0xFFFF,
                  bytes.count - STUNWire.headerSize + size + reserved <= maximumBody
            else { continue }
            STUNWire.append(attribute.type.rawValue, to: &bytes)
            STUNWire.append(UInt16(truncatingIfNeeded: value.count), to: &bytes)
            bytes += value
            bytes += repeatElement(paddingByte, count: STUNWire.paddedLength(value.count) - value.count)
        }

        if let integrityKey {
            // The length covers MESSAGE-INTEGRITY itself but not a FINGERPRINT after it (§14.5).
            STUNWire.setMessageLength(bytes.count - STUNWire.headerSize + integritySize, in: &bytes)
            let mac = STUNIntegrity.hmacSHA1(key: integrityKey, message: bytes)
            STUNWire.append(STUNAttributeType.messageIntegrity.rawValue, to: &bytes)
            STUNWire.append(UInt16(truncatingIfNeeded: mac.count), to: &bytes)
            bytes += mac
        }
        if fingerprint {
            STUNWire.setMessageLength(bytes.count - STUNWire.headerSize + fingerprintSize, in: &bytes)
            let crc = STUNFingerprint.value(of: bytes[...])
            STUNWire.append(STUNAttributeType.fingerprint.rawValue, to: &bytes)
            STUNWire.append(UInt16(4), to: &bytes)
            STUNWire.append(crc, to: &bytes)
        }
        STUNWire.setMessageLength(bytes.count - STUNWire.headerSize, in: &bytes)
        return bytes
    }
}
