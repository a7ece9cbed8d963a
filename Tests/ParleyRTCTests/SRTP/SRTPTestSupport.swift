import Testing
@testable import ParleyRTC

enum SRTPTestKeys {
    /// Keys from a real DTLS handshake in which the client offers only `profile`.
    static func fromHandshake(_ profile: SRTPProtectionProfile) throws -> (client: SRTPKeyingMaterial, server: SRTPKeyingMaterial) {
        let link = try DTLSTestLink.make(clientProfiles: [profile])
        link.handshake()
        let outcome: Comment = "client \(link.client.state) \(link.clientEvents), server \(link.server.state) \(link.serverEvents)"
        let client = try #require(DTLSTestLink.connectedKeys(link.clientEvents).first, outcome)
        let server = try #require(DTLSTestLink.connectedKeys(link.serverEvents).first, outcome)
        try #require(client.1 == profile)
        return (client.0, server.0)
    }

    static func sessions(_ profile: SRTPProtectionProfile) throws -> (client: SRTPSession, server: SRTPSession) {
        let keys = try fromHandshake(profile)
        return (try SRTPSession(keyingMaterial: keys.client), try SRTPSession(keyingMaterial: keys.server))
    }
}

enum SRTPTestPackets {
    /// An RTP packet (RFC 3550 §5.1): version 2, Opus PT 111, 20 ms of 48 kHz timestamps.
    static func rtp(sequence: UInt16, ssrc: UInt32 = 0x1234_5678, payload: [UInt8]? = nil) -> [UInt8] {
        let timestamp = UInt32(sequence) &* 960
        let body = payload ?? (0..<60).map { UInt8(truncatingIfNeeded: Int($0) &+ Int(sequence)) }
        return [0x80, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
            + bigEndian(timestamp) + bigEndian(ssrc) + body
    }

    /// A receiver report with one report block (RFC 3550 §6.4.2), 32 bytes.
    static func receiverReport(ssrc: UInt32 = 0x0BAD_CAFE, about source: UInt32 = 0x1234_5678, lost: UInt8 = 3) -> [UInt8] {
        [0x81, 201, 0, 7] + bigEndian(ssrc) + bigEndian(source)
            + [lost, 0, 0, lost] + bigEndian(1000) + bigEndian(20) + bigEndian(0) + bigEndian(0)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Authentication tag length per profile (RFC 3711 §4.2: 80 bits; RFC 7714 §7: 16 octets).
    static func tagLength(_ profile: SRTPProtectionProfile) -> Int {
        switch profile {
        case .aes128CmHmacSha1_80: 10
        case .aeadAes128Gcm: 16
        }
    }
}
