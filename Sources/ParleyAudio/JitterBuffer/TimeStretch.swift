/// Lengthens or shortens decoded audio by one pitch-aligned segment of 5–10 ms, in the manner
/// of WSOLA: the segment length is the lag at which the audio best resembles itself, and the
/// seam is cross-faded, so a voiced sound or a tone keeps its phase and no click is heard.
enum TimeStretch {
    /// Segments stay within 5–10 ms: never a jump of more than 10 ms at once.
    static let minimumLag = 240
    static let maximumLag = 480
    /// Cross-fade and comparison window: 2.5 ms.
    static let overlap = 120
    /// The audio `bestLag` needs to look at.
    static let requiredSamples = maximumLag + overlap

    /// Below this mean square (about −50 dBFS) the audio is treated as silence: any cut is inaudible.
    private static let silentMeanSquare = 10_000.0

    struct Candidate {
        var lag: Int
        /// Normalised cross-correlation of the two windows, 1 for silence.
        var similarity: Double
        /// Mean square of the audio around the seam.
        var meanSquare: Double
    }

    /// The lag in `minimumLag...maximumLag` whose window best matches the start of `pcm`.
    static func bestLag(in pcm: [Int16]) -> Candidate? {
        guard pcm.count >= requiredSamples else { return nil }
        let head = pcm[0..<overlap].map(Double.init)
        let headEnergy = head.reduce(0) { $0 + $1 * $1 }
        var best = Candidate(lag: minimumLag, similarity: -2, meanSquare: 0)
        for lag in minimumLag...maximumLag {
            var cross = 0.0, energy = 0.0
            for index in 0..<overlap {
                let sample = Double(pcm[lag + index])
                cross += head[index] * sample
                energy += sample * sample
            }
            let meanSquare = (headEnergy + energy) / Double(2 * overlap)
            let similarity = meanSquare < silentMeanSquare ? 1 : cross / max(1, (headEnergy * energy).squareRoot())
            if similarity > best.similarity {
                best = Candidate(lag: lag, similarity: similarity, meanSquare: meanSquare)
            }
        }
        return best
    }

    /// `pcm` shortened by `lag` samples at its start.
    static func removing(lag: Int, from pcm: [Int16]) -> [Int16] {
        guard lag > 0, pcm.count >= lag + overlap else { return pcm }
        var result: [Int16] = []
        result.reserveCapacity(pcm.count - lag)
        for index in 0..<overlap {
            result.append(crossFade(from: pcm[index], to: pcm[lag + index], at: index))
        }
        result += pcm[(lag + overlap)...]
        return result
    }

    /// `pcm` lengthened by `lag` samples at its start: its first `lag` samples are heard twice.
    static func inserting(lag: Int, into pcm: [Int16]) -> [Int16] {
        guard lag > 0, pcm.count >= lag + overlap else { return pcm }
        var result = Array(pcm[0..<lag])
        result.reserveCapacity(pcm.count + lag)
        for index in 0..<overlap {
            result.append(crossFade(from: pcm[lag + index], to: pcm[index], at: index))
        }
        result += pcm[overlap...]
        return result
    }

    private static func crossFade(from: Int16, to: Int16, at index: Int) -> Int16 {
        let weight = (Double(index) + 0.5) / Double(overlap)
        let mixed = Double(from) * (1 - weight) + Double(to) * weight
        return Int16(max(-32768, min(32767, mixed.rounded())))
    }
}
