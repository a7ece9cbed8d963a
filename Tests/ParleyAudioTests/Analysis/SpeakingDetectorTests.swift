import Foundation
import Testing
@testable import ParleyAudio

struct SpeakingDetectorTests {
    /// Runs 10 ms frames of `samples` through a detector; one flag per frame.
    static func flags(_ samples: [Int16], configuration: SpeakingDetector.Configuration = .init()) -> [Bool] {
        var detector = SpeakingDetector(configuration: configuration)
        return stride(from: 0, to: samples.count - 479, by: 480).map { start in
            detector.update(level: AudioLevel(samples[start..<(start + 480)]), sampleCount: 480)
        }
    }

    static func tone(level: Double, frames: Int) -> [Int16] {
        var generator = ToneGenerator(frequency: 300, level: level)
        return generator.nextFrame(sampleCount: frames * 480)
    }

    @Test("rises on the first loud frame, holds 300 ms, then falls")
    func hold() {
        let signal = Self.tone(level: -30, frames: 10) + [Int16](repeating: 0, count: 480 * 50)
        let flags = Self.flags(signal)
        #expect(flags[0])
        #expect(flags[0..<10].allSatisfy { $0 })
        // 30 quiet frames (300 ms) still speaking, the 31st not.
        #expect(flags[10..<40].allSatisfy { $0 })
        #expect(flags[40...].allSatisfy { !$0 })
    }

    @Test("absurd frame lengths do not overflow")
    func absurdLengths() {
        var detector = SpeakingDetector()
        let flags = [
            detector.update(rms: -10, sampleCount: 480),
            detector.update(rms: -90, sampleCount: .max),
            detector.update(rms: -10, sampleCount: .min),
            detector.update(rms: -90, sampleCount: -5),
        ]
        #expect(flags == [true, false, true, true])
    }

    @Test("the lower off threshold keeps a fading voice on")
    func levelHysteresis() {
        // −47 dBFS: below the −45 on threshold, above the −50 off threshold.
        let between = Self.tone(level: -47, frames: 100)
        #expect(Self.flags(between).allSatisfy { !$0 }, "too quiet to start")
        #expect(Self.flags(Self.tone(level: -44, frames: 1) + between).allSatisfy { $0 }, "loud enough to continue")
        #expect(Self.flags(Self.tone(level: -44, frames: 1) + Self.tone(level: -55, frames: 40)).last == false)
    }

    @Test("short gaps between bursts do not flicker")
    func gaps() {
        var signal: [Int16] = []
        for _ in 0..<5 {
            signal += Self.tone(level: -20, frames: 8) + [Int16](repeating: 0, count: 480 * 20)
        }
        let flags = Self.flags(signal)
        #expect(flags.allSatisfy { $0 })
        let withoutHold = Self.flags(signal, configuration: .init(hold: .zero))
        #expect(zip(withoutHold, withoutHold.dropFirst()).filter { $0 && !$1 }.count == 5)
    }

    /// Real speech (espeak-ng, "one two three"): one speaking period covering the words, ending
    /// after the last loud frame plus the hold time.
    @Test("speech from espeak-ng")
    func speech() throws {
        let file = try WAVFile(bytes: WAVFixture.bytes(named: "speech-one-two-three-8000-u8"))
        let flags = Self.flags(file.samples)
        // Frames carrying voice, by an independent RMS.
        let voiced = stride(from: 0, to: file.samples.count - 479, by: 480).map { start in
            WAVTestSupport.rmsDBFS(Array(file.samples[start..<(start + 480)])) >= -45
        }
        let audible = stride(from: 0, to: file.samples.count - 479, by: 480).map { start in
            WAVTestSupport.rmsDBFS(Array(file.samples[start..<(start + 480)])) >= -50
        }
        let firstVoiced = try #require(voiced.firstIndex(of: true))
        let lastAudible = try #require(audible.lastIndex(of: true))
        #expect(firstVoiced > 20, "the fixture starts with 300 ms of silence")
        #expect(flags.count > lastAudible + 31, "the fixture ends with 600 ms of silence")
        #expect(flags.firstIndex(of: true) == firstVoiced)
        #expect(flags[firstVoiced...(lastAudible + 30)].allSatisfy { $0 }, "no flicker between words")
        #expect(flags.lastIndex(of: true) == lastAudible + 30)
        // The words have gaps: without the hold the flag flickers.
        let withoutHold = Self.flags(file.samples, configuration: .init(hold: .zero))
        #expect(zip(withoutHold, withoutHold.dropFirst()).filter { !$0 && $1 }.count > 1)
    }
}
