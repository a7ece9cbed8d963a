import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE agent: failures, wrong credentials, malformed input")
struct ICEFailureTests {
    @Test("a wrong password gets 401 without integrity; the 401 cannot fail a pair; no connection")
    func wrongPassword() throws {
        let bed = ICETestBed(seed: 31)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        // Each side believes a wrong password for the other (right ufrag).
        for index in bed.peers.indices {
            let other = bed.peers[1 - index].agent.localCredentials
            let wrong = try #require(ICECredentials(ufrag: other.ufrag, password: String(other.password.reversed())))
            bed.peers[index].agent.setRemoteCredentials(wrong, now: bed.now)
        }
        bed.start(exchangeCredentials: false)
        #expect(!bed.run(for: .seconds(29)) { $0.peers.contains { $0.agent.selectedPair != nil } })
        let unauthorized = bed.stunLog().map(\.message).filter { $0.errorCode?.code == 401 }
        #expect(unauthorized.count >= 10)
        #expect(unauthorized.allSatisfy { $0.messageIntegrity == nil && $0.verifyFingerprint() })
        // RFC 8489 §9.1.4: an unsigned error is discarded, so checks are still retransmitted.
        #expect(bed.peers.allSatisfy { $0.agent.candidatePairs.allSatisfy { $0.state == .inProgress } })
        bed.run(for: .seconds(5))
        for index in bed.peers.indices {
            #expect(bed.peers[index].agent.connectionState == .failed(.checkingTimedOut))
            let checkingAt = try #require(bed.stateTime(index, .checking))
            #expect(try #require(bed.stateTime(index, .failed(.checkingTimedOut))) - checkingAt == ICETiming.checkingTimeout)
        }
    }

    @Test("every pair failing after end-of-candidates on both sides fails the agent at once")
    func allPairsFailed() throws {
        let bed = ICETestBed(seed: 32)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        // A peer that answers every check with a signed 500, as a broken stack might.
        let peer = ICECredentials(ufrag: "peer", password: "peerpasswordpeerpassword")!
        for port: UInt16 in [7000, 7001] {
            bed.network.responders[TransportAddress(ip: IPAddress("10.0.0.9")!, port: port)] = { bytes, _ in
                guard let request = try? STUNMessage.decode(bytes) else { return nil }
                return STUNMessage.bindingErrorResponse(to: request, errorCode: .serverError)
                    .encode(integrityKey: Array(peer.password.utf8), fingerprint: true)
            }
        }
        bed.forwardsSignalling = false
        bed.peers[0].agent.setRemoteCredentials(peer, now: bed.now)
        bed.start(exchangeCredentials: false)
        for port in [7000, 7001] {
            bed.peers[0].agent.addRemoteCandidate(try ICECandidate(parsing: "candidate:\(port) 1 udp 2122260223 10.0.0.9 \(port) typ host"), now: bed.now)
        }
        #expect(!bed.run(for: .seconds(1)) { $0.peers[0].agent.connectionState != .checking })
        #expect(bed.peers[0].agent.candidatePairs.allSatisfy { $0.state == .failed })
        bed.peers[0].agent.remoteEndOfCandidates(now: bed.now)
        bed.flush()
        #expect(bed.peers[0].agent.connectionState == .failed(.allPairsFailed))
        #expect(bed.peers[0].agent.nextDeadline == nil)
    }

