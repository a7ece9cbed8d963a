import Foundation

/// Converts a whole signal between sample rates with a Kaiser-windowed sinc (bandlimited
/// interpolation): a tone keeps its frequency exactly, and when the rate goes down the content
/// above the new Nyquist frequency is filtered out rather than folded back as aliases.
public enum SampleRateConverter {
    /// Zero crossings of the sinc on each side, counted at the lower of the two rates.
    static let zeroCrossings = 24
    /// The passband edge as a fraction of the lower Nyquist frequency; the transition band of a
    /// 48-tap kernel then ends near Nyquist (about 21 kHz for 44.1 kHz material).
    static let cutoff = 0.9
    /// Kaiser β ≈ 8: stopband around −80 dB, below 16-bit audible artefacts.
    static let kaiserBeta = 8.0
    /// Table entries per zero crossing; the kernel between entries is linearly interpolated.
    static let tableResolution = 512

    /// `signal` sampled at `inputRate` resampled to `outputRate` (both in Hz, positive).
    /// The result has `signal.count * outputRate / inputRate` samples, rounded down.
    public static func resample(_ signal: [Float], from inputRate: Int, to outputRate: Int) -> [Float] {
        guard inputRate > 0, outputRate > 0, !signal.isEmpty else { return [] }
        guard inputRate != outputRate else { return signal }
        let (product, overflow) = signal.count.multipliedReportingOverflow(by: outputRate)
        guard !overflow else { return [] }
        let outputCount = product / inputRate
        let bandwidth = min(1, Double(outputRate) / Double(inputRate)) * cutoff
        // Half the kernel, in input samples: a lower output rate widens it.
        let reach = Double(zeroCrossings) / bandwidth
        let span = Int(reach.rounded(.up))
        let table = kernelTable
        let tableStep = Double(tableResolution)
        let tableLimit = table.count - 2

        var output = [Float](repeating: 0, count: outputCount)
        signal.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                for index in 0..<outputCount {
                    // Exact rational position, so there is no drift over long files.
                    let numerator = index * inputRate
                    let centre = numerator / outputRate
                    let fraction = Double(numerator % outputRate) / Double(outputRate)
                    let first = max(0, centre - span + 1)
                    let last = min(input.count - 1, centre + span)
                    var sum = 0.0, weights = 0.0
                    if first <= last {
                        for tap in first...last {
                            let position = abs(Double(tap - centre) - fraction) * bandwidth * tableStep
                            let entry = Int(position)
                            guard entry <= tableLimit else { continue }
                            let step = position - Double(entry)
                            let weight = Double(table[entry]) + step * Double(table[entry + 1] - table[entry])
                            sum += weight * Double(input[tap])
                            weights += weight
                        }
                    }
                    // Normalising by the weights gives exact unity gain at DC and, at the two
                    // ends, behaves as if the edge samples continued.
                    output[index] = weights > 1e-9 ? Float(sum / weights) : 0
                }
            }
        }
        return output
    }

    /// sinc(x)·kaiser(x) for x = 0, 1/resolution, … zeroCrossings (plus a zero guard entry).
    private static let kernelTable: [Float] = {
        let count = zeroCrossings * tableResolution + 2
        let normaliser = besselI0(kaiserBeta)
        return (0..<count).map { entry in
            let x = Double(entry) / Double(tableResolution)
            guard x < Double(zeroCrossings) else { return 0 }
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            let ratio = x / Double(zeroCrossings)
            let window = besselI0(kaiserBeta * (1 - ratio * ratio).squareRoot()) / normaliser
            return Float(sinc * window)
        }
    }()

    /// The modified Bessel function of the first kind, order 0, by its power series.
    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        let quarterSquare = x * x / 4
        for k in 1...50 {
            term *= quarterSquare / Double(k * k)
            sum += term
            if term < sum * 1e-17 { break }
        }
        return sum
    }
}
