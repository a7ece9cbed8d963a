/// RTP over SRTP: sending Opus payloads and receiving the peer's.
extension PeerConnection {
    /// Whether `sendAudio` would send: keys are agreed and a pair with consent is selected.
    /// During an ICE restart this stays true on the old pair until the new one takes over.
    public var canSendAudio: Bool {
        !isClosed && failure == nil && configuration.sends && srtp != nil && route != nil
    }

    /// Sends one Opus packet covering `samples` ticks of the 48 kHz RTP clock (960 for 20 ms).
    /// Returns false, sending nothing, until the connection is connected or after it ended.
    /// The first packet carries the marker bit (RFC 3551 §4.1: start of a talkspurt).
    @discardableResult
    public func sendAudio(opusPayload: [UInt8], samples: Int, now: ContinuousClock.Instant) -> Bool {
        guard canSendAudio, !opusPayload.isEmpty, samples >= 0, let srtp else { return false }
        let packet = sequencer.next(payload: opusPayload, samples: samples, marker: !hasSentAudio)
        let protected: [UInt8]
        do {
            protected = try srtp.protectRTP(packet.serialized())
        } catch {
            statistics.srtp = srtp.statistics
            return false
        }
        hasSentAudio = true
        sendStatistics.sent(packet, wallClock: configuration.wallClock.secondsSince1970(at: now))
        statistics.packetsSent += 1
        statistics.bytesSent += packet.payload.count
        statistics.srtp = srtp.statistics
        return transmit(protected)
    }

    /// Lets RTP time pass without a packet (muted or DTX), so the peer sees no loss.
    public func skipAudio(samples: Int) {
        guard samples >= 0 else { return }
        sequencer.skip(samples: samples)
    }

    func receiveRTP(_ bytes: [UInt8], now: ContinuousClock.Instant) {
        guard let srtp else {
            statistics.datagramsDropped += 1
            return
        }
        defer { statistics.srtp = srtp.statistics }
        // Replays and forgeries fail here and are dropped silently (RFC 3711 §3.3).
        guard let plain = try? srtp.unprotectRTP(bytes), let packet = try? RTPPacket(parsing: plain) else {
            statistics.datagramsDropped += 1
            return
        }
        if receiveStatistics?.ssrc != packet.ssrc {
            receiveStatistics = RTPReceiveStatistics(ssrc: packet.ssrc, clockRate: Int(OpusPreferences.clockRate))
            events.append(.remoteSSRC(packet.ssrc))
        }
        receiveStatistics?.received(packet, arrival: configuration.wallClock.monotonicSeconds(at: now))
        statistics.packetsReceived += 1
        statistics.bytesReceived += packet.payload.count
        updateReceiveStatistics()
        // Chromium's bandwidth probes: counted above, never audio.
        guard !packet.isPaddingOnly else {
            statistics.paddingOnlyPacketsReceived += 1
            return
        }
        guard configuration.receives, packet.payloadType == negotiated?.receivePayloadType, !packet.payload.isEmpty else {
            return
        }
        events.append(.audio(PeerConnectionAudio(
            payload: packet.payload, sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
            ssrc: packet.ssrc, marker: packet.marker, arrival: now)))
    }

    func updateReceiveStatistics() {
        guard let receiveStatistics else { return }
        statistics.packetsLost = Int(receiveStatistics.cumulativeLost)
        statistics.jitter = receiveStatistics.jitterSeconds
    }
}
