import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE agent: real browser candidates and checks")
struct ICEBrowserTests {
    private struct Expected {
        var file: String
        var added: Int
        var unresolved: Int
        var notUDP: Int
        var notComponentOne: Int
        var endOfCandidates: Int
    }

    /// Counted by hand from the captured files (see fixtures/README.txt).
    private static let expectations = [
        Expected(file: "chrome156-candidates.jsonl", added: 1, unresolved: 0, notUDP: 1, notComponentOne: 0, endOfCandidates: 0),
        Expected(file: "chrome156-candidates-answerer.jsonl", added: 1, unresolved: 0, notUDP: 0, notComponentOne: 0, endOfCandidates: 0),
        Expected(file: "chrome156-candidates-mdns.jsonl", added: 0, unresolved: 1, notUDP: 0, notComponentOne: 0, endOfCandidates: 0),
        Expected(file: "firefox153-candidates.jsonl", added: 2, unresolved: 0, notUDP: 4, notComponentOne: 2, endOfCandidates: 1),
        Expected(file: "firefox153-candidates-answerer.jsonl", added: 2, unresolved: 0, notUDP: 2, notComponentOne: 0, endOfCandidates: 1),
        Expected(file: "firefox153-candidates-mdns.jsonl", added: 0, unresolved: 1, notUDP: 2, notComponentOne: 1, endOfCandidates: 1),
    ]

    @Test("browser trickle candidates: TCP, component 2 and mDNS are kept out of the check list",
          arguments: expectations.map(\.file))
    func browserCandidates(file: String) throws {
        let expected = try #require(Self.expectations.first { $0.file == file })
        let now = ContinuousClock.now
        // Local host candidates in both families, like a dual-stack laptop.
        var agent = ICEAgent(role: .controlled, credentials: .random(), tieBreaker: 42, random: SplitMix64(state: 42))
        agent.addLocalCandidate(TransportAddress("10.99.0.2:40000")!, now: now)
        agent.addLocalCandidate(TransportAddress("[fd00::2]:40000")!, now: now)
        var outcomes: [ICERemoteCandidateOutcome] = []
        var endOfCandidates = 0
        for event in try BrowserFixtures.trickleEvents(file) {
            switch try ICECandidate.parseTrickled(event.candidate) {
            case .endOfCandidates:
                endOfCandidates += 1
                agent.remoteEndOfCandidates(now: now)
            case .candidate(let candidate):
                outcomes.append(agent.addRemoteCandidate(candidate, now: now))
            }
        }
        #expect(outcomes.filter { $0 == .added }.count == expected.added)
        #expect(outcomes.filter { $0 == .unresolved }.count == expected.unresolved)
        #expect(outcomes.filter { $0 == .skipped(.notUDP) }.count == expected.notUDP)
        #expect(outcomes.filter { $0 == .skipped(.notComponentOne) }.count == expected.notComponentOne)
        #expect(outcomes.count == expected.added + expected.unresolved + expected.notUDP + expected.notComponentOne)
        #expect(endOfCandidates == expected.endOfCandidates)
        // Each usable candidate pairs with the one local candidate of its family.
        #expect(agent.candidatePairs.count == expected.added)
        for pair in agent.candidatePairs {
            #expect(pair.remote.candidate.transport == .udp && pair.remote.candidate.componentID == 1)
            #expect(pair.local.address.ip.isIPv4 == pair.remote.address.ip.isIPv4)
        }
        #expect(agent.unresolvedRemoteCandidates.allSatisfy { $0.isMDNSHostname })
        #expect(agent.connectionState == .new)  // no credentials yet: nothing sent, nothing failed
    }

    @Test("an IPv4-only agent pairs only Firefox's IPv4 candidate")
    func familyMismatch() throws {
        let now = ContinuousClock.now
        var agent = ICEAgent(role: .controlling, credentials: .random(), tieBreaker: 1, random: SplitMix64(state: 1))
        agent.addLocalCandidate(TransportAddress("10.99.0.2:40000")!, now: now)
        for event in try BrowserFixtures.trickleEvents("firefox153-candidates.jsonl") {
            if case .candidate(let candidate) = try ICECandidate.parseTrickled(event.candidate) {
                agent.addRemoteCandidate(candidate, now: now)
            }
        }
        #expect(agent.remoteCandidates.count == 2)
        #expect(agent.candidatePairs.map(\.remote.address) == [TransportAddress("10.99.0.1:36333")!])
    }

