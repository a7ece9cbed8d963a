import Testing
@testable import ParleyRTC

/// RFC 5769 test vectors: decode every field, check MESSAGE-INTEGRITY and FINGERPRINT, and
/// re-encode to the same bytes.
@Suite("RFC 5769 test vectors")
struct RFC5769Tests {
    let transactionID = STUNTransactionID(bytes: [0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae])

    @Test("2.1 sample request")
    func sampleRequest() throws {
        let bytes = try STUNTestData.bytes(hex: RFC5769.sampleRequest)
        let message = try STUNMessage.decode(bytes)

        #expect(message.type == .bindingRequest)
        #expect(message.transactionID == transactionID)
        #expect(message.software == "STUN test client")
        #expect(message.priority == 0x6e00_01ff)
        #expect(message.iceControlled == 0x932f_f9b1_5126_3b36)
        #expect(message.iceControlling == nil)
        #expect(message.username == "evtj:h6vY")
        #expect(message.attributes.map(\.type) == [.software, .priority, .iceControlled, .username, .messageIntegrity, .fingerprint])
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)

        #expect(message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: RFC5769.password)))
        #expect(!message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: "VOkJxbRl1RmTxUk/WvJxBu")))
        #expect(!message.verifyIntegrity(key: []))
        #expect(message.verifyFingerprint())

        let reencoded = message.encode(integrityKey: STUNIntegrity.shortTermKey(password: RFC5769.password),
                                       fingerprint: true, paddingByte: 0x20)
        #expect(reencoded == bytes)
    }

    @Test("2.2 sample IPv4 response")
    func ipv4Response() throws {
        let bytes = try STUNTestData.bytes(hex: RFC5769.ipv4Response)
        let message = try STUNMessage.decode(bytes)

        #expect(message.type == .bindingSuccessResponse)
        #expect(message.transactionID == transactionID)
        #expect(message.software == "test vector")
        #expect(message.xorMappedAddress == TransportAddress(ip: .v4(0xC000_0201), port: 32853))
        #expect(message.xorMappedAddress?.description == "192.0.2.1:32853")
        #expect(message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: RFC5769.password)))
        #expect(!message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: "wrong")))
        #expect(message.verifyFingerprint())

        let reencoded = message.encode(integrityKey: STUNIntegrity.shortTermKey(password: RFC5769.password),
                                       fingerprint: true, paddingByte: 0x20)
        #expect(reencoded == bytes)
    }

    @Test("2.3 sample IPv6 response")
    func ipv6Response() throws {
        let bytes = try STUNTestData.bytes(hex: RFC5769.ipv6Response)
        let message = try STUNMessage.decode(bytes)

        #expect(message.type == .bindingSuccessResponse)
        #expect(message.transactionID == transactionID)
        #expect(message.software == "test vector")
        let expected = try #require(TransportAddress("[2001:db8:1234:5678:11:2233:4455:6677]:32853"))
        #expect(message.xorMappedAddress == expected)
        #expect(message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: RFC5769.password)))
        #expect(!message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: "wrong")))
        #expect(message.verifyFingerprint())

        let reencoded = message.encode(integrityKey: STUNIntegrity.shortTermKey(password: RFC5769.password),
                                       fingerprint: true, paddingByte: 0x20)
        #expect(reencoded == bytes)
    }

    @Test("2.4 sample request with long-term authentication")
    func longTermRequest() throws {
        let bytes = try STUNTestData.bytes(hex: RFC5769.longTermRequest)
        let message = try STUNMessage.decode(bytes)

        let username = "\u{30DE}\u{30C8}\u{30EA}\u{30C3}\u{30AF}\u{30B9}"
        #expect(message.type == .bindingRequest)
        #expect(message.transactionID == STUNTransactionID(bytes: [0x78, 0xad, 0x34, 0x33, 0xc6, 0xad, 0x72, 0xc0, 0x29, 0xda, 0x41, 0x2e]))
        #expect(message.username == username)
        #expect(message.nonce == "f//499k954d6OL34oL9FSTvy64sA")
        #expect(message.realm == "example.org")
        #expect(message.fingerprint == nil)
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)

        // The RFC's password is "The<U+00AD>M<U+00AA>tr<U+2168>"; SASLprep turns it into "TheMatrIX".
        let key = STUNIntegrity.longTermKey(username: username, realm: "example.org", password: "TheMatrIX")
        #expect(message.verifyIntegrity(key: key))
        let unprepared = STUNIntegrity.longTermKey(username: username, realm: "example.org", password: "The\u{00AD}M\u{00AA}tr\u{2168}")
        #expect(!message.verifyIntegrity(key: unprepared))
        #expect(!message.verifyFingerprint())

        // Zero padding here, so the public encoder reproduces it exactly.
        #expect(message.encode(integrityKey: key, fingerprint: false) == bytes)
    }

    @Test("CRC-32 check value (ITU-T V.42) underlying FINGERPRINT")
    func crcCheckValue() {
        #expect(STUNFingerprint.CRC32.checksum(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        #expect(STUNFingerprint.CRC32.checksum([][...]) == 0)
    }

    @Test("a changed FINGERPRINT value fails, integrity still holds")
    func wrongFingerprint() throws {
        var bytes = try STUNTestData.bytes(hex: RFC5769.sampleRequest)
        bytes[bytes.count - 1] ^= 0x01
        let message = try STUNMessage.decode(bytes)
        #expect(!message.verifyFingerprint())
        #expect(message.verifyIntegrity(key: STUNIntegrity.shortTermKey(password: RFC5769.password)))
    }

    @Test("every single-bit flip of a vector is caught", arguments: [RFC5769.sampleRequest, RFC5769.ipv4Response, RFC5769.ipv6Response])
    func bitFlips(vector: String) throws {
        let original = try STUNTestData.bytes(hex: vector)
        let key = STUNIntegrity.shortTermKey(password: RFC5769.password)
        // MESSAGE-INTEGRITY ends where FINGERPRINT (8 bytes) starts; a flip in FINGERPRINT's own
        // value breaks it by changing the expected CRC.
        let integrityEnd = original.count - 8
        for bit in 0..<(original.count * 8) {
            var bytes = original
            bytes[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
            guard let message = try? STUNMessage.decode(bytes) else { continue }
            #expect(!message.verifyFingerprint(), "bit \(bit)")
            if bit / 8 < integrityEnd {
                #expect(!message.verifyIntegrity(key: key), "bit \(bit)")
            }
        }
    }
}
