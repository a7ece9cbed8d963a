#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import ParleyRTC
import ParleyTestSupport

@Suite("IP and transport addresses")
struct TransportAddressTests {
    @Test("text forms used in candidates and logs", arguments: [
        ("1.2.3.4:5", "1.2.3.4:5"),
        ("127.0.0.1:46914", "127.0.0.1:46914"),
        ("0.0.0.0:0", "0.0.0.0:0"),
        ("255.255.255.255:65535", "255.255.255.255:65535"),
        ("[::1]:5", "[::1]:5"),
        ("[::]:9", "[::]:9"),
        ("[2001:DB8:0:0:1:0:0:1]:443", "[2001:db8::1:0:0:1]:443"),
        ("[2001:0db8::0001]:1", "[2001:db8::1]:1"),
        ("[2001:db8:0:0:0:0:2:1]:1", "[2001:db8::2:1]:1"),
        ("[2001:db8:0:1:1:1:1:1]:1", "[2001:db8:0:1:1:1:1:1]:1"),
        ("[2001:db8::1:1:1:1:1]:1", "[2001:db8:0:1:1:1:1:1]:1"),
        ("[2001:0:0:1:0:0:0:1]:1", "[2001:0:0:1::1]:1"),
        ("[2001:db8:0:0:1:0:0:0]:1", "[2001:db8:0:0:1::]:1"),
        ("[1::]:1", "[1::]:1"),
        ("[::ffff:192.0.2.1]:3478", "[::ffff:192.0.2.1]:3478"),
        ("[::ffff:c000:201]:3478", "[::ffff:192.0.2.1]:3478"),
        ("[64:ff9b::192.0.2.33]:1", "[64:ff9b::c000:221]:1"),
        ("[fe80::211:22ff:fe33:4455]:60000", "[fe80::211:22ff:fe33:4455]:60000"),
    ])
    func canonicalText(input: String, canonical: String) throws {
        let address = try #require(TransportAddress(input))
        #expect(address.description == canonical)
        #expect(TransportAddress(canonical) == address)
    }

    @Test("malformed text is rejected", arguments: [
        "", "1.2.3.4", "1.2.3:4", "1.2.3.4.5:6", "256.1.1.1:1", "01.2.3.4:1", "1.2.3.-4:1", "1.2.3.4:",
        "1.2.3.4:65536", "1.2.3.4:+1", "1.2.3.4:123456", " 1.2.3.4:1", "[::1]", "::1:5", "[::1:5",
        "[1.2.3.4]:5", "[]:1", "[:::]:1", "[1::2::3]:1", "[1:2:3:4:5:6:7:8:9]:1", "[1:2:3:4:5:6:7]:1",
        "[12345::]:1", "[g::1]:1", "[::1%lo]:1", "[1:2:3:4:5:6:7::8]:1", "[::ffff:1.2.3]:1",
        "[1.2.3.4::]:1", "[:1::]:1", "[1::1:]:1", "localhost:80", "abc.local:9",
    ])
    func rejects(input: String) {
        #expect(TransportAddress(input) == nil)
    }

    @Test("IPv4 bytes and text agree")
    func ipv4Bytes() throws {
        let ip = try #require(IPAddress("10.99.0.1"))
        #expect(ip == .v4(0x0A63_0001))
        #expect(ip.bytes == [10, 99, 0, 1])
        #expect(IPAddress(bytes: [10, 99, 0, 1]) == ip)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
        #expect(ip.isIPv4)
        #expect(!IPAddress.ipv6Loopback.isIPv4)
    }

    /// glibc's inet_pton/inet_ntop as an independent oracle over many random addresses, shaped
    /// with zero runs so that `::` compression is exercised.
    @Test("IPv6 parsing and formatting agree with inet_pton and inet_ntop")
    func ipv6AgainstLibc() throws {
        var random = SplitMix64(seed: 6)
        for _ in 0..<5_000 {
            var groups = (0..<8).map { _ in UInt16(truncatingIfNeeded: random.next()) }
            for _ in 0..<Int(random.next() % 3) {
                let start = Int(random.next() % 8)
                let length = Int(random.next() % 8)
                for index in start..<min(8, start + length) { groups[index] = 0 }
            }
            if random.next() % 3 == 0 { groups = groups.map { $0 & 0x00FF } }
            let bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let ip = try #require(IPAddress(bytes: bytes))
            let text = ip.description

            // inet_ntop prints IPv4-compatible ::a.b.c.d forms that RFC 5952 leaves behind.
            if groups[0..<6].allSatisfy({ $0 == 0 }) { continue }
            #expect(text == Self.ntop(bytes), "\(groups)")
            #expect(Self.pton(text) == bytes)
            #expect(IPAddress(text) == ip)
            // An uncompressed, zero-padded, uppercase form parses to the same address.
            let long = groups.map { String($0, radix: 16, uppercase: true) }
                .map { String(repeating: "0", count: 4 - $0.count) + $0 }.joined(separator: ":")
            #expect(IPAddress(long) == ip)
        }
    }

    static func ntop(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let result = bytes.withUnsafeBytes { raw in
            inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard result != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func pton(_ text: String) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 16)
        let result = bytes.withUnsafeMutableBytes { raw in inet_pton(AF_INET6, text, raw.baseAddress) }
        return result == 1 ? bytes : nil
    }
}
