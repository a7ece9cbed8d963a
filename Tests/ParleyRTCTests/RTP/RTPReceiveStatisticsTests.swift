import Testing
@testable import ParleyRTC

/// RFC 3550 appendix A.1 (sequence validation), A.3 (loss) and A.8 (jitter), on arrival sequences
/// whose right answers are worked out by hand in the comments.
@Suite("RTP receive statistics (RFC 3550 A.1, A.3, A.8)")
struct RTPReceiveStatisticsTests {
    /// 20 ms Opus packets at 48 kHz.
    static let ticksPerPacket: UInt32 = 960
    static let packetInterval = 0.020

    /// Delivers packets `index` (sequence `firstSequence + index`) in the given order, each arriving
    /// at its nominal time plus `transit(index)`.
    static func deliver(_ indices: [Int], firstSequence: UInt16 = 1000, firstTimestamp: UInt32 = 90_000,
                        to statistics: inout RTPReceiveStatistics, transit: (Int) -> Double = { _ in 0.05 }) {
        for index in indices {
            statistics.received(sequenceNumber: firstSequence &+ UInt16(truncatingIfNeeded: index),
                                timestamp: firstTimestamp &+ UInt32(index) &* ticksPerPacket,
                                arrival: Double(index) * packetInterval + transit(index))
        }
    }

