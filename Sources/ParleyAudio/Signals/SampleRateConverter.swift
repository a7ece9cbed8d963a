import Foundation

/// Converts a whole signal between sample rates with a Kaiser-windowed sinc (bandlimited
/// interpolation): a tone keeps its frequency exactly, and when the rate goes down the content
/// above the new Nyquist frequency is filtered out rather than folded back as aliases.
public enum SampleRateConverter {
    /// Zero crossings of the sinc on each side, counted at the lower of the two rates.
    static let zeroCrossings = 24
    /// The centre of the transition band as a fraction of the lower Nyquist frequency. With 24
    /// zero crossings the band is about ±2 kHz wide at 44.1–48 kHz, so it ends just below Nyquist.
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
        let kernel = Kernel(inputRate: inputRate, outputRate: outputRate)
        var output = [Float](repeating: 0, count: product / inputRate)
        signal.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                if let bank = PolyphaseBank(kernel: kernel, outputCount: output.count) {
                    bank.resample(input, into: output)
                } else {
                    for index in output.indices {
                        output[index] = kernel.interpolate(input, at: index)
                    }
                }
            }
        }
        return output
    }

    /// The windowed sinc scaled for one conversion, evaluated from the shared table.
    struct Kernel {
        let inputRate: Int
        let outputRate: Int
        /// Cut-off as a fraction of the input Nyquist frequency.
        let bandwidth: Double
        /// Input samples on each side of an output position that the kernel reaches.
        let span: Int

        static let maximumSpan = 1 << 16

        init(inputRate: Int, outputRate: Int) {
            self.inputRate = inputRate
            self.outputRate = outputRate
            bandwidth = min(1, Double(outputRate) / Double(inputRate)) * cutoff
            // A lower output rate widens the kernel; the cap makes an absurd ratio a poor filter
            // rather than a trap.
            span = Int(min((Double(zeroCrossings) / bandwidth).rounded(.up), Double(Self.maximumSpan)))
        }

        /// The unnormalised weight of an input sample `distance` input samples from the output position.
        func weight(at distance: Double) -> Double {
            let position = abs(distance) * bandwidth * Double(tableResolution)
            guard position.isFinite else { return 0 }
            let entry = Int(min(position, Double(kernelTable.count - 2)))
            let step = position - Double(entry)
            return Double(kernelTable[entry]) + step * Double(kernelTable[entry + 1] - kernelTable[entry])
        }

        /// Output sample `index` computed directly. Taps past either end are left out and the rest
        /// renormalised, which at the ends behaves as if the edge samples continued.
        func interpolate(_ input: UnsafeBufferPointer<Float>, at index: Int) -> Float {
            // Exact rational position, so there is no drift over long files.
            let numerator = index * inputRate
            let centre = numerator / outputRate
            let fraction = Double(numerator % outputRate) / Double(outputRate)
            let first = max(0, centre - span + 1)
            let last = min(input.count - 1, centre + span)
            guard first <= last else { return 0 }
            var sum = 0.0, weights = 0.0
            for tap in first...last {
                let weight = weight(at: Double(tap - centre) - fraction)
                sum += weight * Double(input[tap])
                weights += weight
            }
            return weights > 1e-9 ? Float(sum / weights) : 0
        }
    }

    /// For rates in a small integer ratio (every common one: 44.1 → 48 kHz is 147:160) the
    /// output positions cycle through few fractional phases, so each phase's taps are computed
    /// once, normalised to unity gain, and the conversion is plain dot products.
    struct PolyphaseBank {
        /// Beyond this (rates like 47 999 Hz) building the bank costs more than it saves.
        static let maximumCoefficients = 1 << 18

        let kernel: Kernel
        let phases: Int
        let step: Int
        let taps: Int
        let coefficients: [Float]

        init?(kernel: Kernel, outputCount: Int) {
            var a = kernel.inputRate, b = kernel.outputRate
            while b != 0 { (a, b) = (b, a % b) }
            phases = kernel.outputRate / a
            step = kernel.inputRate / a
            taps = 2 * kernel.span
            guard phases <= Self.maximumCoefficients / taps, phases <= outputCount else { return nil }
            self.kernel = kernel
            var coefficients = [Float](repeating: 0, count: phases * taps)
            for phase in 0..<phases {
                let fraction = Double(phase) / Double(phases)
                let weights = (0..<taps).map { tap in kernel.weight(at: Double(tap - kernel.span + 1) - fraction) }
                let total = weights.reduce(0, +)
                for tap in 0..<taps {
                    coefficients[phase * taps + tap] = Float(weights[tap] / total)
                }
            }
            self.coefficients = coefficients
        }

        func resample(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
            guard let source = input.baseAddress else { return }
            coefficients.withUnsafeBufferPointer { bank in
                guard let bank = bank.baseAddress else { return }
                var centre = 0, phase = 0
                for index in output.indices {
                    let first = centre - kernel.span + 1
                    if first >= 0, first + taps <= input.count {
                        let x = source + first
                        let c = bank + phase * taps
                        // A plain counting loop: a Range iterator costs more than the
                        // multiply-add in debug builds.
                        var sum: Float = 0
                        var tap = 0
                        while tap < taps {
                            sum += c[tap] * x[tap]
                            tap += 1
                        }
                        output[index] = sum
                    } else {
                        output[index] = kernel.interpolate(input, at: index)
                    }
                    phase += step
                    centre += phase / phases
                    phase %= phases
                }
            }
        }
    }

    /// sinc(x)·kaiser(x) for x = 0, 1/resolution, … zeroCrossings (plus a zero guard entry).
    static let kernelTable: [Float] = {
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