    @Test("malformed and hostile STUN from the network is dropped or refused, never fatal")
    func malformedInput() throws {
        let bed = ICETestBed(seed: 33)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        bed.start()
        #expect(bed.run(for: .seconds(2)) { $0.bothConnected })
        let valid = try #require(bed.network.log.first { $0.source == TransportAddress("10.0.0.1:5000") }).bytes
        let attacker = TransportAddress("10.6.6.6:666")!, target = TransportAddress("10.0.0.2:6000")!
        var random = SplitMix64(state: 0xBAD)
        var inputs: [[UInt8]] = [[], [0], [0, 1], Array(repeating: 0, count: 20), Array(repeating: 0xFF, count: 200)]
        for length in 0..<valid.count { inputs.append(Array(valid.prefix(length))) }
        for _ in 0..<3_000 {
            var mutated = valid
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let index = Int(random.next() % UInt64(mutated.count))
                mutated[index] = UInt8(truncatingIfNeeded: random.next())
            }
            inputs.append(mutated)
            inputs.append((0..<Int(random.next() % 120)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        let password = Array(bed.peers[1].agent.localCredentials.password.utf8)
        var refused = 0, replays = 0
        for input in inputs {
            bed.peers[1].agent.handleDatagram(input, from: attacker, to: target, now: bed.now)
            while let transmit = bed.peers[1].agent.pollTransmit() {
                guard transmit.destination == attacker else {
                    bed.network.send(transmit.bytes, from: transmit.source, to: transmit.destination)
                    continue
                }
                let answer = try STUNMessage.decode(transmit.bytes)
                // An accepted replay from a new address is a peer-reflexive candidate, and the
                // agent checks it (§7.3.1.4): that request is ICE working, not an answer.
                if answer.type == .bindingRequest { continue }
                if answer.type == .bindingSuccessResponse {
                    // Only a check that still carries the peer's valid MAC is accepted: a
                    // mutation outside the protected bytes (the trailing FINGERPRINT) makes a
                    // replay, which ICE cannot tell from the original (RFC 8445 §19.1).
                    let request = try STUNMessage.decode(input)
                    #expect(request.verifyIntegrity(key: password))
                    replays += 1
                } else {
                    #expect(answer.type == .bindingErrorResponse)
                    refused += 1
                }
            }
        }
        #expect(refused > 0)
        if replays == 0 {
            #expect(!bed.peers[1].agent.remoteCandidates.contains { $0.address == attacker })
        }
        // The call carries on.
        bed.run(for: .seconds(40))
        #expect(bed.peers.allSatisfy { $0.agent.connectionState.isConnected })
    }

    @Test("checks without credentials get 400, with unknown required attributes 420 (signed)")
    func badRequests() throws {
        let now = ContinuousClock.now
        let local = TransportAddress("10.0.0.1:5000")!, peer = TransportAddress("10.0.0.2:6000")!
        let credentials = ICECredentials(ufrag: "mine", password: "minepasswordminepassword")!
        var agent = ICEAgent(role: .controlled, credentials: credentials, tieBreaker: 3, random: SplitMix64(state: 3))
        agent.addLocalCandidate(local, now: now)
        while agent.pollTransmit() != nil {}
        func answer(_ bytes: [UInt8]) throws -> STUNMessage? {
            agent.handleDatagram(bytes, from: peer, to: local, now: now)
            guard let transmit = agent.pollTransmit() else { return nil }
            #expect(transmit.destination == peer && transmit.source == local)
            return try STUNMessage.decode(transmit.bytes)
        }
        let key = Array(credentials.password.utf8)
        let id = STUNTransactionID.random()
        let check = STUNMessage.iceBindingRequest(transactionID: id, localUfrag: "peer", remoteUfrag: "mine",
                                                  priority: 100, controlling: true, tieBreaker: 1)
        // No MESSAGE-INTEGRITY: 400, unsigned.
        let unsigned = try #require(try answer(check.encode(fingerprint: true)))
        #expect(unsigned.errorCode?.code == 400 && unsigned.messageIntegrity == nil)
        // Another agent's ufrag: 401.
        let otherUfrag = STUNMessage.iceBindingRequest(transactionID: id, localUfrag: "peer", remoteUfrag: "else",
                                                       priority: 100, controlling: true, tieBreaker: 1)
        #expect(try #require(try answer(otherUfrag.encode(integrityKey: key, fingerprint: true))).errorCode?.code == 401)
        // An unknown comprehension-required attribute: 420 listing it, signed.
        var unknown = check
        unknown.attributes.append(.unknown(type: STUNAttributeType(rawValue: 0x0042), value: [1, 2, 3, 4]))
        let refusal = try #require(try answer(unknown.encode(integrityKey: key, fingerprint: true)))
        #expect(refusal.errorCode?.code == 420 && refusal.unknownAttributes == [STUNAttributeType(rawValue: 0x0042)])
        #expect(refusal.verifyIntegrity(key: key))
        // A bad FINGERPRINT: not STUN, no answer at all.
        var corrupted = check.encode(integrityKey: key, fingerprint: true)
        corrupted[corrupted.count - 1] ^= 1
        #expect(try answer(corrupted) == nil)
        // An unknown comprehension-optional attribute is ignored: the check succeeds.
        var optional = check
        optional.attributes.append(.unknown(type: STUNAttributeType(rawValue: 0xC057), value: [0, 1, 0, 0]))
        let success = try #require(try answer(optional.encode(integrityKey: key, fingerprint: true)))
        #expect(success.type == .bindingSuccessResponse && success.verifyIntegrity(key: key))
        #expect(success.xorMappedAddress == peer)
        #expect(agent.connectionState == .checking)
    }
}
