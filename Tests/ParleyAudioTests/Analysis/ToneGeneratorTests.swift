import Foundation
import Testing
@testable import ParleyAudio

struct ToneGeneratorTests {
    @Test("frames join into one continuous sine", arguments: [480, 960, 333])
    func continuity(frameSize: Int) {
        var generator = ToneGenerator(frequency: 1_234.5, amplitude: 0.5)
        var framed: [Int16] = []
        for _ in 0..<100 { framed += generator.nextFrame(sampleCount: frameSize) }
        let reference = AudioTestSignals.tone(frequency: 1_234.5, samples: framed.count, amplitude: 0.5)
        let worst = zip(framed, reference).map { abs(Int($0) - Int($1)) }.max() ?? .max
        #expect(worst <= 2)
    }

    /// A click is a step larger than the sine's steepest slope.
    @Test("no step at a frequency change")
    func frequencyChange() {
        var generator = ToneGenerator(frequency: 440, amplitude: 0.8)
        var signal = generator.nextFrame(sampleCount: 480)
        generator.frequency = 880
        signal += generator.nextFrame(sampleCount: 480)
        let slope = 2 * Double.pi * 880 / 48_000 * 0.8 * 32_768
        let steps = zip(signal, signal.dropFirst()).map { abs(Double($1) - Double($0)) }
        #expect(steps.allSatisfy { $0 <= slope + 1 })
    }

    @Test("level, frequency and amplitude limits")
    func level() throws {
        var generator = ToneGenerator(frequency: 2_000, level: -12)
        let samples = generator.nextFrame(sampleCount: 48_000)
        #expect(abs(WAVTestSupport.rmsDBFS(samples) - -12) < 0.01)
        #expect(abs(try #require(DominantFrequency.estimate(samples)) - 2_000) < 0.2)
        #expect(abs(generator.level - -12) < 1e-9)

        var full = ToneGenerator(frequency: 100, amplitude: 7)
        #expect(full.amplitude == 1)
        #expect(full.nextFrame(sampleCount: 960).max() == 32_767)
        var broken = ToneGenerator(frequency: .nan, amplitude: .nan)
        #expect(broken.nextFrame().allSatisfy { $0 == 0 })
    }
}
