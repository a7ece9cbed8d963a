import Foundation

/// The level of a frame of 16-bit audio, for VU meters and the speaking flag.
///
/// RMS follows AES17: a full-scale sine reads 0 dBFS (the RMS ratio plus 3.01 dB), so a tone's
/// RMS level equals its peak level and `ToneGenerator(level:)` means the same number. Peak is
/// the largest magnitude against 32768. Silence reads `floor`.
public struct AudioLevel: Hashable, Sendable {
    /// What digital silence reads, rather than −∞.
    public static let floor = -100.0
    public static let silence = AudioLevel(rms: floor, peak: floor)

    /// RMS level in dBFS (AES17).
    public var rms: Double
    /// Peak level in dBFS.
    public var peak: Double

    public init(rms: Double, peak: Double) {
        self.rms = rms
        self.peak = peak
    }

    public init(_ samples: [Int16]) {
        self = samples.withUnsafeBufferPointer(AudioLevel.init)
    }

    public init(_ samples: ArraySlice<Int16>) {
        self = samples.withUnsafeBufferPointer(AudioLevel.init)
    }

    public init(_ samples: UnsafeBufferPointer<Int16>) {
        var sumOfSquares = 0.0
        var largest = 0
        for sample in samples {
            let value = Int(sample)
            sumOfSquares += Double(value * value)
            largest = max(largest, abs(value))
        }
        let fullScale = Double(PCM16Conversion.fullScale)
        let meanSquare = samples.isEmpty ? 0 : sumOfSquares / Double(samples.count) / (fullScale * fullScale)
        self.init(meanSquare: meanSquare, peakAmplitude: Double(largest) / fullScale)
    }

    /// From a mean square and a peak magnitude, both relative to full scale.
    init(meanSquare: Double, peakAmplitude: Double) {
        self.init(rms: Self.dBFS(meanSquare: meanSquare), peak: Self.dBFS(amplitude: peakAmplitude))
    }

    /// AES17 RMS dBFS of a mean square relative to full scale (1.0 = a full-scale square wave).
    public static func dBFS(meanSquare: Double) -> Double {
        guard meanSquare > 0, meanSquare.isFinite else { return meanSquare.isInfinite ? .infinity : floor }
        return max(floor, 10 * log10(2 * meanSquare))
    }

    /// dBFS of an amplitude relative to full scale.
    public static func dBFS(amplitude: Double) -> Double {
        guard amplitude > 0, amplitude.isFinite else { return amplitude.isInfinite ? .infinity : floor }
        return max(floor, 20 * log10(amplitude))
    }

    /// The amplitude (fraction of full scale) of a level in dBFS; `floor` and below are 0.
    public static func amplitude(dBFS level: Double) -> Double {
        guard level > floor else { return 0 }
        return pow(10, level / 20)
    }
}
