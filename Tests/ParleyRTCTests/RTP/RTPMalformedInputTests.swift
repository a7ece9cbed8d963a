import Testing
@testable import ParleyRTC
import ParleyTestSupport

/// Parsers of network input must never trap. These tests throw every truncation, lying length
/// fields and 10,000 seeded random mutations of valid packets at them, and require that whatever
/// parses re-serialises to something that parses the same.
@Suite("RTP and RTCP parsers on malformed input")
struct RTPMalformedInputTests {
    static let rtpSeeds: [[UInt8]] = RTPPacketTests.roundTripPackets.map { $0.serialized() } + [
        // A captured Chromium packet (firefox-chrome-call.pcap frame 11): one-byte extension, SRTP payload.
        try! RTPTestHex.bytes("""
        906f057c e01cdf58 4befda57 bede0002 31000140 30108700 0e0b9a0c 4f7d08c4 6b1e9fd6 82a3e40b
        """),
    ]

    static let rtcpSeeds: [[UInt8]] = [
        RTCPCompoundPacket(senderReport: RTCPSenderReport(
            ssrc: 1, ntpTimestamp: NTPTimestamp(unixTime: 1_795_965_853.5), rtpTimestamp: 2, senderPacketCount: 3,
            senderOctetCount: 4, reportBlocks: [RTCPReportBlock(ssrc: 9, fractionLost: 1, cumulativeLost: -2,
                                                                extendedHighestSequenceNumber: 3, interarrivalJitter: 4,
                                                                lastSenderReport: 5, delaySinceLastSenderReport: 6)],
            profileExtension: [1, 2, 3, 4]), cname: "Is0wXUAVELeloUWf").serialized(),
        RTCPCompoundPacket(receiverReport: RTCPReceiverReport(ssrc: 1), cname: "{5fd89855-d0cb-48be-814a-8cf8b912335a}",
                           appending: [.goodbye(RTCPGoodbye(ssrcs: [1, 2, 3], reason: "call ended"))]).serialized(),
        RTCPCompoundPacket(packets: [
            .feedback(RTCPFeedbackPacket(kind: .transportLayer, format: 15, senderSSRC: 1, mediaSSRC: 2,
                                         feedbackControlInformation: [0, 1, 0, 2, 0, 0, 0, 3, 0x20, 0x02, 0x01])),
            .other(RTCPRawPacket(packetType: .applicationDefined, count: 1, body: Array("\0\0\0\u{1}NAME".utf8))),
            .sourceDescription(RTCPSourceDescription(chunks: [
                .init(source: 5, items: [.init(type: .cname, text: "a"), .init(type: .note, text: "hello")]),
                .init(source: 6, items: []),
            ])),
        ]).serialized(),
    ]

    @Test("every truncation of valid RTP packets parses or throws; below 12 octets it throws")
    func rtpTruncations() {
        for seed in Self.rtpSeeds {
            for length in 0..<seed.count {
                let prefix = Array(seed.prefix(length))
                let result = Result { () throws(RTPError) in try RTPPacket(parsing: prefix) }
                if length < RTPPacket.fixedHeaderSize {
                    #expect(throws: RTPError.tooShort(count: length)) { try result.get() }
                } else if case let .success(packet) = result {
                    Self.checkRoundTrip(packet)
                }
            }
        }
    }

    @Test("every truncation of valid RTCP compounds throws unless it ends on a packet boundary")
    func rtcpTruncations() throws {
        for seed in Self.rtcpSeeds {
            let boundaries = try Self.packetBoundaries(seed)
            for length in 0..<seed.count {
                let prefix = Array(seed.prefix(length))
                switch Result(catching: { () throws(RTCPError) in try RTCPCompoundPacket(parsing: prefix) }) {
                case let .success(compound):
                    #expect(boundaries.contains(length), "a cut at \(length) parsed")
                    Self.checkRoundTrip(compound)
                case .failure:
                    #expect(!boundaries.contains(length) || length == 0, "a cut at boundary \(length) failed")
                }
            }
        }
    }

    @Test("RTCP length fields of every value: no trap, the true one parses, too long ones are refused")
    func rtcpLyingLengths() throws {
        for seed in Self.rtcpSeeds {
            let trueWords = Int(seed[2]) << 8 | Int(seed[3])
            // Collected and checked once: 65,536 separate expectations are slow in a debug build.
            var wrong: [Int] = []
            for words in 0...Int(UInt16.max) {
                var bytes = seed
                bytes[2] = UInt8(words >> 8)
                bytes[3] = UInt8(words & 0xFF)
                let result = Result { () throws(RTCPError) in try RTCPCompoundPacket(parsing: bytes) }
                switch result {
                case let .success(compound):
                    if (words + 1) * 4 > bytes.count { wrong.append(words) }
                    Self.checkRoundTrip(compound)
                case let .failure(error):
                    if words == trueWords { wrong.append(words) }
                    if (words + 1) * 4 > bytes.count,
                       error != .lengthOverrun(offset: 0, declared: (words + 1) * 4, available: bytes.count) {
                        wrong.append(words)
                    }
                }
            }
            #expect(wrong.isEmpty, "length fields handled wrongly: \(wrong.prefix(10))")
        }
    }

