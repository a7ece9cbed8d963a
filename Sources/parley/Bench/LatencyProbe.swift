import Foundation
import ParleyAudio
import ParleyClient
import Synchronization

/// What the latency benchmark's two ends write down: when each click left peer A's source, and
/// when each click onset reached peer B's sink, both on the ContinuousClock of this process.
final class LatencyProbe: Sendable {
    struct Onset {
        /// The instant the onset's sample would sound, were the frame played as it is handed over.
        var instant: ContinuousClock.Instant
        /// Peak magnitude of the click, as a fraction of full scale.
        var peak: Double
    }

    private struct Log {
        var clicks: [ContinuousClock.Instant] = []
        var onsets: [Onset] = []
    }

    private let log = Mutex(Log())

    func clickProduced(at instant: ContinuousClock.Instant) { log.withLock { $0.clicks.append(instant) } }
    func onsetReceived(_ onset: Onset) { log.withLock { $0.onsets.append(onset) } }

    var clicks: [ContinuousClock.Instant] { log.withLock { $0.clicks } }
    var onsets: [Onset] { log.withLock { $0.onsets } }
}

/// Silence with a short 1 kHz tone burst about every `intervalSamples`, counted on the source's
/// own sample clock. Each burst starts at full amplitude on its first sample, so its onset is a
/// sample position, not a slope to interpret; successive bursts start 7 ms further into their
/// 20 ms frame, so that over 20 clicks every part of a frame is measured.
final class ClickSource: AudioSource {
    static let burstSamples = 480
    static let frequency = 1000.0
    static let amplitude = 0.5

    private let probe: LatencyProbe
    private let intervalSamples: Int
    private var position = 0

    init(probe: LatencyProbe, intervalSamples: Int) {
        self.probe = probe
        self.intervalSamples = intervalSamples
    }

    func nextFrame(sampleCount: Int) -> [Int16] {
        let produced = ContinuousClock.now
        let frame = Self.samples(from: position, count: sampleCount, intervalSamples: intervalSamples)
        for offset in 0..<sampleCount where Self.clickOffset(at: position + offset, intervalSamples: intervalSamples) == 0 {
            probe.clickProduced(at: produced + Self.duration(samples: offset))
        }
        position += sampleCount
        return frame
    }

    /// The signal itself, a pure function of the sample position (the offline codec measurement
    /// uses the same samples the call sends).
    static func samples(from start: Int, count: Int, intervalSamples: Int) -> [Int16] {
        (start..<(start + count)).map { index in
            guard let inBurst = clickOffset(at: index, intervalSamples: intervalSamples), inBurst < burstSamples
            else { return 0 }
            // Cosine phase: full amplitude on the onset sample itself.
            let value = amplitude * cos(2 * Double.pi * frequency * Double(inBurst) / Double(OpusAudioFormat.sampleRate))
            return Int16((value * Double(Int16.max)).rounded())
        }
    }

    /// Where `index` lies in its interval's burst, nil before the burst starts.
    static func clickOffset(at index: Int, intervalSamples: Int) -> Int? {
        let click = index / intervalSamples
        let start = click * intervalSamples + click * 336 % OpusAudioFormat.samplesPer20Milliseconds
        return index >= start ? index - start : nil
    }

    static func duration(samples: Int) -> Duration {
        .nanoseconds(Int64(samples) * 1_000_000_000 / Int64(OpusAudioFormat.sampleRate))
    }
}

/// Finds click onsets in what peer B's call hands its sink: the first sample at or above the
/// threshold after at least `quietSamples` below it. Each 10 ms frame is stamped with the instant
/// it was handed over.
final class OnsetDetectingSink: AudioSink {
    /// A quarter of the burst's amplitude: far above Opus' noise on digital silence, reached
    /// within a fraction of a cycle of the decoded burst's start.
    static let threshold = Int32(ClickSource.amplitude * 0.25 * Double(Int16.max))
    static let quietSamples = 9600

    private let probe: LatencyProbe
    private var detector = OnsetDetector()

    init(probe: LatencyProbe) {
        self.probe = probe
    }

    func write(_ frame: [Int16]) {
        let handed = ContinuousClock.now
        for (offset, peak) in detector.onsets(in: frame) {
            probe.onsetReceived(LatencyProbe.Onset(instant: handed + ClickSource.duration(samples: offset), peak: peak))
        }
    }

    func finish() {}
}

/// Onset detection over a stream cut into frames of any length.
struct OnsetDetector {
    private var quiet = OnsetDetectingSink.quietSamples

    /// Offsets within `frame` of onsets found there, with the peak of the 10 ms after each
    /// (what is left of it in this frame).
    mutating func onsets(in frame: [Int16]) -> [(offset: Int, peak: Double)] {
        var found: [(offset: Int, peak: Double)] = []
        for (offset, sample) in frame.enumerated() {
            if abs(Int32(sample)) >= OnsetDetectingSink.threshold {
                if quiet >= OnsetDetectingSink.quietSamples {
                    let window = frame[offset..<min(frame.count, offset + 480)]
                    let peak = window.map { abs(Double($0)) }.max() ?? 0
                    found.append((offset, peak / Double(Int16.max)))
                }
                quiet = 0
            } else {
                quiet += 1
            }
        }
        return found
    }
}

extension ClickSource {
    /// The onset shift Opus alone adds (its look-ahead, plus how the detector sees the decoded
    /// burst), by encoding and decoding clicks in 20 ms frames with the call's encoder settings.
    static func codecDelay(encoder configuration: OpusEncoder.Configuration, intervalSamples: Int) throws -> Duration {
        let encoder = try OpusEncoder(configuration: configuration)
        let decoder = try OpusDecoder()
        let frame = OpusAudioFormat.samplesPer20Milliseconds
        var detector = OnsetDetector()
        var shifts: [Int] = []
        for index in 0..<(8 * intervalSamples / frame) {
            let start = index * frame
            let decoded = try decoder.decode(try encoder.encode(samples(from: start, count: frame, intervalSamples: intervalSamples)))
            for (offset, _) in detector.onsets(in: decoded) {
                // The burst started in this interval (the codec delays it by far less than one).
                shifts.append(clickOffset(at: start + offset, intervalSamples: intervalSamples) ?? 0)
            }
        }
        guard !shifts.isEmpty else { throw BenchFailure("Opus round trip: no click onset found") }
        return duration(samples: shifts.sorted()[shifts.count / 2])
    }
}
