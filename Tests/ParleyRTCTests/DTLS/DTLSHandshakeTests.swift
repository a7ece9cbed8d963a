import Testing
@testable import ParleyRTC

@Suite("DTLS handshake between two transports")
struct DTLSHandshakeTests {
    @Test("client and server connect, agree on the profile and export crossing keys")
    func connects() throws {
        let link = try DTLSTestLink.make()
        link.handshake()

        #expect(link.isConnected)
        let client = try #require(DTLSTestLink.connectedKeys(link.clientEvents).first)
        let server = try #require(DTLSTestLink.connectedKeys(link.serverEvents).first)
        #expect(DTLSTestLink.connectedKeys(link.clientEvents).count == 1)
        #expect(DTLSTestLink.connectedKeys(link.serverEvents).count == 1)
        // Both offer GCM first; the server picks by its own preference.
        #expect(client.1 == .aeadAes128Gcm)
        #expect(server.1 == client.1)
        #expect(client.0.profile == client.1)
        #expect(link.client.negotiatedProfile == client.1)
        #expect(link.client.negotiatedCipherSuite == "ECDHE-ECDSA-AES128-GCM-SHA256")
        #expect(link.server.negotiatedCipherSuite == link.client.negotiatedCipherSuite)

        #expect(client.0.localMasterKey == server.0.remoteMasterKey)
        #expect(client.0.localMasterSalt == server.0.remoteMasterSalt)
        #expect(client.0.remoteMasterKey == server.0.localMasterKey)
        #expect(client.0.remoteMasterSalt == server.0.localMasterSalt)
        #expect(client.0.localMasterKey != client.0.remoteMasterKey)
        #expect(client.0.localMasterKey.count == 16)
        #expect(client.0.localMasterSalt.count == 12)
        #expect(client.0.localMasterKey != [UInt8](repeating: 0, count: 16))
        #expect(DTLSTestLink.failures(link.clientEvents + link.serverEvents).isEmpty)
    }

    @Test("a side offering only AES128_CM_HMAC_SHA1_80 gets it, with 14-byte salts")
    func counterModeProfile() throws {
        let link = try DTLSTestLink.make(clientProfiles: [.aes128CmHmacSha1_80])
        link.handshake()

        let client = try #require(DTLSTestLink.connectedKeys(link.clientEvents).first)
        let server = try #require(DTLSTestLink.connectedKeys(link.serverEvents).first)
        #expect(client.1 == .aes128CmHmacSha1_80)
        #expect(server.1 == .aes128CmHmacSha1_80)
        #expect(client.0.localMasterSalt.count == 14)
        #expect(client.0.localMasterKey == server.0.remoteMasterKey)
        #expect(client.0.localMasterSalt == server.0.remoteMasterSalt)
    }

    @Test("no common SRTP profile: the handshake fails and no keys come out")
    func noCommonProfile() throws {
        let link = try DTLSTestLink.make(
            clientProfiles: [.aes128CmHmacSha1_80], serverProfiles: [.aeadAes128Gcm])
        link.handshake()

        #expect(!link.isConnected)
        #expect(DTLSTestLink.connectedKeys(link.clientEvents + link.serverEvents).isEmpty)
        #expect(link.client.state == .failed)
        #expect(DTLSTestLink.failures(link.clientEvents).first == .noSRTPProfile)
    }

    @Test("every datagram fits the MTU", arguments: [1200, 700, 576])
    func datagramsFitMTU(mtu: Int) throws {
        let link = try DTLSTestLink.make(mtu: mtu)
        link.handshake()

        #expect(link.isConnected)
        #expect(!link.sent.isEmpty)
        for (_, datagram) in link.sent {
            #expect(datagram.count <= mtu)
            #expect(DTLSTestRecord.parse(datagram) != nil, "datagrams carry whole records")
        }
        if mtu < 700 {
            // The server's certificate flight is larger than this MTU, so it had to be split.
            #expect(link.sent.filter { $0.from == .server }.count > 2)
        }
    }

    @Test("the client's first flight is a DTLS 1.2 ClientHello and arms the timer")
    func firstFlight() throws {
        let link = try DTLSTestLink.make(initialRetransmitTimeout: .milliseconds(80))
        let now = ContinuousClock.now
        #expect(link.client.nextDeadline == nil)
        link.client.start(now: now)

        let datagram = try #require(link.client.pollTransmit())
        #expect(link.client.pollTransmit() == nil)
        let record = try #require(DTLSTestRecord.parse(datagram)?.first)
        #expect(record.contentType == 22)
        #expect(record.handshakeType == 1)
        let deadline = try #require(link.client.nextDeadline)
        #expect(deadline > now)
        #expect(deadline <= now + .milliseconds(80))
        #expect(link.client.state == .connecting)
        // A server waits for the ClientHello and owns no timer yet.
        link.server.start(now: now)
        #expect(link.server.pollTransmit() == nil)
        #expect(link.server.nextDeadline == nil)
    }

    @Test("close sends close_notify and the peer reports closed")
    func closeNotify() throws {
        let link = try DTLSTestLink.make()
        link.handshake()
        #expect(link.isConnected)

        link.client.close()
        link.exchange()
        #expect(link.client.state == .closed)
        #expect(link.server.state == .closed)
        #expect(link.clientEvents.last == .closed)
        #expect(link.serverEvents.last == .closed)
        #expect(link.client.nextDeadline == nil)
        // Datagrams after the close change nothing.
        link.client.handleDatagram([22, 0xFE, 0xFD] + [UInt8](repeating: 0, count: 20), now: .now)
        #expect(link.client.pollTransmit() == nil)
        #expect(link.client.pollEvent() == nil)
    }

    @Test("closing during the handshake ends it quietly on that side")
    func closeDuringHandshake() throws {
        let link = try DTLSTestLink.make()
        link.client.start(now: .now)
        let hello = try #require(link.client.pollTransmit())
        link.server.handleDatagram(hello, now: .now)
        link.server.close()
        #expect(link.server.state == .closed)
        #expect(link.server.nextDeadline == nil)
        // The ServerHello flight written before the close still goes out; the client then
        // waits for a server that is gone.
        link.exchange()
        #expect(link.serverEvents == [.closed])
        #expect(link.client.state == .connecting)
        #expect(DTLSTestLink.connectedKeys(link.clientEvents).isEmpty)
    }

    @Test("datagrams that are not DTLS (STUN, RTP) are ignored")
    func ignoresOtherProtocols() throws {
        let link = try DTLSTestLink.make()
        link.server.handleDatagram([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42] + [UInt8](repeating: 0, count: 12), now: .now)
        link.server.handleDatagram([0x80, 111] + [UInt8](repeating: 0, count: 30), now: .now)
        link.server.handleDatagram([], now: .now)
        #expect(link.server.state == .new)
        link.handshake()
        #expect(link.isConnected)
    }
}
