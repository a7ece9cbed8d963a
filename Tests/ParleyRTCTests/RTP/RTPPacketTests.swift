import Testing
@testable import ParleyRTC

@Suite("RTP packet parsing and serialising (RFC 3550 §5.1)")
struct RTPPacketTests {
    @Test("fixed header fields sit where RFC 3550 §5.1 draws them")
    func fixedHeaderLayout() throws {
        // V=2 P=0 X=0 CC=0 | M=1 PT=111 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x01020304 | payload
        let bytes: [UInt8] = [0x80, 0xEF, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 0xAA, 0xBB]
        let packet = try RTPPacket(parsing: bytes)
        #expect(packet.marker)
        #expect(packet.payloadType == 111)
        #expect(packet.sequenceNumber == 0x1234)
        #expect(packet.timestamp == 0xDEAD_BEEF)
        #expect(packet.ssrc == 0x0102_0304)
        #expect(packet.csrcs.isEmpty)
        #expect(packet.headerExtension == nil)
        #expect(packet.payload == [0xAA, 0xBB])
        #expect(packet.paddingCount == 0)
        #expect(!packet.isPaddingOnly)
        #expect(packet.serialized() == bytes)
    }

    @Test("CSRC list and header extension follow the fixed header, in that order")
    func csrcAndExtensionLayout() throws {
        let bytes: [UInt8] = [
            0x92, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, // V=2 X=1 CC=2, PT 0
            0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22, // two CSRCs
            0xBE, 0xDE, 0x00, 0x01, 0x10, 0x7F, 0x00, 0x00, // one word of extension: ID 1, 1 octet
            0x55, // payload
        ]
        let packet = try RTPPacket(parsing: bytes)
        #expect(packet.csrcs == [0x1111_1111, 0x2222_2222])
        #expect(packet.headerExtension == RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 0x7F, 0x00, 0x00]))
        #expect(packet.headerExtension?.elements == [RTPHeaderExtension.Element(id: 1, data: [0x7F])])
        #expect(packet.payload == [0x55])
        #expect(packet.serialized() == bytes)
    }

    static let roundTripPackets: [RTPPacket] = [
        RTPPacket(payloadType: 111, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: []),
        RTPPacket(marker: true, payloadType: 127, sequenceNumber: 65535, timestamp: .max, ssrc: .max, payload: [1, 2, 3]),
        RTPPacket(payloadType: 0, sequenceNumber: 7, timestamp: 160, ssrc: 42,
                  csrcs: Array(1...15), payload: Array(repeating: 0xFF, count: 160)),
        RTPPacket(payloadType: 109, sequenceNumber: 1000, timestamp: 48000, ssrc: 1,
                  headerExtension: RTPHeaderExtension(oneByteElements: [.init(id: 3, data: [0, 1]), .init(id: 4, data: [0x30])]),
                  payload: [0xF8, 0xFF, 0xFE]),
        RTPPacket(payloadType: 96, sequenceNumber: 2, timestamp: 3, ssrc: 4,
                  headerExtension: RTPHeaderExtension(twoByteElements: [.init(id: 200, data: []), .init(id: 7, data: Array(0..<20))]),
                  payload: [9]),
        RTPPacket(payloadType: 111, sequenceNumber: 5, timestamp: 6, ssrc: 7, payload: [1, 2, 3, 4, 5], paddingCount: 3),
        RTPPacket(payloadType: 111, sequenceNumber: 5, timestamp: 6, ssrc: 7, payload: [1], paddingCount: 1),
        RTPPacket(payloadType: 111, sequenceNumber: 5, timestamp: 6, ssrc: 7, payload: [], paddingCount: 255),
        RTPPacket(payloadType: 111, sequenceNumber: 5, timestamp: 6, ssrc: 7, csrcs: [9],
                  headerExtension: RTPHeaderExtension(profile: 0x1234, data: []), payload: [], paddingCount: 4),
    ]

