import Foundation
import Testing
@testable import ParleyAudio

struct AudioLevelTests {
    @Test("sine levels: AES17 RMS equals peak", arguments: [0.0, -3, -12, -20, -45])
    func sine(level: Double) {
        // A whole number of cycles (100 Hz in 480 samples is 1 cycle).
        let amplitude = pow(10, level / 20)
        let samples = AudioTestSignals.tone(frequency: 100, samples: 480, amplitude: min(amplitude, 32_767.0 / 32_768))
        let measured = AudioLevel(samples)
        #expect(abs(measured.rms - WAVTestSupport.rmsDBFS(samples)) < 0.001)
        #expect(abs(measured.rms - level) < 0.05, "rms \(measured.rms)")
        #expect(abs(measured.peak - level) < 0.05, "peak \(measured.peak)")
    }

    @Test("silence reads the floor; extremes stay finite")
    func extremes() {
        #expect(AudioLevel([Int16](repeating: 0, count: 480)) == .silence)
        #expect(AudioLevel([Int16]()) == .silence)
        #expect(AudioLevel.silence.rms == -100)
        let fullSquare = AudioLevel((0..<480).map { $0 % 2 == 0 ? Int16.min : Int16.max })
        #expect(fullSquare.peak == 0)
        #expect(abs(fullSquare.rms - 10 * log10(2.0)) < 0.001)
        let lsb = AudioLevel([Int16](repeating: -1, count: 480))
        #expect(abs(lsb.rms - 20 * log10(2.0.squareRoot() / 32_768)) < 1e-9)
        #expect(lsb.peak == 20 * log10(1.0 / 32_768))
        // One LSB in one sample of 480 is below the floor.
        #expect(AudioLevel([1] + [Int16](repeating: 0, count: 479)).rms == AudioLevel.floor)
    }

    @Test("dBFS and amplitude are inverse")
    func conversions() {
        for level in stride(from: -99.0, through: 0, by: 3.3) {
            #expect(abs(AudioLevel.dBFS(amplitude: AudioLevel.amplitude(dBFS: level)) - level) < 1e-9)
        }
        #expect(AudioLevel.amplitude(dBFS: -100) == 0)
        #expect(AudioLevel.amplitude(dBFS: .nan) == 0)
        #expect(AudioLevel.dBFS(amplitude: 0) == AudioLevel.floor)
        #expect(AudioLevel.dBFS(meanSquare: .nan) == AudioLevel.floor)
    }
}
