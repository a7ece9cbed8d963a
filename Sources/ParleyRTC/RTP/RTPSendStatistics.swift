/// What our own sender reports carry (RFC 3550 §6.4.1): packet and payload octet counts, and the
/// pairing of wall-clock time with RTP time. Sans-IO: the caller passes wall-clock seconds since
/// 1970 (`Date().timeIntervalSince1970` or `clock_gettime(CLOCK_REALTIME)`).
public struct RTPSendStatistics: Sendable {
    public let ssrc: UInt32
    /// RTP clock rate of the stream (48,000 for Opus).
    public let clockRate: Int

    /// Packets sent since the start; wraps around as the SR field does.
    public private(set) var packetCount: UInt32 = 0
    /// Payload octets sent (headers and padding excluded); wraps around as the SR field does.
    public private(set) var octetCount: UInt32 = 0

    private var lastTimestamp: UInt32 = 0
    private var lastSendTime: Double?

    public init(ssrc: UInt32, clockRate: Int = 48_000) {
        self.ssrc = ssrc
        self.clockRate = clockRate
    }

    /// Counts a packet handed to the network at wall-clock time `wallClock`.
    public mutating func sent(_ packet: RTPPacket, wallClock: Double) {
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: packet.payload.count)
        lastTimestamp = packet.timestamp
        lastSendTime = wallClock
    }

    /// An SR for `now` (wall-clock seconds since 1970), or nil when nothing was sent yet (send an
    /// RR then). Its RTP timestamp is the last packet's, advanced at the clock rate by the time
    /// since it was sent, so both timestamps name the same instant as §6.4.1 asks.
    public func makeSenderReport(now: Double, reportBlocks: [RTCPReportBlock] = []) -> RTCPSenderReport? {
        guard let lastSendTime else { return nil }
        // A clock that stepped back (or NaN) adds nothing; the advance wraps as RTP time does.
        let elapsed = RTPWire.roundedCount((now - lastSendTime) * Double(clockRate), limit: 1 << 52)
        let advance = UInt32(truncatingIfNeeded: elapsed)
        return RTCPSenderReport(ssrc: ssrc, ntpTimestamp: NTPTimestamp(unixTime: now),
                                rtpTimestamp: lastTimestamp &+ advance, senderPacketCount: packetCount,
                                senderOctetCount: octetCount, reportBlocks: reportBlocks)
    }
}
