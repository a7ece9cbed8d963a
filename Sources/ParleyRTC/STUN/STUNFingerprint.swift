/// The FINGERPRINT value (RFC 8489 §14.7): CRC-32 of the message before the attribute, XOR-ed
/// with 0x5354554e so that a STUN CRC differs from that of a protocol it is multiplexed with.
enum STUNFingerprint {
    static let xorValue: UInt32 = 0x5354_554E

    static func value(of bytes: ArraySlice<UInt8>) -> UInt32 {
        CRC32.checksum(bytes) ^ xorValue
    }

    /// The CRC-32 of ISO 3309 / ITU-T V.42 (as in zlib and Ethernet): reflected polynomial
    /// 0xEDB88320, initial value and final XOR all ones.
    enum CRC32 {
        static let table: [UInt32] = (0..<256).map { index in
            var crc = UInt32(index)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
            return crc
        }

        static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
            return crc ^ 0xFFFF_FFFF
        }
    }
}

extension STUNMessage {
    /// Checks FINGERPRINT over the bytes as received. Decoding guarantees it is the last
    /// attribute, so the header length already covers it. False when the message was not
    /// decoded or has no FINGERPRINT.
    public func verifyFingerprint() -> Bool {
        guard let rawBytes, let offset = fingerprintOffset,
              offset >= STUNWire.headerSize, rawBytes.count - offset == STUNWire.attributeHeaderSize + 4
        else { return false }
        let received = STUNWire.uint32(rawBytes, at: offset + STUNWire.attributeHeaderSize)
        return STUNFingerprint.value(of: rawBytes[0..<offset]) == received
    }
}
