import Foundation
import ParleyTestSupport
import Testing
@testable import ParleyAudio

struct DominantFrequencyTests {
    /// Including frequencies between FFT bins and near both ends of the range.
    @Test("pure tones within 0.5 %", arguments: [50.0, 61.3, 100, 440, 997.7, 1_000, 2_345.6, 3_999])
    func pureTones(frequency: Double) throws {
        let signal = AudioTestSignals.tone(frequency: frequency, samples: 24_000, amplitude: 0.3)
        let measured = try #require(DominantFrequency.estimate(signal))
        #expect(abs(measured - frequency) / frequency < 0.005, "\(measured) Hz")
        #expect(abs(measured - frequency) / frequency < 0.0005, "ten times better than asked: \(measured) Hz")
    }

    /// Agrees with the test target's own Goertzel scan (a separate implementation).
    @Test("agrees with an independent Goertzel scan")
    func agreesWithGoertzelScan() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2 {
            let frequency = 80 + Double(random.below(3_800_000)) / 1_000
            let signal = AudioTestSignals.tone(frequency: frequency, samples: 4_800, amplitude: 0.4)
            let measured = try #require(DominantFrequency.estimate(signal))
            let scanned = AudioTestSignals.dominantFrequency(AudioTestSignals.floats(signal))
            #expect(abs(measured - scanned) <= 0.5, "\(measured) vs \(scanned) for \(frequency)")
        }
    }

    @Test("strongest of two tones, in noise")
    func strongestInNoise() throws {
        var random = SplitMix64(seed: 11)
        let strong = AudioTestSignals.tone(frequency: 700, samples: 48_000, amplitude: 0.3)
        let weak = AudioTestSignals.tone(frequency: 1_900, samples: 48_000, amplitude: 0.1)
        let mixed = zip(strong, weak).map { pair in
            Int16(clamping: Int(pair.0) + Int(pair.1) + random.below(4_001) - 2_000)
        }
        let measured = try #require(DominantFrequency.estimate(mixed))
        #expect(abs(measured - 700) < 3.5)
    }

    @Test("the search range excludes stronger components outside it")
    func range() throws {
        let hum = AudioTestSignals.tone(frequency: 30, samples: 48_000, amplitude: 0.5)
        let tone = AudioTestSignals.tone(frequency: 1_234, samples: 48_000, amplitude: 0.05)
        let measured = try #require(DominantFrequency.estimate(zip(hum, tone).map { $0 &+ $1 }))
        #expect(abs(measured - 1_234) < 6)
    }

    @Test("silence and tiny signals give no answer")
    func noAnswer() {
        #expect(DominantFrequency.estimate([Int16](repeating: 0, count: 48_000)) == nil)
        #expect(DominantFrequency.estimate([Int16](repeating: 1_000, count: 48_000)) == nil)
        #expect(DominantFrequency.estimate([Int16](repeating: 5, count: 100)) == nil)
        #expect(DominantFrequency.estimate([Int16]()) == nil)
        let tone = AudioTestSignals.tone(frequency: 440, samples: 4_800)
        #expect(DominantFrequency.estimate(tone, range: 50...(.infinity)) == nil)
        #expect(DominantFrequency.estimate(tone, range: 30_000...40_000) == nil)
        #expect(DominantFrequency.estimate(tone, sampleRate: 0) == nil)
    }

    @Test("A long recording is measured on its middle second")
    func longSignal() throws {
        let signal = AudioTestSignals.tone(frequency: 1_000, samples: 480_000, amplitude: 0.3)
        let measured = try #require(DominantFrequency.estimate(signal))
        #expect(abs(measured - 1_000) < 1)
    }
}
