import Testing
@testable import ParleyRTC

@Suite("SRTP sessions keyed by a real DTLS handshake")
struct SRTPSessionTests {
    @Test("RTP protected by one side is accepted by the other, both ways", arguments: SRTPProtectionProfile.allCases)
    func rtpRoundTrip(profile: SRTPProtectionProfile) throws {
        let (client, server) = try SRTPTestKeys.sessions(profile)
        for sequence in UInt16(1)...20 {
            let packet = SRTPTestPackets.rtp(sequence: sequence)
            let protected = try client.protectRTP(packet)
            #expect(protected.count == packet.count + SRTPTestPackets.tagLength(profile))
            #expect(Array(protected.prefix(12)) == Array(packet.prefix(12)), "the header stays in the clear")
            #expect(Array(protected[12..<packet.count]) != Array(packet[12...]), "the payload is encrypted")
            #expect(try server.unprotectRTP(protected) == packet)

            let reply = SRTPTestPackets.rtp(sequence: sequence, ssrc: 0xCAFE_F00D)
            #expect(try client.unprotectRTP(try server.protectRTP(reply)) == reply)
        }
        #expect(client.statistics.rtpProtected == 20)
        #expect(server.statistics.rtpUnprotected == 20)
        #expect(server.statistics.authenticationFailures == 0)
    }

    @Test("RTCP protected by one side is accepted by the other", arguments: SRTPProtectionProfile.allCases)
    func rtcpRoundTrip(profile: SRTPProtectionProfile) throws {
        let (client, server) = try SRTPTestKeys.sessions(profile)
        let report = SRTPTestPackets.receiverReport()
        let protected = try client.protectRTCP(report)
        // Tag plus the 4-byte E flag and SRTCP index (RFC 3711 §3.4).
        #expect(protected.count == report.count + 4 + SRTPTestPackets.tagLength(profile))
        #expect(Array(protected[8..<report.count]) != Array(report[8...]))
        #expect(try server.unprotectRTCP(protected) == report)
        #expect(throws: SRTPError.replay) { try server.unprotectRTCP(protected) }

        let second = try client.protectRTCP(SRTPTestPackets.receiverReport(lost: 9))
        var tampered = second
        tampered[10] ^= 0x01
        #expect(throws: SRTPError.authenticationFailed) { try server.unprotectRTCP(tampered) }
        #expect(try server.unprotectRTCP(second) == SRTPTestPackets.receiverReport(lost: 9))
        #expect(server.statistics.rtcpUnprotected == 2)
        #expect(server.statistics.replays == 1)
        #expect(server.statistics.authenticationFailures == 1)
    }

    @Test("a flipped bit anywhere fails authentication and is counted", arguments: SRTPProtectionProfile.allCases)
    func flippedBit(profile: SRTPProtectionProfile) throws {
        let (client, server) = try SRTPTestKeys.sessions(profile)
        let protected = try client.protectRTP(SRTPTestPackets.rtp(sequence: 7))
        // In the header (sequence number), the payload and the tag.
        let positions = [3, 20, protected.count - 1]
        for position in positions {
            var tampered = protected
            tampered[position] ^= 0x04
            #expect(throws: SRTPError.authenticationFailed) { try server.unprotectRTP(tampered) }
        }
        #expect(server.statistics.authenticationFailures == positions.count)
        #expect(server.statistics.rtpUnprotected == 0)
        // The genuine packet still gets through: failures leave no trace in the replay window.
        #expect(try server.unprotectRTP(protected) == SRTPTestPackets.rtp(sequence: 7))
    }

    @Test("the same packet twice is a replay, dropped and counted", arguments: SRTPProtectionProfile.allCases)
    func replay(profile: SRTPProtectionProfile) throws {
        let (client, server) = try SRTPTestKeys.sessions(profile)
        let protected = try client.protectRTP(SRTPTestPackets.rtp(sequence: 100))
        _ = try server.unprotectRTP(protected)
        #expect(throws: SRTPError.replay) { try server.unprotectRTP(protected) }
        #expect(throws: SRTPError.replay) { try server.unprotectRTP(protected) }
        #expect(server.statistics.replays == 2)
        #expect(server.statistics.rtpUnprotected == 1)
    }

    @Test("reordering inside the window is accepted; a packet behind it is refused")
    func replayWindow() throws {
        let (client, server) = try SRTPTestKeys.sessions(.aeadAes128Gcm)
        let early = try client.protectRTP(SRTPTestPackets.rtp(sequence: 10))
        let first = try client.protectRTP(SRTPTestPackets.rtp(sequence: 11))
        let second = try client.protectRTP(SRTPTestPackets.rtp(sequence: 12))
        _ = try server.unprotectRTP(second)
        _ = try server.unprotectRTP(first)
        let late = UInt16(12 + SRTPSession.replayWindowSize + 5)
        _ = try server.unprotectRTP(try client.protectRTP(SRTPTestPackets.rtp(sequence: late)))
        #expect(throws: SRTPError.replay) { try server.unprotectRTP(early) }
        #expect(server.statistics.rtpUnprotected == 3)
    }

    @Test("the sender may protect the same packet again (a retransmission)")
    func repeatedTransmission() throws {
        let (client, server) = try SRTPTestKeys.sessions(.aes128CmHmacSha1_80)
        let packet = SRTPTestPackets.rtp(sequence: 500)
        let once = try client.protectRTP(packet)
        let twice = try client.protectRTP(packet)
        #expect(once == twice)
        _ = try server.unprotectRTP(once)
        #expect(throws: SRTPError.replay) { try server.unprotectRTP(twice) }
    }

    @Test("a side cannot read its own packets: each direction has its own key", arguments: SRTPProtectionProfile.allCases)
    func directionsDiffer(profile: SRTPProtectionProfile) throws {
        let (client, _) = try SRTPTestKeys.sessions(profile)
        let protected = try client.protectRTP(SRTPTestPackets.rtp(sequence: 1))
        #expect(throws: SRTPError.authenticationFailed) { try client.unprotectRTP(protected) }
    }

    @Test("keys of another handshake do not open the packets")
    func otherHandshake() throws {
        let first = try SRTPTestKeys.sessions(.aeadAes128Gcm)
        let second = try SRTPTestKeys.sessions(.aeadAes128Gcm)
        let protected = try first.client.protectRTP(SRTPTestPackets.rtp(sequence: 1))
        #expect(throws: SRTPError.authenticationFailed) { try second.server.unprotectRTP(protected) }
    }
}
