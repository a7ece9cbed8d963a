@testable import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE agent: connectivity checks and nomination (RFC 8445)")
struct ICEConnectivityTests {
    private func hostPair(seed: UInt64 = 7) -> ICETestBed {
        let bed = ICETestBed(seed: seed)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        return bed
    }

    @Test("two agents connect over IPv4 host candidates and select the same pair")
    func connectsOverHostCandidates() throws {
        let bed = hostPair()
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        let connectedAt = try #require(bed.stateTime(0, .connected))
        // One RTT for the check, one for the nominating check, plus 100 ms signalling.
        #expect(connectedAt < .milliseconds(400))
        #expect(bed.selectedPairsMatch)
        // Both agents give the pair the same priority: G and D swap sides with the role.
        #expect(bed.peers[0].agent.selectedPair?.priority == bed.peers[1].agent.selectedPair?.priority)
        for peer in bed.peers {
            let pair = try #require(peer.agent.selectedPair)
            #expect(pair.isNominated && pair.isValid && pair.state == .succeeded)
            #expect(pair.local.type == .host && pair.remote.type == .host)
        }
        // Both sides signalled end-of-candidates and no check is left.
        #expect(bed.run(for: .seconds(2)) { bed in bed.peers.allSatisfy { $0.agent.connectionState == .completed } })
        // Events come in the order a driver relies on.
        let events = bed.peers[0].events.map(\.event)
        let checking = try #require(events.firstIndex(of: .stateChanged(.checking)))
        let selected = try #require(events.firstIndex { if case .selectedPairChanged = $0 { true } else { false } })
        let connected = try #require(events.firstIndex(of: .stateChanged(.connected)))
        #expect(checking < selected && selected < connected)
    }

