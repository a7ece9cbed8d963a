extension STUNAttribute {
    /// Parses one attribute value. Unrecognised types become `.unknown`; nil means the value is
    /// malformed for its (recognised) type.
    static func decode(type: STUNAttributeType, value: [UInt8], transactionID: STUNTransactionID) -> STUNAttribute? {
        switch type {
        case .mappedAddress:
            return decodeAddress(value, xor: nil).map { .mappedAddress($0) }
        case .xorMappedAddress:
            return decodeAddress(value, xor: transactionID).map { .xorMappedAddress($0) }
        case .username:
            return STUNWire.utf8String(value).map { .username($0) }
        case .realm:
            return STUNWire.utf8String(value).map { .realm($0) }
        case .nonce:
            return STUNWire.utf8String(value).map { .nonce($0) }
        case .software:
            return STUNWire.utf8String(value).map { .software($0) }
        case .messageIntegrity:
            return value.count == 20 ? .messageIntegrity(value) : nil
        case .messageIntegritySHA256:
            // RFC 8489 §14.6: at least 16 bytes, at most 32, a multiple of 4.
            return (16...32).contains(value.count) && value.count % 4 == 0 ? .messageIntegritySHA256(value) : nil
        case .fingerprint:
            return value.count == 4 ? .fingerprint(STUNWire.uint32(value, at: 0)) : nil
        case .errorCode:
            return decodeErrorCode(value).map { .errorCode($0) }
        case .unknownAttributes:
            guard value.count % 2 == 0 else { return nil }
            let types = stride(from: 0, to: value.count, by: 2).map {
                STUNAttributeType(rawValue: STUNWire.uint16(value, at: $0))
            }
            return .unknownAttributes(types)
        case .priority:
            return value.count == 4 ? .priority(STUNWire.uint32(value, at: 0)) : nil
        case .useCandidate:
            return value.isEmpty ? .useCandidate : nil
        case .iceControlled:
            return value.count == 8 ? .iceControlled(tieBreaker: STUNWire.uint64(value, at: 0)) : nil
        case .iceControlling:
            return value.count == 8 ? .iceControlling(tieBreaker: STUNWire.uint64(value, at: 0)) : nil
        default:
            return .unknown(type: type, value: value)
        }
    }

    /// The value bytes, unpadded. XOR-MAPPED-ADDRESS needs the message's transaction ID.
    func encodedValue(transactionID: STUNTransactionID) -> [UInt8] {
        switch self {
        case .mappedAddress(let address):
            return STUNAttribute.encodeAddress(address, xor: nil)
        case .xorMappedAddress(let address):
            return STUNAttribute.encodeAddress(address, xor: transactionID)
        case .username(let text), .realm(let text), .nonce(let text), .software(let text):
            return Array(text.utf8)
        case .messageIntegrity(let bytes), .messageIntegritySHA256(let bytes):
            return bytes
        case .fingerprint(let value), .priority(let value):
            var bytes: [UInt8] = []
            STUNWire.append(value, to: &bytes)
            return bytes
        case .errorCode(let error):
            // Class in the low 3 bits of the third byte, number in the fourth (RFC 8489 §14.8).
            return [0, 0, error.errorClass & 0x07, error.number] + Array(error.reason.utf8)
        case .unknownAttributes(let types):
            var bytes: [UInt8] = []
            for type in types { STUNWire.append(type.rawValue, to: &bytes) }
            return bytes
        case .useCandidate:
            return []
        case .iceControlled(let tieBreaker), .iceControlling(let tieBreaker):
            var bytes: [UInt8] = []
            STUNWire.append(tieBreaker, to: &bytes)
            return bytes
        case .unknown(_, let value):
            return value
        }
    }

    private static let familyIPv4: UInt8 = 0x01
    private static let familyIPv6: UInt8 = 0x02

    /// The XOR pad of XOR-MAPPED-ADDRESS: the magic cookie then the transaction ID. The port uses
    /// its first 2 bytes, IPv4 its first 4, IPv6 all 16 (RFC 8489 §14.2).
    private static func xorPad(_ transactionID: STUNTransactionID) -> [UInt8] {
        var pad: [UInt8] = []
        STUNWire.append(STUNWire.magicCookie, to: &pad)
        return pad + transactionID.bytes
    }

    private static func decodeAddress(_ value: [UInt8], xor transactionID: STUNTransactionID?) -> TransportAddress? {
        guard value.count >= 4 else { return nil }
        let addressLength: Int
        switch value[1] {
        case familyIPv4: addressLength = 4
        case familyIPv6: addressLength = 16
        default: return nil
        }
        guard value.count == 4 + addressLength else { return nil }
        var port = STUNWire.uint16(value, at: 2)
        var addressBytes = Array(value[4...])
        if let transactionID {
            let pad = xorPad(transactionID)
            port ^= UInt16(truncatingIfNeeded: STUNWire.magicCookie >> 16)
            for index in addressBytes.indices { addressBytes[index] ^= pad[index] }
        }
        guard let ip = IPAddress(bytes: addressBytes) else { return nil }
        return TransportAddress(ip: ip, port: port)
    }

    private static func encodeAddress(_ address: TransportAddress, xor transactionID: STUNTransactionID?) -> [UInt8] {
        var port = address.port
        var addressBytes = address.ip.bytes
        if let transactionID {
            let pad = xorPad(transactionID)
            port ^= UInt16(truncatingIfNeeded: STUNWire.magicCookie >> 16)
            for index in addressBytes.indices { addressBytes[index] ^= pad[index] }
        }
        var bytes: [UInt8] = [0, address.ip.isIPv4 ? familyIPv4 : familyIPv6]
        STUNWire.append(port, to: &bytes)
        return bytes + addressBytes
    }

    private static func decodeErrorCode(_ value: [UInt8]) -> STUNErrorCode? {
        guard value.count >= 4 else { return nil }
        let errorClass = value[2] & 0x07
        let number = value[3]
        // RFC 8489 §14.8: class 3 to 6, number 0 to 99.
        guard (3...6).contains(errorClass), number < 100,
              let reason = STUNWire.utf8String(value[4...])
        else { return nil }
        return STUNErrorCode(code: UInt16(errorClass) * 100 + UInt16(number), reason: reason)
    }
}