    @Test("serialise then parse gives the same packet", arguments: roundTripPackets)
    func roundTrip(packet: RTPPacket) throws {
        let bytes = packet.serialized()
        let parsed = try RTPPacket(parsing: bytes)
        #expect(parsed == packet)
        #expect(bytes[0] >> 6 == 2)
        #expect((bytes[0] & 0x20 != 0) == (packet.paddingCount > 0))
        #expect((bytes[0] & 0x10 != 0) == (packet.headerExtension != nil))
        #expect(Int(bytes[0] & 0x0F) == packet.csrcs.count)
        #expect((bytes[1] & 0x80 != 0) == packet.marker)
        if packet.paddingCount > 0 { #expect(bytes.last == packet.paddingCount) }
        #expect(parsed.serialized() == bytes)
    }

    @Test("padding is stripped and its count kept; the last octet counts itself")
    func paddingStripped() throws {
        let header: [UInt8] = [0xA0, 0x6F, 0x00, 0x10, 0x00, 0x00, 0x03, 0xC0, 0xCA, 0xFE, 0xBA, 0xBE]
        let packet = try RTPPacket(parsing: header + [0x01, 0x02, 0x03] + [0x00, 0x00, 0x03])
        #expect(packet.payload == [0x01, 0x02, 0x03])
        #expect(packet.paddingCount == 3)
        #expect(!packet.isPaddingOnly)
        // Non-zero padding content is allowed (only the count matters) and is not kept.
        let noisy = try RTPPacket(parsing: header + [0x01] + [0xEE, 0xEE, 0x03])
        #expect(noisy.payload == [0x01])
    }

    @Test("a padding-only packet shaped like Chromium's probes has an empty payload")
    func paddingOnly() throws {
        // Chromium's probes: P bit, PT 111, a one-byte extension (mid + transport-cc) and 255 octets
        // of padding whose count is exactly everything after the header.
        let header: [UInt8] = [0xB0, 0x6F, 0x05, 0x7D, 0xE0, 0x1C, 0xDF, 0x58, 0x4B, 0xEF, 0xDA, 0x57,
                               0xBE, 0xDE, 0x00, 0x02, 0x40, 0x30, 0x31, 0x00, 0x02, 0x00, 0x00, 0x00]
        let padding = [UInt8](repeating: 0, count: 254) + [255]
        let packet = try RTPPacket(parsing: header + padding)
        #expect(packet.isPaddingOnly)
        #expect(packet.payload.isEmpty)
        #expect(packet.paddingCount == 255)
        #expect(packet.headerExtension?.element(id: 4) == Array("0".utf8))
        #expect(packet.headerExtension?.element(id: 3) == [0x00, 0x02])
        // One octet less padding leaves one octet of payload: no longer padding-only.
        var oneShort = header + padding
        oneShort[oneShort.count - 1] = 254
        let notOnly = try RTPPacket(parsing: oneShort)
        #expect(!notOnly.isPaddingOnly)
        #expect(notOnly.payload == [0])
    }

    @Test("a padding count of 0 or beyond the payload is malformed")
    func invalidPadding() {
        let header: [UInt8] = [0xA0, 0x6F, 0x00, 0x10, 0x00, 0x00, 0x03, 0xC0, 0xCA, 0xFE, 0xBA, 0xBE]
        #expect(throws: RTPError.invalidPadding(count: 0, available: 4)) { try RTPPacket(parsing: header + [1, 2, 3, 0]) }
        #expect(throws: RTPError.invalidPadding(count: 5, available: 4)) { try RTPPacket(parsing: header + [1, 2, 3, 5]) }
        // The count cannot reach back into the CSRC list or extension either.
        let withCSRC: [UInt8] = [0xA1] + header.dropFirst() + [0, 0, 0, 1] + [2]
        #expect(throws: RTPError.invalidPadding(count: 2, available: 1)) { try RTPPacket(parsing: withCSRC) }
        // P bit on a bare header: nothing to count with.
        #expect(throws: RTPError.invalidPadding(count: 0xBE, available: 0)) { try RTPPacket(parsing: header) }
    }

    @Test("structural errors: length, version, CSRC list, extension")
    func structuralErrors() {
        let header: [UInt8] = [0x80, 0x6F, 0x00, 0x10, 0x00, 0x00, 0x03, 0xC0, 0xCA, 0xFE, 0xBA, 0xBE]
        #expect(throws: RTPError.tooShort(count: 11)) { try RTPPacket(parsing: Array(header.prefix(11))) }
        #expect(throws: RTPError.tooShort(count: 0)) { try RTPPacket(parsing: []) }
        #expect(throws: RTPError.unsupportedVersion(1)) { try RTPPacket(parsing: [0x40] + header.dropFirst()) }
        #expect(throws: RTPError.unsupportedVersion(0)) { try RTPPacket(parsing: [0x00] + header.dropFirst()) }
        #expect(throws: RTPError.csrcListOverrun(csrcCount: 2)) {
            try RTPPacket(parsing: [0x82] + header.dropFirst() + [0, 0, 0, 1, 0, 0, 0])
        }
        #expect(throws: RTPError.headerExtensionOverrun) { try RTPPacket(parsing: [0x90] + header.dropFirst() + [0xBE, 0xDE, 0x00]) }
        #expect(throws: RTPError.headerExtensionOverrun) {
            try RTPPacket(parsing: [0x90] + header.dropFirst() + [0xBE, 0xDE, 0x00, 0x02, 1, 2, 3, 4])
        }
        #expect((try? RTPPacket(parsing: header)) != nil, "a bare 12-octet header is a packet with no payload")
    }
}

