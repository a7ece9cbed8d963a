/// Numbers our outgoing RTP packets: one SSRC and payload type, a sequence number that goes up by
/// one per packet and a timestamp that goes up by the samples each packet covers (RFC 3550 §5.1).
public struct RTPSequencer: Sendable {
    /// Initial sequence numbers stay below 2^15: a stream that started near 65535 would wrap within
    /// seconds, and SRTP receivers must then guess the rollover counter from very little history.
    static let initialSequenceNumbers: Range<UInt16> = 1..<0x8000

    public let ssrc: UInt32
    public var payloadType: UInt8
    /// The sequence number of the next packet.
    public private(set) var sequenceNumber: UInt16
    /// The RTP timestamp of the next packet.
    public private(set) var timestamp: UInt32

    public init(ssrc: UInt32, payloadType: UInt8, initialSequenceNumber: UInt16, initialTimestamp: UInt32) {
        self.ssrc = ssrc
        self.payloadType = payloadType
        sequenceNumber = initialSequenceNumber
        timestamp = initialTimestamp
    }

    /// Random initial sequence number and timestamp, as RFC 3550 §5.1 asks (it makes known-plaintext
    /// attacks on encryption harder).
    public init(ssrc: UInt32, payloadType: UInt8, using generator: inout some RandomNumberGenerator) {
        self.init(ssrc: ssrc, payloadType: payloadType,
                  initialSequenceNumber: UInt16.random(in: Self.initialSequenceNumbers, using: &generator),
                  initialTimestamp: UInt32.random(in: 0...UInt32.max, using: &generator))
    }

    public init(ssrc: UInt32, payloadType: UInt8) {
        var generator = SystemRandomNumberGenerator()
        self.init(ssrc: ssrc, payloadType: payloadType, using: &generator)
    }

    /// A random SSRC (RFC 3550 §8: chosen at random so that collisions are unlikely).
    public static func randomSSRC(using generator: inout some RandomNumberGenerator) -> UInt32 {
        UInt32.random(in: 0...UInt32.max, using: &generator)
    }

    /// The next packet, carrying `payload` that covers `samples` RTP clock ticks (960 for 20 ms of
    /// Opus). Set `marker` on the first packet of a talkspurt (RFC 3551 §4.1).
    public mutating func next(payload: [UInt8], samples: Int, marker: Bool = false) -> RTPPacket {
        let packet = RTPPacket(marker: marker, payloadType: payloadType, sequenceNumber: sequenceNumber,
                               timestamp: timestamp, ssrc: ssrc, payload: payload)
        sequenceNumber &+= 1
        advance(samples: samples)
        return packet
    }

    /// Lets time pass without a packet (DTX or muted capture): the timestamp moves on, the
    /// sequence number does not, so the receiver sees a gap in time but no loss.
    public mutating func skip(samples: Int) {
        advance(samples: samples)
    }

    private mutating func advance(samples: Int) {
        precondition(samples >= 0, "time does not run backwards")
        timestamp &+= UInt32(truncatingIfNeeded: samples)
    }
}