    @Test("a captured check carries USERNAME, PRIORITY, the role, MESSAGE-INTEGRITY and FINGERPRINT")
    func checksAreSigned() throws {
        let bed = hostPair()
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        let offerer = bed.peers[0].agent, answerer = bed.peers[1].agent
        let checks = bed.stunLog().filter { $0.message.type == .bindingRequest && $0.entry.source.description == "10.0.0.1:5000" }
        let check = try #require(checks.first).message
        #expect(check.username == "\(answerer.localCredentials.ufrag):\(offerer.localCredentials.ufrag)")
        #expect(check.verifyIntegrity(key: Array(answerer.localCredentials.password.utf8)))
        #expect(!check.verifyIntegrity(key: Array(offerer.localCredentials.password.utf8)))
        #expect(check.verifyFingerprint())
        #expect(check.iceControlling == offerer.tieBreaker && check.iceControlled == nil)
        // PRIORITY is what a peer-reflexive candidate of this base would get (§7.1.1):
        // type preference 110, the host candidate's local preference, component 1.
        let host = try #require(offerer.localCandidates.first)
        let priority = try #require(check.priority)
        #expect(priority >> 24 == 110)
        #expect((priority >> 8) & 0xFFFF == UInt32(host.localPreference))
        #expect(priority & 0xFF == 255)
        // USE-CANDIDATE only ever comes from the controlling side.
        #expect(checks.contains { $0.message.useCandidate })
        #expect(!bed.stunLog().contains { $0.message.useCandidate && $0.entry.source.description == "10.0.0.2:6000" })

        // The answer is signed with the answerer's password and maps the check's source.
        let response = try #require(bed.stunLog().first {
            $0.message.type == .bindingSuccessResponse && $0.message.transactionID == check.transactionID
        }).message
        #expect(response.verifyIntegrity(key: Array(answerer.localCredentials.password.utf8)))
        #expect(response.verifyFingerprint())
        #expect(response.xorMappedAddress == TransportAddress("10.0.0.1:5000"))
    }

    @Test("new checks are paced Ta = 50 ms apart, retransmissions follow RFC 8489 §6.2.1")
    func pacingAndRetransmission() throws {
        let bed = ICETestBed(seed: 3)
        bed.addPeer("alone", role: .controlling, addresses: ["10.0.0.1:5000", "10.0.1.1:5000", "10.0.2.1:5000"])
        bed.addPeer("silent", role: .controlled, addresses: ["10.0.0.2:6000", "10.0.1.2:6000"])
        bed.network.silenced = [IPAddress("10.0.0.2")!, IPAddress("10.0.1.2")!]
        bed.start()
        bed.run(for: .seconds(45))
        let requests = bed.stunLog().filter { $0.message.type == .bindingRequest && $0.entry.source.ip.description.hasSuffix(".1") }
        var firstSends: [Duration] = []
        var sendsByTransaction: [STUNTransactionID: [Duration]] = [:]
        for (entry, message) in requests {
            if sendsByTransaction[message.transactionID] == nil { firstSends.append(entry.sentAt) }
            sendsByTransaction[message.transactionID, default: []].append(entry.sentAt)
        }
        // 3 × 2 pairs, each checked once.
        #expect(sendsByTransaction.count == 6)
        for (earlier, later) in zip(firstSends, firstSends.dropFirst()) {
            #expect(later - earlier >= ICETiming.pacing)
        }
        // The waits double from the RTO (RFC 8489 §6.2.1). Of the 7 transmissions (Rc), at
        // 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s, the last is never sent: the checking
        // timeout ends the agent at 30 s.
        for sends in sendsByTransaction.values {
            #expect(sends.count == 6)
            let gaps = zip(sends, sends.dropFirst()).map { $1 - $0 }
            for (gap, next) in zip(gaps, gaps.dropFirst()) {
                #expect(next == gap * 2)
            }
            #expect(try #require(gaps.first) >= ICETiming.minimumCheckRTO)
        }
        // No pair succeeded: the agent gave up after the checking timeout.
        #expect(bed.peers[0].agent.connectionState == .failed(.checkingTimedOut))
        let checkingAt = try #require(bed.stateTime(0, .checking))
        let failedAt = try #require(bed.stateTime(0, .failed(.checkingTimedOut)))
        #expect(failedAt - checkingAt == ICETiming.checkingTimeout)
    }

    @Test("a connectivity check retransmits 7 times and gives up after 39.5 s (RFC 8489 §6.2.1)")
    func retransmissionSchedule() throws {
        let policy = STUNRetransmissionPolicy.connectivityCheck(rto: ICETiming.minimumCheckRTO)
        #expect(policy.totalTimeout == .milliseconds(39_500))
        let start = ContinuousClock.now
        let request = STUNMessage(type: .bindingRequest, transactionID: STUNTransactionID.random())
        var transaction = ICETransaction(
            id: request.transactionID, kind: .consent(pairID: 0), bytes: request.encode(),
            source: TransportAddress("10.0.0.1:1")!, destination: TransportAddress("10.0.0.2:2")!, policy: policy, now: start)
        var sends: [Duration] = [.zero]
        while true {
            let at = transaction.nextEvent
            guard case .retransmit = transaction.step(now: at) else {
                #expect(at - start == policy.totalTimeout)
                break
            }
            sends.append(at - start)
        }
        #expect(sends == [0, 500, 1_500, 3_500, 7_500, 15_500, 31_500].map { Duration.milliseconds($0) })
    }

    @Test("pairs are formed per address family and ordered by the RFC 8445 §6.1.2.3 priority")
    func pairFormation() throws {
        var agent = ICEAgent(role: .controlling, credentials: .random(), tieBreaker: 1, random: SplitMix64(state: 1))
        let now = ContinuousClock.now
        agent.addLocalCandidate(TransportAddress("[2001:db8::1]:5000")!, now: now)
        agent.addLocalCandidate(TransportAddress("192.0.2.1:5000")!, now: now)
        let remotes = [
            "candidate:1 1 udp 2122260223 192.0.2.9 7000 typ host",
            "candidate:2 1 udp 2122252543 2001:db8::9 7000 typ host",
            "candidate:3 1 udp 1686052607 198.51.100.9 7001 typ srflx raddr 192.0.2.9 rport 7000",
        ]
        for line in remotes {
            #expect(agent.addRemoteCandidate(try ICECandidate(parsing: line), now: now) == .added)
        }
        let pairs = agent.candidatePairs
        #expect(pairs.count == 3)
        for pair in pairs {
            #expect(pair.local.address.ip.isIPv4 == pair.remote.address.ip.isIPv4)
            // Controlling: G is the local priority, D the remote one.
            let g = UInt64(pair.local.priority), d = UInt64(pair.remote.priority)
            #expect(pair.priority == 4_294_967_296 * min(g, d) + 2 * max(g, d) + (g > d ? 1 : 0))
        }
        #expect(pairs.map(\.priority) == pairs.map(\.priority).sorted(by: >))
        // Different foundations: every pair starts Waiting (§6.1.2.6).
        #expect(pairs.allSatisfy { $0.state == .waiting || $0.state == .inProgress })
    }
}
