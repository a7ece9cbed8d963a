import ParleyRTC
import Testing

@Suite("ICE candidates (RFC 8839 §5.1, RFC 8838)")
struct ICECandidateTests {
    /// Serialisation writes `udp`/`tcp` in lower case (Firefox writes `UDP`); the transport
    /// token is case-insensitive, everything else must come back exactly.
    private func expectSameText(_ written: String, _ original: String) {
        let a = written.split(separator: " "), b = original.split(separator: " ")
        #expect(a.count == b.count)
        for (index, (x, y)) in zip(a, b).enumerated() {
            if index == 2 { #expect(x.lowercased() == y.lowercased()) } else { #expect(x == y) }
        }
    }

    @Test("every trickled candidate parses and round-trips", arguments: BrowserFixtures.candidateFiles)
    func trickleRoundTrip(name: String) throws {
        let events = try BrowserFixtures.trickleEvents(name)
        #expect(!events.isEmpty)
        for event in events {
            switch try ICECandidate.parseTrickled(event.candidate) {
            case .endOfCandidates:
                #expect(event.candidate.isEmpty)
            case let .candidate(candidate):
                expectSameText(candidate.description, event.candidate)
                #expect(try ICECandidate(parsing: candidate.description) == candidate)
                #expect(try ICECandidate(parsing: "a=" + candidate.description + "\r\n") == candidate)
                #expect(try ICECandidate(attributeValue: candidate.attributeValue) == candidate)
                #expect(event.sdpMid == "0" && event.sdpMLineIndex == 0)
            }
        }
    }

    @Test("Chromium trickles UDP then TCP active, with its ufrag, and no empty end-of-candidates")
    func chromeTrickle() throws {
        let events = try BrowserFixtures.trickleEvents("chrome156-candidates.jsonl")
        let candidates = try events.map { try ICECandidate(parsing: $0.candidate) }
        #expect(candidates.map(\.transport) == [.udp, .tcp])
        #expect(candidates.allSatisfy { $0.ufrag == "Pgmi" && $0.networkID == 1 && $0.networkCost == 50 && $0.generation == 0 })
        #expect(candidates[1].tcpType == .active && candidates[1].port == 9)
        #expect(events.allSatisfy { $0.usernameFragment == "Pgmi" && !$0.candidate.isEmpty })
    }

    @Test("Firefox trickles 8 candidates (components 1 and 2, IPv4 and IPv6) and ends with \"\"")
    func firefoxTrickle() throws {
        let events = try BrowserFixtures.trickleEvents("firefox153-candidates.jsonl")
        #expect(events.count == 9)
        #expect(try ICECandidate.parseTrickled(events[8].candidate) == .endOfCandidates)
        let candidates = try events.dropLast().map { try ICECandidate(parsing: $0.candidate) }
        #expect(candidates.filter { $0.componentID == 2 }.count == 4)
        #expect(candidates.filter { $0.address == "::1" }.count == 4)
        #expect(candidates.filter { $0.transport == .tcp }.allSatisfy { $0.tcpType == .active && $0.port == 9 })
        #expect(candidates.allSatisfy { $0.ufrag == nil && $0.generation == nil && $0.extensions.isEmpty })
        let answerer = try BrowserFixtures.trickleEvents("firefox153-candidates-answerer.jsonl")
        #expect(try ICECandidate.parseTrickled(answerer.last?.candidate ?? "x") == .endOfCandidates)
        #expect(try answerer.dropLast().allSatisfy { try ICECandidate(parsing: $0.candidate).componentID == 1 })
    }

    @Test("mDNS candidates: .local names, Chromium's network-cost 999")
    func mdnsTrickle() throws {
        let chrome = try BrowserFixtures.trickleEvents("chrome156-candidates-mdns.jsonl").map { try ICECandidate(parsing: $0.candidate) }
        #expect(chrome.count == 1)
        #expect(chrome[0].isMDNSHostname && chrome[0].networkCost == 999 && chrome[0].networkID == nil)
        let firefox = try BrowserFixtures.trickleEvents("firefox153-candidates-mdns.jsonl")
            .compactMap { event -> ICECandidate? in
                if case let .candidate(candidate) = try ICECandidate.parseTrickled(event.candidate) { return candidate }
                return nil
            }
        #expect(firefox.count == 4)
        #expect(firefox.allSatisfy { $0.isMDNSHostname })
    }

    @Test("trickled candidates are the offer's a=candidate lines (Chromium adds ufrag)", arguments: BrowserFixtures.candidateFiles)
    func trickleMatchesSDP(name: String) throws {
        let events = try BrowserFixtures.trickleEvents(name)
        let ufrag = try #require(events.first?.usernameFragment)
        // The SDP of the same run is the one with the same ufrag.
        let descriptions = try BrowserFixtures.allSDP.map { try BrowserFixtures.sdp($0) }
        let sdp = try #require(descriptions.first { $0.media.first.map($0.iceUfrag(for:)) == ufrag && !$0.media[0].candidates.isEmpty })
        var trickled: [ICECandidate] = []
        var ended = false
        for event in events {
            switch try ICECandidate.parseTrickled(event.candidate) {
            case var .candidate(candidate):
                #expect(candidate.ufrag == nil || candidate.ufrag == ufrag)
                candidate.ufrag = nil
                trickled.append(candidate)
            case .endOfCandidates:
                ended = true
            }
        }
        #expect(trickled == sdp.media[0].candidates)
        #expect(ended == sdp.media[0].endOfCandidates)
    }

    @Test("srflx/relay with raddr/rport, unknown extensions kept in order")
    func relatedAddressAndExtensions() throws {
        let text = "candidate:842163049 1 udp 1677729535 203.0.113.9 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag abcd network-id 3 network-cost 10 x-custom 42 another v"
        let candidate = try ICECandidate(parsing: text)
        #expect(candidate.type == .srflx)
        #expect(candidate.relatedAddress == "10.0.0.2")
        #expect(candidate.relatedPort == 46154)
        #expect(candidate.networkID == 3)
        #expect(candidate.extensions == [.init(name: "x-custom", value: "42"), .init(name: "another", value: "v")])
        #expect(candidate.description == text)

        let relay = try ICECandidate(parsing: "candidate:3 1 UDP 16777215 2001:db8::1 3478 typ relay raddr 0.0.0.0 rport 0")
        #expect(relay.type == .relay && relay.relatedPort == 0 && relay.address == "2001:db8::1")
        let prflx = try ICECandidate(parsing: "candidate:4 1 tcp 1 host.example 5 typ prflx tcptype passive")
        #expect(prflx.type == .prflx && prflx.tcpType == .passive && !prflx.isMDNSHostname)
        let future = try ICECandidate(parsing: "candidate:5 1 quic 1 192.0.2.1 5 typ future tcptype sideways generation x")
        #expect(future.transport == .other("quic") && future.type == .other("future"))
        #expect(future.tcpType == nil && future.generation == nil)
        #expect(future.extensions == [.init(name: "tcptype", value: "sideways"), .init(name: "generation", value: "x")])
        #expect(try ICECandidate(parsing: future.description) == future)
    }

    @Test("end-of-candidates forms")
    func endOfCandidates() throws {
        for form in ["", "  ", "end-of-candidates", "a=end-of-candidates\r\n"] {
            #expect(try ICECandidate.parseTrickled(form) == .endOfCandidates)
        }
    }

    @Test("malformed candidates are rejected with the reason")
    func malformed() {
        let cases: [(String, ICECandidate.ParseError)] = [
            ("1 1 udp 1 10.0.0.1 5 typ host", .missingCandidatePrefix),
            ("candidate:1 1 udp 1 10.0.0.1 5 typ", .tooFewFields(7)),
            ("candidate:1=2 1 udp 1 10.0.0.1 5 typ host", .invalidFoundation("1=2")),
            ("candidate:123456789012345678901234567890123 1 udp 1 h 5 typ host", .invalidFoundation("123456789012345678901234567890123")),
            ("candidate:1 0 udp 1 10.0.0.1 5 typ host", .invalidComponentID("0")),
            ("candidate:1 257 udp 1 10.0.0.1 5 typ host", .invalidComponentID("257")),
            ("candidate:1 1 udp 4294967296 10.0.0.1 5 typ host", .invalidPriority("4294967296")),
            ("candidate:1 1 udp +1 10.0.0.1 5 typ host", .invalidPriority("+1")),
            ("candidate:1 1 udp 1 10.0.0.1 65536 typ host", .invalidPort("65536")),
            ("candidate:1 1 udp 1 10.0.0.1 5 type host", .missingTyp("type")),
            ("candidate:1 1 udp 1 10.0.0.1 5 typ host generation", .danglingExtension("generation")),
        ]
        for (text, error) in cases {
            #expect(throws: error) { try ICECandidate(parsing: text) }
            #expect(!error.description.isEmpty)
        }
    }
}
