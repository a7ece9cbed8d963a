import Foundation
import ParleyRTC
import Testing

/// Two PeerConnections in one process: offer/answer, trickle ICE, DTLS-SRTP and RTP/RTCP over
/// an in-memory network with a virtual clock.
@Suite("PeerConnection calls")
struct PeerConnectionCallTests {
    @Test("both peers connect and 50 Opus payloads each way arrive in order")
    func audioBothWays() throws {
        let network = try PeerConnectionTestNetwork(seed: 7)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        #expect(network.offerer.negotiated?.dtlsRole == .server)
        #expect(network.answerer.negotiated?.dtlsRole == .client)
        for peer in network.peers {
            #expect(peer.iceConnectionState.isConnected)
            #expect(peer.dtlsState == .connected)
            #expect(peer.statistics.localCandidateType == .host)
            #expect(peer.statistics.remoteCandidateType == .host)
        }

        let sent = network.sendAudio(count: 50)
        network.run(for: .milliseconds(200))

        for receiver in 0..<2 {
            let sender = 1 - receiver
            #expect(sent[sender].count == 50)
            let audio = network.audio(receivedBy: receiver)
            #expect(audio.map(\.payload) == sent[sender])
            #expect(audio.allSatisfy { $0.ssrc == network.peers[sender].localSSRC })
            for (previous, next) in zip(audio, audio.dropFirst()) {
                #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
                #expect(next.timestamp == previous.timestamp &+ 960)
                #expect(!next.marker)
            }
            #expect(audio.first?.marker == true)
            #expect(network.events[receiver].contains { $0.event == .remoteSSRC(network.peers[sender].localSSRC) })
            #expect(network.peers[receiver].statistics.packetsReceived == 50)
            #expect(network.peers[sender].statistics.packetsSent == 50)
        }
    }

    @Test("no DTLS datagram leaves a peer before its ICE agent selected a pair")
    func dtlsWaitsForICE() throws {
        let network = try PeerConnectionTestNetwork(seed: 11)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        for index in 0..<2 {
            let firstDTLS = try #require(network.sent.first { $0.from == index && (20...63).contains($0.bytes.first ?? 0) })
            let selected = network.events[index].first {
                if case .selectedCandidatePairChanged = $0.event { return true }
                return false
            }
            // The DTLS server may answer a ClientHello before it learns of the nomination.
            if index == 1 {
                let at = try #require(selected?.at)
                #expect(firstDTLS.at >= at)
            }
        }
        // The state sequence the browser shows.
        let states = network.events[0].compactMap {
            if case let .connectionStateChanged(state) = $0.event { return state }
            return nil
        }
        #expect(states == [.connecting, .connected])
    }

    @Test("RTCP reports flow both ways and give an RTT of twice the one-way delay")
    func rtcpRoundTripTime() throws {
        let network = try PeerConnectionTestNetwork(seed: 3)
        network.delay = .milliseconds(30)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        _ = network.sendAudio(count: 150)
        network.run(for: .seconds(2))

        for index in 0..<2 {
            let peer = network.peers[index]
            let reports = network.receptionReports(receivedBy: index)
            #expect(reports.count >= 2)
            #expect(reports.allSatisfy { $0.block.ssrc == peer.localSSRC })
            let rtt = try #require(peer.statistics.roundTripTime)
            #expect(rtt > 0.055 && rtt < 0.065, "RTT \(rtt) s for a 30 ms one-way delay")
            #expect(peer.statistics.remoteFractionLost == 0)
            #expect(peer.statistics.remotePacketsLost == 0)
            #expect(peer.statistics.rtcpPacketsReceived >= 2)
            #expect(peer.statistics.rtcpPacketsSent >= 2)
        }
    }

