import Testing
@testable import ParleyRTC

@Suite("DTLS-SRTP keying material layout")
struct SRTPKeyingMaterialTests {
    /// RFC 5764 §4.2: client_write_SRTP_master_key | server_write_SRTP_master_key |
    /// client_write_SRTP_master_salt | server_write_SRTP_master_salt.
    @Test("exporter output splits into client and server keys and salts", arguments: SRTPProtectionProfile.allCases)
    func layout(profile: SRTPProtectionProfile) throws {
        let keyLength = profile.masterKeyLength
        let saltLength = profile.masterSaltLength
        let exported = (0..<SRTPKeyingMaterial.exportLength(for: profile)).map { UInt8($0) }
        let clientKey = Array(exported[0..<keyLength])
        let serverKey = Array(exported[keyLength..<2 * keyLength])
        let clientSalt = Array(exported[2 * keyLength..<2 * keyLength + saltLength])
        let serverSalt = Array(exported[(2 * keyLength + saltLength)...])
        #expect(serverSalt.count == saltLength)

        let client = try #require(SRTPKeyingMaterial(profile: profile, exported: exported, role: .client))
        #expect(client.localMasterKey == clientKey)
        #expect(client.localMasterSalt == clientSalt)
        #expect(client.remoteMasterKey == serverKey)
        #expect(client.remoteMasterSalt == serverSalt)

        let server = try #require(SRTPKeyingMaterial(profile: profile, exported: exported, role: .server))
        #expect(server.localMasterKey == serverKey)
        #expect(server.localMasterSalt == serverSalt)
        #expect(server.remoteMasterKey == clientKey)
        #expect(server.remoteMasterSalt == clientSalt)

        #expect(SRTPKeyingMaterial(profile: profile, exported: Array(exported.dropLast()), role: .client) == nil)
    }

    @Test("export lengths: 60 bytes for AES128_CM_HMAC_SHA1_80, 56 for AEAD_AES_128_GCM")
    func exportLengths() {
        #expect(SRTPKeyingMaterial.exportLength(for: .aes128CmHmacSha1_80) == 2 * (16 + 14))
        #expect(SRTPKeyingMaterial.exportLength(for: .aeadAes128Gcm) == 2 * (16 + 12))
    }

    @Test("descriptions never show key bytes")
    func redacted() throws {
        let keys = try #require(SRTPKeyingMaterial(profile: .aeadAes128Gcm, exported: [UInt8](repeating: 0xAB, count: 56), role: .client))
        #expect(!keys.description.contains("171"))
        #expect(!keys.description.lowercased().contains("ab, "))
    }
}
