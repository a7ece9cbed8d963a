import ParleyRTC
import Testing
import ParleyTestSupport

/// One agent against a hand-driven peer, to watch pair states step by step.
@Suite("ICE agent: check list states (RFC 8445 §6.1.2.6, §6.1.4.2, §7.2.5)")
struct ICECheckListTests {
    private static let peer = ICECredentials(ufrag: "peer", password: "peerpasswordpeerpassword")!
    private static let remote = TransportAddress("10.0.0.9:7000")!

    private struct Harness {
        var agent: ICEAgent
        var now = ContinuousClock.now

        init(locals: [String]) {
            agent = ICEAgent(role: .controlling, credentials: ICECredentials(ufrag: "mine", password: "minepasswordminepassword")!,
                             tieBreaker: 10, random: SplitMix64(state: 10))
            for local in locals { agent.addLocalCandidate(TransportAddress(local)!, now: now) }
            agent.setRemoteCredentials(ICECheckListTests.peer, now: now)
        }

        /// The checks sent so far: (request, where from, where to).
        mutating func sentChecks() -> [(STUNMessage, ICETransmit)] {
            var checks: [(STUNMessage, ICETransmit)] = []
            while let transmit = agent.pollTransmit() {
                if let message = try? STUNMessage.decode(transmit.bytes), message.type == .bindingRequest {
                    checks.append((message, transmit))
                }
            }
            return checks
        }

        mutating func answer(_ check: STUNMessage, _ transmit: ICETransmit, from source: TransportAddress? = nil,
                             password: String = ICECheckListTests.peer.password, error: STUNErrorCode? = nil) {
            let response = error.map { STUNMessage.bindingErrorResponse(to: check, errorCode: $0) }
                ?? STUNMessage.bindingSuccessResponse(transactionID: check.transactionID, mappedAddress: transmit.source)
            agent.handleDatagram(response.encode(integrityKey: Array(password.utf8), fingerprint: true),
                                 from: source ?? transmit.destination, to: transmit.source, now: now)
        }

        mutating func wait(_ duration: Duration) {
            now += duration
            agent.handleTimeout(now: now)
        }

        func state(local: String) -> ICECandidatePair.State? {
            agent.candidatePairs.first { $0.local.address == TransportAddress(local) }?.state
        }
    }

    @Test("pairs sharing a foundation wait Frozen; a success unfreezes them (§7.2.5.3.3)")
    func successUnfreezes() throws {
        // Two ports on one IP: same type, same base IP, so the same foundation.
        var harness = Harness(locals: ["10.0.0.1:5000", "10.0.0.1:5001"])
        harness.agent.addRemoteCandidate(try ICECandidate(parsing: "candidate:1 1 udp 2122260223 10.0.0.9 7000 typ host"), now: harness.now)
        let pairs = harness.agent.candidatePairs
        #expect(pairs.count == 2 && Set(pairs.map(\.foundation)).count == 1)
        #expect(harness.state(local: "10.0.0.1:5000") == .inProgress)
        #expect(harness.state(local: "10.0.0.1:5001") == .frozen)
        var checks = harness.sentChecks()
        #expect(checks.count == 1)
        // Frozen pairs are not checked however long the first one takes to answer.
        harness.wait(.milliseconds(200))
        #expect(harness.state(local: "10.0.0.1:5001") == .frozen)
        #expect(harness.sentChecks().allSatisfy { $0.0.transactionID == checks[0].0.transactionID })

        harness.answer(checks[0].0, checks[0].1)
        #expect(harness.state(local: "10.0.0.1:5000") == .succeeded)
        // Unfrozen, then checked one Ta later: the nomination goes first.
        harness.wait(ICETiming.pacing)
        harness.wait(ICETiming.pacing)
        checks = harness.sentChecks()
        #expect(checks.contains { $0.1.source == TransportAddress("10.0.0.1:5001") && !$0.0.useCandidate })
        #expect(checks.contains { $0.1.source == TransportAddress("10.0.0.1:5000") && $0.0.useCandidate })
        #expect(harness.state(local: "10.0.0.1:5001") == .inProgress)
    }

