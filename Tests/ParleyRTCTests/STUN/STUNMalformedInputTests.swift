import Testing
@testable import ParleyRTC
import ParleyTestSupport

/// Decoding untrusted bytes must end in a message or a thrown STUNError, never a trap.
@Suite("STUN malformed input")
struct STUNMalformedInputTests {
    /// Valid messages to damage: the RFC 5769 vectors and every captured browser datagram.
    static func seeds() throws -> [[UInt8]] {
        var seeds = try RFC5769.all()
        for name in STUNCaptureFixture.names {
            seeds += try STUNCaptureFixture.load(name).datagrams.map(\.bytes)
        }
        return seeds
    }

    static let transactionID: [UInt8] = Array(repeating: 0x11, count: 12)

    /// A header (Binding request, given body length) followed by `body`.
    static func message(body: [UInt8], declaredLength: Int? = nil, type: UInt16 = 0x0001) -> [UInt8] {
        let length = declaredLength ?? body.count
        return [UInt8(type >> 8), UInt8(type & 0xFF), UInt8(length >> 8), UInt8(length & 0xFF),
                0x21, 0x12, 0xA4, 0x42] + transactionID + body
    }

    @Test("every truncation of a valid message is rejected")
    func truncations() throws {
        for seed in try Self.seeds() {
            for length in 0..<seed.count {
                #expect(throws: STUNError.self) { try STUNMessage.decode(Array(seed.prefix(length))) }
            }
        }
    }

    @Test("truncations with the header length patched to match decode or throw, never trap")
    func patchedTruncations() throws {
        var decodedCount = 0
        for seed in try Self.seeds() {
            for length in stride(from: 20, to: seed.count, by: 4) {
                var bytes = Array(seed.prefix(length))
                STUNWire.setMessageLength(length - 20, in: &bytes)
                if let message = try? STUNMessage.decode(bytes) {
                    decodedCount += 1
                    // Cutting before FINGERPRINT's end means there is none left to pass.
                    #expect(!message.verifyFingerprint())
                }
            }
        }
        // Cuts on attribute boundaries decode: the test does reach the success path.
        #expect(decodedCount > 50)
    }