    @Test("packets 5, 9 and 10 of 100 dropped: cumulative loss 3")
    func loss() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver((0..<100).filter { ![5, 9, 10].contains($0) }, to: &statistics)
        let block = try statistics.requireReportBlock(now: 10)
        #expect(block.ssrc == 7)
        #expect(block.cumulativeLost == 3)
        #expect(block.extendedHighestSequenceNumber == 1099)
        // Probation takes packet 0, so 99 are expected (1 to 99) and 96 arrived: 3 × 256 / 99 = 7.76.
        #expect(statistics.packetsExpected == 99)
        #expect(statistics.packetsReceived == 96)
        #expect(block.fractionLost == 7)
    }

    @Test("two packets swapped: no loss")
    func reorder() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        var order = Array(0..<100)
        order.swapAt(20, 21)
        order.swapAt(50, 53)
        Self.deliver(order, to: &statistics)
        let block = try statistics.requireReportBlock(now: 10)
        #expect(block.cumulativeLost == 0)
        #expect(block.fractionLost == 0)
        #expect(block.extendedHighestSequenceNumber == 1099)
    }

    @Test("duplicates make the loss negative (RFC 3550 §6.4.1) and the fraction zero")
    func duplicates() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<100) + [40, 41, 99], to: &statistics)
        let block = try statistics.requireReportBlock(now: 10)
        #expect(block.cumulativeLost == -3)
        #expect(block.fractionLost == 0)
        // Serialised, −3 is 0xFFFFFD in the 24-bit field and reads back as −3.
        let bytes = RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 1, reportBlocks: [block])).serialized()
        #expect(Array(bytes[13..<16]) == [0xFF, 0xFF, 0xFD])
    }

    @Test("the fraction lost covers only the interval since the previous report (A.3)")
    func fractionPerInterval() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        // First interval: packets 1–99 expected, 10, 20, 30, 40, 50 lost: 5 × 256 / 99 = 12.9.
        Self.deliver((0..<100).filter { $0 == 0 || $0 % 10 != 0 || $0 > 50 }, to: &statistics)
        var block = try statistics.requireReportBlock(now: 2)
        #expect(block.cumulativeLost == 5)
        #expect(block.fractionLost == 12)
        // Second interval: 100 expected, none lost.
        Self.deliver(Array(100..<200), to: &statistics)
        block = try statistics.requireReportBlock(now: 4)
        #expect(block.cumulativeLost == 5)
        #expect(block.fractionLost == 0)
        // Third: every fourth of 100 lost, 25 × 256 / 100 = 64 (a quarter).
        Self.deliver((200..<300).filter { $0 % 4 != 0 }, to: &statistics)
        block = try statistics.requireReportBlock(now: 6)
        #expect(block.cumulativeLost == 30)
        #expect(block.fractionLost == 64)
        // Nothing new: nothing expected, fraction 0.
        block = try statistics.requireReportBlock(now: 8)
        #expect(block.fractionLost == 0)
    }

    @Test("sequence numbers wrap: the extended highest sequence number counts cycles")
    func wrapAround() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<100), firstSequence: 65500, to: &statistics)
        var block = try statistics.requireReportBlock(now: 10)
        // 65500 + 99 = 65599 = one cycle (65536) plus 63.
        #expect(block.extendedHighestSequenceNumber == 65599)
        #expect(block.cumulativeLost == 0)
        // Three more cycles, with a reordered pair across a wrap.
        var order = Array(100..<200_100)
        let wrapIndex = 65536 * 2 - 65500 // the index whose sequence number is 0 again
        order.swapAt(wrapIndex - 100 - 1, wrapIndex - 100)
        Self.deliver(order, firstSequence: 65500, to: &statistics)
        block = try statistics.requireReportBlock(now: 4000)
        #expect(block.extendedHighestSequenceNumber == 65500 + 200_099)
        #expect(block.cumulativeLost == 0)
    }

    @Test("probation: a new source counts from its second packet in sequence (A.1)")
    func probation() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        let blockBeforeAnyPacket = statistics.makeReportBlock(now: 0)
        #expect(blockBeforeAnyPacket == nil)
        let firstCounted = statistics.received(sequenceNumber: 10, timestamp: 0, arrival: 0)
        #expect(!firstCounted)
        let outOfSequenceCounted = statistics.received(sequenceNumber: 20, timestamp: 960, arrival: 0.02)
        #expect(!outOfSequenceCounted, "not in sequence: probation again")
        let blockInProbation = statistics.makeReportBlock(now: 0.03)
        #expect(blockInProbation == nil)
        let confirmedCounted = statistics.received(sequenceNumber: 21, timestamp: 1920, arrival: 0.04)
        #expect(confirmedCounted)
        #expect(statistics.isValid)
        #expect(statistics.packetsExpected == 1)
        #expect(statistics.packetsReceived == 1)
        // Across a wrap too: 65535 then 0.
        var wrapping = RTPReceiveStatistics(ssrc: 8)
        wrapping.received(sequenceNumber: 65535, timestamp: 0, arrival: 0)
        let afterWrapCounted = wrapping.received(sequenceNumber: 0, timestamp: 960, arrival: 0.02)
        #expect(afterWrapCounted)
        #expect(wrapping.extendedHighestSequenceNumber == 0)
    }

    @Test("a large jump is a stray packet, unless the next confirms a restart (A.1)")
    func restart() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<50), to: &statistics)
        // One stray packet far ahead is not counted and does not move the highest sequence number.
        let strayCounted = statistics.received(sequenceNumber: 30_000, timestamp: 0, arrival: 1.1)
        #expect(!strayCounted)
        Self.deliver(Array(50..<60), to: &statistics)
        #expect(statistics.extendedHighestSequenceNumber == 1059)
        #expect(statistics.cumulativeLost == 0)
        // Two in sequence after a jump: the sender restarted; counting starts over there.
        let jumpCounted = statistics.received(sequenceNumber: 40_000, timestamp: 5, arrival: 1.3)
        #expect(!jumpCounted)
        let confirmedJumpCounted = statistics.received(sequenceNumber: 40_001, timestamp: 965, arrival: 1.32)
        #expect(confirmedJumpCounted)
        #expect(statistics.extendedHighestSequenceNumber == 40_001)
        #expect(statistics.packetsExpected == 1)
        #expect(statistics.packetsReceived == 1)
        #expect(statistics.cumulativeLost == 0)
    }

    @Test("constant transit time: jitter 0, also across a timestamp wrap")
    func constantTransit() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<200), firstTimestamp: UInt32.max - 960 * 100, to: &statistics) { _ in 0.08 }
        let block = try statistics.requireReportBlock(now: 10)
        #expect(block.interarrivalJitter == 0)
        #expect(statistics.jitterSeconds < 1e-9)
    }

    @Test("transit alternating ±10 ms: every D is 20 ms = 960 ticks, and J converges to it")
    func alternatingTransit() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<300), to: &statistics) { $0 % 2 == 0 ? 0.06 : 0.04 }
        let block = try statistics.requireReportBlock(now: 10)
        let jitter = Double(block.interarrivalJitter)
        #expect(abs(jitter - 960) <= 960 * 0.05, "jitter \(jitter)")
        #expect(abs(statistics.jitterSeconds - 0.020) <= 0.020 * 0.05)
        // Early on J is still climbing towards D: the 1/16 gain smooths.
        var early = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<6), to: &early) { $0 % 2 == 0 ? 0.06 : 0.04 }
        #expect(early.interarrivalJitter > 0 && early.interarrivalJitter < 480)
    }

    @Test("LSR and DLSR: RFC 3550 §6.4.1's example, SR at 11:33:25.125 answered 5.25 s later")
    func lastSenderReport() throws {
        var statistics = RTPReceiveStatistics(ssrc: 7)
        Self.deliver(Array(0..<10), to: &statistics)
        var block = try statistics.requireReportBlock(now: 100)
        #expect(block.lastSenderReport == 0)
        #expect(block.delaySinceLastSenderReport == 0)
        // 10 Nov 1995 11:33:25.125 UTC.
        let sent = NTPTimestamp(unixTime: 816_003_205.125)
        statistics.receivedSenderReport(RTCPSenderReport(ssrc: 7, ntpTimestamp: sent, rtpTimestamp: 0, senderPacketCount: 10,
                                                         senderOctetCount: 1000), arrival: 200)
        block = try statistics.requireReportBlock(now: 205.25)
        #expect(block.lastSenderReport == 0xB705_2000)
        #expect(block.delaySinceLastSenderReport == 0x0005_4000)
        // The report arrives at 11:33:36.5 (A = 0xb710:8000): A − LSR − DLSR = 0x0006:2000, 6.125 s.
        let arrival = NTPTimestamp(unixTime: 816_003_216.5)
        #expect(arrival.middle32Bits == 0xB710_8000)
        #expect(block.roundTripTime(arrival: arrival) == 6.125)
    }
}
