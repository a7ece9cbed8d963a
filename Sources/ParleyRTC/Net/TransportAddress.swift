/// An IP address and a UDP port: where a datagram came from or goes to (RFC 8489 §3,
/// "transport address").
///
/// Text form: `1.2.3.4:5` for IPv4 and `[::1]:5` for IPv6, stable so it can key tables and logs.
public struct TransportAddress: Hashable, Sendable {
    public var ip: IPAddress
    public var port: UInt16

    public init(ip: IPAddress, port: UInt16) {
        self.ip = ip
        self.port = port
    }
}

extension TransportAddress: CustomStringConvertible {
    public var description: String {
        switch ip {
        case .v4: return "\(ip):\(port)"
        case .v6: return "[\(ip)]:\(port)"
        }
    }
}

extension TransportAddress: LosslessStringConvertible {
    /// Parses `a.b.c.d:port` or `[ipv6]:port`. A bare IPv6 address without brackets is
    /// rejected: its last group cannot be told apart from a port.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard let colon = utf8.lastIndex(of: UInt8(ascii: ":")),
              let port = TransportAddress.parsePort(utf8[(colon + 1)...])
        else { return nil }
        let host = utf8[..<colon]
        let ip: IPAddress?
        if host.first == UInt8(ascii: "[") {
            guard host.count >= 2, host.last == UInt8(ascii: "]") else { return nil }
            let inner = host.dropFirst().dropLast()
            guard inner.contains(UInt8(ascii: ":")) else { return nil }
            ip = IPAddress(String(decoding: inner, as: UTF8.self))
        } else {
            guard !host.contains(UInt8(ascii: ":")) else { return nil }
            ip = IPAddress(String(decoding: host, as: UTF8.self))
        }
        guard let ip else { return nil }
        self.init(ip: ip, port: port)
    }

    private static func parsePort(_ digits: ArraySlice<UInt8>) -> UInt16? {
        guard (1...5).contains(digits.count),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return UInt16(exactly: value)
    }
}
