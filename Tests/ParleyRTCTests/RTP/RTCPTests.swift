import Testing
@testable import ParleyRTC

@Suite("RTCP compound packets (RFC 3550 §6)")
struct RTCPTests {
    static let chromiumSSRC: UInt32 = 0x4BEF_DA57
    static let cname = "Is0wXUAVELeloUWf"

    @Test("SR + SDES CNAME: the compound a sender sends, octet by octet")
    func senderReportCompound() throws {
        let report = RTCPSenderReport(ssrc: Self.chromiumSSRC, ntpTimestamp: NTPTimestamp(seconds: 0xE272_7452, fraction: 0x510C_8859),
                                      rtpTimestamp: 0x1234_5678, senderPacketCount: 100, senderOctetCount: 16000)
        let compound = RTCPCompoundPacket(senderReport: report, cname: Self.cname)
        let bytes = compound.serialized()
        let expected: [UInt8] = [
            0x80, 0xC8, 0x00, 0x06, 0x4B, 0xEF, 0xDA, 0x57, // V=2 RC=0 PT=200 length 6, SSRC
            0xE2, 0x72, 0x74, 0x52, 0x51, 0x0C, 0x88, 0x59, // NTP timestamp
            0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x3E, 0x80, // RTP ts, packets, octets
            0x81, 0xCA, 0x00, 0x06, 0x4B, 0xEF, 0xDA, 0x57, // V=2 SC=1 PT=202 length 6, chunk SSRC
            0x01, 0x10, // CNAME, 16 octets
        ] + Array(Self.cname.utf8) + [0x00, 0x00] // null item, then padding to the word
        #expect(bytes == expected)
        // 28 + 28 octets: the size of Chromium's SR compounds in the capture (70 minus 14 of SRTCP).
        #expect(bytes.count == 56)

        let parsed = try RTCPCompoundPacket(parsing: bytes)
        #expect(parsed == compound)
        guard case let .senderReport(sr) = parsed.packets.first, case let .sourceDescription(sdes) = parsed.packets.last else {
            Issue.record("expected SR then SDES, got \(parsed.packets.map(\.packetType))")
            return
        }
        #expect(sr == report)
        #expect(sdes.cname(for: Self.chromiumSSRC) == Self.cname)
        #expect(sdes.cname(for: 1) == nil)
    }

