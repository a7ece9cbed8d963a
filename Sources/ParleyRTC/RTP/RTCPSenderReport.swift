/// SR: sender report (RFC 3550 §6.4.1), sent by participants that sent RTP since the last report.
public struct RTCPSenderReport: Sendable, Hashable {
    /// The 5-bit count field limits one SR to 31 report blocks.
    public static let maximumReportBlocks = 31

    public var ssrc: UInt32
    /// Wall-clock time when this report was sent.
    public var ntpTimestamp: NTPTimestamp
    /// The same instant as `ntpTimestamp`, in the RTP clock and offset of the data packets.
    public var rtpTimestamp: UInt32
    public var senderPacketCount: UInt32
    /// Payload octets sent (no headers, no padding).
    public var senderOctetCount: UInt32
    /// At most `maximumReportBlocks`.
    public var reportBlocks: [RTCPReportBlock]
    /// Profile-specific extension octets after the report blocks, kept as they came.
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, ntpTimestamp: NTPTimestamp, rtpTimestamp: UInt32, senderPacketCount: UInt32,
                senderOctetCount: UInt32, reportBlocks: [RTCPReportBlock] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.senderPacketCount = senderPacketCount
        self.senderOctetCount = senderOctetCount
        self.reportBlocks = reportBlocks
        self.profileExtension = profileExtension
    }

    init?(count: Int, body: [UInt8]) {
        var reader = RTPByteReader(body)
        guard let ssrc = reader.readUInt32(), let ntpSeconds = reader.readUInt32(), let ntpFraction = reader.readUInt32(),
              let rtpTimestamp = reader.readUInt32(), let packets = reader.readUInt32(), let octets = reader.readUInt32()
        else { return nil }
        var blocks: [RTCPReportBlock] = []
        for _ in 0..<count {
            guard let block = RTCPReportBlock(reading: &reader) else { return nil }
            blocks.append(block)
        }
        self.init(ssrc: ssrc, ntpTimestamp: NTPTimestamp(seconds: ntpSeconds, fraction: ntpFraction),
                  rtpTimestamp: rtpTimestamp, senderPacketCount: packets, senderOctetCount: octets,
                  reportBlocks: blocks, profileExtension: reader.readRest())
    }

    /// Traps on more than 31 report blocks (a programming error; the compound initialisers split).
    var countAndBody: (count: Int, body: [UInt8]) {
        precondition(reportBlocks.count <= Self.maximumReportBlocks, "an SR carries at most 31 report blocks")
        var body: [UInt8] = []
        body.reserveCapacity(24 + RTCPReportBlock.size * reportBlocks.count + profileExtension.count)
        RTPWire.append(ssrc, to: &body)
        RTPWire.append(ntpTimestamp.seconds, to: &body)
        RTPWire.append(ntpTimestamp.fraction, to: &body)
        RTPWire.append(rtpTimestamp, to: &body)
        RTPWire.append(senderPacketCount, to: &body)
        RTPWire.append(senderOctetCount, to: &body)
        for block in reportBlocks { block.append(to: &body) }
        body += profileExtension
        return (reportBlocks.count, body)
    }
}
