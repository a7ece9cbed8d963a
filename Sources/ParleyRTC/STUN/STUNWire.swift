/// Big-endian reading and writing for the STUN codec. Callers check bounds before reading;
/// these helpers never do arithmetic that could overflow.
enum STUNWire {
    /// 0x2112A442 (RFC 8489 §5).
    static let magicCookie: UInt32 = 0x2112_A442
    static let headerSize = 20
    static let attributeHeaderSize = 4

    static func uint16(_ bytes: [UInt8], at index: Int) -> UInt16 {
        UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
    }

    static func uint32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[index + $1]) }
    }

    static func uint64(_ bytes: [UInt8], at index: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[index + $1]) }
    }

    static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Rewrites the header's message length field, as integrity and fingerprint need.
    static func setMessageLength(_ length: Int, in bytes: inout [UInt8]) {
        let value = UInt16(clamping: length)
        bytes[2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: value)
    }

    /// The text if the bytes are valid UTF-8, else nil. (`String(validating:as:)` would do, but it
    /// needs macOS 15 and the package still builds for macOS 14.) Decoding replaces invalid
    /// sequences with U+FFFD, so the bytes come back unchanged exactly when they were valid.
    static func utf8String(_ bytes: some Collection<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// Attribute values are padded to a multiple of 4 bytes (RFC 8489 §14).
    static func paddedLength(_ length: Int) -> Int {
        (length + 3) & ~3
    }
}