    @Test("with nothing Waiting, a Frozen pair of a foundation with nothing under way is unfrozen (§6.1.4.2)")
    func failureUnfreezesNext() throws {
        var harness = Harness(locals: ["10.0.0.1:5000", "10.0.0.1:5001"])
        harness.agent.addRemoteCandidate(try ICECandidate(parsing: "candidate:1 1 udp 2122260223 10.0.0.9 7000 typ host"), now: harness.now)
        let checks = harness.sentChecks()
        harness.answer(checks[0].0, checks[0].1, error: .serverError)
        #expect(harness.state(local: "10.0.0.1:5000") == .failed)
        harness.wait(ICETiming.pacing)
        #expect(harness.state(local: "10.0.0.1:5001") == .inProgress)
        #expect(harness.sentChecks().map(\.1.source) == [TransportAddress("10.0.0.1:5001")!])
    }

    @Test("a response from elsewhere fails the pair (§7.2.5.2.1); a forged one is ignored (RFC 8489 §9.1.4)")
    func responseChecks() throws {
        var harness = Harness(locals: ["10.0.0.1:5000"])
        harness.agent.addRemoteCandidate(try ICECandidate(parsing: "candidate:1 1 udp 2122260223 10.0.0.9 7000 typ host"), now: harness.now)
        let checks = harness.sentChecks()
        let (check, transmit) = try #require(checks.first)
        #expect(transmit.destination == Self.remote)
        // Signed with the wrong password: as if never received.
        harness.answer(check, transmit, password: "notthepeerpasswordatall")
        #expect(harness.state(local: "10.0.0.1:5000") == .inProgress)
        // A 401 without integrity: ignored as well, the check is retransmitted.
        let unauthorized = STUNMessage.bindingErrorResponse(to: check, errorCode: .unauthorized)
        harness.agent.handleDatagram(unauthorized.encode(fingerprint: true), from: Self.remote, to: transmit.source, now: harness.now)
        #expect(harness.state(local: "10.0.0.1:5000") == .inProgress)
        harness.wait(ICETiming.minimumCheckRTO)
        #expect(harness.sentChecks().map(\.0.transactionID) == [check.transactionID])
        // Authentic, but from another address: not symmetric, the pair fails.
        harness.answer(check, transmit, from: TransportAddress("10.0.0.9:7001")!)
        #expect(harness.state(local: "10.0.0.1:5000") == .failed)
        #expect(harness.agent.selectedPair == nil)
    }

    @Test("a failed pair is retried when the peer checks it, a succeeded one is not (§7.3.1.4)")
    func triggeredChecks() throws {
        var harness = Harness(locals: ["10.0.0.1:5000"])
        harness.agent.addRemoteCandidate(try ICECandidate(parsing: "candidate:1 1 udp 2122260223 10.0.0.9 7000 typ host"), now: harness.now)
        let (check, transmit) = try #require(harness.sentChecks().first)
        harness.answer(check, transmit, error: .serverError)
        #expect(harness.state(local: "10.0.0.1:5000") == .failed)
        harness.wait(.seconds(1))
        #expect(harness.sentChecks().isEmpty)
        // The peer checks the failed pair: answered at once, and checked back.
        let incoming = STUNMessage.iceBindingRequest(transactionID: .random(), localUfrag: "peer", remoteUfrag: "mine",
                                                     priority: 1_853_824_767, controlling: false, tieBreaker: 3)
        harness.agent.handleDatagram(incoming.encode(integrityKey: Array("minepasswordminepassword".utf8), fingerprint: true),
                                     from: Self.remote, to: transmit.source, now: harness.now)
        var sent: [STUNMessage] = []
        while let out = harness.agent.pollTransmit() { sent.append(try STUNMessage.decode(out.bytes)) }
        #expect(sent.map(\.type) == [.bindingSuccessResponse, .bindingRequest])
        #expect(harness.state(local: "10.0.0.1:5000") == .inProgress)

        // Once it has succeeded, the peer's checks are only answered.
        let retry = try #require(sent.last)
        harness.answer(retry, transmit)
        #expect(harness.state(local: "10.0.0.1:5000") == .succeeded)
        while harness.agent.pollTransmit() != nil {}
        let again = STUNMessage.iceBindingRequest(transactionID: .random(), localUfrag: "peer", remoteUfrag: "mine",
                                                  priority: 1_853_824_767, controlling: false, tieBreaker: 3)
        harness.agent.handleDatagram(again.encode(integrityKey: Array("minepasswordminepassword".utf8), fingerprint: true),
                                     from: Self.remote, to: transmit.source, now: harness.now)
        var answers: [STUNMessage] = []
        while let out = harness.agent.pollTransmit() { answers.append(try STUNMessage.decode(out.bytes)) }
        // The response, and at most the nomination this controlling agent now sends.
        #expect(answers.first?.type == .bindingSuccessResponse)
        #expect(answers.dropFirst().allSatisfy { $0.useCandidate })
    }
}
