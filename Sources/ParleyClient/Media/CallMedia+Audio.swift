import ParleyAudio
import ParleyRTC

/// The audio clock: a 20 ms frame out every 20 ms, 10 ms of mixed audio in every 10 ms, both
/// counted from the call's start so that a late wake-up catches up instead of drifting.
extension CallMedia {
    /// Falling further behind than this (a stalled process, a suspended laptop) skips ahead
    /// instead of bursting old audio at a peer's jitter buffer (DESIGN.md, "send only what is
    /// current").
    static let maximumSendBacklog = 5
    static let maximumPlaybackBacklog = 50
    static let frameDuration: Duration = .milliseconds(20)

    /// The audio clock wakes once per 20 ms frame and pulls two 10 ms periods then: half the
    /// wake-ups (each a context switch) for at most 10 ms more in the playback ring.
    func nextAudioTick() -> ContinuousClock.Instant {
        guard let start = audioStart else { return .now + Self.frameDuration }
        let nextPull = start + CallMediaConfiguration.playbackPeriod * Int(pullsDone + 1)
        let nextSend = start + Self.frameDuration * Int(framesSent)
        return configuration.sends ? min(nextPull, nextSend) : nextPull
    }

    func runAudioClock(now: ContinuousClock.Instant) {
        guard let start = audioStart, now >= start else { return }
        let elapsed = start.duration(to: now)
        if configuration.sends {
            let due = Int64(elapsed / Self.frameDuration) + 1
            if due - framesSent > Self.maximumSendBacklog {
                let skipped = due - framesSent - 1
                for peer in peers.values { peer.connection.skipAudio(samples: Int(skipped) * CallMediaConfiguration.captureFrameSamples) }
                _ = source.nextFrame(sampleCount: Int(skipped) * CallMediaConfiguration.captureFrameSamples)
                framesSent += skipped
            }
            while framesSent < due {
                sendFrame(now: now)
                framesSent += 1
            }
        }
        let duePulls = Int64(elapsed / CallMediaConfiguration.playbackPeriod) + 1
        if duePulls - pullsDone > Self.maximumPlaybackBacklog {
            pullsDone = duePulls - 1
        }
        while pullsDone < duePulls {
            playbackTick(now: now)
            pullsDone += 1
        }
    }

    /// Encodes once and sends the same packet to every connected peer.
    private func sendFrame(now: ContinuousClock.Instant) {
        let captured = source.nextFrame(sampleCount: CallMediaConfiguration.captureFrameSamples)
        selfLevel = AudioLevel(captured)
        _ = selfSpeaking.update(level: selfLevel, sampleCount: captured.count)
        guard let encoder, peers.values.contains(where: \.carriesAudio) else { return }
        // Muted sends encoded silence: the connection and the peer's jitter buffer stay warm,
        // and the microphone never leaves the machine.
        let frame = muted ? [Int16](repeating: 0, count: captured.count) : captured
        guard let payload = try? encoder.encode(frame) else { return }
        for peer in peers.values where peer.carriesAudio {
            peer.connection.sendAudio(opusPayload: payload, samples: frame.count, now: now)
            drain(peer, now: now)
        }
    }

    private func playbackTick(now: ContinuousClock.Instant) {
        guard configuration.receives else { return }
        // Each peer's 10 ms goes into the mix as it is pulled, through buffers kept for the
        // call: no array or dictionary is made per period.
        for peer in peers.values {
            peer.jitterBuffer.pull(now: now, into: &pulledFrame)
            mixer.add(pulledFrame, from: peer.id)
        }
        mixer.finishPeriod(into: &mixedFrame)
        sink.write(mixedFrame)
    }

    /// Browsers report their loss in RTCP; Opus spends bits on in-band FEC in proportion to
    /// the loss it expects (libopus `OPUS_SET_PACKET_LOSS_PERC`), so follow the worst peer.
    func adaptEncoder(toPeerLoss fraction: Double) {
        guard let encoder else { return }
        let percent = min(30, max(configuration.encoder.packetLossPercentage, Int((fraction * 100).rounded(.up))))
        guard percent != encoderLossPercentage else { return }
        encoderLossPercentage = percent
        var settings = encoder.configuration
        settings.packetLossPercentage = percent
        try? encoder.apply(settings)
    }

    // MARK: Controls

    public func setMuted(_ muted: Bool) { self.muted = muted }
    public func setDeafened(_ deafened: Bool) { mixer.isDeafened = deafened }
    /// 0–200 %.
    public func setGain(percent: Int, for peerID: String) { mixer.setGain(Double(percent) / 100, for: peerID) }
    public func setLocallyMuted(_ locallyMuted: Bool, for peerID: String) { mixer.setMuted(locallyMuted, for: peerID) }

    /// Per-peer statistics for a screen or a stats file.
    public func statistics() -> [String: MediaPeerStatistics] {
        var result: [String: MediaPeerStatistics] = [:]
        for (id, peer) in peers {
            var row = peer.statistics
            let core = peer.connection.statistics
            row.connectionState = peer.connection.connectionState
            row.iceConnectionState = peer.connection.iceConnectionState
            row.packetsSent = core.packetsSent
            row.packetsReceived = core.packetsReceived
            row.bytesSent = core.bytesSent
            row.bytesReceived = core.bytesReceived
            row.jitterMilliseconds = core.jitter * 1000
            let expected = core.packetsReceived + core.packetsLost
            row.lossPercent = expected > 0 ? Double(max(core.packetsLost, 0)) * 100 / Double(expected) : 0
            if let rtt = core.roundTripTime { row.roundTripTimeMilliseconds = rtt * 1000 }
            let buffer = peer.jitterBuffer.statistics
            row.jitterBufferDelayMilliseconds = buffer.currentDelayMilliseconds
            row.jitterBufferTargetMilliseconds = buffer.targetDelayMilliseconds
            row.concealedMilliseconds = buffer.concealedMilliseconds
            row.forwardErrorCorrectionRecoveredPackets = buffer.forwardErrorCorrectionRecoveredPackets
            if let source = mixer[id] {
                row.gainPercent = Int((source.gain * 100).rounded())
                row.locallyMuted = source.isMuted
                row.levelDBFS = source.level.rms
                row.speaking = source.isSpeaking
            }
            row.srtpAuthenticationFailures = core.srtp.authenticationFailures
            row.srtpReplaysDropped = core.srtp.replays
            result[id] = row
        }
        return result
    }

    /// The level of what we capture (before mute), dBFS, and whether we are speaking.
    public func selfActivity() -> (levelDBFS: Double, speaking: Bool) { (selfLevel.rms, selfSpeaking.isSpeaking) }
}
