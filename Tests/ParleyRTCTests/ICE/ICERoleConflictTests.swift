import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE agent: role conflicts (RFC 8445 §7.3.1.1)")
struct ICERoleConflictTests {
    private func conflict(role: ICERole, tieBreakers: (UInt64, UInt64), seed: UInt64) throws -> ICETestBed {
        let bed = ICETestBed(seed: seed)
        bed.addPeer("a", role: role, tieBreaker: tieBreakers.0, addresses: ["10.0.0.1:5000"])
        bed.addPeer("b", role: role, tieBreaker: tieBreakers.1, addresses: ["10.0.0.2:6000"])
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        #expect(bed.selectedPairsMatch)
        let roles = bed.peers.map(\.agent.role)
        #expect(Set(roles) == [.controlling, .controlled])
        return bed
    }

    private func roleConflictResponses(_ bed: ICETestBed) -> [STUNMessage] {
        bed.stunLog().map(\.message).filter { $0.type == .bindingErrorResponse && $0.errorCode?.code == 487 }
    }

    @Test("both controlling: 487, the larger tie-breaker stays controlling", arguments: [UInt64(1), 2, 3])
    func bothControlling(seed: UInt64) throws {
        let bed = try conflict(role: .controlling, tieBreakers: (0x8000_0000_0000_0001, 0x1234), seed: seed)
        #expect(bed.peers[0].agent.role == .controlling && bed.peers[1].agent.role == .controlled)
        #expect(bed.peers[1].events.contains { $0.event == .roleChanged(.controlled) })
        let conflicts = roleConflictResponses(bed)
        #expect(!conflicts.isEmpty)
        // 487 is signed with the sender's password (§7.3.1.1).
        let password = Array(bed.peers[0].agent.localCredentials.password.utf8)
        #expect(conflicts.allSatisfy { $0.verifyIntegrity(key: password) && $0.verifyFingerprint() })
    }

    @Test("both controlled: the larger tie-breaker switches to controlling")
    func bothControlled() throws {
        let bed = try conflict(role: .controlled, tieBreakers: (7, 0xFFFF_FFFF_FFFF_FFFF), seed: 4)
        #expect(bed.peers[1].agent.role == .controlling && bed.peers[0].agent.role == .controlled)
        // Nominated by the agent that became controlling.
        #expect(bed.stunLog().contains { $0.message.useCandidate && $0.entry.source == TransportAddress("10.0.0.2:6000") })
    }

    @Test("a tie-breaker of zero is legal: the attribute's presence decides")
    func zeroTieBreaker() throws {
        let controlling = try conflict(role: .controlling, tieBreakers: (0, 1), seed: 5)
        #expect(controlling.peers[0].agent.role == .controlled && controlling.peers[1].agent.role == .controlling)
        let zeroChecks = controlling.stunLog().filter {
            $0.message.type == .bindingRequest && $0.entry.source == TransportAddress("10.0.0.1:5000")
        }.map(\.message)
        // The first checks of the agent with tie-breaker 0 carried ICE-CONTROLLING = 0.
        #expect(zeroChecks.contains { $0.iceControlling == 0 })

        let controlled = try conflict(role: .controlled, tieBreakers: (0, 1), seed: 6)
        #expect(controlled.peers[1].agent.role == .controlling && controlled.peers[0].agent.role == .controlled)
        // The agent with tie-breaker 1 saw ICE-CONTROLLED = 0 and switched; the other never did.
        #expect(controlled.peers[1].events.contains { $0.event == .roleChanged(.controlling) })
        #expect(!controlled.peers[0].events.contains { if case .roleChanged = $0.event { true } else { false } })
    }

    @Test("a single check claiming the same role gets 487 or switches this agent, by tie-breaker")
    func singleCheck() throws {
        let now = ContinuousClock.now
        let local = TransportAddress("10.0.0.1:5000")!, peer = TransportAddress("10.0.0.2:6000")!
        let peerCredentials = ICECredentials(ufrag: "peer", password: "peerpasswordpeerpassword")!
        for (mine, theirs, expectConflict) in [(UInt64(5), UInt64(5), true), (5, 4, true), (5, 6, false), (0, 0, true)] {
            var agent = ICEAgent(role: .controlling, credentials: ICECredentials(ufrag: "mine", password: "minepasswordminepassword")!,
                                 tieBreaker: mine, random: SplitMix64(state: 9))
            agent.setRemoteCredentials(peerCredentials, now: now)
            agent.addLocalCandidate(local, now: now)
            while agent.pollTransmit() != nil {}
            let check = STUNMessage.iceBindingRequest(
                transactionID: STUNTransactionID.random(), localUfrag: "peer", remoteUfrag: "mine",
                priority: 1_853_824_767, controlling: true, tieBreaker: theirs)
            agent.handleDatagram(check.encode(integrityKey: Array("minepasswordminepassword".utf8), fingerprint: true),
                                 from: peer, to: local, now: now)
            let transmit = agent.pollTransmit()
            let answer = try STUNMessage.decode(try #require(transmit).bytes)
            #expect(answer.transactionID == check.transactionID)
            if expectConflict {
                #expect(answer.errorCode?.code == 487)
                #expect(agent.role == .controlling)
            } else {
                #expect(answer.type == .bindingSuccessResponse)
                #expect(agent.role == .controlled)
            }
        }
    }
}
