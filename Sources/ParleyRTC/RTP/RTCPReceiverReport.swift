/// RR: receiver report (RFC 3550 §6.4.2), from participants that have not sent RTP lately.
public struct RTCPReceiverReport: Sendable, Hashable {
    /// The 5-bit count field limits one RR to 31 report blocks.
    public static let maximumReportBlocks = 31

    /// SSRC of the reporter.
    public var ssrc: UInt32
    /// At most `maximumReportBlocks`.
    public var reportBlocks: [RTCPReportBlock]
    /// Profile-specific extension octets after the report blocks, kept as they came.
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, reportBlocks: [RTCPReportBlock] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
        self.profileExtension = profileExtension
    }

    init?(count: Int, body: [UInt8]) {
        var reader = RTPByteReader(body)
        guard let ssrc = reader.readUInt32() else { return nil }
        var blocks: [RTCPReportBlock] = []
        for _ in 0..<count {
            guard let block = RTCPReportBlock(reading: &reader) else { return nil }
            blocks.append(block)
        }
        self.init(ssrc: ssrc, reportBlocks: blocks, profileExtension: reader.readRest())
    }

    /// Traps on more than 31 report blocks (a programming error; the compound initialisers split).
    var countAndBody: (count: Int, body: [UInt8]) {
        precondition(reportBlocks.count <= Self.maximumReportBlocks, "an RR carries at most 31 report blocks")
        var body: [UInt8] = []
        body.reserveCapacity(4 + RTCPReportBlock.size * reportBlocks.count + profileExtension.count)
        RTPWire.append(ssrc, to: &body)
        for block in reportBlocks { block.append(to: &body) }
        body += profileExtension
        return (reportBlocks.count, body)
    }
}
