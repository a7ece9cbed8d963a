// libFuzzer entry point for the RTP and RTCP parsers and the reception statistics.
// Declarations only: the fuzzer build passes -parse-as-library and libFuzzer supplies main
// (FUZZING.md has the command). A plain `swift build` links an executable that does nothing.
import ParleyRTC

/// Crashes (the fuzzer's signal) when an invariant the tests also check is broken.
private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

private func fuzzRTP(_ bytes: [UInt8]) {
    guard let packet = try? RTPPacket(parsing: bytes) else { return }
    require(RTCPMux.isRTPOrRTCP(firstByte: bytes[0]), "an RTP packet outside RFC 7983's 128–191")
    require(packet.isPaddingOnly == (packet.paddingCount > 0 && packet.payload.isEmpty), "isPaddingOnly disagrees")
    let serialized = packet.serialized()
    require((try? RTPPacket(parsing: serialized)) == packet, "serialise → parse changed the packet")
    // Only the padding octets before the count may differ: they are written as zeros.
    let kept = bytes.count - Int(packet.paddingCount)
    require(serialized.count == bytes.count && serialized.prefix(kept) == bytes.prefix(kept)
        && serialized.last == bytes.last, "serialising changed octets other than padding")

    if let ext = packet.headerExtension, let elements = ext.elements {
        let rebuilt = ext.profile == RTPHeaderExtension.oneByteProfile
            ? RTPHeaderExtension(oneByteElements: elements)
            : RTPHeaderExtension(twoByteElements: elements, applicationBits: UInt8(ext.profile & 0x0F))
        require(rebuilt?.elements == elements, "header extension elements do not rebuild")
    }
}

private func fuzzRTCP(_ bytes: [UInt8]) {
    guard let compound = try? RTCPCompoundPacket(parsing: bytes) else { return }
    require(!compound.packets.isEmpty, "a compound without packets parsed")
    let serialized = compound.serialized()
    guard let reparsed = try? RTCPCompoundPacket(parsing: serialized) else {
        fatalError("a serialised compound does not parse")
    }
    // A BYE reason whose invalid UTF-8 was replaced may outgrow 255 octets and be cut when
    // serialised; everything else must come back equal.
    let cutReason = compound.packets.contains {
        if case let .goodbye(bye) = $0 { (bye.reason?.utf8.count ?? 0) > 255 } else { false }
    }
    require(cutReason || reparsed == compound, "serialise → parse changed the compound")
    require(reparsed.serialized() == serialized, "serialising is not stable")
    require(serialized.count % 4 == 0, "RTCP packets are whole words")

    for packet in compound.packets {
        switch packet {
        case let .senderReport(report):
            _ = report.ntpTimestamp.unixTime
            for block in report.reportBlocks { _ = block.roundTripTime(arrival: report.ntpTimestamp) }
        case let .receiverReport(report):
            for block in report.reportBlocks {
                _ = block.roundTripTime(arrival: NTPTimestamp(rawValue: UInt64(block.ssrc) << 20))
            }
        case let .sourceDescription(description):
            for chunk in description.chunks { _ = chunk.cname }
        default:
            break
        }
    }
}

/// Reads the input as (sequence, timestamp, arrival step) records and feeds a statistics
/// object: arithmetic on hostile sequences must not trap, and reports stay in their fields' ranges.
private func fuzzStatistics(_ bytes: [UInt8]) {
    var statistics = RTPReceiveStatistics(ssrc: 1)
    var arrival = 0.0
    var index = 0
    while index + 7 <= bytes.count {
        let sequence = UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
        let timestamp = bytes[(index + 2)..<(index + 6)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        arrival += Double(bytes[index + 6]) / 1000
        statistics.received(sequenceNumber: sequence, timestamp: timestamp, arrival: arrival)
        if bytes[index + 6] == 0xFF, let block = statistics.makeReportBlock(now: arrival) {
            require(RTCPReportBlock.cumulativeLostRange.contains(block.cumulativeLost), "cumulative loss out of range")
            require(statistics.packetsExpected >= 1, "a valid source expects at least the packet that validated it")
        }
        index += 7
    }
    _ = statistics.makeReportBlock(now: arrival)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size > 0 ? size : 0))
    fuzzRTP(bytes)
    fuzzRTCP(bytes)
    fuzzStatistics(bytes)
    return 0
}
