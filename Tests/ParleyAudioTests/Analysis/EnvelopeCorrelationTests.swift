import ParleyAudio
import ParleyTestSupport
import Testing

@Suite("Envelope correlation")
struct EnvelopeCorrelationTests {
    /// Syllable-like bursts of a tone with random lengths, levels and pauses: an envelope with
    /// a shape, like speech's.
    static func bursts(seed: UInt64, seconds: Double) -> [Int16] {
        var random = SplitMix64(seed: seed)
        var signal: [Int16] = []
        while signal.count < Int(seconds * 48_000) {
            let length = 4_800 + random.below(9_600)
            let amplitude = 0.05 + Double(random.below(40)) / 100
            signal += AudioTestSignals.tone(frequency: 300 + Double(random.below(700)), samples: length,
                                            start: signal.count, amplitude: amplitude)
            signal += [Int16](repeating: 0, count: 2_400 + random.below(7_200))
        }
        return signal
    }

    @Test("finds a delayed, quieter copy at its delay, to the 10 ms frame")
    func delayedCopy() throws {
        let reference = Self.bursts(seed: 1, seconds: 3)
        let delay = 23 * EnvelopeCorrelation.frameSamples
        let recording = [Int16](repeating: 0, count: delay) + reference.map { $0 / 4 } + [Int16](repeating: 0, count: 48_000)
        let match = try #require(EnvelopeCorrelation.bestMatch(of: reference, in: recording))
        #expect(match.lagFrames == 23)
        #expect(match.lagMilliseconds == 230)
        #expect(match.correlation > 0.99, "\(match.correlation)")
    }

    @Test("another signal of the same kind correlates poorly at every lag")
    func unrelated() throws {
        let reference = Self.bursts(seed: 1, seconds: 3)
        let other = Self.bursts(seed: 2, seconds: 5)
        let match = try #require(EnvelopeCorrelation.bestMatch(of: reference, in: other))
        #expect(match.correlation < 0.5, "\(match.correlation) at \(match.lagMilliseconds) ms")
    }

    @Test("a recording shorter than the reference, or silence, has no match")
    func nothingToMatch() {
        let reference = Self.bursts(seed: 1, seconds: 2)
        #expect(EnvelopeCorrelation.bestMatch(of: reference, in: Array(reference.prefix(48_000))) == nil)
        #expect(EnvelopeCorrelation.bestMatch(of: [Int16](repeating: 0, count: 96_000), in: reference + reference) == nil)
        #expect(EnvelopeCorrelation.bestMatch(of: reference, in: reference + reference, lags: 500...600) == nil)
    }
}
