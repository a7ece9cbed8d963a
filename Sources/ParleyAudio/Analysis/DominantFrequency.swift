import Foundation

/// The frequency of the strongest spectral component of a signal, for checking tones end to end
/// (a 1 kHz tone through WAV, resampling, Opus and the network should still be 1 kHz).
///
/// At most one second from the middle of the signal is analysed: a Hann-windowed FFT finds the
/// strongest bin, then a golden-section search on the windowed spectrum (evaluated exactly, by
/// Goertzel's recurrence) finds the peak between bins. A pure tone comes out within a few
/// hundredths of a percent.
public enum DominantFrequency {
    public static let defaultRange: ClosedRange<Double> = 50...4_000

    /// Fewer samples than this (about 5 ms at 48 kHz) give no estimate.
    static let minimumSamples = 256

    /// The dominant frequency in Hz within `range`, or nil for silence or too short a signal.
    public static func estimate(_ signal: [Int16], sampleRate: Int = 48_000,
                                range: ClosedRange<Double> = defaultRange) -> Double? {
        let window = analysisWindow(count: signal.count, sampleRate: sampleRate)
        return estimate(signal[window].map { Double($0) }, sampleRate: sampleRate, range: range)
    }

    public static func estimate(_ signal: [Float], sampleRate: Int = 48_000,
                                range: ClosedRange<Double> = defaultRange) -> Double? {
        let window = analysisWindow(count: signal.count, sampleRate: sampleRate)
        return estimate(signal[window].map { Double($0) }, sampleRate: sampleRate, range: range)
    }

    private static func analysisWindow(count: Int, sampleRate: Int) -> Range<Int> {
        let length = min(count, max(sampleRate, minimumSamples))
        let start = (count - length) / 2
        return start..<(start + length)
    }

    private static func estimate(_ segment: [Double], sampleRate: Int, range: ClosedRange<Double>) -> Double? {
        let rate = Double(sampleRate)
        guard segment.count >= minimumSamples, sampleRate > 0, range.lowerBound.isFinite, range.upperBound.isFinite,
              range.upperBound > 0, range.lowerBound < rate / 2
        else { return nil }
        let mean = segment.reduce(0, +) / Double(segment.count)
        let last = Double(segment.count - 1)
        let windowed = segment.enumerated().map { index, sample in
            (sample - mean) * 0.5 * (1 - cos(2 * Double.pi * Double(index) / last))
        }

        var size = 1
        while size < windowed.count { size *= 2 }
        var real = windowed + [Double](repeating: 0, count: size - windowed.count)
        var imaginary = [Double](repeating: 0, count: size)
        FastFourierTransform.transform(real: &real, imaginary: &imaginary)

        let binWidth = rate / Double(size)
        let lowest = max(1, Int((range.lowerBound / binWidth).rounded(.down)))
        let highest = min(size / 2 - 1, Int((min(range.upperBound, rate / 2) / binWidth).rounded(.up)))
        guard lowest <= highest else { return nil }
        var bestBin = lowest, bestPower = 0.0
        for bin in lowest...highest {
            let power = real[bin] * real[bin] + imaginary[bin] * imaginary[bin]
            if power > bestPower {
                bestPower = power
                bestBin = bin
            }
        }
        guard bestPower > 0 else { return nil }

        let centre = Double(bestBin) * binWidth
        let peak = goldenSectionMaximum(in: (centre - binWidth)...(centre + binWidth)) { frequency in
            power(of: frequency, in: windowed, sampleRate: rate)
        }
        return min(max(peak, range.lowerBound), range.upperBound)
    }

    /// Goertzel: |X(f)|² of the windowed segment at any frequency, not just at FFT bins.
    private static func power(of frequency: Double, in signal: [Double], sampleRate: Double) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        var previous = 0.0, beforePrevious = 0.0
        signal.withUnsafeBufferPointer { samples in
            for sample in samples {
                let current = sample + coefficient * previous - beforePrevious
                beforePrevious = previous
                previous = current
            }
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// The argument of the maximum of a unimodal function on `interval`, to 0.001 Hz.
    private static func goldenSectionMaximum(in interval: ClosedRange<Double>, _ function: (Double) -> Double) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var low = interval.lowerBound, high = interval.upperBound
        var left = high - ratio * (high - low), right = low + ratio * (high - low)
        var leftValue = function(left), rightValue = function(right)
        while high - low > 0.001 {
            if leftValue < rightValue {
                low = left
                left = right
                leftValue = rightValue
                right = low + ratio * (high - low)
                rightValue = function(right)
            } else {
                high = right
                right = left
                rightValue = leftValue
                left = high - ratio * (high - low)
                leftValue = function(left)
            }
        }
        return (low + high) / 2
    }
}
