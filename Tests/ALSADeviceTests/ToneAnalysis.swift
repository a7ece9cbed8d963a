import Foundation

/// Test signals and measurements at Parley's 48 kHz.
enum ToneAnalysis {
    static let sampleRate = 48_000.0

    /// A sine of `frequency` Hz at `amplitude` (full scale 32767), from sample index `start`.
    static func tone(frequency: Double, count: Int, start: Int = 0, amplitude: Double = 8000) -> [Int16] {
        (start..<(start + count)).map { index in
            Int16(amplitude * sin(2 * Double.pi * frequency * Double(index) / sampleRate))
        }
    }

    /// Goertzel: the squared magnitude of the `frequency` component of `samples`.
    static func power(at frequency: Double, in samples: [Int16]) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// The share of the signal's energy at `frequency`: about 1 for a pure tone at that
    /// frequency (Parseval: a sine of amplitude A over N samples has |X|² = (AN/2)² and
    /// energy A²N/2), near 0 for silence or another tone.
    static func energyShare(at frequency: Double, in samples: [Int16]) -> Double {
        let energy = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        guard energy > 0 else { return 0 }
        return power(at: frequency, in: samples) / (energy * Double(samples.count) / 2)
    }

    static func rms(_ samples: [Int16]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}
