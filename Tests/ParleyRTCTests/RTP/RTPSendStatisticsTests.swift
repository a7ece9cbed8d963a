import Testing
@testable import ParleyRTC

@Suite("RTP send statistics, NTP time and round-trip time")
struct RTPSendStatisticsTests {
    @Test("NTP timestamps from Unix time: the 1900 epoch, the binary fraction, the middle 32 bits")
    func ntpConversion() {
        #expect(NTPTimestamp(unixTime: 0) == NTPTimestamp(seconds: 2_208_988_800, fraction: 0))
        // RFC 3550 §6.4.1's example instant, 10 Nov 1995 11:33:25.125 UTC: LSR 0xb705:2000.
        let example = NTPTimestamp(unixTime: 816_003_205.125)
        #expect(example.seconds == 0xB44D_B705)
        #expect(example.fraction == 0x2000_0000)
        #expect(example.middle32Bits == 0xB705_2000)
        #expect(example.rawValue == 0xB44D_B705_2000_0000)
        #expect(NTPTimestamp(rawValue: example.rawValue) == example)
        #expect(NTPTimestamp(unixTime: 1.5).fraction == 0x8000_0000)
        #expect(example.unixTime == 816_003_205.125)
        #expect(NTPTimestamp(unixTime: 1_795_965_853.008415).unixTime.distance(to: 1_795_965_853.008415).magnitude < 1e-6)
    }

    @Test("after 2036 the seconds wrap into NTP era 1 and still read back (RFC 4330 §3)")
    func era() {
        // 2040-01-01T00:00:00Z
        let time = 2_208_988_800.0
        let ntp = NTPTimestamp(unixTime: time)
        #expect(ntp.seconds == UInt32(truncatingIfNeeded: Int64(time) + 2_208_988_800))
        #expect(ntp.seconds & 0x8000_0000 == 0)
        #expect(ntp.unixTime == time)
        #expect(NTPTimestamp(unixTime: .nan) == NTPTimestamp(rawValue: 0))
        #expect(NTPTimestamp(unixTime: .infinity) == NTPTimestamp(rawValue: 0))
        // A fraction that would round up to a whole second stays below it.
        #expect(NTPTimestamp(unixTime: 0.999_999_999_99).fraction == 0xFFFF_FFFF)
    }

    @Test("sender counts are packets and payload octets, without header or padding")
    func counts() throws {
        var statistics = RTPSendStatistics(ssrc: 3)
        #expect(statistics.makeSenderReport(now: 1000) == nil, "nothing sent: an RR is due, not an SR")
        var sequencer = RTPSequencer(ssrc: 3, payloadType: 111, initialSequenceNumber: 1, initialTimestamp: 1000)
        statistics.sent(sequencer.next(payload: Array(repeating: 1, count: 100), samples: 960), wallClock: 1000)
        var padded = sequencer.next(payload: Array(repeating: 2, count: 50), samples: 960)
        padded.paddingCount = 10
        padded.csrcs = [1, 2]
        statistics.sent(padded, wallClock: 1000.02)
        statistics.sent(sequencer.next(payload: [], samples: 960), wallClock: 1000.04)
        #expect(statistics.packetCount == 3)
        #expect(statistics.octetCount == 150)

        // The SR pairs "now" with the RTP time of the same instant: the last packet's timestamp
        // (1000 + 2 × 960) plus 0.5 s − 0.04 s at 48 kHz.
        let report = try #require(statistics.makeSenderReport(now: 1000.5))
        #expect(report.ssrc == 3)
        #expect(report.senderPacketCount == 3)
        #expect(report.senderOctetCount == 150)
        #expect(report.rtpTimestamp == 2920 + 22080)
        #expect(report.ntpTimestamp == NTPTimestamp(unixTime: 1000.5))
        // A clock that stepped back adds nothing rather than trapping.
        #expect(statistics.makeSenderReport(now: 999)?.rtpTimestamp == 2920)
    }

    @Test("round trip: SR out, report block back over the wire, RTT from LSR and DLSR")
    func roundTrip() throws {
        let senderSSRC: UInt32 = 0xA, receiverSSRC: UInt32 = 0xB
        var sent = RTPSendStatistics(ssrc: senderSSRC)
        var received = RTPReceiveStatistics(ssrc: senderSSRC)
        var sequencer = RTPSequencer(ssrc: senderSSRC, payloadType: 111, initialSequenceNumber: 10, initialTimestamp: 0)
        // The receiver's clock is its own monotonic one; the sender uses wall-clock time.
        let wallStart = 1_795_965_853.0, receiverStart = 12.0, oneWay = 0.030
        for index in 0..<50 {
            let packet = sequencer.next(payload: [0xF8, 0xFF, 0xFE], samples: 960)
            let time = Double(index) * 0.02
            sent.sent(packet, wallClock: wallStart + time)
            received.received(try RTPPacket(parsing: packet.serialized()), arrival: receiverStart + time + oneWay)
        }
        let srTime = wallStart + 1.0
        let compound = RTCPCompoundPacket(senderReport: try #require(sent.makeSenderReport(now: srTime)), cname: "a")
        guard case let .senderReport(sr)? = try RTCPCompoundPacket(parsing: compound.serialized()).packets.first else {
            Issue.record("no SR")
            return
        }
        received.receivedSenderReport(sr, arrival: receiverStart + 1.0 + oneWay)
        // The receiver holds the SR 70 ms before reporting.
        let rr = RTCPCompoundPacket(receiverReport: RTCPReceiverReport(
            ssrc: receiverSSRC, reportBlocks: [try received.requireReportBlock(now: receiverStart + 1.1)]), cname: "b")
        guard case let .receiverReport(report)? = try RTCPCompoundPacket(parsing: rr.serialized()).packets.first,
              let block = report.reportBlocks.first
        else {
            Issue.record("no RR")
            return
        }
        #expect(block.ssrc == senderSSRC)
        #expect(block.cumulativeLost == 0)
        let rtt = try #require(block.roundTripTime(arrival: NTPTimestamp(unixTime: srTime + 0.07 + 2 * oneWay)))
        #expect(abs(rtt - 2 * oneWay) < 2.0 / 65536, "rtt \(rtt)")
        #expect(RTCPReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0,
                                interarrivalJitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
            .roundTripTime(arrival: NTPTimestamp(unixTime: srTime)) == nil, "no SR seen yet: no RTT")
        // Granularity making A slightly earlier than LSR + DLSR reads as 0, not a huge value.
        var early = block
        early.delaySinceLastSenderReport &+= 0x0001_0000
        #expect(early.roundTripTime(arrival: NTPTimestamp(unixTime: srTime + 0.07 + 2 * oneWay)) == 0)
    }
}
