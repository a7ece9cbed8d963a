import Foundation
import Testing
@testable import ParleyAudio

struct SampleRateConverterTests {
    static func sine(_ frequency: Double, rate: Int, seconds: Double, amplitude: Double = 0.5) -> [Float] {
        (0..<Int(Double(rate) * seconds)).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    @Test("tone frequency and level kept", arguments: [8_000, 11_025, 22_050, 44_100, 96_000, 192_000])
    func tone(rate: Int) throws {
        let input = Self.sine(1_000, rate: rate, seconds: 0.5)
        let output = SampleRateConverter.resample(input, from: rate, to: 48_000)
        #expect(output.count == input.count * 48_000 / rate)
        #expect(abs(output.count - 24_000) <= 48_000 / rate)
        let pcm = PCM16Conversion.quantize(output)
        #expect(abs(try #require(DominantFrequency.estimate(pcm)) - 1_000) < 0.5)
        #expect(abs(WAVTestSupport.rmsDBFS(WAVTestSupport.middle(pcm)) - 20 * log10(0.5)) < 0.05)
    }

    /// Against the exact sine at the new rate, away from the ends.
    @Test("44.1 → 48 kHz is close to the ideal signal")
    func accuracy() {
        let output = SampleRateConverter.resample(Self.sine(3_000, rate: 44_100, seconds: 0.2), from: 44_100, to: 48_000)
        let ideal = Self.sine(3_000, rate: 48_000, seconds: 0.2)
        let errors = (1_000..<(output.count - 1_000)).map { abs(output[$0] - ideal[$0]) }
        #expect((errors.max() ?? 1) < 1e-3)
    }

    @Test("content above the new Nyquist frequency is filtered", arguments: [30_000.0, 40_000])
    func antiAliasing(frequency: Double) {
        let output = SampleRateConverter.resample(Self.sine(frequency, rate: 96_000, seconds: 0.2), from: 96_000, to: 48_000)
        let rms = (output[1_000..<(output.count - 1_000)].reduce(0) { $0 + Double($1) * Double($1) } / Double(output.count - 2_000)).squareRoot()
        #expect(20 * log10(rms / (0.5 / 2.0.squareRoot())) < -60)
    }

    @Test("degenerate input")
    func degenerate() {
        #expect(SampleRateConverter.resample([], from: 44_100, to: 48_000).isEmpty)
        #expect(SampleRateConverter.resample([0.5], from: 0, to: 48_000).isEmpty)
        #expect(SampleRateConverter.resample([0.5, 0.5], from: 48_000, to: 48_000) == [0.5, 0.5])
        #expect(SampleRateConverter.resample([0.25], from: 8_000, to: 48_000) == [Float](repeating: 0.25, count: 6))
        // An absurd ratio still returns, without trapping.
        #expect(SampleRateConverter.resample([Float](repeating: 0.5, count: 64), from: Int.max / 2, to: 1).isEmpty)
        #expect(SampleRateConverter.resample([0.5, 0.5], from: 1, to: Int.max).isEmpty)
    }
}
