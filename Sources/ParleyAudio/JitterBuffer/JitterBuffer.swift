/// A per-peer adaptive jitter buffer for one incoming Opus stream (48 kHz mono).
///
/// The receive path hands it each RTP payload with its header fields and arrival time; the
/// playback path calls `pull(now:)` every 10 ms and always gets exactly 10 ms of audio.
///
/// Packets are decoded in sequence-number order when their audio is due. A missing packet whose
/// successor is already here is rebuilt from that successor's in-band FEC; otherwise Opus packet
/// loss concealment fills in, at full level for `maximumConcealment` and then fading to silence.
/// A jump in timestamps with no gap in sequence numbers is discontinuous transmission: silence,
/// not loss. The target delay follows the measured arrival jitter (up at once, down slowly), and
/// pitch-aligned time-stretching (`TimeStretch`) of at most 10 ms per step moves the buffered
/// audio towards it, which also absorbs a sender's clock running fast or slow.
///
/// The target is the audio that must be left when the next packet is due: the low point of the
/// delay, which rises by a whole packet when one arrives and falls by each pull. Steering the
/// average instead would make the delay depend on the packet length and on how the caller
/// bunches its pulls (`CallMedia` pulls twice per 20 ms wake).
///
/// Sans-IO: time comes only from the caller. Not Sendable: one owner, like its `OpusDecoder`.
public final class JitterBuffer {
    public static let samplesPerPull = OpusAudioFormat.samplesPer10Milliseconds

    private static let samplesPerMillisecond = Double(OpusAudioFormat.sampleRate) / 1000
    private static let assumedPacketSamples = OpusAudioFormat.samplesPer20Milliseconds
    /// A jump of more sequence numbers than this is a restarted sender, not loss or reordering.
    private static let resynchronisationDistance: Int64 = 1000
    /// Decoded audio below this mean square (about −50 dBFS) counts as silence: running out of
    /// packets after it is the end of a talk spurt, not a loss to conceal.
    private static let silentMeanSquare = 10_000.0
    /// Timestamp gaps shorter than one Opus recovery step (2.5 ms) are rounding, not DTX.
    private static let smallestGap: Int64 = 120
    private static let smallestGapSamples = 120
    /// Per pull (10 ms): the smoothed delay follows the instantaneous one over about half a second.
    private static let delaySmoothing = 0.02

    public let configuration: Configuration
    private var counters = JitterBufferStatistics()

    private struct StoredPacket {
        var payload: [UInt8]
        var timestamp: Int64
        var samples: Int
    }

    private enum Underrun {
        case none
        /// Out of packets after sound: concealing while waiting, `samples` so far.
        case concealing(samples: Int)
        /// Out of packets after silence: the sender paused (DTX) or stopped.
        case comfortSilence
    }

    private let decoder: OpusDecoder

    // The stream.
    private var ssrc: UInt32?
    private var sequenceNumbers = ExtendedSequenceNumber()
    private var timestamps = ExtendedTimestamp()
    private var packets: [Int64: StoredPacket] = [:]
    private var highestEndTimestamp: Int64?
    private var firstArrival: ContinuousClock.Instant?
    private var jitter = ArrivalJitterEstimator()

    // Play-out.
    private var isPlaying = false
    private var nextSequence: Int64 = 0
    /// Media time of the first sample not yet decoded; play-out is `pcm.count` samples before it.
    private var decodeTimestamp: Int64 = 0
    private var pcm = DecodedSamples()
    /// Where libopus writes a packet's audio before it joins `pcm`: kept, so decoding allocates nothing.
    private var decoded = [Int16](repeating: 0, count: OpusAudioFormat.maximumSamplesPerPacket)
    private var played: Set<Int64> = []
    private var lastPacketSamples = JitterBuffer.assumedPacketSamples
    private var lastDecodedWasSilent = false
    private var consecutiveConcealedSamples = 0
    private var underrun = Underrun.none
    /// Audio played by expansion since the last packet was decoded, not yet set against media
    /// time: if the awaited packets turn out lost, it already stood in for them.
    private var expansionCredit = 0

    // Delay control.
    private var targetMilliseconds: Double
    /// Smoothed low point of the delay (see the type's comment).
    private var smoothedDelayMilliseconds: Double?
    /// The delay after each pull over the last packet's duration; their minimum is the low point.
    private var recentDelays: [Double] = []
    private var stretching: Stretching?
    /// The jitter estimator's window has filled since the stream (re)started.
    private var hasMeasuredTarget = false
    private var lastPull: ContinuousClock.Instant?
    private var lastTimeStretch: ContinuousClock.Instant?

