import ParleyAudio
import ParleyTestSupport

/// A sender of 20 ms Opus packets, a network that loses, delays and reorders them, and a receiver
/// that pulls 10 ms from a `JitterBuffer` every 10 ms (or, like the call's audio clock, several
/// 10 ms pulls at each wake), all in virtual time.
struct VirtualNetwork {
    static let frame = OpusAudioFormat.samplesPer20Milliseconds
    static let toneFrequency = 440.0

    /// 60 s of a 440 Hz tone, encoded once with in-band FEC for 10 % loss.
    static let tonePackets: [[UInt8]] = {
        guard let encoder = try? OpusEncoder(configuration: .init(inbandFEC: true, packetLossPercentage: 10))
        else { return [] }
        return (0..<3000).compactMap { index in
            try? encoder.encode(AudioTestSignals.tone(frequency: toneFrequency, samples: frame, start: index * frame))
        }
    }()

    var payloads: [[UInt8]]
    var seconds: Double
    var seed: UInt64 = 1
    var lossProbability = 0.0
    /// Packet indices lost on purpose, besides the random ones.
    var lostIndices: Set<Int> = []
    var baseDelayMilliseconds = 40.0
    /// Uniform in ±jitter.
    var jitterMilliseconds = 0.0
    /// 1.01: the sender's clock runs 1 % fast, so its 20 ms packets leave every 19.8 ms.
    var senderClockRate = 1.0
    /// Every n-th packet is delivered twice, the copy 5 ms later.
    var duplicateEvery: Int?
    /// Extra delay of single packets, by index.
    var extraDelay: [Int: Double] = [:]
    /// From this packet index on the sender uses a new SSRC, sequence numbers and timestamps.
    var ssrcChangeIndex: Int?
    /// RTP fields start close to their wrap so every scenario crosses it.
    var firstSequenceNumber: UInt16 = 65_500
    var firstTimestamp: UInt32 = .max - 960 * 40
    /// Media time of each payload in samples, when not evenly spaced (DTX leaves gaps).
    var mediaOffsets: [Int]?
    /// The receiver wakes every `pullsPerWake` × 10 ms and pulls that many 10 ms frames at once
    /// (`CallMedia` wakes once per 20 ms frame: 2).
    var pullsPerWake = 1
    /// Where the receiver's wakes fall relative to the sender's clock, in ms.
    var wakePhaseMilliseconds = 0.0

    struct Result {
        var output: [Int16] = []
        var wrongLengthFrames = 0
        /// Deliveries that reached the buffer before the run ended.
        var delivered = 0
        var deliveredCopies = 0
        var delays: [Double] = []
        var targets: [Double] = []
        var statistics: [JitterBufferStatistics] = []
        var lost: [Bool] = []
        var final = JitterBufferStatistics()

        func statistics(atSecond second: Double) -> JitterBufferStatistics {
            statistics[min(statistics.count - 1, Int(second * 100))]
        }
        func pulls(from second: Double) -> Range<Int> { min(delays.count, Int(second * 100))..<delays.count }
        /// The lowest delay in each stretch of `pulls` pulls (one 20 ms packet's worth when 2)
        /// from `second` on: what is left when the next packet is due.
        func lowPoints(from second: Double, pulls: Int = 2) -> [Double] {
            let range = self.pulls(from: second)
            return stride(from: range.lowerBound, to: range.upperBound - pulls + 1, by: pulls).map { start in
                delays[start..<(start + pulls)].min() ?? 0
            }
        }
        func audio(from start: Double, seconds: Double) -> [Float] {
            let first = min(output.count, Int(start * 48_000))
            let last = min(output.count, first + Int(seconds * 48_000))
            return AudioTestSignals.floats(Array(output[first..<last]))
        }
        /// The longest run of 10 ms frames quieter than −40 dBFS after `second`, in ms.
        func longestSilence(from second: Double) -> Int {
            var longest = 0, run = 0
            for pull in pulls(from: second) {
                let frame = Array(output[(pull * 480)..<((pull + 1) * 480)])
                run = AudioTestSignals.rms(frame) < 0.01 ? run + 10 : 0
                longest = max(longest, run)
            }
            return longest
        }
        /// Lost packets, and maximal runs of them (each run's last packet is FEC's to rebuild).
        var lossRuns: (lost: Int, runs: Int) {
            var lost = 0, runs = 0
            for (index, isLost) in self.lost.enumerated() where isLost {
                lost += 1
                if index + 1 < self.lost.count, !self.lost[index + 1] { runs += 1 }
            }
            return (lost, runs)
        }
    }

