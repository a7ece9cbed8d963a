import ParleyRTC
import Testing

@Suite("ICE agent: server-reflexive gathering and NAT")
struct ICEGatheringTests {
    private static let stunServer = TransportAddress("198.51.100.1:3478")!

    /// The offerer sits behind a 1:1 NAT: 192.168.1.10:5000 is seen as 203.0.113.7:40000.
    private func natBed(seed: UInt64, withSTUN: Bool) -> ICETestBed {
        let bed = ICETestBed(seed: seed)
        bed.addPeer("behind NAT", role: .controlling, addresses: ["192.168.1.10:5000"])
        bed.addPeer("public", role: .controlled, addresses: ["198.51.100.20:6000"])
        bed.network.addNAT(inside: TransportAddress("192.168.1.10:5000")!, outside: TransportAddress("203.0.113.7:40000")!)
        bed.network.responders[Self.stunServer] = InMemorySTUNServer.answer
        if withSTUN {
            bed.peers[0].agent.addSTUNServer(Self.stunServer, now: bed.now)
        }
        return bed
    }

    @Test("a STUN server's answer becomes a srflx candidate, then gathering completes")
    func serverReflexiveCandidate() throws {
        let bed = natBed(seed: 51, withSTUN: true)
        bed.start()
        #expect(bed.run(for: .seconds(2)) { $0.firstTime(0) { $0 == .gatheringComplete } != nil })
        let candidates = bed.peers[0].events.compactMap { if case .localCandidate(let c) = $0.event { c } else { nil } }
        #expect(candidates.map(\.type) == [.host, .srflx])
        let srflx = try #require(candidates.last)
        #expect(srflx.address == "203.0.113.7" && srflx.port == 40000)
        #expect(srflx.relatedAddress == "192.168.1.10" && srflx.relatedPort == 5000)
        #expect(srflx.priority >> 24 == 100 && srflx.componentID == 1 && srflx.transport == .udp)
        #expect(srflx.foundation != candidates[0].foundation)
        // Signalled before end-of-candidates, which waits for the server's answer.
        let srflxAt = try #require(bed.firstTime(0) { if case .localCandidate(let c) = $0 { c.type == .srflx } else { false } })
        #expect(srflxAt <= (bed.firstTime(0) { $0 == .gatheringComplete } ?? .zero))
        // The request to the server carries no credentials but a FINGERPRINT.
        let request = try #require(bed.stunLog().first { $0.entry.destination == Self.stunServer }).message
        #expect(request.username == nil && request.messageIntegrity == nil && request.verifyFingerprint())
    }

    @Test("through a NAT the pair is made of the srflx candidate and the peer's host")
    func connectsViaServerReflexive() throws {
        let bed = natBed(seed: 52, withSTUN: true)
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        #expect(bed.selectedPairsMatch)
        let behind = try #require(bed.peers[0].agent.selectedPair)
        #expect(behind.local.type == .srflx && behind.local.base == TransportAddress("192.168.1.10:5000"))
        // The NAT's address may first be learnt from the check (peer-reflexive); the trickled
        // srflx candidate then takes its place.
        bed.run(for: .seconds(1))
        let publicSide = try #require(bed.peers[1].agent.selectedPair)
        #expect(publicSide.remote.address == TransportAddress("203.0.113.7:40000") && publicSide.remote.type == .srflx)
        // The pair was found through the mapped address: it is on the valid list only
        // (§7.2.5.3.2), next to the host pair that was checked.
        #expect(bed.peers[0].agent.candidatePairs.contains { $0.local.type == .host && $0.state == .succeeded && !$0.isValid })
    }

    @Test("without a STUN server the mapped address is learnt as a peer-reflexive local candidate")
    func peerReflexiveLocal() throws {
        let bed = natBed(seed: 53, withSTUN: false)
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        #expect(bed.selectedPairsMatch)
        let local = try #require(bed.peers[0].agent.selectedPair?.local)
        #expect(local.type == .prflx && local.address == TransportAddress("203.0.113.7:40000"))
        // Its priority is the PRIORITY its check carried (§7.2.5.3.1).
        let check = try #require(bed.stunLog().first { $0.message.type == .bindingRequest && $0.entry.source == TransportAddress("192.168.1.10:5000") })
        #expect(local.priority == check.message.priority)
        // The public side learnt the NAT's address from the check, also as peer-reflexive.
        #expect(bed.peers[1].agent.selectedPair?.remote.type == .prflx)
        // Peer-reflexive local candidates are not trickled.
        #expect(!bed.peers[0].events.contains { if case .localCandidate(let c) = $0.event { c.type == .prflx } else { false } })
    }

    @Test("an unreachable STUN server delays end-of-candidates until its transaction times out")
    func unreachableServer() throws {
        let bed = natBed(seed: 54, withSTUN: true)
        bed.network.responders = [:]
        bed.start()
        #expect(bed.run(for: .seconds(60)) { $0.firstTime(0) { $0 == .gatheringComplete } != nil })
        let completeAt = try #require(bed.firstTime(0) { $0 == .gatheringComplete })
        let requests = bed.network.log.filter { $0.destination == Self.stunServer }
        #expect(requests.count == 7)
        #expect(completeAt - requests[0].sentAt == .milliseconds(39_500))
        #expect(!bed.peers[0].agent.localCandidates.contains { $0.type == .srflx })
    }
}
