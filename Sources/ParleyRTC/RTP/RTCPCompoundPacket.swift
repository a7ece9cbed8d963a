/// A compound RTCP packet: the RTCP packets of one datagram, back to back (RFC 3550 §6.1).
///
/// Parsing does not insist that the first packet is an SR or RR: with `a=rtcp-rsize` (RFC 5506),
/// which browsers offer, a datagram may hold a single feedback packet, and Chromium sends those.
/// The report initialisers build the full RFC 3550 form.
public struct RTCPCompoundPacket: Sendable, Hashable {
    public var packets: [RTCPPacket]

    public init(packets: [RTCPPacket]) {
        self.packets = packets
    }

    /// RFC 3550 §6.1: an SR first, then more RRs if there are over 31 report blocks, then SDES with
    /// the CNAME, then `more` (a BYE when leaving, feedback, ...).
    public init(senderReport: RTCPSenderReport, cname: String, appending more: [RTCPPacket] = []) {
        var report = senderReport
        let blocks = report.reportBlocks
        report.reportBlocks = Array(blocks.prefix(RTCPSenderReport.maximumReportBlocks))
        self.init(first: .senderReport(report), ssrc: report.ssrc,
                  extraBlocks: Array(blocks.dropFirst(RTCPSenderReport.maximumReportBlocks)), cname: cname, more: more)
    }

    /// RFC 3550 §6.1: an RR first (more RRs if there are over 31 report blocks), then SDES with the
    /// CNAME, then `more`.
    public init(receiverReport: RTCPReceiverReport, cname: String, appending more: [RTCPPacket] = []) {
        var report = receiverReport
        let blocks = report.reportBlocks
        report.reportBlocks = Array(blocks.prefix(RTCPReceiverReport.maximumReportBlocks))
        self.init(first: .receiverReport(report), ssrc: report.ssrc,
                  extraBlocks: Array(blocks.dropFirst(RTCPReceiverReport.maximumReportBlocks)), cname: cname, more: more)
    }

    private init(first: RTCPPacket, ssrc: UInt32, extraBlocks: [RTCPReportBlock], cname: String, more: [RTCPPacket]) {
        var packets = [first]
        var remaining = extraBlocks[...]
        while !remaining.isEmpty {
            let chunk = remaining.prefix(RTCPReceiverReport.maximumReportBlocks)
            packets.append(.receiverReport(RTCPReceiverReport(ssrc: ssrc, reportBlocks: Array(chunk))))
            remaining = remaining.dropFirst(chunk.count)
        }
        packets.append(.sourceDescription(RTCPSourceDescription(ssrc: ssrc, cname: cname)))
        self.init(packets: packets + more)
    }

    /// Parses a datagram (after SRTCP unprotecting) into its RTCP packets. Checks each header's
    /// version, that each length field stays inside the datagram and that the packets fill it
    /// exactly, each padding count, and each known type's layout. Padding is accepted on any
    /// packet, not only the last, since each packet's length covers its own.
    public init(parsing bytes: [UInt8]) throws(RTCPError) {
        guard !bytes.isEmpty else { throw .empty }
        var packets: [RTCPPacket] = []
        var offset = 0
        while offset < bytes.count {
            var reader = RTPByteReader(bytes, range: offset..<bytes.count)
            guard let first = reader.readUInt8(), let typeOctet = reader.readUInt8(), let words = reader.readUInt16() else {
                throw .truncatedHeader(offset: offset)
            }
            let version = first >> 6
            guard version == RTPWire.version else { throw .unsupportedVersion(version, offset: offset) }
            let length = (Int(words) + 1) * 4
            guard length <= bytes.count - offset else {
                throw .lengthOverrun(offset: offset, declared: length, available: bytes.count - offset)
            }
            var bodyEnd = offset + length
            if first & 0x20 != 0 {
                let count = Int(bytes[bodyEnd - 1])
                guard count > 0, count <= length - RTCPPacket.headerSize else {
                    throw .invalidPadding(offset: offset, count: count)
                }
                bodyEnd -= count
            }
            let type = RTCPPacketType(rawValue: typeOctet)
            let body = Array(bytes[(offset + RTCPPacket.headerSize)..<bodyEnd])
            guard let packet = RTCPPacket(type: type, count: Int(first & 0x1F), body: body) else {
                throw .malformed(type, offset: offset)
            }
            packets.append(packet)
            offset += length
        }
        self.init(packets: packets)
    }

    public func serialized() -> [UInt8] {
        packets.flatMap { $0.serialized() }
    }
}
