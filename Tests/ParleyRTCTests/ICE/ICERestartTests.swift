import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE agent: restart (RFC 8445 §9)")
struct ICERestartTests {
    @Test("both sides restart with new credentials and reconnect")
    func restartReconnects() throws {
        let bed = ICETestBed(seed: 41)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        bed.run(for: .seconds(10))
        let oldOfferer = bed.peers[0].agent.localCredentials, oldAnswerer = bed.peers[1].agent.localCredentials

        var random = SplitMix64(state: 4141)
        let restartAt = bed.elapsed
        let logBefore = bed.network.log.count
        for index in bed.peers.indices {
            bed.peers[index].agent.restart(credentials: ICECredentials.random(using: &random), now: bed.now)
            #expect(bed.peers[index].agent.connectionState == .new)
            #expect(bed.peers[index].agent.selectedPair == nil)
            #expect(bed.peers[index].agent.remoteCandidates.isEmpty && bed.peers[index].agent.candidatePairs.isEmpty)
        }
        #expect(bed.peers[0].agent.localCredentials != oldOfferer)
        // The new offer/answer carries the new credentials; candidates are trickled again.
        bed.exchangeCredentials()
        #expect(bed.run(for: .seconds(5)) { bed in
            bed.bothConnected && bed.peers.allSatisfy { peer in peer.events.contains { $0.at > restartAt && $0.event == .stateChanged(.connected) } }
        })
        #expect(bed.selectedPairsMatch)
        let reconnectedAt = try #require(bed.peers[0].events.last { $0.event == .stateChanged(.connected) }?.at)
        #expect(reconnectedAt - restartAt < .milliseconds(500))

        // Checks after the restart use the new ufrags and the new password.
        let offerer = bed.peers[0].agent, answerer = bed.peers[1].agent
        let newChecks = bed.network.log[logBefore...].compactMap { try? STUNMessage.decode($0.bytes) }
            .filter { $0.type == .bindingRequest }
        #expect(!newChecks.isEmpty)
        for check in newChecks {
            let fromOfferer = check.username?.hasSuffix(":" + offerer.localCredentials.ufrag) == true
            let key = Array((fromOfferer ? answerer : offerer).localCredentials.password.utf8)
            #expect(check.username == (fromOfferer
                ? "\(answerer.localCredentials.ufrag):\(offerer.localCredentials.ufrag)"
                : "\(offerer.localCredentials.ufrag):\(answerer.localCredentials.ufrag)"))
            #expect(check.verifyIntegrity(key: key))
            #expect(!check.verifyIntegrity(key: Array(oldAnswerer.password.utf8)) && !check.verifyIntegrity(key: Array(oldOfferer.password.utf8)))
        }
        // And the new generation holds, consent included.
        bed.run(for: .seconds(60))
        #expect(bed.peers.allSatisfy { $0.agent.connectionState.isConnected })
    }

    @Test("a check with the old ufrag after a restart is refused with 401")
    func oldCredentialsRefused() throws {
        let now = ContinuousClock.now
        let local = TransportAddress("10.0.0.1:5000")!, peer = TransportAddress("10.0.0.2:6000")!
        let old = ICECredentials(ufrag: "old1", password: "oldpasswordoldpassword")!
        var agent = ICEAgent(role: .controlled, credentials: old, tieBreaker: 2, random: SplitMix64(state: 2))
        agent.addLocalCandidate(local, now: now)
        agent.restart(credentials: ICECredentials(ufrag: "new1", password: "newpasswordnewpassword")!, now: now)
        while agent.pollTransmit() != nil {}
        let check = STUNMessage.iceBindingRequest(transactionID: .random(), localUfrag: "peer", remoteUfrag: "old1",
                                                  priority: 100, controlling: true, tieBreaker: 1)
        agent.handleDatagram(check.encode(integrityKey: Array(old.password.utf8), fingerprint: true), from: peer, to: local, now: now)
        let transmit = agent.pollTransmit()
        #expect(try STUNMessage.decode(try #require(transmit).bytes).errorCode?.code == 401)
        // The local candidate is reported again for the new generation.
        var reported: [ICEEvent] = []
        while let event = agent.pollEvent() { reported.append(event) }
        #expect(reported.filter { if case .localCandidate = $0 { true } else { false } }.count == 2)
    }
}