    public init(configuration: Configuration = Configuration()) throws(OpusError) {
        self.configuration = configuration
        decoder = try OpusDecoder()
        targetMilliseconds = configuration.initialTargetDelay.milliseconds
        counters.targetDelayMilliseconds = targetMilliseconds
    }

    public var statistics: JitterBufferStatistics {
        var result = counters
        result.currentDelayMilliseconds = Double(currentDelaySamples) / Self.samplesPerMillisecond
        result.targetDelayMilliseconds = targetMilliseconds
        return result
    }

    // MARK: Receiving

    /// Takes one RTP packet's Opus payload. Duplicates and packets whose time has passed are
    /// counted and dropped; a new SSRC restarts the stream.
    public func insert(packet: [UInt8], sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
                       arrival: ContinuousClock.Instant) {
        counters.packetsReceived += 1
        if let current = self.ssrc, current != ssrc { resetStream() }
        self.ssrc = ssrc
        guard let samples = OpusPacketDuration.samples(in: packet) else {
            counters.discardedPackets += 1
            return
        }
        var sequence = sequenceNumbers.extend(sequenceNumber)
        var mediaTime = timestamps.extend(timestamp)
        if let reference = isPlaying ? nextSequence : packets.keys.min(),
           abs(sequence - reference) > Self.resynchronisationDistance {
            resetStream()
            sequence = sequenceNumbers.extend(sequenceNumber)
            mediaTime = timestamps.extend(timestamp)
        }
        let first = firstArrival ?? arrival
        firstArrival = first
        // Lateness means something only against a play-out schedule. The first packets of a call
        // are often read in one burst while the receiver is still busy setting the connection up
        // (on loopback: three packets within 6 ms, 40 ms late): taken for jitter, they raised the
        // target by as much, and a target comes down only slowly.
        if isPlaying {
            jitter.record(arrivalMilliseconds: (arrival - first).milliseconds,
                          mediaMilliseconds: Double(mediaTime) / Self.samplesPerMillisecond)
        }

        if isPlaying, sequence < nextSequence {
            counters.discardedPackets += 1
            if played.contains(sequence) {
                counters.duplicatePackets += 1
            } else {
                counters.latePackets += 1
                let playOut = decodeTimestamp - Int64(pcm.count)
                growTarget(lateMilliseconds: Double(playOut - mediaTime) / Self.samplesPerMillisecond)
            }
            return
        }
        guard packets[sequence] == nil else {
            counters.discardedPackets += 1
            counters.duplicatePackets += 1
            return
        }
        if isPlaying, sequence == nextSequence, case let .concealing(waited) = underrun {
            counters.latePackets += 1
            growTarget(lateMilliseconds: Double(waited) / Self.samplesPerMillisecond)
        }
        packets[sequence] = StoredPacket(payload: packet, timestamp: mediaTime, samples: samples)
        highestEndTimestamp = max(highestEndTimestamp ?? .min, mediaTime + Int64(samples))
        while packets.count > configuration.maximumPackets, let oldest = packets.keys.min() {
            packets[oldest] = nil
            counters.discardedPackets += 1
        }
    }

    private func resetStream() {
        try? decoder.reset()
        sequenceNumbers = ExtendedSequenceNumber()
        timestamps = ExtendedTimestamp()
        packets.removeAll()
        highestEndTimestamp = nil
        firstArrival = nil
        jitter.reset()
        isPlaying = false
        pcm.removeAll()
        played.removeAll()
        expansionCredit = 0
        lastDecodedWasSilent = false
        consecutiveConcealedSamples = 0
        underrun = .none
        smoothedDelayMilliseconds = nil
        recentDelays.removeAll()
        stretching = nil
        lastTimeStretch = nil
        counters.streamResets += 1
    }

    // MARK: Playing

    /// Exactly `samplesPerPull` (10 ms) of audio; silence until the stream has started.
    public func pull(now: ContinuousClock.Instant) -> [Int16] {
        var frame = [Int16](repeating: 0, count: Self.samplesPerPull)
        pull(now: now, into: &frame)
        return frame
    }

