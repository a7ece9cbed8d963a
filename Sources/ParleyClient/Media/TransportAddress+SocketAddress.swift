#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import ParleyRTC

/// NIO's socket addresses and ParleyRTC's transport addresses, converted through their binary
/// form. Every datagram in and out crosses here; going through text (`inet_ntop`, then parsing
/// it back, and the reverse to send) cost a handful of allocations and string scans a packet.
extension TransportAddress {
    init?(socketAddress: SocketAddress) {
        switch socketAddress {
        case let .v4(address):
            let raw = address.address
            self.init(ip: .v4(UInt32(bigEndian: raw.sin_addr.s_addr)), port: UInt16(bigEndian: raw.sin_port))
        case let .v6(address):
            let raw = address.address
            let (high, low) = withUnsafeBytes(of: raw.sin6_addr) { bytes -> (UInt64, UInt64) in
                var high: UInt64 = 0
                var low: UInt64 = 0
                for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
                for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
                return (high, low)
            }
            self.init(ip: .v6(high: high, low: low), port: UInt16(bigEndian: raw.sin6_port))
        case .unixDomainSocket:
            return nil
        }
    }

    /// The same address for a socket call. Its `host` is left empty: nothing reads it on the
    /// way out, and filling it would mean formatting text again.
    var socketAddress: SocketAddress {
        switch ip {
        case let .v4(value):
            var raw = sockaddr_in()
            raw.sin_family = sa_family_t(AF_INET)
            raw.sin_port = port.bigEndian
            raw.sin_addr = in_addr(s_addr: value.bigEndian)
            return SocketAddress(raw, host: "")
        case let .v6(high, low):
            var raw = sockaddr_in6()
            raw.sin6_family = sa_family_t(AF_INET6)
            raw.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &raw.sin6_addr) { bytes in
                for index in 0..<8 {
                    bytes[index] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * index))
                    bytes[8 + index] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * index))
                }
            }
            return SocketAddress(raw, host: "")
        }
    }
}
