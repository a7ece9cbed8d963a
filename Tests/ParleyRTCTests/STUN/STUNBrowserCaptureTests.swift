import Testing
@testable import ParleyRTC

/// Real ICE connectivity checks between Chromium 156 and Firefox 153, captured in both offer
/// directions (Tests/ParleyRTCTests/Fixtures/stun/*.hex, taken from shared/fixtures/*.pcap).
@Suite("STUN from real browsers")
struct STUNBrowserCaptureTests {
    @Test("every captured datagram decodes, classifies as STUN and its FINGERPRINT verifies",
          arguments: STUNCaptureFixture.names)
    func decodesAll(fixture name: String) throws {
        let fixture = try STUNCaptureFixture.load(name)
        #expect(fixture.peers.count == 2)
        #expect(fixture.datagrams.count >= 10)
        for datagram in fixture.datagrams {
            let first = try #require(datagram.bytes.first)
            #expect(STUNMessage.isSTUN(firstByte: first))
            #expect(STUNMessage.looksLikeSTUN(datagram.bytes))
            let message = try STUNMessage.decode(datagram.bytes)
            #expect(message.verifyFingerprint(), "frame \(datagram.frame)")
            #expect(message.unknownComprehensionRequiredAttributes.isEmpty, "frame \(datagram.frame)")
            #expect(message.type.method == .binding)
        }
    }

    @Test("binding requests carry USERNAME remote:local, PRIORITY, a role, and a valid MESSAGE-INTEGRITY",
          arguments: STUNCaptureFixture.names)
    func requests(fixture name: String) throws {
        let fixture = try STUNCaptureFixture.load(name)
        // The offerer is the controlling agent (RFC 8445 §6.1.1 with the JSEP offer/answer roles).
        let offerer = try #require(fixture.peers.first)
        var requestCount = 0
        for datagram in fixture.datagrams {
            let message = try STUNMessage.decode(datagram.bytes)
            guard message.type == .bindingRequest else { continue }
            requestCount += 1
            let sender = try #require(fixture.peer(at: datagram.source))
            let receiver = try #require(fixture.peer(at: datagram.destination))

            let username = try #require(message.username)
            let parts = username.split(separator: ":", omittingEmptySubsequences: false)
            #expect(parts.count == 2)
            #expect(username == "\(receiver.ufrag):\(sender.ufrag)")
            #expect(message.priority != nil)
            #expect((message.iceControlling != nil) != (message.iceControlled != nil))
            #expect((message.iceControlling != nil) == (sender.name == offerer.name))
            if message.useCandidate {
                #expect(message.iceControlling != nil, "only the controlling agent nominates")
            }

            // Signed with the receiver's password (RFC 8445 §7.2.2), not the sender's.
            #expect(message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: receiver.password)), "frame \(datagram.frame)")
            #expect(!message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: sender.password)))
            #expect(message.verifyFingerprint())

            // Both browsers pad with zeros, so our encoder reproduces their bytes exactly.
            let reencoded = message.encode(integrityKey: STUNIntegrity.shortTermKey(password: receiver.password), fingerprint: true)
            #expect(reencoded == datagram.bytes, "frame \(datagram.frame)")
        }
        #expect(requestCount >= 5)
    }

    @Test("success responses map the request's source address and are signed by the responder",
          arguments: STUNCaptureFixture.names)
    func responses(fixture name: String) throws {
        let fixture = try STUNCaptureFixture.load(name)
        var requestSources: [STUNTransactionID: TransportAddress] = [:]
        var responseCount = 0
        for datagram in fixture.datagrams {
            let message = try STUNMessage.decode(datagram.bytes)
            if message.type == .bindingRequest {
                requestSources[message.transactionID] = datagram.source
                continue
            }
            #expect(message.type == .bindingSuccessResponse)
            responseCount += 1
            let responder = try #require(fixture.peer(at: datagram.source))
            let requester = try #require(fixture.peer(at: datagram.destination))
            #expect(requestSources[message.transactionID] == datagram.destination, "answers a request seen earlier")
            #expect(message.xorMappedAddress == datagram.destination)
            #expect(message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: responder.password)))
            #expect(!message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: requester.password)))

            // Our constructor builds the same datagram the browser sent.
            let ours = STUNMessage.bindingSuccessResponse(transactionID: message.transactionID, mappedAddress: datagram.destination)
            #expect(ours.encode(integrityKey: STUNIntegrity.shortTermKey(password: responder.password), fingerprint: true) == datagram.bytes)
        }
        #expect(responseCount >= 5)
    }

    @Test("our Binding request matches Firefox's controlled-side check byte for byte")
    func firefoxControlledRequest() throws {
        // In this call Firefox answered, so it is controlled; its attribute order is ours.
        let fixture = try STUNCaptureFixture.load("firefox-chrome-call-stun")
        let firefox = try #require(fixture.peers.first { $0.name == "firefox" })
        let chromium = try #require(fixture.peers.first { $0.name == "chromium" })
        let datagram = try #require(fixture.datagrams.first { $0.source == firefox.address && $0.bytes.prefix(2) == [0x00, 0x01] })
        let received = try STUNMessage.decode(datagram.bytes)

        let ours = STUNMessage.iceBindingRequest(
            transactionID: received.transactionID,
            localUfrag: firefox.ufrag,
            remoteUfrag: chromium.ufrag,
            priority: try #require(received.priority),
            controlling: false,
            tieBreaker: try #require(received.iceControlled))
        let bytes = ours.encode(integrityKey: STUNIntegrity.shortTermKey(password: chromium.password), fingerprint: true)
        #expect(bytes == datagram.bytes)
    }
}
