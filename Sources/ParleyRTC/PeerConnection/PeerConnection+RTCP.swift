/// RTCP over SRTCP (RFC 3550 §6, RFC 3711): our periodic SR or RR with SDES CNAME, and the
/// peer's reports, which give round-trip time and the loss it sees.
extension PeerConnection {
    /// RFC 3550 §6.3.1: each interval is the mean times a random factor in [0.5, 1.5], so that
    /// reports of many participants do not synchronise.
    func scheduleRTCP(after now: ContinuousClock.Instant) {
        let factor = 0.5 + Double(random.next() >> 11) / Double(1 << 53)
        nextRTCPAt = now + configuration.rtcpInterval * factor
    }

    /// An SR if we have sent RTP since the start, else an RR (RFC 3550 §6.4), each with a
    /// report block on the peer's stream once it is valid, then SDES CNAME (§6.1).
    func makeReport(now: ContinuousClock.Instant, appending more: [RTCPPacket] = []) -> RTCPCompoundPacket {
        var blocks: [RTCPReportBlock] = []
        if let block = receiveStatistics?.makeReportBlock(now: configuration.wallClock.monotonicSeconds(at: now)) {
            blocks.append(block)
            statistics.fractionLost = Double(block.fractionLost) / 256
        }
        let wallClock = configuration.wallClock.secondsSince1970(at: now)
        if let report = sendStatistics.makeSenderReport(now: wallClock, reportBlocks: blocks) {
            return RTCPCompoundPacket(senderReport: report, cname: cname, appending: more)
        }
        return RTCPCompoundPacket(receiverReport: RTCPReceiverReport(ssrc: localSSRC, reportBlocks: blocks),
                                  cname: cname, appending: more)
    }

    func sendReport(now: ContinuousClock.Instant, appending more: [RTCPPacket] = []) {
        guard let srtp, route != nil else { return }
        let compound = makeReport(now: now, appending: more)
        guard let protected = try? srtp.protectRTCP(compound.serialized()) else { return }
        statistics.srtp = srtp.statistics
        if transmit(protected) {
            statistics.rtcpPacketsSent += 1
        }
    }

    func receiveRTCP(_ bytes: [UInt8], now: ContinuousClock.Instant) {
        guard let srtp else {
            statistics.datagramsDropped += 1
            return
        }
        defer { statistics.srtp = srtp.statistics }
        guard let plain = try? srtp.unprotectRTCP(bytes), let compound = try? RTCPCompoundPacket(parsing: plain) else {
            statistics.datagramsDropped += 1
            return
        }
        statistics.rtcpPacketsReceived += 1
        for packet in compound.packets {
            switch packet {
            case let .senderReport(report):
                if report.ssrc == receiveStatistics?.ssrc {
                    receiveStatistics?.receivedSenderReport(report, arrival: configuration.wallClock.monotonicSeconds(at: now))
                }
                handleReportBlocks(report.reportBlocks, now: now)
            case let .receiverReport(report):
                handleReportBlocks(report.reportBlocks, now: now)
            case let .goodbye(goodbye):
                for ssrc in goodbye.ssrcs where ssrc == receiveStatistics?.ssrc || negotiated?.remoteSSRCs.contains(ssrc) == true {
                    events.append(.remoteGoodbye(ssrc: ssrc, reason: goodbye.reason))
                }
            case .sourceDescription, .feedback, .other:
                break
            }
        }
    }

    /// Blocks about our SSRC: the peer's view of our stream, and RTT = arrival − LSR − DLSR
    /// (RFC 3550 §6.4.1) on the wall clock our SRs carried.
    private func handleReportBlocks(_ blocks: [RTCPReportBlock], now: ContinuousClock.Instant) {
        let arrival = NTPTimestamp(unixTime: configuration.wallClock.secondsSince1970(at: now))
        for block in blocks where block.ssrc == localSSRC {
            let roundTripTime = block.roundTripTime(arrival: arrival)
            statistics.remoteFractionLost = Double(block.fractionLost) / 256
            statistics.remotePacketsLost = Int(block.cumulativeLost)
            statistics.remoteJitter = Double(block.interarrivalJitter) / Double(OpusPreferences.clockRate)
            if let roundTripTime {
                statistics.roundTripTime = roundTripTime
            }
            events.append(.receptionReport(PeerConnectionReceptionReport(block: block, roundTripTime: roundTripTime)))
        }
    }
}
