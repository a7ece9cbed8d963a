/// One reception report block of an SR or RR (RFC 3550 §6.4.1): what the reporter has received
/// from one source.
public struct RTCPReportBlock: Sendable, Hashable {
    /// A report block is 24 octets.
    static let size = 24
    /// The cumulative number of packets lost is a signed 24-bit field.
    public static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// SSRC_n, the source this block reports on.
    public var ssrc: UInt32
    /// Packets lost since the previous report as a fixed-point fraction (lost × 256 / expected).
    public var fractionLost: UInt8
    /// Packets lost since reception began; negative with duplicates. Serialising clamps it to
    /// `cumulativeLostRange`.
    public var cumulativeLost: Int32
    public var extendedHighestSequenceNumber: UInt32
    /// Interarrival jitter in RTP timestamp units.
    public var interarrivalJitter: UInt32
    /// LSR: middle 32 bits of the NTP timestamp of the last SR received from the source, or 0.
    public var lastSenderReport: UInt32
    /// DLSR: delay since that SR was received, in units of 1/65536 second; 0 without an SR.
    public var delaySinceLastSenderReport: UInt32

    public init(ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequenceNumber: UInt32,
                interarrivalJitter: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequenceNumber = extendedHighestSequenceNumber
        self.interarrivalJitter = interarrivalJitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Round-trip time in seconds seen by the source of the SR this block answers (RFC 3550
    /// §6.4.1, figure 2): arrival − LSR − DLSR, in the middle-32-bit NTP units. `arrival` is
    /// when this block arrived, on the same wall clock the SR's NTP timestamp came from. Nil when
    /// LSR is 0 (the reporter has had no SR yet). Clock granularity can make the difference
    /// slightly negative; that reads as 0.
    public func roundTripTime(arrival: NTPTimestamp) -> Double? {
        guard lastSenderReport != 0 else { return nil }
        let units = Int32(bitPattern: arrival.middle32Bits &- lastSenderReport &- delaySinceLastSenderReport)
        return Double(max(units, 0)) / 65536
    }

    init?(reading reader: inout RTPByteReader) {
        guard let ssrc = reader.readUInt32(), let lossWord = reader.readUInt32(),
              let highest = reader.readUInt32(), let jitter = reader.readUInt32(),
              let lsr = reader.readUInt32(), let dlsr = reader.readUInt32()
        else { return nil }
        // Sign-extend the 24-bit cumulative count by shifting it to the top and back.
        let cumulative = Int32(bitPattern: lossWord << 8) >> 8
        self.init(ssrc: ssrc, fractionLost: UInt8(truncatingIfNeeded: lossWord >> 24), cumulativeLost: cumulative,
                  extendedHighestSequenceNumber: highest, interarrivalJitter: jitter, lastSenderReport: lsr,
                  delaySinceLastSenderReport: dlsr)
    }

    func append(to bytes: inout [UInt8]) {
        let cumulative = min(max(cumulativeLost, Self.cumulativeLostRange.lowerBound), Self.cumulativeLostRange.upperBound)
        RTPWire.append(ssrc, to: &bytes)
        RTPWire.append(UInt32(fractionLost) << 24 | UInt32(bitPattern: cumulative) & 0x00FF_FFFF, to: &bytes)
        RTPWire.append(extendedHighestSequenceNumber, to: &bytes)
        RTPWire.append(interarrivalJitter, to: &bytes)
        RTPWire.append(lastSenderReport, to: &bytes)
        RTPWire.append(delaySinceLastSenderReport, to: &bytes)
    }
}
