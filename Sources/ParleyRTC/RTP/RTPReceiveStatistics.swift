/// Reception statistics for one remote SSRC, the material of a report block (RFC 3550 §6.4.1,
/// appendix A.1, A.3, A.8). Sans-IO: the caller passes each packet's arrival time, in seconds on
/// any one monotonic clock, and uses that same clock for `receivedSenderReport` and
/// `makeReportBlock`.
public struct RTPReceiveStatistics: Sendable {
    /// A.1: a new source is valid after this many packets in sequence.
    public static let minimumSequential = 2
    /// A.1: a forward jump larger than this restarts the sequence (after confirmation).
    public static let maximumDropout: UInt16 = 3000
    /// A.1: a backward step up to this is a late or duplicate packet, not a restart.
    public static let maximumMisorder: UInt16 = 100
    private static let sequenceModulus: UInt32 = 1 << 16

    public let ssrc: UInt32
    /// RTP clock rate of the stream (48,000 for Opus, RFC 7587 §4.1).
    public let clockRate: Int

    private var started = false
    private var probation = 0
    private var maximumSequence: UInt16 = 0
    /// Shifted count of sequence number cycles (a multiple of 65536), as A.1 keeps it.
    private var cycles: UInt32 = 0
    private var baseSequence: UInt32 = 0
    /// The sequence number that would confirm a restart after a large jump; 65537 means none.
    private var badSequence: UInt32 = 0
    private var received: Int64 = 0
    private var expectedPrior: Int64 = 0
    private var receivedPrior: Int64 = 0

    private var lastArrival: Double?
    private var lastTimestamp: UInt32 = 0
    /// A.8's J, kept unrounded; reports carry it rounded.
    private var jitterEstimate: Double = 0

    private var lastSenderReport: UInt32 = 0
    private var lastSenderReportArrival: Double?

    public init(ssrc: UInt32, clockRate: Int = 48_000) {
        self.ssrc = ssrc
        self.clockRate = clockRate
    }

    /// True once the source has passed probation (A.1) and packets count.
    public var isValid: Bool { started && probation == 0 }

    /// Packets counted as received, duplicates included (as A.3 counts them).
    public var packetsReceived: Int64 { received }

    /// The highest sequence number received, extended with the count of wrap-arounds.
    public var extendedHighestSequenceNumber: UInt32 {
        cycles &+ UInt32(maximumSequence)
    }

    /// A.3: packets expected from the first valid one through the highest.
    public var packetsExpected: Int64 {
        guard isValid else { return 0 }
        return Int64(cycles) + Int64(maximumSequence) - Int64(baseSequence) + 1
    }

    /// A.3: expected − received, clamped to the signed 24-bit field; negative with duplicates.
    public var cumulativeLost: Int32 {
        let lost = packetsExpected - received
        let range = RTCPReportBlock.cumulativeLostRange
        return Int32(min(max(lost, Int64(range.lowerBound)), Int64(range.upperBound)))
    }

    /// A.8 interarrival jitter in RTP timestamp units, as a report block carries it.
    public var interarrivalJitter: UInt32 {
        UInt32(RTPWire.roundedCount(jitterEstimate, limit: UInt64(UInt32.max)))
    }

    /// The same jitter in seconds.
    public var jitterSeconds: Double {
        jitterEstimate / Double(clockRate)
    }

    /// Counts one RTP packet from this source, arriving at `arrival`. Returns false while the
    /// source is on probation or when the packet jumped far from the sequence (A.1); such packets
    /// are not counted and a caller may drop them.
    @discardableResult
    public mutating func received(_ packet: RTPPacket, arrival: Double) -> Bool {
        received(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, arrival: arrival)
    }

    @discardableResult
    public mutating func received(sequenceNumber: UInt16, timestamp: UInt32, arrival: Double) -> Bool {
        guard updateSequence(sequenceNumber) else { return false }
        updateJitter(timestamp: timestamp, arrival: arrival)
        return true
    }

