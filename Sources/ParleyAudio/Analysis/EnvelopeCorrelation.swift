import Foundation

/// Finds a known sound (speech) in a recording by the shape of its loudness over time: the
/// normalised cross-correlation of 10 ms level envelopes, at the best lag.
///
/// Envelopes rather than waveforms because what lies between the two ends of a call (a codec,
/// concealment, time-stretching, a browser's noise suppression and gain control) keeps where
/// the syllables and pauses are but not the waveform's phase. Levels in dB, floored, so that
/// a gain change moves the envelope without changing its shape, and quiet noise in the pauses
/// reads as the pause it is.
public enum EnvelopeCorrelation {
    /// One envelope value per 10 ms at 48 kHz.
    public static let frameSamples = 480
    /// Levels below this (dBFS, mean square) count as silence.
    public static let floorDecibels = -60.0

    public struct Match: Sendable, Hashable {
        /// Pearson correlation of the two envelopes over the reference's length, −1…1.
        public var correlation: Double
        /// Where the reference starts in the recording, in 10 ms frames.
        public var lagFrames: Int

        public var lagMilliseconds: Double { Double(lagFrames * EnvelopeCorrelation.frameSamples) / 48 }
    }

    /// The level of each whole 10 ms frame, in dBFS, never below `floorDecibels`.
    public static func envelope(_ samples: [Int16]) -> [Double] {
        let count = samples.count / frameSamples
        return (0..<count).map { frame in
            var sum = 0.0
            for index in (frame * frameSamples)..<((frame + 1) * frameSamples) {
                let sample = Double(samples[index])
                sum += sample * sample
            }
            let meanSquare = sum / Double(frameSamples) / (32_768.0 * 32_768.0)
            return max(floorDecibels, 10 * log10(max(meanSquare, 1e-12)))
        }
    }

    /// The lag (in `lags`, frames) at which `reference`'s envelope correlates best with the part
    /// of `recording`'s envelope it covers; nil when the recording is shorter than the reference
    /// at every lag in range, or an envelope is constant there (nothing to correlate).
    public static func bestMatch(of reference: [Int16], in recording: [Int16],
                                 lags: ClosedRange<Int>? = nil) -> Match? {
        bestMatch(ofEnvelope: envelope(reference), inEnvelope: envelope(recording), lags: lags)
    }

    public static func bestMatch(ofEnvelope reference: [Double], inEnvelope recording: [Double],
                                 lags: ClosedRange<Int>? = nil) -> Match? {
        let length = reference.count
        guard length > 1, recording.count >= length else { return nil }
        let widest = 0...(recording.count - length)
        let range = lags.map { $0.clamped(to: widest) } ?? widest
        guard widest.overlaps(lags ?? widest) else { return nil }
        let (centred, referenceNorm) = centre(reference[...])
        guard referenceNorm > 0 else { return nil }
        var best: Match?
        for lag in range {
            let window = recording[lag..<(lag + length)]
            let mean = window.reduce(0, +) / Double(length)
            var product = 0.0
            var squares = 0.0
            for (offset, value) in window.enumerated() {
                let deviation = value - mean
                product += deviation * centred[offset]
                squares += deviation * deviation
            }
            guard squares > 0 else { continue }
            let correlation = product / (squares.squareRoot() * referenceNorm)
            if correlation > best?.correlation ?? -.infinity {
                best = Match(correlation: correlation, lagFrames: lag)
            }
        }
        return best
    }

    private static func centre(_ values: ArraySlice<Double>) -> ([Double], Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let centred = values.map { $0 - mean }
        return (centred, centred.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }
}