    @Test("with 10 % loss both connect, about 90 % of packets arrive and RTCP reports the loss")
    func lossyNetwork() throws {
        let network = try PeerConnectionTestNetwork(seed: 42)
        network.lossRate = 0.1
        // OpenSSL retransmits on the real clock only; DTLS loss recovery is covered by
        // DTLSRetransmissionTests.
        network.isLossy = { !(20...63).contains($0.first ?? 0) }
        try network.start()
        #expect(network.run(for: .seconds(10)) { $0.bothConnected() })
        let count = 250
        let sent = network.sendAudio(count: count)
        network.run(for: .seconds(2))

        for receiver in 0..<2 {
            let sender = 1 - receiver
            #expect(sent[sender].count == count)
            let audio = network.audio(receivedBy: receiver)
            let delivered = network.sent.filter {
                $0.from == sender && $0.delivered && RTCPMux.classify($0.bytes) == .rtp
            }.count
            #expect(audio.count == delivered)
            #expect(audio.count >= count * 80 / 100 && audio.count <= count * 97 / 100, "\(audio.count) of \(count)")
            // Arrived in order: sequence numbers only go up.
            for (previous, next) in zip(audio, audio.dropFirst()) {
                #expect(Int16(bitPattern: next.sequenceNumber &- previous.sequenceNumber) > 0)
            }
            let lost = network.peers[receiver].statistics.packetsLost
            #expect(abs(lost - (count - audio.count)) <= 2, "counted \(lost), lost \(count - audio.count)")

            let reports = network.receptionReports(receivedBy: sender)
            #expect(reports.count >= 3)
            let remoteLost = try #require(network.peers[sender].statistics.remotePacketsLost)
            #expect(remoteLost > 0 && remoteLost <= count - audio.count)
            let meanFraction = reports.map(\.fractionLost).reduce(0, +) / Double(max(reports.count, 1))
            #expect(meanFraction > 0.03 && meanFraction < 0.25, "mean fraction lost \(meanFraction)")
        }
    }

    @Test("a wrong fingerprint in the remote SDP fails the connection and no audio passes")
    func wrongFingerprint() throws {
        let network = try PeerConnectionTestNetwork(seed: 5)
        let impostor = try DTLSCertificate(secondsSince1970: Int64(PeerConnectionTestNetwork.wallClockStart))
        let genuine = network.answerer.configuration.certificate.fingerprint.hexDigest
        network.rewriteDescription = { to, description in
            guard to == 0 else { return description }
            let text = description.serialized()
            guard text.contains(genuine),
                  let edited = try? SessionDescription(parsing: text.replacingOccurrences(of: genuine, with: impostor.fingerprint.hexDigest))
            else {
                Issue.record("the answer lacks the answerer's fingerprint")
                return description
            }
            return edited
        }
        try network.start()
        let failed = network.run(for: .seconds(5)) {
            if case .failed = $0.offerer.connectionState { return true }
            return false
        }
        #expect(failed)
        guard case let .failed(reason) = network.offerer.connectionState else {
            Issue.record("offerer is \(network.offerer.connectionState)")
            return
        }
        #expect(reason.isFingerprintMismatch, "\(reason)")
        #expect(reason.description.contains("fingerprint"))

        _ = network.sendAudio(count: 10)
        network.run(for: .seconds(1))
        #expect(network.audio(receivedBy: 0).isEmpty)
        #expect(network.audio(receivedBy: 1).isEmpty)
        #expect(network.offerer.statistics.packetsSent == 0)
        #expect(network.answerer.connectionState != .connected)
    }

    @Test("close() sends RTCP BYE, then DTLS close_notify, and the peer sees both")
    func closeSendsGoodbye() throws {
        let network = try PeerConnectionTestNetwork(seed: 9)
        try network.start()
        #expect(network.run(for: .seconds(5)) { $0.bothConnected() })
        _ = network.sendAudio(count: 5)
        let before = network.sent.count

        network.offerer.close(now: network.now)
        #expect(network.offerer.connectionState == .closed)
        #expect(network.offerer.nextDeadline == nil)
        network.run(for: .milliseconds(500))

        let closing = network.sent[before...].filter { $0.from == 0 }
        let kinds = closing.map { datagram -> String in
            if RTCPMux.classify(datagram.bytes) == .rtcp { return "rtcp" }
            if (20...63).contains(datagram.bytes.first ?? 0) { return "dtls" }
            return "other"
        }
        #expect(kinds == ["rtcp", "dtls"])
        // close_notify is an alert record (content type 21), encrypted in epoch 1.
        #expect(closing.last?.bytes.first == 21)
        #expect(network.events[1].contains { $0.event == .remoteGoodbye(ssrc: network.offerer.localSSRC, reason: nil) })
        #expect(network.answerer.dtlsState == .closed)
        #expect(network.answerer.connectionState == .failed(.dtlsClosedByPeer))
        #expect(!network.offerer.sendAudio(opusPayload: [1, 2, 3], samples: 960, now: network.now))
    }
}