    /// `pull(now:)` into `frame`, which is made exactly `samplesPerPull` long: a frame kept by
    /// the caller makes the steady-state pull allocation-free.
    public func pull(now: ContinuousClock.Instant, into frame: inout [Int16]) {
        if frame.count != Self.samplesPerPull {
            frame = [Int16](repeating: 0, count: Self.samplesPerPull)
        }
        let elapsed = lastPull.map { min(max(($0.duration(to: now)).milliseconds, 0), 1000) } ?? 0
        lastPull = now
        updateTarget(elapsedMilliseconds: elapsed)
        guard isPlaying || startIfReady(now: now) else {
            frame.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return
        }
        limitRunawayDelay()
        timeStretchIfDue(now: now)
        while pcm.count < Self.samplesPerPull { produce() }
        pcm.moveFront(Self.samplesPerPull, to: &frame)
        let delay = Double(currentDelaySamples) / Self.samplesPerMillisecond
        recentDelays.append(delay)
        let window = max(1, lastPacketSamples / Self.samplesPerPull)
        if recentDelays.count > window { recentDelays.removeFirst(recentDelays.count - window) }
        let lowPoint = recentDelays.min() ?? delay
        smoothedDelayMilliseconds = smoothedDelayMilliseconds.map { $0 + (lowPoint - $0) * Self.delaySmoothing } ?? lowPoint
    }

    private var currentDelaySamples: Int64 {
        guard isPlaying, let highestEndTimestamp else { return 0 }
        return max(0, highestEndTimestamp - (decodeTimestamp - Int64(pcm.count)))
    }

    /// Starts once the target delay's worth of audio is here on top of the packet to play first,
    /// or the first packet has waited that long (a lone packet after loss must not wait for ever).
    private func startIfReady(now: ContinuousClock.Instant) -> Bool {
        guard let lowest = packets.keys.min(), let first = packets[lowest], let firstArrival,
              let highestEndTimestamp else { return false }
        let buffered = Double(highestEndTimestamp - first.timestamp) / Self.samplesPerMillisecond
        let needed = targetMilliseconds + Double(first.samples) / Self.samplesPerMillisecond
        guard buffered >= needed || firstArrival.duration(to: now).milliseconds >= needed else { return false }
        isPlaying = true
        nextSequence = lowest
        decodeTimestamp = first.timestamp
        smoothedDelayMilliseconds = nil
        recentDelays.removeAll()
        return true
    }

    /// Appends at least one step of audio to `pcm`.
    private func produce() {
        if let packet = packets[nextSequence] {
            underrun = .none
            fillTimestampGap(before: packet)
            decodeNext()
        } else if let later = firstPacket(after: nextSequence) {
            underrun = .none
            recoverLoss(before: later)
        } else {
            expand()
        }
    }

    /// The lowest sequence number here above `sequence`.
    private func firstPacket(after sequence: Int64) -> Int64? {
        var lowest: Int64?
        for key in packets.keys where key > sequence && key < (lowest ?? .max) { lowest = key }
        return lowest
    }

    /// A gap in timestamps with consecutive sequence numbers is DTX: silence, sized so that the
    /// delay comes back to the target rather than to the length of the pause. The target is the
    /// low point, once `packet` has played: it comes on top.
    private func fillTimestampGap(before packet: StoredPacket) {
        let gap = packet.timestamp - decodeTimestamp
        guard gap >= Self.smallestGap, let highestEndTimestamp else { return }
        let target = Int64(targetMilliseconds * Self.samplesPerMillisecond) + Int64(packet.samples)
        let silence = min(gap, max(0, target - (highestEndTimestamp - packet.timestamp) - Int64(pcm.count)))
        pcm.appendSilence(count: Int(silence))
        counters.comfortSilenceMilliseconds += Double(silence) / Self.samplesPerMillisecond
        decodeTimestamp = packet.timestamp
    }

    private func decodeNext() {
        guard let packet = packets.removeValue(forKey: nextSequence) else { return }
        markPlayed(nextSequence)
        nextSequence += 1
        lastPacketSamples = packet.samples
        expansionCredit = 0
        do {
            let count = try decoder.decode(packet.payload, into: &decoded)
            let samples = decoded[0..<count]
            consecutiveConcealedSamples = 0
            lastDecodedWasSilent = packet.payload.count <= 2 || Self.meanSquare(samples) < Self.silentMeanSquare
            pcm.append(contentsOf: samples)
            decodeTimestamp = packet.timestamp + Int64(count)
        } catch {
            counters.discardedPackets += 1
            counters.concealedPackets += 1
            appendConcealment(samples: packet.samples)
            decodeTimestamp = packet.timestamp + Int64(packet.samples)
        }
    }

