import Crypto

/// Keys and MACs for MESSAGE-INTEGRITY (RFC 8489 §9, §14.5, §14.6).
public enum STUNIntegrity {
    /// The short-term credential key (RFC 8489 §9.1.1): OpaqueString(password). ICE passwords
    /// are drawn from ice-char (ALPHA / DIGIT / "+" / "/", RFC 8839 §5.4), plain ASCII on which
    /// the OpaqueString profile (the successor of SASLprep) changes nothing, so the key is just
    /// the password's UTF-8 bytes.
    public static func shortTermKey(password: String) -> [UInt8] {
        Array(password.utf8)
    }

    /// The long-term credential key with MD5 (RFC 8489 §9.2.2):
    /// MD5(username ":" realm ":" password). Parley's ICE never uses long-term credentials; this
    /// exists for RFC 5769 §2.4 and a future TURN client. No string preparation is done here:
    /// pass the realm and password already processed (RFC 5769's "TheMatrIX" is the SASLprep
    /// form of its password).
    public static func longTermKey(username: String, realm: String, password: String) -> [UInt8] {
        Array(Insecure.MD5.hash(data: Array("\(username):\(realm):\(password)".utf8)))
    }

    static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// Compares every byte whatever the first difference, so the time taken does not tell an
    /// attacker how much of a forged MAC was right.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}

extension STUNMessage {
    /// Checks MESSAGE-INTEGRITY (HMAC-SHA1) over the bytes as received: everything before the
    /// attribute, with the header length rewritten to end just after it (RFC 8489 §14.5).
    /// False when the message was not decoded or has no MESSAGE-INTEGRITY.
    public func verifyIntegrity(key: [UInt8]) -> Bool {
        guard let rawBytes, let offset = messageIntegrityOffset,
              let received = hashedValue(in: rawBytes, at: offset)
        else { return false }
        let expected = STUNIntegrity.hmacSHA1(key: key, message: hashedPrefix(of: rawBytes, upTo: offset, valueLength: received.count))
        return STUNIntegrity.constantTimeEqual(expected, received)
    }

    /// Checks MESSAGE-INTEGRITY-SHA256, which may be truncated to 16 bytes or more
    /// (RFC 8489 §14.6). Parley does not send it; browsers do not either, as of 2026.
    public func verifyIntegritySHA256(key: [UInt8]) -> Bool {
        guard let rawBytes, let offset = messageIntegritySHA256Offset,
              let received = hashedValue(in: rawBytes, at: offset)
        else { return false }
        let full = STUNIntegrity.hmacSHA256(key: key, message: hashedPrefix(of: rawBytes, upTo: offset, valueLength: received.count))
        return STUNIntegrity.constantTimeEqual(Array(full.prefix(received.count)), received)
    }

    /// The value of the attribute at `offset`, if it lies within the bytes.
    private func hashedValue(in bytes: [UInt8], at offset: Int) -> [UInt8]? {
        guard offset >= STUNWire.headerSize, bytes.count - offset >= STUNWire.attributeHeaderSize else { return nil }
        let length = Int(STUNWire.uint16(bytes, at: offset + 2))
        let start = offset + STUNWire.attributeHeaderSize
        guard length <= bytes.count - start else { return nil }
        return Array(bytes[start..<(start + length)])
    }

    private func hashedPrefix(of bytes: [UInt8], upTo offset: Int, valueLength: Int) -> [UInt8] {
        var prefix = Array(bytes[0..<offset])
        STUNWire.setMessageLength(offset - STUNWire.headerSize + STUNWire.attributeHeaderSize + valueLength, in: &prefix)
        return prefix
    }
}