    @Test("a browser's captured check is answered like the other browser answered it",
          arguments: STUNCaptureFixture.names)
    func capturedBrowserCheck(name: String) throws {
        let capture = try STUNCaptureFixture.load(name)
        let requests = capture.datagrams.filter { (try? STUNMessage.decode($0.bytes))?.type == .bindingRequest }
        let first = try #require(requests.first)
        let sender = try #require(capture.peer(at: first.source))
        let receiver = try #require(capture.peer(at: first.destination))
        let firstCheck = try STUNMessage.decode(first.bytes)
        let now = ContinuousClock.now

        // This agent stands in for the browser that received the check.
        let role: ICERole = firstCheck.iceControlling != nil ? .controlled : .controlling
        var agent = ICEAgent(role: role, credentials: try #require(ICECredentials(ufrag: receiver.ufrag, password: receiver.password)),
                             tieBreaker: 77, random: SplitMix64(state: 77))
        agent.setRemoteCredentials(try #require(ICECredentials(ufrag: sender.ufrag, password: sender.password)), now: now)
        agent.addLocalCandidate(receiver.address, now: now)
        while agent.pollTransmit() != nil {}

        agent.handleDatagram(first.bytes, from: sender.address, to: receiver.address, now: now)
        let firstOut = agent.pollTransmit()
        let responseTransmit = try #require(firstOut)
        #expect(responseTransmit.source == receiver.address && responseTransmit.destination == sender.address)
        let response = try STUNMessage.decode(responseTransmit.bytes)
        #expect(response.type == .bindingSuccessResponse && response.transactionID == firstCheck.transactionID)
        #expect(response.verifyIntegrity(key: Array(receiver.password.utf8)) && response.verifyFingerprint())
        // The browser's own answer to the same check maps the same address.
        let browserAnswer = try #require(capture.datagrams.compactMap { try? STUNMessage.decode($0.bytes) }.first {
            $0.type == .bindingSuccessResponse && $0.transactionID == firstCheck.transactionID
        })
        #expect(response.xorMappedAddress == browserAnswer.xorMappedAddress)
        #expect(response.xorMappedAddress == sender.address)

        // The browser's address became a peer-reflexive candidate with its PRIORITY.
        let learnt = try #require(agent.remoteCandidates.first)
        #expect(learnt.type == .prflx && learnt.address == sender.address && learnt.priority == firstCheck.priority)

        // The triggered check back is one the browser can verify with its own password.
        let secondOut = agent.pollTransmit()
        let triggered = try #require(secondOut)
        #expect(triggered.destination == sender.address)
        let check = try STUNMessage.decode(triggered.bytes)
        #expect(check.type == .bindingRequest && check.username == "\(sender.ufrag):\(receiver.ufrag)")
        #expect(check.verifyIntegrity(key: Array(sender.password.utf8)) && check.verifyFingerprint())
        #expect((check.iceControlling != nil) == (role == .controlling))

        // Answer it as the browser would, then replay the rest of the browser's checks.
        let answer = STUNMessage.bindingSuccessResponse(transactionID: check.transactionID, mappedAddress: receiver.address)
        agent.handleDatagram(answer.encode(integrityKey: Array(sender.password.utf8), fingerprint: true),
                             from: sender.address, to: receiver.address, now: now + .milliseconds(1))
        for request in requests.dropFirst() where request.source == sender.address {
            agent.handleDatagram(request.bytes, from: sender.address, to: receiver.address, now: now + .milliseconds(2))
        }
        var answered = 1
        var nomination: STUNMessage?
        func drain() {
            while let transmit = agent.pollTransmit() {
                guard let message = try? STUNMessage.decode(transmit.bytes) else { continue }
                if message.type == .bindingSuccessResponse { answered += 1 }
                if message.type == .bindingRequest, message.useCandidate { nomination = message }
            }
        }
        drain()
        agent.handleTimeout(now: now + .milliseconds(100))
        drain()
        #expect(answered == requests.filter { $0.source == sender.address }.count)
        let nominated = requests.contains { (try? STUNMessage.decode($0.bytes))?.useCandidate == true && $0.source == sender.address }
        if role == .controlling {
            // The agent nominated at once; the browser's answer completes it.
            let check = try #require(nomination)
            #expect(agent.selectedPair == nil)
            let answer = STUNMessage.bindingSuccessResponse(transactionID: check.transactionID, mappedAddress: receiver.address)
            agent.handleDatagram(answer.encode(integrityKey: Array(sender.password.utf8), fingerprint: true),
                                 from: sender.address, to: receiver.address, now: now + .milliseconds(101))
            #expect(agent.selectedPair?.remote.address == sender.address)
        } else {
            // Controlled: it follows the browser's USE-CANDIDATE, and never nominates itself.
            #expect(nomination == nil)
            #expect((agent.selectedPair?.remote.address == sender.address) == nominated)
        }
    }
}
