import Foundation
import ParleyRTC
import Testing
import ParleyTestSupport

/// Answering real browser offers with a PeerConnection.
@Suite("PeerConnection answers browser offers")
struct PeerConnectionBrowserOfferTests {
    static let wallClock = 1_750_000_000.0

    func makeAnswerer(seed: UInt64) throws -> PeerConnection {
        let now = ContinuousClock.now
        let certificate = try DTLSCertificate(secondsSince1970: Int64(Self.wallClock))
        return PeerConnection(
            configuration: PeerConnectionConfiguration(
                certificate: certificate, wallClock: WallClockReference(instant: now, secondsSince1970: Self.wallClock)),
            random: SplitMix64(state: seed))
    }

    @Test("a Chromium 156 offer gets setup active, Opus PT 111 and checks to its host candidate")
    func chromiumOffer() throws {
        let now = ContinuousClock.now
        let offer = try BrowserFixtures.sdp("chrome156-offer-audio.sdp")
        let peer = try makeAnswerer(seed: 1)
        let local = try #require(TransportAddress("127.0.0.1:40000"))
        peer.addLocalHostAddress(local, now: now)
        try peer.setRemoteDescription(offer, type: .offer, now: now)
        let answer = try peer.createAnswer()

        #expect(answer.media.count == offer.media.count)
        #expect(answer.media.allSatisfy { $0.port != 0 })
        let audio = try #require(answer.media.first)
        #expect(audio.kind == .audio)
        #expect(audio.firstValue(of: "setup") == "active")
        #expect(audio.formats.first == "111")
        #expect(audio.values(of: "rtpmap").contains("111 opus/48000/2"))
        #expect(audio.mid == offer.media.first?.mid)
        #expect(audio.firstValue(of: "fingerprint") == peer.configuration.certificate.fingerprint.attributeValue)
        #expect(audio.firstValue(of: "ice-ufrag") == peer.localCredentials.ufrag)
        #expect(audio.hasAttribute("rtcp-mux"))
        #expect(audio.values(of: "ssrc").contains("\(peer.localSSRC) cname:\(peer.cname)"))
        // What goes on the wire parses back to the same answer.
        #expect(try SessionDescription(parsing: answer.serialized()) == answer)

        let negotiated = try #require(peer.negotiated)
        #expect(negotiated.dtlsRole == .client)
        #expect(negotiated.sendPayloadType == 111)
        #expect(negotiated.receivePayloadType == 111)
        #expect(peer.audioMid == "0")
        #expect(peer.audioMLineIndex == 0)

        // The offer's UDP host candidate is checked from our socket; its TCP one is skipped.
        var destinations: [TransportAddress] = []
        while let transmit = peer.pollTransmit() {
            #expect(transmit.source == local)
            #expect((0...3).contains(transmit.bytes.first ?? 255))
            destinations.append(transmit.destination)
        }
        // A second of retransmissions, well inside ICE's checking timeout.
        while let deadline = peer.nextDeadline, deadline < now + .seconds(1) {
            peer.handleTimeout(now: deadline)
            while let transmit = peer.pollTransmit() { destinations.append(transmit.destination) }
        }
        #expect(destinations.contains(try #require(TransportAddress("127.0.0.1:48258"))))
        #expect(!destinations.contains { $0.port == 9 })
        // DTLS waits for a selected pair: nothing but STUN has gone out.
        #expect(peer.dtlsState == .new)
        #expect(peer.connectionState == .connecting)
        let events = Array(sequence(state: peer) { $0.pollEvent() })
        #expect(events.contains { if case .localCandidate = $0 { return true } else { return false } })
    }

    @Test("an answer before an offer, or a second remote description, is refused")
    func invalidStates() throws {
        let now = ContinuousClock.now
        let peer = try makeAnswerer(seed: 2)
        let answer = try BrowserFixtures.sdp("chrome156-answer-audio.sdp")
        #expect(throws: PeerConnectionError.self) { try peer.setRemoteDescription(answer, type: .answer, now: now) }
        #expect(throws: PeerConnectionError.self) { try peer.createAnswer() }
        try peer.setRemoteDescription(try BrowserFixtures.sdp("firefox153-offer-audio.sdp"), type: .offer, now: now)
        #expect(throws: PeerConnectionError.self) {
            try peer.setRemoteDescription(try BrowserFixtures.sdp("chrome156-offer-audio.sdp"), type: .offer, now: now)
        }
        #expect(throws: PeerConnectionError.self) { try peer.createOffer(now: now) }
        let firefoxAnswer = try peer.createAnswer()
        // Firefox offers Opus as 109: we send and receive with its number.
        #expect(peer.negotiated?.sendPayloadType == 109)
        #expect(firefoxAnswer.media.first?.firstValue(of: "setup") == "active")
    }
}
