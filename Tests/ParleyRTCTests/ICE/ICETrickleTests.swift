import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE agent: trickle (RFC 8838), peer-reflexive and mDNS candidates")
struct ICETrickleTests {
    @Test("candidates added after checks started are paired and checked")
    func lateLocalAndRemoteCandidates() throws {
        let bed = ICETestBed(seed: 11)
        // The offerer's first interface leads nowhere; its second appears only later.
        bed.addPeer("offerer", role: .controlling, addresses: ["10.9.9.1:5000", "10.0.0.1:5002"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        bed.network.silenced = [IPAddress("10.9.9.1")!]
        bed.exchangeCredentials()
        bed.peers[0].agent.addLocalCandidate(TransportAddress("10.9.9.1:5000")!, now: bed.now)
        bed.peers[1].agent.addLocalCandidate(TransportAddress("10.0.0.2:6000")!, now: bed.now)
        bed.peers[1].agent.finishGathering(now: bed.now)
        // Checks start on the only pair, which cannot work.
        #expect(bed.run(for: .seconds(1)) { $0.peers[0].agent.connectionState == .checking })
        #expect(!bed.run(for: .seconds(1)) { $0.bothConnected })
        let pairsBefore = bed.peers[0].agent.candidatePairs.count

        // A new interface comes up: it is trickled and paired on both sides.
        let lateAt = bed.elapsed
        bed.peers[0].agent.addLocalCandidate(TransportAddress("10.0.0.1:5002")!, now: bed.now)
        bed.peers[0].agent.finishGathering(now: bed.now)
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        #expect(bed.peers[0].agent.candidatePairs.count == pairsBefore + 1)
        #expect(bed.peers[0].agent.selectedPair?.local.address == TransportAddress("10.0.0.1:5002"))
        #expect(bed.selectedPairsMatch)
        let connectedAt = try #require(bed.stateTime(0, .connected))
        // Signalling (100 ms) plus a few round trips.
        #expect(connectedAt - lateAt < .milliseconds(500))
    }

    @Test("a peer whose candidates arrive late is learnt as peer-reflexive from its checks")
    func remoteCandidatesArriveLate() throws {
        // The answerer's candidates are held back; the offer's arrive after 50 ms.
        let bed = ICETestBed(seed: 12)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        bed.signallingDelay = .milliseconds(50)
        bed.rewriteSignal = { from, signal in from == 1 ? nil : signal }
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        let offerer = bed.peers[0].agent
        let learnt = try #require(offerer.remoteCandidates.first)
        #expect(offerer.remoteCandidates.count == 1)
        #expect(learnt.type == .prflx && learnt.address == TransportAddress("10.0.0.2:6000"))
        // Its priority is the PRIORITY the answerer's check carried (§7.3.1.3).
        let check = try #require(bed.stunLog().first {
            $0.message.type == .bindingRequest && $0.entry.source == TransportAddress("10.0.0.2:6000")
        })
        #expect(learnt.priority == check.message.priority)
        #expect(offerer.selectedPair?.remote == learnt)
        #expect(bed.selectedPairsMatch)

        // The signalled candidate, arriving at last, replaces the peer-reflexive one: same
        // address, the signalled type and priority; the selection stays.
        var agent = offerer
        let signalled = try #require(bed.peers[1].agent.localCandidates.first).candidate
        #expect(agent.addRemoteCandidate(signalled, now: bed.now) == .added)
        #expect(agent.remoteCandidates.count == 1)
        #expect(agent.remoteCandidates.first?.type == .host && agent.remoteCandidates.first?.priority == signalled.priority)
        #expect(agent.selectedPair?.remote.type == .host && agent.selectedPair?.remote.address == learnt.address)
        #expect(agent.candidatePairs.allSatisfy { $0.remote.type == .host })
        #expect(agent.addRemoteCandidate(signalled, now: bed.now) == .skipped(.duplicate))
    }

    @Test("an mDNS .local candidate stays unresolved and the real address is learnt from checks")
    func mDNSCandidate() throws {
        let bed = ICETestBed(seed: 13)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("browser", role: .controlled, addresses: ["10.0.0.2:6000"])
        let hostname = "6bff008d-7c7a-475c-8e3c-412ce2f5a449.local"
        // The answerer hides its host address the way Chromium does without media permission.
        bed.rewriteSignal = { from, signal in
            guard from == 1, case .candidate(var candidate) = signal else { return signal }
            candidate.address = hostname
            return .candidate(candidate)
        }
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        let offerer = bed.peers[0].agent
        #expect(offerer.unresolvedRemoteCandidates.map(\.address) == [hostname])
        let remote = try #require(offerer.selectedPair?.remote)
        #expect(remote.type == .prflx && remote.address == TransportAddress("10.0.0.2:6000"))
        #expect(bed.selectedPairsMatch)
        #expect(try #require(bed.stateTime(0, .connected)) < .milliseconds(500))
    }

    @Test("a resolved mDNS name becomes an ordinary remote candidate")
    func mDNSResolvedLater() throws {
        var agent = ICEAgent(role: .controlled, credentials: .random(), tieBreaker: 5, random: SplitMix64(state: 5))
        let now = ContinuousClock.now
        agent.addLocalCandidate(TransportAddress("192.168.1.4:5000")!, now: now)
        let candidate = try ICECandidate(parsing: "candidate:1621848018 1 udp 2113937151 6bff008d-7c7a-475c-8e3c-412ce2f5a449.local 36085 typ host generation 0 ufrag pEEJ network-cost 999")
        #expect(agent.addRemoteCandidate(candidate, now: now) == .unresolved)
        #expect(agent.addRemoteCandidate(candidate, now: now) == .skipped(.duplicate))
        #expect(agent.candidatePairs.isEmpty)
        agent.remoteHostnameResolved("6BFF008D-7c7a-475c-8e3c-412ce2f5a449.local", to: IPAddress("192.168.1.7")!, now: now)
        #expect(agent.unresolvedRemoteCandidates.isEmpty)
        let remote = try #require(agent.remoteCandidates.first)
        #expect(remote.address == TransportAddress("192.168.1.7:36085"))
        #expect(remote.priority == 2_113_937_151 && remote.type == .host)
        #expect(agent.candidatePairs.count == 1)
    }
}