    @Test("specific structural faults throw the matching error")
    func structuralFaults() {
        #expect(throws: STUNError.tooShort(count: 0)) { try STUNMessage.decode([]) }
        #expect(throws: STUNError.tooShort(count: 19)) { try STUNMessage.decode(Array(Self.message(body: []).prefix(19))) }
        #expect(throws: STUNError.leadingBitsNotZero) { try STUNMessage.decode(Self.message(body: [], type: 0x4001)) }
        #expect(throws: STUNError.leadingBitsNotZero) { try STUNMessage.decode(Self.message(body: [], type: 0x8001)) }
        var badCookie = Self.message(body: [])
        badCookie[7] = 0x43
        #expect(throws: STUNError.badMagicCookie) { try STUNMessage.decode(badCookie) }
        #expect(throws: STUNError.lengthNotMultipleOfFour(length: 2)) {
            try STUNMessage.decode(Self.message(body: [0, 0], declaredLength: 2))
        }
        #expect(throws: STUNError.lengthMismatch(declared: 8, actual: 4)) {
            try STUNMessage.decode(Self.message(body: [0x80, 0x22, 0, 0], declaredLength: 8))
        }
        #expect(throws: STUNError.lengthMismatch(declared: 0, actual: 4)) {
            try STUNMessage.decode(Self.message(body: [0x80, 0x22, 0, 0], declaredLength: 0))
        }
        // SOFTWARE claims 5 bytes (8 with padding) where only 4 follow.
        #expect(throws: STUNError.attributeOverrun(type: .software)) {
            try STUNMessage.decode(Self.message(body: [0x80, 0x22, 0x00, 0x05, 0x61, 0x62, 0x63, 0x64]))
        }
        #expect(throws: STUNError.attributeOverrun(type: .username)) {
            try STUNMessage.decode(Self.message(body: [0x00, 0x06, 0xFF, 0xFF]))
        }
    }

    @Test("malformed comprehension-required attributes are errors", arguments: [
        [0x00, 0x24, 0x00, 0x03, 1, 2, 3, 0],                  // PRIORITY of 3 bytes
        [0x00, 0x25, 0x00, 0x04, 1, 2, 3, 4],                  // USE-CANDIDATE with a value
        [0x00, 0x20, 0x00, 0x08, 0x00, 0x03, 0, 0, 1, 2, 3, 4], // XOR-MAPPED-ADDRESS, family 3
        [0x00, 0x01, 0x00, 0x08, 0x00, 0x02, 0, 0, 1, 2, 3, 4], // MAPPED-ADDRESS, IPv6 family, 4 bytes
        [0x00, 0x06, 0x00, 0x02, 0xC3, 0x28, 0, 0],            // USERNAME, invalid UTF-8
        [0x00, 0x09, 0x00, 0x04, 0, 0, 0x02, 0x00],            // ERROR-CODE class 2
        [0x00, 0x09, 0x00, 0x04, 0, 0, 0x04, 100],             // ERROR-CODE number 100
        [0x00, 0x0A, 0x00, 0x03, 0, 1, 2, 0],                  // UNKNOWN-ATTRIBUTES odd length
        [0x00, 0x08, 0x00, 0x04, 1, 2, 3, 4],                  // MESSAGE-INTEGRITY of 4 bytes
        [0x00, 0x1C, 0x00, 0x0C] + Array(repeating: 0, count: 12), // MESSAGE-INTEGRITY-SHA256 too short
    ] as [[UInt8]])
    func malformedRequired(body: [UInt8]) {
        let type = STUNAttributeType(rawValue: UInt16(body[0]) << 8 | UInt16(body[1]))
        #expect(throws: STUNError.malformedAttribute(type: type)) { try STUNMessage.decode(Self.message(body: body)) }
    }

    @Test("malformed comprehension-optional attributes are kept as unknown", arguments: [
        [0x80, 0x29, 0x00, 0x04, 1, 2, 3, 4],                  // ICE-CONTROLLED of 4 bytes
        [0x80, 0x2A, 0x00, 0x00],                              // ICE-CONTROLLING empty
        [0x80, 0x22, 0x00, 0x01, 0xFF, 0, 0, 0],               // SOFTWARE, invalid UTF-8
    ] as [[UInt8]])
    func malformedOptional(body: [UInt8]) throws {
        let type = STUNAttributeType(rawValue: UInt16(body[0]) << 8 | UInt16(body[1]))
        let length = Int(body[3])
        let message = try STUNMessage.decode(Self.message(body: body))
        #expect(message.attributes == [.unknown(type: type, value: Array(body[4..<(4 + length)]))])
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)
    }

    @Test("FINGERPRINT must be last and 4 bytes long")
    func fingerprintPlacement() {
        let fingerprint: [UInt8] = [0x80, 0x28, 0x00, 0x04, 1, 2, 3, 4]
        #expect(throws: STUNError.attributeAfterFingerprint(type: .priority)) {
            try STUNMessage.decode(Self.message(body: fingerprint + [0x00, 0x24, 0x00, 0x04, 0, 0, 0, 1]))
        }
        #expect(throws: STUNError.malformedAttribute(type: .fingerprint)) {
            try STUNMessage.decode(Self.message(body: [0x80, 0x28, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8]))
        }
    }

    @Test("attributes after MESSAGE-INTEGRITY are ignored, FINGERPRINT still counts")
    func afterIntegrity() throws {
        let key = STUNIntegrity.shortTermKey(password: "pass")
        var bytes = STUNMessage(type: .bindingRequest, transactionID: try #require(STUNTransactionID(bytes: Self.transactionID)),
                                attributes: [.username("u:v")]).encode(integrityKey: key)
        // PRIORITY and an unknown comprehension-required type after the MAC do not count.
        bytes += [0x00, 0x24, 0x00, 0x04, 0, 0, 0, 9, 0x7F, 0x00, 0x00, 0x00]
        STUNWire.setMessageLength(bytes.count - 20, in: &bytes)
        let message = try STUNMessage.decode(bytes)
        #expect(message.attributes.map(\.type) == [.username, .messageIntegrity])
        #expect(message.priority == nil)
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)
        // The MAC was computed with the length ending at MESSAGE-INTEGRITY: still valid.
        #expect(message.verifyIntegrity(key: key))
    }

    @Test("thousands of seeded random mutations decode or throw; what decodes re-encodes consistently")
    func randomMutations() throws {
        let seeds = try Self.seeds()
        var random = SplitMix64(seed: 0x2112_A442)
        var decoded = 0
        let cases = 20_000
        for _ in 0..<cases {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0...(random.next() % 4) {
                Self.mutate(&bytes, using: &random)
            }
            // Mostly keep the header length honest, or nearly everything stops at the length check.
            if random.next() % 4 != 0, bytes.count >= 20 {
                STUNWire.setMessageLength(bytes.count - 20, in: &bytes)
            }
            guard let message = try? STUNMessage.decode(bytes) else { continue }
            decoded += 1
            _ = message.verifyIntegrity(key: [1, 2, 3])
            _ = message.verifyIntegritySHA256(key: [1, 2, 3])
            _ = message.verifyFingerprint()
            let reencoded = message.encode(integrityKey: [4, 5, 6], fingerprint: true)
            let again = try STUNMessage.decode(reencoded)
            #expect(again.attributes.filter { ![.messageIntegrity, .messageIntegritySHA256, .fingerprint].contains($0.type) }
                    == message.attributes.filter { ![.messageIntegrity, .messageIntegritySHA256, .fingerprint].contains($0.type) })
            #expect(again.verifyIntegrity(key: [4, 5, 6]))
            #expect(again.verifyFingerprint())
        }
        // The mutations must reach the attribute parser, not die at the header every time.
        #expect(decoded > cases / 20)
    }

    static func mutate(_ bytes: inout [UInt8], using random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        switch random.next() % 6 {
        case 0 where !bytes.isEmpty:
            bytes[position] ^= UInt8(1) << UInt8(random.next() % 8)
        case 1 where !bytes.isEmpty:
            bytes[position] = UInt8(truncatingIfNeeded: random.next())
        case 2:
            // Insert a 4-byte block so alignment is kept and parsing goes deeper.
            let block = (0..<4).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: block, at: min(position & ~3, bytes.count))
        case 3 where bytes.count >= 4:
            let start = min(position & ~3, bytes.count - 4)
            bytes.removeSubrange(start..<(start + 4))
        case 4:
            bytes = Array(bytes.prefix(position))
        default:
            // An attribute length field somewhere: set it to something interesting.
            if bytes.count >= 24 {
                let attribute = 20 + (position & ~3) % (bytes.count - 20)
                let lengths: [UInt16] = [0, 1, 3, 4, 8, 20, 0xFFFF, UInt16(truncatingIfNeeded: random.next())]
                let length = lengths[Int(random.next() % UInt64(lengths.count))]
                if attribute + 4 <= bytes.count {
                    bytes[attribute + 2] = UInt8(length >> 8)
                    bytes[attribute + 3] = UInt8(length & 0xFF)
                }
            }
        }
    }
}
