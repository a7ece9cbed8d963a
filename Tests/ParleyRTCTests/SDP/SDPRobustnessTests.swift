import ParleyRTC
import Testing
import ParleyTestSupport

/// Hostile and broken input: parsing never traps, a parsed description always serialises to
/// text that parses back to it, and the JSEP functions either work or throw.
@Suite("Malformed input")
struct SDPRobustnessTests {
    private static let parleyOffer = try? JSEP.makeOffer(local: ParleyLocal.parameters())

    /// Parse, and check the invariant the fuzzer also checks: serialise → parse is the identity.
    private func parseRoundTrip(_ text: String) -> SessionDescription? {
        guard let parsed = try? SessionDescription(parsing: text) else { return nil }
        let reparsed = try? SessionDescription(parsing: parsed.serialized())
        #expect(reparsed == parsed, "round trip changed: \(text.debugDescription)")
        return parsed
    }

    /// Runs a parsed description through everything that reads remote descriptions.
    private func negotiate(_ parsed: SessionDescription, readingAttributes: Bool = true) {
        if let answer = try? JSEP.makeAnswer(to: parsed, local: ParleyLocal.parameters()) {
            #expect(answer.description.media.count == parsed.media.count)
            #expect((try? SessionDescription(parsing: answer.description.serialized())) == answer.description)
        }
        if let offer = Self.parleyOffer {
            _ = try? JSEP.processAnswer(parsed, toOffer: offer)
        }
        for section in parsed.media where readingAttributes {
            _ = (section.candidates, section.rtpMaps, section.formatParameters, section.rtcpFeedback,
                 section.extMaps, section.ssrcAttributes, section.msids, section.fingerprints, section.rtcp)
        }
    }

    @Test("truncation at every byte", arguments: BrowserFixtures.allSDP)
    func truncations(name: String) throws {
        let bytes = Array(try BrowserFixtures.data(name))
        let full = try SessionDescription(parsing: String(decoding: bytes, as: UTF8.self))
        var parsedCount = 0
        // The prefix up to the end of the s= line is the shortest that can parse.
        let headerLength = try #require(String(decoding: bytes, as: UTF8.self).range(of: "\r\ns=-\r\n")).upperBound.utf16Offset(in: String(decoding: bytes, as: UTF8.self))
        for length in 0...bytes.count {
            let prefix = bytes[0..<length]
            // Every cut is parsed. The round trip and negotiation cost as much again, so they
            // run on every 4th and 8th cut, which still puts each kind of partial line through
            // them (the lines are longer than 8 bytes); the fuzzer covers the rest.
            let text = String(decoding: prefix, as: UTF8.self)
            let parsed = length % 4 == 0 ? parseRoundTrip(text) : try? SessionDescription(parsing: text)
            if let parsed {
                parsedCount += 1
                if length % 8 == 0 { negotiate(parsed, readingAttributes: false) }
            }
            // A cut just after a CRLF (past s=) leaves whole lines: it must parse, with the
            // m= sections seen so far.
            if length >= headerLength, bytes[length - 2] == 0x0D, bytes[length - 1] == 0x0A {
                let sections = String(decoding: prefix, as: UTF8.self).components(separatedBy: "\r\nm=").count - 1
                if let parsed {
                    #expect(parsed.media.count == sections)
                } else {
                    Issue.record("whole-line prefix of \(length) bytes did not parse")
                }
            }
        }
        #expect(parsedCount > bytes.count / 2)
        #expect(parseRoundTrip(String(decoding: bytes, as: UTF8.self)) == full)
    }

    @Test("seeded random mutations", arguments: BrowserFixtures.allSDP)
    func mutations(name: String) throws {
        let original = Array(try BrowserFixtures.data(name))
        var random = SplitMix64(state: UInt64(name.utf8.count) &* 0x1234_5678_9ABC_DEF1)
        let interesting: [[UInt8]] = [
            Array("\r\n".utf8), Array(":".utf8), Array(" ".utf8), Array("=".utf8), Array("/".utf8),
            Array("99999999999999999999999".utf8), Array("a=candidate:".utf8), Array("\u{301}".utf8),
            Array("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n".utf8), [0xFF, 0xFE], [0x00],
            Array("a=bundle-only\r\n".utf8), Array("a=group:BUNDLE 0 0 1\r\n".utf8),
        ]
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0 where !bytes.isEmpty:
                    bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1:
                    bytes.insert(contentsOf: interesting[Int.random(in: 0..<interesting.count, using: &random)], at: position)
                case 2 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
                    bytes.removeSubrange(position..<end)
                case 3 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...200, using: &random))
                    bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
                default:
                    bytes.insert(UInt8.random(in: 0x20...0x7E, using: &random), at: position)
                }
            }
            if let parsed = parseRoundTrip(String(decoding: bytes, as: UTF8.self)) { negotiate(parsed) }
        }
    }

    @Test("candidate lines: truncations and mutations never trap, parses round-trip", arguments: BrowserFixtures.candidateFiles)
    func candidateMutations(name: String) throws {
        var random = SplitMix64(state: 0xC0FFEE ^ UInt64(name.utf8.count))
        for event in try BrowserFixtures.trickleEvents(name) {
            let bytes = Array(event.candidate.utf8)
            var variants = (0...bytes.count).map { Array(bytes[0..<$0]) }
            for _ in 0..<100 {
                var mutated = bytes
                if !mutated.isEmpty {
                    mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                mutated.insert(UInt8.random(in: 0x20...0x7E, using: &random), at: Int.random(in: 0...mutated.count, using: &random))
                variants.append(mutated)
            }
            for variant in variants {
                let text = String(decoding: variant, as: UTF8.self)
                if case let .candidate(candidate)? = try? ICECandidate.parseTrickled(text) {
                    #expect(try ICECandidate(parsing: candidate.description) == candidate)
                }
            }
        }
    }

    @Test("pathological sizes stay linear")
    func hugeLists() throws {
        let formats = (0..<20_000).map { String($0 % 128) }.joined(separator: " ")
        let rtpmaps = (0..<20_000).map { "a=rtpmap:\($0 % 128) x/8000" }.joined(separator: "\r\n")
        let text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF \(formats)\r\n\(rtpmaps)\r\n"
        let parsed = try SessionDescription(parsing: text)
        #expect(parsed.media[0].formats.count == 20_000)
        #expect(throws: SDPError.noOpus(mid: nil)) { try JSEP.makeAnswer(to: parsed, local: ParleyLocal.parameters()) }
    }
}