    @Test("RR with several report blocks, signed cumulative loss included")
    func receiverReportBlocks() throws {
        let blocks = [
            RTCPReportBlock(ssrc: 0x5E80_6647, fractionLost: 0x40, cumulativeLost: 3, extendedHighestSequenceNumber: 0x0001_0005,
                            interarrivalJitter: 240, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000),
            RTCPReportBlock(ssrc: 2, fractionLost: 0, cumulativeLost: -1, extendedHighestSequenceNumber: 7,
                            interarrivalJitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0),
            RTCPReportBlock(ssrc: 3, fractionLost: 255, cumulativeLost: 0x7F_FFFF, extendedHighestSequenceNumber: .max,
                            interarrivalJitter: .max, lastSenderReport: .max, delaySinceLastSenderReport: .max),
        ]
        let report = RTCPReceiverReport(ssrc: 0x1111_2222, reportBlocks: blocks)
        let bytes = RTCPPacket.receiverReport(report).serialized()
        #expect(bytes.count == 8 + 3 * 24)
        #expect(Array(bytes[0..<4]) == [0x83, 0xC9, 0x00, 0x13]) // RC=3, PT=201, 20 words − 1
        #expect(Array(bytes[8..<32]) == [
            0x5E, 0x80, 0x66, 0x47, 0x40, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x05,
            0x00, 0x00, 0x00, 0xF0, 0xB7, 0x05, 0x20, 0x00, 0x00, 0x05, 0x40, 0x00,
        ])
        #expect(Array(bytes[36..<40]) == [0x00, 0xFF, 0xFF, 0xFF], "−1 in 24-bit two's complement")
        let parsed = try RTCPCompoundPacket(parsing: bytes)
        #expect(parsed.packets == [.receiverReport(report)])
    }

    @Test("cumulative loss beyond 24 bits is clamped when serialised")
    func cumulativeLostClamp() throws {
        for (value, wire) in [(Int32(10_000_000), Int32(0x7F_FFFF)), (-10_000_000, -0x80_0000)] {
            let block = RTCPReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: value, extendedHighestSequenceNumber: 0,
                                        interarrivalJitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
            let parsed = try RTCPCompoundPacket(parsing: RTCPPacket.receiverReport(.init(ssrc: 9, reportBlocks: [block])).serialized())
            guard case let .receiverReport(report) = parsed.packets.first else {
                Issue.record("not an RR")
                continue
            }
            #expect(report.reportBlocks.first?.cumulativeLost == wire)
        }
    }

    @Test("RR + SDES + BYE with a reason: how a receiver leaves")
    func goodbye() throws {
        let compound = RTCPCompoundPacket(receiverReport: RTCPReceiverReport(ssrc: 1), cname: "c",
                                          appending: [.goodbye(RTCPGoodbye(ssrcs: [1, 2], reason: "bye"))])
        let bytes = compound.serialized()
        #expect(Array(bytes.suffix(16)) == [0x82, 0xCB, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0x03, 0x62, 0x79, 0x65])
        let parsed = try RTCPCompoundPacket(parsing: bytes)
        #expect(parsed.packets.map(\.packetType) == [.receiverReport, .sourceDescription, .goodbye])
        #expect(parsed == compound)
        // Without a reason the packet ends after the SSRCs.
        let bare = RTCPPacket.goodbye(RTCPGoodbye(ssrcs: [7])).serialized()
        #expect(bare == [0x81, 0xCB, 0x00, 0x01, 0, 0, 0, 7])
        #expect(try RTCPCompoundPacket(parsing: bare).packets == [.goodbye(RTCPGoodbye(ssrcs: [7]))])
    }

    @Test("a BYE reason is cut at 255 octets without splitting a character")
    func goodbyeReasonLimit() throws {
        let reason = String(repeating: "é", count: 200) // 400 octets of UTF-8
        let bytes = RTCPPacket.goodbye(RTCPGoodbye(ssrcs: [1], reason: reason)).serialized()
        #expect(bytes[8] == 254)
        guard case let .goodbye(parsed)? = try RTCPCompoundPacket(parsing: bytes).packets.first else {
            Issue.record("not a BYE")
            return
        }
        #expect(parsed.reason == String(repeating: "é", count: 127))
    }

    @Test("more than 31 report blocks continue in further RRs before the SDES (§6.1)")
    func manyReportBlocks() throws {
        let blocks = (0..<40).map {
            RTCPReportBlock(ssrc: UInt32($0), fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0,
                            interarrivalJitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        }
        let report = RTCPSenderReport(ssrc: 5, ntpTimestamp: NTPTimestamp(rawValue: 1), rtpTimestamp: 0, senderPacketCount: 0,
                                      senderOctetCount: 0, reportBlocks: blocks)
        let parsed = try RTCPCompoundPacket(parsing: RTCPCompoundPacket(senderReport: report, cname: "x").serialized())
        #expect(parsed.packets.map(\.packetType) == [.senderReport, .receiverReport, .sourceDescription])
        guard case let .senderReport(sr) = parsed.packets[0], case let .receiverReport(rr) = parsed.packets[1] else {
            Issue.record("wrong packets")
            return
        }
        #expect(sr.reportBlocks.map(\.ssrc) == (0..<31).map { UInt32($0) })
        #expect(rr.ssrc == 5)
        #expect(rr.reportBlocks.map(\.ssrc) == (31..<40).map { UInt32($0) })
    }

    @Test("feedback (RTPFB, PSFB) and APP are kept raw with their type and format")
    func rawPackets() throws {
        let transportCC = RTCPFeedbackPacket(kind: .transportLayer, format: 15, senderSSRC: 1, mediaSSRC: 2,
                                             feedbackControlInformation: [0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03])
        let pli = RTCPFeedbackPacket(kind: .payloadSpecific, format: 1, senderSSRC: 1, mediaSSRC: 2, feedbackControlInformation: [])
        let app = RTCPRawPacket(packetType: .applicationDefined, count: 3, body: [0, 0, 0, 1] + Array("TEST".utf8))
        let unknown = RTCPRawPacket(packetType: RTCPPacketType(rawValue: 210), count: 0, body: [])
        let compound = RTCPCompoundPacket(packets: [.feedback(transportCC), .feedback(pli), .other(app), .other(unknown)])
        let bytes = compound.serialized()
        #expect(Array(bytes[0..<4]) == [0x8F, 0xCD, 0x00, 0x04])
        #expect(Array(bytes[20..<24]) == [0x81, 0xCE, 0x00, 0x02])
        #expect(Array(bytes[32..<36]) == [0x83, 0xCC, 0x00, 0x02])
        #expect(Array(bytes[44..<48]) == [0x80, 0xD2, 0x00, 0x00])
        #expect(try RTCPCompoundPacket(parsing: bytes) == compound)
        #expect(compound.packets.map(\.packetType).map(\.description) == ["RTPFB", "PSFB", "APP", "RTCP(210)"])
    }

    @Test("padding: stripped from the packet it ends; added when a raw body is not whole words")
    func padding() throws {
        // An RR with no blocks and 4 octets of padding (P bit), as a reduced-size packet may come.
        let padded: [UInt8] = [0xA0, 0xC9, 0x00, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x04]
        #expect(try RTCPCompoundPacket(parsing: padded).packets == [.receiverReport(RTCPReceiverReport(ssrc: 0x1234_5678))])
        // A 5-octet FCI needs 3 octets of padding to fill the word; parsing takes them away again.
        let odd = RTCPPacket.feedback(RTCPFeedbackPacket(kind: .transportLayer, format: 15, senderSSRC: 1, mediaSSRC: 2,
                                                         feedbackControlInformation: [1, 2, 3, 4, 5]))
        let bytes = odd.serialized()
        #expect(bytes.count == 20)
        #expect(bytes[0] & 0x20 != 0)
        #expect(bytes.last == 3)
        #expect(try RTCPCompoundPacket(parsing: bytes).packets == [odd])
    }

    @Test("SDES chunks with several items, several chunks, and a missing final null octet")
    func sourceDescriptionItems() throws {
        let description = RTCPSourceDescription(chunks: [
            .init(source: 1, items: [.init(type: .cname, text: "user@host"), .init(type: .tool, text: "parley"),
                                     .init(type: .privateExtension, value: [3, 0x61, 0x62, 0x63, 0x78])]),
            .init(source: 2, items: []),
            .init(source: 3, items: [.init(type: .note, text: "")]),
        ])
        let bytes = RTCPPacket.sourceDescription(description).serialized()
        #expect(bytes.count % 4 == 0)
        #expect(bytes[0] == 0x83)
        let parsed = try RTCPCompoundPacket(parsing: bytes)
        #expect(parsed.packets == [.sourceDescription(description)])
        #expect(description.chunks[0].cname == "user@host")
        #expect(description.chunks[1].cname == nil)
        // A chunk whose items run exactly to the end without the null octet is still understood.
        let unterminated: [UInt8] = [0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 9, 0x01, 0x02, 0x68, 0x69]
        #expect(try RTCPCompoundPacket(parsing: unterminated).packets == [.sourceDescription(RTCPSourceDescription(ssrc: 9, cname: "hi"))])
    }

    @Test("errors: header, version, lengths, padding and per-type layouts")
    func errors() {
        let rr: [UInt8] = [0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1]
        #expect(throws: RTCPError.empty) { try RTCPCompoundPacket(parsing: []) }
        #expect(throws: RTCPError.truncatedHeader(offset: 8)) { try RTCPCompoundPacket(parsing: rr + [0x80, 0xC9, 0x00]) }
        #expect(throws: RTCPError.unsupportedVersion(1, offset: 0)) { try RTCPCompoundPacket(parsing: [0x40] + rr.dropFirst()) }
        #expect(throws: RTCPError.lengthOverrun(offset: 0, declared: 12, available: 8)) {
            try RTCPCompoundPacket(parsing: [0x80, 0xC9, 0x00, 0x02, 0, 0, 0, 1])
        }
        #expect(throws: RTCPError.lengthOverrun(offset: 8, declared: 262_144, available: 8)) {
            try RTCPCompoundPacket(parsing: rr + [0x80, 0xC9, 0xFF, 0xFF, 0, 0, 0, 1])
        }
        #expect(throws: RTCPError.invalidPadding(offset: 0, count: 0)) { try RTCPCompoundPacket(parsing: [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0]) }
        #expect(throws: RTCPError.invalidPadding(offset: 0, count: 5)) { try RTCPCompoundPacket(parsing: [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 5]) }
        // RR claiming a report block it does not have.
        #expect(throws: RTCPError.malformed(.receiverReport, offset: 0)) { try RTCPCompoundPacket(parsing: [0x81] + rr.dropFirst()) }
        // SR shorter than its sender info.
        #expect(throws: RTCPError.malformed(.senderReport, offset: 0)) {
            try RTCPCompoundPacket(parsing: [0x80, 0xC8, 0x00, 0x01, 0, 0, 0, 1])
        }
        // An empty RR (no SSRC) is malformed too.
        #expect(throws: RTCPError.malformed(.receiverReport, offset: 0)) { try RTCPCompoundPacket(parsing: [0x80, 0xC9, 0x00, 0x00]) }
        // SDES item longer than the packet.
        #expect(throws: RTCPError.malformed(.sourceDescription, offset: 0)) {
            try RTCPCompoundPacket(parsing: [0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 9, 0x01, 0x09, 0x68, 0x69])
        }
        // SDES promising two chunks with room for one.
        #expect(throws: RTCPError.malformed(.sourceDescription, offset: 0)) {
            try RTCPCompoundPacket(parsing: [0x82, 0xCA, 0x00, 0x02, 0, 0, 0, 9, 0x00, 0x00, 0x00, 0x00])
        }
        // BYE counting more SSRCs than it has, and a reason longer than the packet.
        #expect(throws: RTCPError.malformed(.goodbye, offset: 0)) { try RTCPCompoundPacket(parsing: [0x82, 0xCB, 0x00, 0x01, 0, 0, 0, 1]) }
        #expect(throws: RTCPError.malformed(.goodbye, offset: 0)) {
            try RTCPCompoundPacket(parsing: [0x81, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0x04, 0x61, 0x62, 0x63])
        }
        // Feedback without its two SSRCs.
        #expect(throws: RTCPError.malformed(.payloadSpecificFeedback, offset: 0)) {
            try RTCPCompoundPacket(parsing: [0x81, 0xCE, 0x00, 0x01, 0, 0, 0, 1])
        }
    }
}