    /// `nextSequence` is missing and `later` is here: rebuild it from `later`'s FEC if `later`
    /// is the very next packet, else conceal one packet's worth, less what expansion already
    /// played while waiting for it.
    private func recoverLoss(before later: Int64) {
        guard let next = packets[later] else { return }
        let missing = later - nextSequence
        let span = next.timestamp - decodeTimestamp
        var samples = lastPacketSamples
        if span > 0, span <= missing * Int64(OpusAudioFormat.maximumSamplesPerPacket) {
            let step = Int64(Self.smallestGap)
            samples = Int(min(max((span / missing + step / 2) / step * step, step),
                              Int64(OpusAudioFormat.maximumSamplesPerPacket)))
        }
        nextSequence += 1
        decodeTimestamp += Int64(samples)
        if missing == 1, OpusPacketDuration.mayCarryForwardErrorCorrection(next.payload),
           let count = try? decoder.decodeFEC(nextPacket: next.payload, samples: samples, into: &decoded) {
            let recovered = decoded[0..<count]
            counters.forwardErrorCorrectionRecoveredPackets += 1
            consecutiveConcealedSamples = 0
            expansionCredit = 0
            lastDecodedWasSilent = Self.meanSquare(recovered) < Self.silentMeanSquare
            pcm.append(contentsOf: recovered)
            return
        }
        counters.concealedPackets += 1
        let credited = min(expansionCredit, samples)
        expansionCredit -= credited
        let remaining = (samples - credited) / Self.smallestGapSamples * Self.smallestGapSamples
        if remaining > 0 { appendConcealment(samples: remaining) }
    }

    /// No packet to play: fill 10 ms without advancing media time, so that a packet that is
    /// merely late still plays in full when it comes.
    private func expand() {
        let faded = consecutiveConcealedSamples >= concealmentSamples + fadeSamples
        if case .comfortSilence = underrun {
            playComfortSilence()
        } else if lastDecodedWasSilent && !isConcealing {
            underrun = .comfortSilence
            playComfortSilence()
        } else if faded {
            // Concealment has faded out: the sender has stopped, silence is no longer loss.
            if case let .concealing(waited) = underrun { underrun = .concealing(samples: waited + Self.samplesPerPull) }
            expansionCredit += Self.samplesPerPull
            playComfortSilence()
        } else {
            let waited = if case let .concealing(samples) = underrun { samples } else { 0 }
            underrun = .concealing(samples: waited + Self.samplesPerPull)
            expansionCredit += Self.samplesPerPull
            appendConcealment(samples: Self.samplesPerPull)
        }
    }

    private var isConcealing: Bool {
        if case .concealing = underrun { true } else { false }
    }

    private func playComfortSilence() {
        pcm.appendSilence(count: Self.samplesPerPull)
        counters.comfortSilenceMilliseconds += Double(Self.samplesPerPull) / Self.samplesPerMillisecond
    }

    private var concealmentSamples: Int {
        Int(configuration.maximumConcealment.milliseconds * Self.samplesPerMillisecond)
    }

    private var fadeSamples: Int {
        max(1, Int(configuration.concealmentFade.milliseconds * Self.samplesPerMillisecond))
    }

    /// Appends `samples` of Opus PLC at full level, then a linear fade, then silence.
    private func appendConcealment(samples: Int) {
        let start = consecutiveConcealedSamples
        consecutiveConcealedSamples += samples
        counters.concealedMilliseconds += Double(samples) / Self.samplesPerMillisecond
        guard start < concealmentSamples + fadeSamples,
              let count = try? decoder.concealLoss(samples: samples, into: &decoded), count == samples
        else {
            pcm.appendSilence(count: samples)
            return
        }
        for index in 0..<samples where start + index >= concealmentSamples {
            let gain = max(0, 1 - Double(start + index - concealmentSamples) / Double(fadeSamples))
            decoded[index] = Int16((Double(decoded[index]) * gain).rounded())
        }
        pcm.append(contentsOf: decoded[0..<samples])
    }

    private func markPlayed(_ sequence: Int64) {
        played.insert(sequence)
        if played.count > 512 {
            played = played.filter { $0 > sequence - 256 }
        }
    }

    // MARK: Delay control

    private func updateTarget(elapsedMilliseconds: Double) {
        let measured = clampTarget(jitter.spreadMilliseconds + configuration.delayHeadroom.milliseconds)
        if measured > targetMilliseconds {
            targetMilliseconds = measured
        } else if jitter.isFull && !hasMeasuredTarget {
            // Coming down slowly guards a measured target against a lull in the jitter; the
            // initial target is only a guess, and a full window of arrivals replaces it at once.
            // The delay follows all the way, not just into the band around the new target.
            targetMilliseconds = measured
            stretching = .deleting
        } else {
            let shrink = configuration.targetShrinkPerSecond.milliseconds * elapsedMilliseconds / 1000
            targetMilliseconds = max(measured, targetMilliseconds - shrink)
        }
        hasMeasuredTarget = jitter.isFull
    }

