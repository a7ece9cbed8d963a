import Testing
@testable import ParleyRTC
import ParleyTestSupport

@Suite("STUN Binding convenience constructors")
struct STUNBindingTests {
    static let transactionID: STUNTransactionID = {
        var random = SplitMix64(seed: 42)
        return .random(using: &random)
    }()

    @Test("ICE Binding request carries the RFC 8445 attributes", arguments: [false, true], [false, true])
    func request(controlling: Bool, useCandidate: Bool) throws {
        let message = STUNMessage.iceBindingRequest(
            transactionID: Self.transactionID, localUfrag: "kn8l", remoteUfrag: "d252d9e7",
            priority: 0x6e7f_1eff, controlling: controlling, tieBreaker: 0, useCandidate: useCandidate)
        let key = STUNIntegrity.shortTermKey(password: "cbda9b249954895016b881a0a20f10a5")
        let decoded = try STUNMessage.decode(message.encode(integrityKey: key, fingerprint: true))
        #expect(decoded.type == .bindingRequest)
        #expect(decoded.username == "d252d9e7:kn8l")
        #expect(decoded.priority == 0x6e7f_1eff)
        #expect(decoded.iceControlling == (controlling ? 0 : nil))
        #expect(decoded.iceControlled == (controlling ? nil : 0))
        #expect(decoded.useCandidate == useCandidate)
        #expect(decoded.verifyIntegrity(key: key))
        #expect(decoded.verifyFingerprint())
    }

    @Test("error responses for the codes ICE answers with", arguments: [
        STUNErrorCode.badRequest, .unauthorized, .unknownAttribute, .roleConflict,
    ])
    func errorResponse(errorCode: STUNErrorCode) throws {
        let message = STUNMessage.bindingErrorResponse(transactionID: Self.transactionID, errorCode: errorCode)
        let decoded = try STUNMessage.decode(message.encode(fingerprint: true))
        #expect(decoded.type == .bindingErrorResponse)
        #expect(decoded.transactionID == Self.transactionID)
        #expect(decoded.errorCode == errorCode)
        #expect(decoded.verifyFingerprint())
        // ERROR-CODE on the wire: class in byte 2, number in byte 3 (RFC 8489 §14.8).
        let bytes = message.encode()
        #expect(bytes[20...21] == [0x00, 0x09])
        #expect(bytes[26] == UInt8(errorCode.code / 100))
        #expect(bytes[27] == UInt8(errorCode.code % 100))
    }

    @Test("success response XORs the mapped address, IPv4 and IPv6",
          arguments: ["127.0.0.1:46914", "[::1]:35461", "[2001:db8::ffff:1]:1"])
    func successResponse(address text: String) throws {
        let address = try #require(TransportAddress(text))
        let message = STUNMessage.bindingSuccessResponse(transactionID: Self.transactionID, mappedAddress: address)
        let bytes = message.encode()
        let decoded = try STUNMessage.decode(bytes)
        #expect(decoded.xorMappedAddress == address)
        // The port on the wire is XOR-ed with the cookie's top 16 bits, never in the clear.
        #expect(UInt16(bytes[26]) << 8 | UInt16(bytes[27]) == address.port ^ 0x2112)
    }

    @Test("RFC 7983 first-byte demultiplexing")
    func demux() {
        for byte in UInt8.min...UInt8.max {
            #expect(STUNMessage.isSTUN(firstByte: byte) == (byte <= 3))
        }
        #expect(!STUNMessage.looksLikeSTUN([0x16, 0xfe, 0xfd]))
        #expect(!STUNMessage.looksLikeSTUN(Array(repeating: 0, count: 20)))
    }
}
