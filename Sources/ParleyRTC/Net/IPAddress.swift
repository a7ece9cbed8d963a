/// An IPv4 or IPv6 address, held as plain integers so that ParleyRTC needs no socket API.
///
/// The textual form is the usual dotted quad for IPv4 and the RFC 5952 canonical form for IPv6
/// (lowercase, longest run of zero groups compressed), so equal addresses always print the same.
public enum IPAddress: Hashable, Sendable {
    case v4(UInt32)
    case v6(high: UInt64, low: UInt64)

    public static let ipv4Loopback = IPAddress.v4(0x7F00_0001)
    public static let ipv6Loopback = IPAddress.v6(high: 0, low: 1)

    /// 4 bytes make an IPv4 address and 16 an IPv6 one, in network byte order.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .v6(high: high, low: low)
        default:
            return nil
        }
    }

    /// Network byte order: 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return IPAddress.bigEndianBytes(UInt64(value), count: 4)
        case .v6(let high, let low):
            return IPAddress.bigEndianBytes(high, count: 8) + IPAddress.bigEndianBytes(low, count: 8)
        }
    }

    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    private static func bigEndianBytes(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(count - 1 - $0))) }
    }
}

extension IPAddress: CustomStringConvertible {
    public var description: String {
        switch self {
        case .v4(let value):
            return IPAddress.dottedQuad(value)
        case .v6(let high, let low):
            return IPAddress.ipv6Text(high: high, low: low)
        }
    }

    private static func dottedQuad(_ value: UInt32) -> String {
        (0..<4).map { String(UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0)))) }
            .joined(separator: ".")
    }

    private static func ipv6Text(high: UInt64, low: UInt64) -> String {
        // RFC 5952 §5: an IPv4-mapped address keeps its IPv4 part in dotted form.
        if high == 0, low >> 32 == 0xFFFF {
            return "::ffff:" + dottedQuad(UInt32(truncatingIfNeeded: low))
        }
        let groups: [UInt16] = (0..<8).map { index in
            let word = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> (48 - 16 * UInt64(index % 4)))
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie.
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[0..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

extension IPAddress: LosslessStringConvertible {
    /// Parses a dotted-quad IPv4 address or an IPv6 address (with `::` compression and an
    /// optional dotted IPv4 tail). Zone identifiers (`%eth0`) and leading zeros in IPv4 parts
    /// (ambiguous: octal to some parsers) are rejected.
    public init?(_ text: String) {
        if text.contains(":") {
            guard let (high, low) = IPAddress.parseIPv6(Array(text.utf8)) else { return nil }
            self = .v6(high: high, low: low)
        } else {
            guard let value = IPAddress.parseIPv4(Array(text.utf8)[...]) else { return nil }
            self = .v4(value)
        }
    }

    private static func parseIPv4(_ text: ArraySlice<UInt8>) -> UInt32? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count),
                  part.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  part.count == 1 || part.first != UInt8(ascii: "0")
            else { return nil }
            let octet = part.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - UInt8(ascii: "0")) }
            guard octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseIPv6(_ text: [UInt8]) -> (UInt64, UInt64)? {
        let colon = UInt8(ascii: ":")
        // Split once around "::"; each side is a list of groups.
        var head = text[...]
        var tail: ArraySlice<UInt8>? = nil
        if let index = text.indices.first(where: { $0 + 1 < text.count && text[$0] == colon && text[$0 + 1] == colon }) {
            head = text[..<index]
            tail = text[(index + 2)...]
        }
        guard let headGroups = parseGroups(head, allowIPv4Tail: tail == nil) else { return nil }
        var groups = headGroups
        if let tail {
            guard let tailGroups = parseGroups(tail, allowIPv4Tail: true),
                  headGroups.count + tailGroups.count <= 7
            else { return nil }
            groups += Array(repeating: 0, count: 8 - headGroups.count - tailGroups.count) + tailGroups
        }
        guard groups.count == 8 else { return nil }
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    /// Colon-separated hex groups; an empty side of "::" is no group at all.
    private static func parseGroups(_ text: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if allowIPv4Tail, index == parts.count - 1, part.contains(UInt8(ascii: ".")) {
                guard let value = parseIPv4(part) else { return nil }
                groups.append(UInt16(truncatingIfNeeded: value >> 16))
                groups.append(UInt16(truncatingIfNeeded: value))
                continue
            }
            guard (1...4).contains(part.count) else { return nil }
            var group: UInt16 = 0
            for byte in part {
                guard let digit = hexDigit(byte) else { return nil }
                group = group << 4 | UInt16(digit)
            }
            groups.append(group)
        }
        return groups.count <= 8 ? groups : nil
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