    func run() throws -> Result {
        let buffer = try JitterBuffer()
        var random = SplitMix64(seed: seed)
        let packetCount = min(payloads.count, Int(seconds * 50 * max(1, senderClockRate)) + 1)
        var result = Result()
        struct Arrival { var milliseconds: Double; var index: Int; var isCopy = false }
        var arrivals: [Arrival] = []
        for index in 0..<packetCount {
            let isLost = lostIndices.contains(index) || random.nextDouble() < lossProbability
            let jitter = jitterMilliseconds > 0 ? Double.random(in: -jitterMilliseconds...jitterMilliseconds, using: &random) : 0
            result.lost.append(isLost)
            guard !isLost else { continue }
            let mediaMilliseconds = Double(mediaOffsets?[index] ?? index * Self.frame) / 48
            let sent = mediaMilliseconds / senderClockRate
            let arrival = sent + baseDelayMilliseconds + jitter + (extraDelay[index] ?? 0)
            arrivals.append(Arrival(milliseconds: max(sent, arrival), index: index))
            if let every = duplicateEvery, index % every == 0 {
                arrivals.append(Arrival(milliseconds: max(sent, arrival) + 5, index: index, isCopy: true))
            }
        }
        arrivals.sort { $0.milliseconds < $1.milliseconds }

        let origin = ContinuousClock.Instant.now
        func instant(_ milliseconds: Double) -> ContinuousClock.Instant {
            origin.advanced(by: .microseconds(Int64(milliseconds * 1000)))
        }
        var next = 0
        let wake = max(1, pullsPerWake)
        for pull in 0..<Int(seconds * 100) {
            // Pull p is due at p × 10 ms and served at the first wake at or after that.
            let now = wakePhaseMilliseconds + Double((pull + wake - 1) / wake * wake) * 10
            while next < arrivals.count, arrivals[next].milliseconds <= now {
                let index = arrivals[next].index
                let changed = ssrcChangeIndex.map { index >= $0 } ?? false
                let offset = mediaOffsets?[index] ?? index * Self.frame
                let sequence = changed ? UInt16(truncatingIfNeeded: 1234 + index) : firstSequenceNumber &+ UInt16(truncatingIfNeeded: index)
                let timestamp = changed ? UInt32(truncatingIfNeeded: 777_777 + offset) : firstTimestamp &+ UInt32(truncatingIfNeeded: offset)
                buffer.insert(packet: payloads[index], sequenceNumber: sequence, timestamp: timestamp,
                              ssrc: changed ? 0xBEEF : 0xCAFE, arrival: instant(arrivals[next].milliseconds))
                next += 1
                result.delivered += 1
                if arrivals[next - 1].isCopy { result.deliveredCopies += 1 }
            }
            let frame = buffer.pull(now: instant(now))
            if frame.count != JitterBuffer.samplesPerPull { result.wrongLengthFrames += 1 }
            result.output += frame
            let statistics = buffer.statistics
            result.delays.append(statistics.currentDelayMilliseconds)
            result.targets.append(statistics.targetDelayMilliseconds)
            result.statistics.append(statistics)
        }
        result.final = buffer.statistics
        return result
    }
}

extension RandomNumberGenerator {
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
