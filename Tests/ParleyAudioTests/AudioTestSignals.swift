import Foundation

/// Test signals and measurements, computed here independently of the codec.
enum AudioTestSignals {
    static let sampleRate = 48_000.0

    /// A sine at `frequency`, amplitude `amplitude` of full scale, from sample `start`.
    static func tone(frequency: Double, samples: Int, start: Int = 0, amplitude: Double = 0.5) -> [Int16] {
        (start..<(start + samples)).map { index in
            Int16(amplitude * 32767 * sin(2 * Double.pi * frequency * Double(index) / sampleRate))
        }
    }

    static func floats(_ pcm: [Int16]) -> [Float] {
        pcm.map { Float($0) / 32768 }
    }

    /// Goertzel: the power of one frequency component of `signal`.
    static func power(of frequency: Double, in signal: [Float]) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        var previous = 0.0, beforePrevious = 0.0
        for sample in signal {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// The strongest frequency between 50 Hz and 4 kHz: a 10 Hz scan, then 0.5 Hz steps around the
    /// best bin.
    static func dominantFrequency(_ signal: [Float]) -> Double {
        let coarse = stride(from: 50.0, through: 4000, by: 10).max { power(of: $0, in: signal) < power(of: $1, in: signal) } ?? 0
        return stride(from: coarse - 10, through: coarse + 10, by: 0.5).max { power(of: $0, in: signal) < power(of: $1, in: signal) } ?? 0
    }

    static func rms(_ signal: [Float]) -> Double {
        guard !signal.isEmpty else { return 0 }
        return sqrt(signal.reduce(0) { $0 + Double($1) * Double($1) } / Double(signal.count))
    }

    static func rms(_ signal: [Int16]) -> Double {
        rms(floats(signal))
    }
}