    @Test("RTP CSRC counts and extension lengths of every value: no trap, the right error")
    func rtpLyingLengths() throws {
        let base = RTPPacket(payloadType: 111, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrcs: [4],
                             headerExtension: RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 0x87, 0, 0]),
                             payload: Array(repeating: 0xAB, count: 9)).serialized()
        for count in 0...15 {
            var bytes = base
            bytes[0] = bytes[0] & 0xF0 | UInt8(count)
            if let packet = try? RTPPacket(parsing: bytes) {
                #expect(packet.csrcs.count == count)
                Self.checkRoundTrip(packet)
            }
        }
        var wrong: [Int] = []
        for words in 0...Int(UInt16.max) {
            var bytes = base
            bytes[18] = UInt8(words >> 8)
            bytes[19] = UInt8(words & 0xFF)
            // 12 header + 4 CSRC + 4 extension header leave 13 octets: up to 3 words fit.
            switch Result(catching: { () throws(RTPError) in try RTPPacket(parsing: bytes) }) {
            case let .success(packet):
                if words > 3 || packet.headerExtension?.data.count != words * 4 || packet.payload.count != 13 - words * 4 {
                    wrong.append(words)
                }
            case let .failure(error):
                if words <= 3 || error != .headerExtensionOverrun { wrong.append(words) }
            }
        }
        #expect(wrong.isEmpty, "extension lengths handled wrongly: \(wrong.prefix(10))")
    }

    @Test("10,000 seeded random mutations of RTP packets never trap; what parses round-trips")
    func rtpMutations() {
        var random = SplitMix64(seed: 0x5254_5030)
        var parsed = 0
        for _ in 0..<10_000 {
            let bytes = Self.mutate(Self.rtpSeeds.randomElement(using: &random) ?? [], using: &random)
            guard let packet = try? RTPPacket(parsing: bytes) else { continue }
            parsed += 1
            Self.checkRoundTrip(packet)
        }
        // The mutations must leave many packets valid, or the round-trip check tests little.
        #expect(parsed > 2_000)
    }

    @Test("10,000 seeded random mutations of RTCP compounds never trap; what parses round-trips")
    func rtcpMutations() {
        var random = SplitMix64(seed: 0x5254_4350)
        var parsed = 0
        for _ in 0..<10_000 {
            let bytes = Self.mutate(Self.rtcpSeeds.randomElement(using: &random) ?? [], using: &random)
            guard let compound = try? RTCPCompoundPacket(parsing: bytes) else { continue }
            parsed += 1
            Self.checkRoundTrip(compound)
        }
        #expect(parsed > 1_000)
    }

    @Test("random datagrams never trap either parser")
    func randomBytes() {
        var random = SplitMix64(seed: 99)
        for _ in 0..<10_000 {
            var bytes = (0..<Int.random(in: 0..<64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if let first = bytes.first { bytes[0] = first & 0x3F | 0x80 } // version 2, so parsing goes deeper
            if let packet = try? RTPPacket(parsing: bytes) { Self.checkRoundTrip(packet) }
            if let compound = try? RTCPCompoundPacket(parsing: bytes) { Self.checkRoundTrip(compound) }
            _ = RTCPMux.classify(bytes)
        }
    }

    // MARK: - Helpers

    static func checkRoundTrip(_ packet: RTPPacket) {
        let bytes = packet.serialized()
        #expect((try? RTPPacket(parsing: bytes)) == packet)
    }

    /// A BYE reason whose invalid UTF-8 was replaced can grow past the 255 octets the wire allows;
    /// the serialiser then cuts it, so only there may a round trip differ.
    static func checkRoundTrip(_ compound: RTCPCompoundPacket) {
        let bytes = compound.serialized()
        guard let reparsed = try? RTCPCompoundPacket(parsing: bytes) else {
            Issue.record("serialised compound does not parse")
            return
        }
        let cutReason = compound.packets.contains {
            if case let .goodbye(bye) = $0 { (bye.reason?.utf8.count ?? 0) > 255 } else { false }
        }
        if cutReason {
            #expect(reparsed.serialized() == bytes)
        } else {
            #expect(reparsed == compound)
        }
    }

    /// Offsets where a packet of the compound ends.
    static func packetBoundaries(_ bytes: [UInt8]) throws -> Set<Int> {
        var boundaries: Set<Int> = []
        var offset = 0
        while offset + 4 <= bytes.count {
            offset += ((Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])) + 1) * 4
            boundaries.insert(offset)
        }
        try #require(offset == bytes.count)
        return boundaries
    }

    /// One to four edits: flip a bit, set an octet (often a header octet, often to a boundary
    /// value), cut, append, insert or delete.
    static func mutate(_ seed: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let headerBiased = Int.random(in: 0..<min(max(bytes.count, 1), 24), using: &random)
            let anywhere = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            let index = Bool.random(using: &random) ? headerBiased : anywhere
            let value = [0x00, 0xFF, 0x7F, 0x80, 0x20, 0x01, UInt8.random(in: 0...255, using: &random)]
                .randomElement(using: &random) ?? 0
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where index < bytes.count: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1 where index < bytes.count: bytes[index] = value
            case 2: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 3: bytes += (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 4: bytes.insert(value, at: min(index, bytes.count))
            case 5 where index < bytes.count: bytes.remove(at: index)
            default: if let last = bytes.indices.last { bytes[last] = value }
            }
        }
        return bytes
    }
}
