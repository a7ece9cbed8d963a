import Testing
@testable import ParleyRTC
import ParleyTestSupport

@Suite("SRTP malformed input and bad keys")
struct SRTPMalformedInputTests {
    @Test("packets too short or with lying headers are refused before libsrtp", arguments: [
        [UInt8](),
        [0x80, 111, 0, 1],
        // Version 1.
        [0x40, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9],
        // 15 CSRCs announced, none present.
        [0x8F, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9],
        // Extension bit with no extension header.
        [0x90, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],
        // Extension of 0xFFFF words.
        [0x90, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0xFF, 0xFF, 1, 2, 3, 4],
    ])
    func malformedRTP(packet: [UInt8]) throws {
        let (client, server) = try SRTPTestKeys.sessions(.aes128CmHmacSha1_80)
        #expect(throws: SRTPError.malformedPacket) { try client.protectRTP(packet) }
        #expect(throws: SRTPError.malformedPacket) { try server.unprotectRTP(packet) }
        #expect(client.statistics.malformedPackets == 1)
        #expect(server.statistics.malformedPackets == 1)
    }

    @Test("short or non-version-2 RTCP is refused")
    func malformedRTCP() throws {
        let (client, server) = try SRTPTestKeys.sessions(.aeadAes128Gcm)
        for packet: [UInt8] in [[], [0x80, 200, 0], [0x00, 201, 0, 1, 0, 0, 0, 1]] {
            #expect(throws: SRTPError.malformedPacket) { try client.protectRTCP(packet) }
            #expect(throws: SRTPError.malformedPacket) { try server.unprotectRTCP(packet) }
        }
        // A valid header with no room for the SRTCP index and tag.
        #expect(throws: SRTPError.self) { try server.unprotectRTCP(SRTPTestPackets.receiverReport()) }
    }

    @Test("random input never crashes and is never accepted", arguments: SRTPProtectionProfile.allCases)
    func randomInput(profile: SRTPProtectionProfile) throws {
        let (_, server) = try SRTPTestKeys.sessions(profile)
        var random = SplitMix64(seed: UInt64(profile.rawValue))
        var refused = 0
        for _ in 0..<2_000 {
            var packet = random.bytes(Int.random(in: 0...300, using: &random))
            if !packet.isEmpty, Bool.random(using: &random) { packet[0] = 0x80 | (packet[0] & 0x3F) }
            do {
                _ = Bool.random(using: &random) ? try server.unprotectRTP(packet) : try server.unprotectRTCP(packet)
            } catch {
                refused += 1
            }
        }
        #expect(refused == 2_000)
        let stats = server.statistics
        #expect(stats.authenticationFailures + stats.malformedPackets + stats.replays + stats.otherFailures == 2_000)
        #expect(stats.authenticationFailures > 0)
    }

    @Test("keys that do not fit the profile are refused")
    func badKeyLengths() throws {
        let keys = SRTPKeyingMaterial(
            profile: .aeadAes128Gcm,
            localMasterKey: [UInt8](repeating: 1, count: 16), localMasterSalt: [UInt8](repeating: 2, count: 14),
            remoteMasterKey: [UInt8](repeating: 3, count: 16), remoteMasterSalt: [UInt8](repeating: 4, count: 12))
        #expect(throws: SRTPError.invalidKeyLength) { try SRTPSession(keyingMaterial: keys) }
    }
}
