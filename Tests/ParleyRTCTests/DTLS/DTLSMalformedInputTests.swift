import Foundation
import Testing
@testable import ParleyRTC
import ParleyTestSupport

/// Whatever arrives on the port, a transport neither crashes nor wedges: it drops the input
/// and stays usable, or fails with a reported reason.
@Suite("DTLS malformed input")
struct DTLSMalformedInputTests {
    /// Feeds `junk` to a fresh server, then runs a real handshake through it.
    private func handshakeAfter(_ junk: [[UInt8]], expectSilence: Bool = true) throws -> DTLSTestLink {
        let link = try DTLSTestLink.make()
        for datagram in junk {
            link.server.handleDatagram(datagram, now: .now)
        }
        // Junk draws no answer: nothing in it is a complete handshake message.
        while let reply = link.server.pollTransmit(), expectSilence {
            Issue.record("server answered junk with \(reply.count) bytes")
        }
        link.handshake()
        return link
    }

    @Test("random datagrams, any first byte, are dropped and the handshake still succeeds")
    func randomBytes() throws {
        var random = SplitMix64(seed: 0xD715)
        var junk: [[UInt8]] = []
        for _ in 0..<300 {
            var datagram = random.bytes(Int.random(in: 1...1500, using: &random))
            // Most of them pass the RFC 7983 demultiplexing check.
            if Bool.random(using: &random) { datagram[0] = UInt8.random(in: 20...63, using: &random) }
            junk.append(datagram)
        }
        let link = try handshakeAfter(junk)
        #expect(link.isConnected)
    }

    @Test("random bodies behind valid DTLS 1.2 record headers: dropped, or a clean failure")
    func randomRecords() throws {
        var random = SplitMix64(seed: 0x5EED)
        let serverCertificate = try DTLSTestCertificates.make()
        let clientCertificate = try DTLSTestCertificates.make()
        var dropped = 0
        var failed = 0
        for index in 0..<300 {
            let body = random.bytes(Int.random(in: 0...600, using: &random))
            let type = [UInt8](arrayLiteral: 20, 21, 22, 23).randomElement(using: &random) ?? 22
            let epoch = UInt8.random(in: 0...1, using: &random)
            // Length fields that lie both ways, and honest ones.
            let declared = [body.count, body.count + 1, max(0, body.count - 1), 0xFFFF].randomElement(using: &random) ?? body.count
            let header: [UInt8] = [type, 0xFE, 0xFD, 0, epoch, 0, 0, 0, 0, 0, UInt8.random(in: 0...255, using: &random),
                                   UInt8(truncatingIfNeeded: declared >> 8), UInt8(truncatingIfNeeded: declared)]
            let server = try DTLSTransport(role: .server, certificate: serverCertificate, remoteFingerprint: clientCertificate.fingerprint)
            server.handleDatagram(header + body, now: .now)
            var replies: [[UInt8]] = []
            while let reply = server.pollTransmit() { replies.append(reply) }
            switch server.state {
            case .connecting:
                dropped += 1
                #expect(replies.isEmpty)
                #expect(server.pollEvent() == nil)
                if index.isMultiple(of: 10) {
                    // Still usable: a real client gets through.
                    let client = try DTLSTransport(role: .client, certificate: clientCertificate, remoteFingerprint: serverCertificate.fingerprint)
                    let link = DTLSTestLink(client: client, server: server)
                    link.handshake()
                    #expect(link.isConnected)
                }
            case .failed:
                // OpenSSL answers a record it must reject (a malformed alert, a garbled
                // handshake message) with at most a fatal alert, and says why.
                failed += 1
                guard case .failed(.handshakeFailed)? = server.pollEvent() else {
                    Issue.record("failure without a handshakeFailed event")
                    continue
                }
                for reply in replies {
                    #expect(DTLSTestRecord.parse(reply)?.allSatisfy { $0.contentType == 21 } == true)
                }
            case .new, .connected, .closed:
                Issue.record("junk moved the server to \(server.state)")
            }
        }
        #expect(dropped + failed == 300)
        #expect(dropped > 200)
    }

    @Test("truncated copies of a real ClientHello are dropped", arguments: [1, 5, 12, 13, 14, 25, 100, 700, 1199])
    func truncatedRecords(length: Int) throws {
        let hello = try DTLSBrowserClientHelloTests.fixture("chrome156-clienthello-1")
        let link = try handshakeAfter([Array(hello.prefix(length))])
        #expect(link.isConnected)
    }

    @Test("junk after the handshake leaves the connection and its keys in place")
    func junkWhenConnected() throws {
        let link = try DTLSTestLink.make()
        link.handshake()
        #expect(link.isConnected)
        var random = SplitMix64(seed: 42)
        for index in 0..<200 {
            var datagram = random.bytes(Int.random(in: 13...400, using: &random))
            datagram[0] = 23  // application_data
            datagram[1] = 0xFE
            datagram[2] = 0xFD
            datagram[3] = 0
            datagram[4] = 1  // epoch 1, as after the handshake
            let length = datagram.count - 13
            datagram[11] = UInt8(length >> 8)
            datagram[12] = UInt8(length & 0xFF)
            (index.isMultiple(of: 2) ? link.client : link.server).handleDatagram(datagram, now: .now)
        }
        link.exchange()
        #expect(link.isConnected)
        #expect(DTLSTestLink.failures(link.clientEvents + link.serverEvents).isEmpty)
        // Records with a bad MAC are dropped silently (RFC 6347 §4.1.2.7): still one
        // connected event each, and the connection still closes cleanly.
        #expect(DTLSTestLink.connectedKeys(link.clientEvents).count == 1)
        link.server.close()
        link.exchange()
        #expect(link.client.state == .closed)
    }

    @Test("a client that has not started ignores datagrams")
    func clientBeforeStart() throws {
        let link = try DTLSTestLink.make()
        link.client.handleDatagram(try DTLSBrowserClientHelloTests.fixture("firefox153-clienthello-1"), now: .now)
        #expect(link.client.state == .new)
        #expect(link.client.pollTransmit() == nil)
        link.handshake()
        #expect(link.isConnected)
    }
}
