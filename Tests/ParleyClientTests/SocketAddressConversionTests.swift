import NIOCore
@testable import ParleyClient
import ParleyRTC
import Testing

@Suite("Socket addresses without text")
struct SocketAddressConversionTests {
    static let addresses = [
        ("127.0.0.1", 5000), ("192.168.1.254", 65_535), ("0.0.0.0", 1), ("255.255.255.255", 443),
        ("::1", 9), ("2001:db8::8a2e:370:7334", 3478), ("fe80::1:2:3:4", 50_000), ("::ffff:10.0.0.1", 1234),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 80),
    ]

    @Test("NIO's address of a datagram converts to the transport address its text names, and back", arguments: addresses)
    func roundTrip(text: String, port: Int) throws {
        let parsed = try SocketAddress(ipAddress: text, port: port)
        let ip = try #require(IPAddress(text))
        let expected = TransportAddress(ip: ip, port: UInt16(port))
        #expect(TransportAddress(socketAddress: parsed) == expected)
        let converted = expected.socketAddress
        #expect(converted == parsed)
        #expect(converted.port == port)
        // inet_ntop's spelling of the converted address parses back to the same address.
        #expect(converted.ipAddress.flatMap(IPAddress.init) == ip)
    }

    @Test("a Unix domain socket is no transport address")
    func unixDomainSocket() throws {
        #expect(TransportAddress(socketAddress: try SocketAddress(unixDomainSocketPath: "/tmp/parley.sock")) == nil)
    }
}