    /// A late packet means the target was too small by at least its lateness: grow at once.
    private func growTarget(lateMilliseconds: Double) {
        let step = min(max(lateMilliseconds, 10), 100)
        targetMilliseconds = clampTarget(targetMilliseconds + step)
    }

    private func clampTarget(_ milliseconds: Double) -> Double {
        min(max(milliseconds, configuration.minimumTargetDelay.milliseconds),
            configuration.maximumTargetDelay.milliseconds)
    }

    /// The one hard cut: a buffer far beyond the largest target (a stalled network delivering
    /// seconds at once) drops its oldest packets rather than play them all seconds late.
    private func limitRunawayDelay() {
        let limit = 2 * configuration.maximumTargetDelay.milliseconds * Self.samplesPerMillisecond
        guard Double(currentDelaySamples) > limit, let highestEndTimestamp else { return }
        let target = Int64(targetMilliseconds * Self.samplesPerMillisecond)
        pcm.removeAll()
        while packets.count > 1, let oldest = packets.keys.min(), let packet = packets[oldest],
              highestEndTimestamp - packet.timestamp > target {
            packets[oldest] = nil
            counters.discardedPackets += 1
        }
        if let oldest = packets.keys.min(), let packet = packets[oldest] {
            nextSequence = oldest
            decodeTimestamp = packet.timestamp
        }
    }

    private enum Stretching {
        case deleting
        case inserting
    }

    /// At most one step per `minimumTimeStretchInterval`, when the smoothed delay has left the
    /// band around the target, and then until it is back at the target: stopping at the band's
    /// edge would leave the delay there, `deletionMargin` above the target, for good. A step
    /// waits (up to a second) for audio that is quiet or periodic, where the seam cannot be heard.
    private func timeStretchIfDue(now: ContinuousClock.Instant) {
        guard let smoothed = smoothedDelayMilliseconds else { return }
        let sinceLast = lastTimeStretch.map { $0.duration(to: now) } ?? .seconds(60)
        guard sinceLast >= configuration.minimumTimeStretchInterval else { return }
        let deletionMargin = stretching == .deleting ? 0 : configuration.deletionMargin.milliseconds
        let insertionMargin = stretching == .inserting ? 0 : configuration.insertionMargin.milliseconds
        let deleting = smoothed > targetMilliseconds + deletionMargin
        let inserting = smoothed < targetMilliseconds - insertionMargin
        guard deleting || inserting else {
            stretching = nil
            return
        }
        stretching = deleting ? .deleting : .inserting
        decodeAhead(samples: TimeStretch.requiredSamples)
        let audio = pcm.contiguous()
        guard let candidate = TimeStretch.bestLag(in: audio),
              candidate.similarity >= 0.7 || sinceLast >= .seconds(1) else { return }
        let milliseconds = Double(candidate.lag) / Self.samplesPerMillisecond
        // The target is the least that must be left when the next packet is due: draining stops
        // short of going under it.
        if deleting, smoothed - milliseconds < targetMilliseconds {
            stretching = nil
            return
        }
        if deleting {
            pcm.replace(with: TimeStretch.removing(lag: candidate.lag, from: audio))
            counters.timeStretchDeletions += 1
            counters.timeStretchDeletedMilliseconds += milliseconds
            smoothedDelayMilliseconds = smoothed - milliseconds
            recentDelays = recentDelays.map { $0 - milliseconds }
        } else {
            pcm.replace(with: TimeStretch.inserting(lag: candidate.lag, into: audio))
            counters.timeStretchInsertions += 1
            counters.timeStretchInsertedMilliseconds += milliseconds
            smoothedDelayMilliseconds = smoothed + milliseconds
            recentDelays = recentDelays.map { $0 + milliseconds }
        }
        lastTimeStretch = now
    }

    /// Decodes packets that are here and in order, without gaps, until `samples` are ready.
    private func decodeAhead(samples: Int) {
        while pcm.count < samples, let packet = packets[nextSequence],
              packet.timestamp - decodeTimestamp < Self.smallestGap {
            underrun = .none
            decodeNext()
        }
    }

    private static func meanSquare(_ pcm: ArraySlice<Int16>) -> Double {
        guard !pcm.isEmpty else { return 0 }
        return pcm.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(pcm.count)
    }
}

@available(*, unavailable, message: "one owner uses a jitter buffer; its Opus decoder is not thread-safe")
extension JitterBuffer: Sendable {}