@Suite("RTP header extension elements (RFC 8285)")
struct RTPHeaderExtensionTests {
    @Test("one-byte elements: ID and length-minus-one nibbles, zero octets are padding, ID 15 stops")
    func oneByte() {
        let data: [UInt8] = [0x00, 0x21, 0xAA, 0xBB, 0x00, 0x00, 0x30, 0xCC, 0xF0, 0x11, 0x22]
        let ext = RTPHeaderExtension(profile: 0xBEDE, data: data)
        #expect(ext.elements == [.init(id: 2, data: [0xAA, 0xBB]), .init(id: 3, data: [0xCC])])
        #expect(ext.element(id: 3) == [0xCC])
        #expect(ext.element(id: 1) == nil)
        // An element running past the data, or a non-zero octet with ID 0, is malformed.
        #expect(RTPHeaderExtension(profile: 0xBEDE, data: [0x13, 0x01]).elements == nil)
        #expect(RTPHeaderExtension(profile: 0xBEDE, data: [0x05, 0x01]).elements == nil)
        // Another profile is not RFC 8285 at all.
        #expect(RTPHeaderExtension(profile: 0xABAC, data: data).elements == nil)
    }

    @Test("two-byte elements: ID octet, length octet (zero allowed), application bits in the profile")
    func twoByte() {
        let data: [UInt8] = [0x00, 0x05, 0x00, 0xFF, 0x02, 0x01, 0x02, 0x00]
        let ext = RTPHeaderExtension(profile: 0x1003, data: data)
        #expect(ext.elements == [.init(id: 5, data: []), .init(id: 255, data: [1, 2])])
        #expect(RTPHeaderExtension(profile: 0x1000, data: [0x05, 0x03, 0x01]).elements == nil)
        let built = RTPHeaderExtension(twoByteElements: [.init(id: 5, data: []), .init(id: 255, data: [1, 2])], applicationBits: 3)
        #expect(built?.profile == 0x1003)
        #expect(built?.elements == ext.elements)
    }

    @Test("the one-byte form refuses what it cannot carry")
    func oneByteLimits() {
        #expect(RTPHeaderExtension(oneByteElements: [.init(id: 0, data: [1])]) == nil)
        #expect(RTPHeaderExtension(oneByteElements: [.init(id: 15, data: [1])]) == nil)
        #expect(RTPHeaderExtension(oneByteElements: [.init(id: 1, data: [])]) == nil)
        #expect(RTPHeaderExtension(oneByteElements: [.init(id: 1, data: Array(repeating: 0, count: 17))]) == nil)
        let sixteen = RTPHeaderExtension(oneByteElements: [.init(id: 14, data: Array(repeating: 7, count: 16))])
        #expect(sixteen?.data.first == 0xEF)
        #expect(RTPHeaderExtension(twoByteElements: [.init(id: 0, data: [])]) == nil)
        #expect(RTPHeaderExtension(twoByteElements: [.init(id: 1, data: Array(repeating: 0, count: 256))]) == nil)
    }

    @Test("extension data is padded to whole words with zeros, which parse as padding")
    func wordPadding() throws {
        let ext = try #require(RTPHeaderExtension(oneByteElements: [.init(id: 1, data: [0x87])]))
        #expect(ext.data == [0x10, 0x87, 0x00, 0x00])
        let packet = RTPPacket(payloadType: 111, sequenceNumber: 1, timestamp: 2, ssrc: 3, headerExtension: ext, payload: [9])
        let bytes = packet.serialized()
        #expect(Array(bytes[12..<21]) == [0xBE, 0xDE, 0x00, 0x01, 0x10, 0x87, 0x00, 0x00, 0x09])
        #expect(try RTPPacket(parsing: bytes) == packet)
        // Hand-made data that is not whole words is padded by the serialiser instead.
        let ragged = RTPPacket(payloadType: 111, sequenceNumber: 1, timestamp: 2, ssrc: 3,
                               headerExtension: RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 0x87]), payload: [9])
        #expect(ragged.serialized() == bytes)
    }
}
