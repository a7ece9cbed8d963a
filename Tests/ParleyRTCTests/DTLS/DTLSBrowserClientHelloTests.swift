import Foundation
import Testing
@testable import ParleyRTC

/// Real ClientHellos captured from Chromium 156 and Firefox 153 (fixtures/README.txt): each
/// offers DTLS 1.3 with an X25519MLKEM768 key share and spans two datagrams. A DTLS 1.2 server
/// must reassemble the fragments and answer with a DTLS 1.2 ServerHello.
@Suite("DTLS server answers real browser ClientHellos")
struct DTLSBrowserClientHelloTests {
    struct Capture: CustomTestStringConvertible, Sendable {
        var first: String
        var second: String
        var offeredProfiles: Set<UInt16>
        var testDescription: String { first + " + " + second }
    }

    static let captures = [
        Capture(first: "chrome156-clienthello-1", second: "chrome156-clienthello-2", offeredProfiles: [0x0001, 0x0008, 0x0007]),
        // Chromium's retransmission of the same ClientHello (record sequence 2 and 3).
        Capture(first: "chrome156-clienthello-3", second: "chrome156-clienthello-4", offeredProfiles: [0x0001, 0x0008, 0x0007]),
        Capture(first: "firefox153-clienthello-1", second: "firefox153-clienthello-2", offeredProfiles: [0x0007, 0x0008, 0x0001, 0x0002]),
    ]

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/dtls/\(name)", withExtension: "bin"))
        return Array(try Data(contentsOf: url))
    }

    /// A server whose expected fingerprint does not matter: these tests stop at its first flight.
    static func server() throws -> DTLSTransport {
        let certificate = try DTLSTestCertificates.make()
        let unknownPeer = SDPFingerprint(hashFunction: "sha-256", bytes: [UInt8](repeating: 0xAB, count: 32))
        return try DTLSTransport(role: .server, certificate: certificate, remoteFingerprint: unknownPeer)
    }

    @Test("the two fragments are reassembled and answered with a DTLS 1.2 ServerHello flight", arguments: captures)
    func answersWithServerHello(capture: Capture) throws {
        let server = try Self.server()
        let now = ContinuousClock.now
        server.handleDatagram(try Self.fixture(capture.first), now: now)
        // Half a ClientHello is no reason to answer.
        #expect(server.pollTransmit() == nil)
        #expect(server.state == .connecting)

        server.handleDatagram(try Self.fixture(capture.second), now: now)
        var flight: [[UInt8]] = []
        while let datagram = server.pollTransmit() { flight.append(datagram) }
        #expect(server.state == .connecting)
        #expect(server.pollEvent() == nil)

        let first = try #require(flight.first)
        let records = try #require(DTLSTestRecord.parse(first))
        let serverHello = try #require(records.first)
        #expect(serverHello.contentType == 22)
        #expect(serverHello.version == 0xFEFD)
        #expect(serverHello.handshakeType == 2)
        for datagram in flight {
            #expect(datagram.count <= DTLSTransport.defaultMTU)
        }

        let hello = try #require(DTLSTestServerHello(handshakeRecord: serverHello.fragment))
        #expect(hello.version == 0xFEFD)
        // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (RFC 5289 §3).
        #expect(hello.cipherSuite == 0xC02B)
        let profile = try #require(hello.srtpProfile)
        #expect(capture.offeredProfiles.contains(profile))
        #expect(SRTPProtectionProfile(rawValue: profile) == .aeadAes128Gcm)

        // The rest of the flight: Certificate (11), ServerKeyExchange (12),
        // CertificateRequest (13), ServerHelloDone (14).
        let types = flight.flatMap { DTLSTestRecord.parse($0) ?? [] }.compactMap(\.handshakeType)
        for expected: UInt8 in [11, 12, 13, 14] {
            #expect(types.contains(expected))
        }
        #expect(server.nextDeadline != nil)
    }

    @Test("the second fragment before the first is reassembled too")
    func reversedFragments() throws {
        let server = try Self.server()
        let now = ContinuousClock.now
        server.handleDatagram(try Self.fixture("firefox153-clienthello-2"), now: now)
        #expect(server.pollTransmit() == nil)
        server.handleDatagram(try Self.fixture("firefox153-clienthello-1"), now: now)
        let first = try #require(server.pollTransmit())
        #expect(DTLSTestRecord.parse(first)?.first?.handshakeType == 2)
    }
}

/// The fields of a ServerHello (RFC 5246 §7.4.1.3) inside a DTLS handshake record
/// (RFC 6347 §4.2.2: 12-byte handshake header).
struct DTLSTestServerHello {
    var version: UInt16
    var cipherSuite: UInt16
    var srtpProfile: UInt16?

    init?(handshakeRecord bytes: [UInt8]) {
        var reader = DTLSTestReader(bytes)
        guard reader.uint8() == 2, let length = reader.uint24(), reader.skip(2),
              reader.uint24() == 0, reader.uint24() == length,
              let version = reader.uint16(), reader.skip(32),
              let sessionIDLength = reader.uint8(), reader.skip(Int(sessionIDLength)),
              let cipherSuite = reader.uint16(), reader.skip(1),
              let extensionsLength = reader.uint16()
        else { return nil }
        self.version = version
        self.cipherSuite = cipherSuite
        var extensions = DTLSTestReader(reader.take(Int(extensionsLength)) ?? [])
        while let type = extensions.uint16(), let size = extensions.uint16(), let body = extensions.take(Int(size)) {
            if type == 14 {
                // use_srtp (RFC 5764 §4.1.1): profile list length, one profile, MKI.
                var value = DTLSTestReader(body)
                if value.uint16() == 2 { srtpProfile = value.uint16() }
            }
        }
    }
}

struct DTLSTestReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func skip(_ count: Int) -> Bool {
        take(count) != nil
    }

    mutating func uint8() -> UInt8? {
        take(1)?.first
    }

    mutating func uint16() -> UInt16? {
        take(2).map { UInt16($0[0]) << 8 | UInt16($0[1]) }
    }

    mutating func uint24() -> UInt32? {
        take(3).map { UInt32($0[0]) << 16 | UInt32($0[1]) << 8 | UInt32($0[2]) }
    }
}
