import Foundation
import ParleyRTC
import Testing

/// ICE restarts (RFC 8445 §9) through offer/answer on a connection that has completed its
/// first exchange: new credentials, new checks, the same DTLS association (RFC 8842 §5.5).
@Suite("PeerConnection ICE restart")
struct PeerConnectionICERestartTests {
    @Test("after the path dies for 35 s an ICE restart reconnects on the same DTLS association and audio flows again")
    func restartAfterConsentExpiry() throws {
        let network = try PeerConnectionTestNetwork(seed: 21)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        _ = network.sendAudio(count: 10)
        let credentialsBefore = network.peers.map(\.localCredentials)
        let dtlsEventsBefore = network.peers.indices.map { dtlsEvents(network, $0) }

        network.lossRate = 1
        let failed = network.run(for: .seconds(40)) { network in
            network.peers.allSatisfy { if case .failed(.ice(.consentExpired)) = $0.connectionState { true } else { false } }
        }
        #expect(failed, "states: \(network.peers.map(\.connectionState))")

        network.lossRate = 0
        try network.renegotiate(from: 0, iceRestart: true)
        #expect(network.offerer.signalingState == .haveLocalOffer)
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() && $0.offerer.signalingState == .stable })

        for index in 0..<2 {
            let peer = network.peers[index]
            #expect(peer.localCredentials != credentialsBefore[index])
            #expect(peer.negotiated?.remoteICEUfrag == network.peers[1 - index].localCredentials.ufrag)
            #expect(peer.dtlsState == .connected)
            // No second handshake: the DTLS transport never left `connected`.
            #expect(dtlsEvents(network, index) == dtlsEventsBefore[index])
        }
        #expect(network.offerer.negotiated?.dtlsRole == .server)
        #expect(network.answerer.negotiated?.dtlsRole == .client)

        let audioBefore = network.peers.indices.map { network.audio(receivedBy: $0).count }
        let sent = network.sendAudio(count: 20)
        network.run(for: .milliseconds(200))
        for receiver in 0..<2 {
            let received = network.audio(receivedBy: receiver).dropFirst(audioBefore[receiver]).map(\.payload)
            #expect(Array(received) == sent[1 - receiver])
        }
    }

    @Test("the answerer may restart too: roles in DTLS stay, ICE roles follow the new offer, audio keeps flowing")
    func answererRestarts() throws {
        let network = try PeerConnectionTestNetwork(seed: 22)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        let offererUfrag = network.offerer.localCredentials.ufrag

        try network.renegotiate(from: 1, iceRestart: true)
        #expect(network.run(for: .seconds(5)) { network in
            network.bothConnected() && network.peers.allSatisfy { $0.signalingState == .stable }
                && network.offerer.localCredentials.ufrag != offererUfrag
        })
        // The re-offer said actpass; the first offerer kept its DTLS server role by answering passive.
        #expect(network.offerer.negotiated?.dtlsRole == .server)
        #expect(network.answerer.negotiated?.dtlsRole == .client)
        let answer = try #require(network.offerer.localDescription?.serialized())
        #expect(answer.contains("a=setup:passive"))

        let sent = network.sendAudio(count: 20)
        network.run(for: .milliseconds(200))
        for receiver in 0..<2 {
            #expect(network.audio(receivedBy: receiver).suffix(20).map(\.payload) == sent[1 - receiver])
        }
    }

    @Test("a later offer without new credentials is answered without restarting ICE")
    func renegotiationWithoutRestart() throws {
        let network = try PeerConnectionTestNetwork(seed: 23)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        let credentials = network.peers.map(\.localCredentials)
        let iceEvents = network.events.map { $0.filter { if case .iceConnectionStateChanged = $0.event { true } else { false } }.count }

        try network.renegotiate(from: 0, iceRestart: false)
        #expect(network.run(for: .seconds(2)) { $0.peers.allSatisfy { $0.signalingState == .stable } })
        #expect(network.peers.map(\.localCredentials) == credentials)
        #expect(network.bothConnected())
        let after = network.events.map { $0.filter { if case .iceConnectionStateChanged = $0.event { true } else { false } }.count }
        #expect(after == iceEvents)
    }

    @Test("a later offer with another certificate is refused and the connection is unchanged")
    func changedFingerprintRefused() throws {
        let network = try PeerConnectionTestNetwork(seed: 24)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        let impostor = try DTLSCertificate(secondsSince1970: Int64(PeerConnectionTestNetwork.wallClockStart))
        let genuine = network.offerer.configuration.certificate.fingerprint.hexDigest
        let offer = try network.offerer.createOffer(iceRestart: true, now: network.now)
        network.gatherAgain(0)
        let forged = try SessionDescription(parsing: offer.serialized()
            .replacingOccurrences(of: genuine, with: impostor.fingerprint.hexDigest))
        let ufrag = network.answerer.localCredentials.ufrag
        let remote = network.answerer.remoteDescription

        #expect(throws: PeerConnectionError.renegotiationChanges("the certificate fingerprint")) {
            try network.answerer.setRemoteDescription(forged, type: .offer, now: network.now)
        }
        #expect(network.answerer.signalingState == .stable)
        #expect(network.answerer.localCredentials.ufrag == ufrag)
        #expect(network.answerer.connectionState == .connected)
        #expect(network.answerer.remoteDescription == remote)
    }

    @Test("a second offer replaces one still pending; a crossing offer from the peer rolls ours back")
    func crossingOffersRollBack() throws {
        let network = try PeerConnectionTestNetwork(seed: 25)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        let lost = try network.answerer.createOffer(iceRestart: true, now: network.now)
        network.gatherAgain(1)
        #expect(network.answerer.signalingState == .haveLocalOffer)
        // Its answer never came (lost with the signaling): the next restart replaces it.
        let ours = try network.answerer.createOffer(iceRestart: true, now: network.now)
        network.gatherAgain(1)
        #expect(network.answerer.signalingState == .haveLocalOffer)
        #expect(Self.ufrag(of: ours) != Self.ufrag(of: lost))
        #expect(Self.ufrag(of: ours) == network.answerer.localCredentials.ufrag)

        // The other side's restart offer wins (the Orchestrator's rule picks which side yields).
        let theirs = try network.offerer.createOffer(iceRestart: true, now: network.now)
        network.gatherAgain(0)
        try network.answerer.setRemoteDescription(theirs, type: .offer, now: network.now)
        network.gatherAgain(1)
        #expect(network.answerer.signalingState == .haveRemoteOffer)
        let answer = try network.answerer.createAnswer()
        try network.offerer.setRemoteDescription(answer, type: .answer, now: network.now)
        #expect(network.peers.allSatisfy { $0.signalingState == .stable })
        // Our rolled-back offer's answer would now be refused.
        _ = ours
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
    }

    private static func ufrag(of description: SessionDescription) -> String? {
        description.serialized().split(separator: "\r\n").first { $0.hasPrefix("a=ice-ufrag:") }.map { String($0.dropFirst(12)) }
    }

    private func dtlsEvents(_ network: PeerConnectionTestNetwork, _ index: Int) -> Int {
        network.events[index].filter { if case .dtlsStateChanged = $0.event { true } else { false } }.count
    }
}