    /// Records an SR from this source, for the LSR and DLSR fields of the next report block.
    public mutating func receivedSenderReport(_ report: RTCPSenderReport, arrival: Double) {
        lastSenderReport = report.ntpTimestamp.middle32Bits
        lastSenderReportArrival = arrival
    }

    /// The report block for this source at `now`, and the start of a new reporting interval for
    /// the fraction lost (A.3). Nil before the source is valid.
    public mutating func makeReportBlock(now: Double) -> RTCPReportBlock? {
        guard isValid else { return nil }
        let expected = packetsExpected
        let expectedInterval = expected - expectedPrior
        expectedPrior = expected
        let receivedInterval = received - receivedPrior
        receivedPrior = received
        let lostInterval = expectedInterval - receivedInterval
        let fraction: UInt8 = if expectedInterval <= 0 || lostInterval <= 0 {
            0
        } else {
            UInt8(clamping: (lostInterval << 8) / expectedInterval)
        }

        var delay: UInt32 = 0
        if let arrival = lastSenderReportArrival {
            // A clock read before the SR arrived, or NaN, reports no delay rather than trapping.
            delay = UInt32(RTPWire.roundedCount((now - arrival) * 65536, limit: UInt64(UInt32.max)))
        }
        return RTCPReportBlock(ssrc: ssrc, fractionLost: fraction, cumulativeLost: cumulativeLost,
                               extendedHighestSequenceNumber: extendedHighestSequenceNumber,
                               interarrivalJitter: interarrivalJitter, lastSenderReport: lastSenderReport,
                               delaySinceLastSenderReport: delay)
    }

    /// A.1's init_seq.
    private mutating func restart(at sequence: UInt16) {
        baseSequence = UInt32(sequence)
        maximumSequence = sequence
        badSequence = Self.sequenceModulus + 1
        cycles = 0
        received = 0
        receivedPrior = 0
        expectedPrior = 0
        // A new sequence usually means a new timestamp base too: one transit difference across
        // the restart would be noise of arbitrary size, so jitter starts from the next packet.
        lastArrival = nil
    }

    /// A.1's update_seq, with the source's first packet starting probation.
    private mutating func updateSequence(_ sequence: UInt16) -> Bool {
        if !started {
            started = true
            restart(at: sequence)
            maximumSequence = sequence &- 1
            probation = Self.minimumSequential
        }
        let delta = sequence &- maximumSequence
        if probation > 0 {
            if sequence == maximumSequence &+ 1 {
                probation -= 1
                maximumSequence = sequence
                if probation == 0 {
                    restart(at: sequence)
                    received += 1
                    return true
                }
            } else {
                probation = Self.minimumSequential - 1
                maximumSequence = sequence
            }
            return false
        }
        if delta < Self.maximumDropout {
            if sequence < maximumSequence {
                cycles &+= Self.sequenceModulus
            }
            maximumSequence = sequence
        } else if UInt32(delta) <= Self.sequenceModulus - UInt32(Self.maximumMisorder) {
            guard UInt32(sequence) == badSequence else {
                badSequence = (UInt32(sequence) + 1) & (Self.sequenceModulus - 1)
                return false
            }
            // Two packets in sequence after a big jump: the source restarted.
            restart(at: sequence)
        }
        // Otherwise a duplicate or a packet out of order, counted as received.
        received += 1
        return true
    }

    /// A.8: J += (|D| − J) / 16, D being the change in transit time (arrival in RTP units minus
    /// timestamp) between this packet and the previous one in arrival order.
    private mutating func updateJitter(timestamp: UInt32, arrival: Double) {
        defer {
            lastArrival = arrival
            lastTimestamp = timestamp
        }
        guard let lastArrival else { return }
        let arrivalDifference = (arrival - lastArrival) * Double(clockRate)
        // Timestamps wrap at 2^32; their signed difference is what moved.
        let timestampDifference = Double(Int32(bitPattern: timestamp &- lastTimestamp))
        let difference = abs(arrivalDifference - timestampDifference)
        guard difference.isFinite else { return }
        jitterEstimate += (difference - jitterEstimate) / 16
    }
}
