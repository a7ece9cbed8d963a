import Foundation

/// A sine tone cut into successive frames (10 ms = 480 samples, 20 ms = 960 at 48 kHz). The
/// phase carries over from frame to frame, and across changes of frequency, so the frames join
/// without a click.
public struct ToneGenerator: Sendable {
    public let sampleRate: Int
    /// Hz; changing it mid-stream keeps the phase continuous.
    public var frequency: Double
    /// Peak amplitude as a fraction of full scale, 0...1 (values beyond are clamped).
    public var amplitude: Double {
        didSet { amplitude = Self.clampedAmplitude(amplitude) }
    }
    /// Position within the current cycle, 0..<1.
    public private(set) var phase: Double = 0

    /// A tone with peak `amplitude` (fraction of full scale).
    public init(frequency: Double, amplitude: Double = 0.5, sampleRate: Int = 48_000) {
        self.sampleRate = max(1, sampleRate)
        self.frequency = frequency
        self.amplitude = Self.clampedAmplitude(amplitude)
    }

    /// A tone whose peak is `level` dBFS. Its RMS level as `AudioLevel` reports it (AES17, where
    /// a full-scale sine reads 0 dBFS) is the same number.
    public init(frequency: Double, level: Double, sampleRate: Int = 48_000) {
        self.init(frequency: frequency, amplitude: AudioLevel.amplitude(dBFS: level), sampleRate: sampleRate)
    }

    /// Peak level in dBFS.
    public var level: Double {
        get { AudioLevel.dBFS(amplitude: amplitude) }
        set { amplitude = AudioLevel.amplitude(dBFS: newValue) }
    }

    /// The next `sampleCount` samples.
    public mutating func nextFrame(sampleCount: Int = 480) -> [Int16] {
        var frame = [Int16](repeating: 0, count: max(0, sampleCount))
        fill(&frame)
        return frame
    }

    /// Overwrites `frame` with the next `frame.count` samples.
    ///
    /// A bot sends a tone for as long as it is in a call, so this is on its audio clock: the
    /// sine is stepped by rotating a unit phasor (four multiplications a sample instead of a
    /// `sin`), restarted from the exact phase every `exactPhaseInterval` samples so that
    /// rounding cannot build up.
    public mutating func fill(_ frame: inout [Int16]) {
        let increment = frequency.isFinite ? frequency / Double(sampleRate) : 0
        let scale = amplitude * Double(PCM16Conversion.fullScale)
        let stepSine = sin(2 * Double.pi * increment)
        let stepCosine = cos(2 * Double.pi * increment)
        var start = 0
        while start < frame.count {
            let end = min(frame.count, start + Self.exactPhaseInterval)
            var sine = sin(2 * Double.pi * phase)
            var cosine = cos(2 * Double.pi * phase)
            for index in start..<end {
                let value = (sine * scale).rounded()
                frame[index] = Int16(min(max(value, -32_768), 32_767))
                (sine, cosine) = (sine * stepCosine + cosine * stepSine, cosine * stepCosine - sine * stepSine)
            }
            phase += increment * Double(end - start)
            // Keeping the phase in 0..<1 keeps its precision over hours.
            phase -= phase.rounded(.down)
            start = end
        }
    }

    private static let exactPhaseInterval = 480

    private static func clampedAmplitude(_ amplitude: Double) -> Double {
        amplitude.isNaN ? 0 : min(max(amplitude, 0), 1)
    }
}
