import Foundation
import ParleyTestSupport
import Testing
@testable import ParleyAudio

struct AudioMixerTests {
    static func tone(_ frequency: Double, level: Double, frames: Int) -> [[Int16]] {
        var generator = ToneGenerator(frequency: frequency, level: level)
        return (0..<frames).map { _ in generator.nextFrame(sampleCount: 480) }
    }

    @Test("transparent below the knee: the output is the exact sum")
    func transparent() {
        var mixer = AudioMixer<String>()
        let a = Self.tone(440, level: -12, frames: 20)
        let b = Self.tone(1_000, level: -12, frames: 20)
        var random = SplitMix64(seed: 3)
        for index in 0..<20 {
            let noise = (0..<480).map { _ in Int16(random.below(2_001) - 1_000) }
            let output = mixer.mix(["a": a[index], "b": b[index], "c": noise])
            let expected = (0..<480).map { Int(a[index][$0]) + Int(b[index][$0]) + Int(noise[$0]) }
            // −12 + −12 dBFS peaks sum to at most −6 dBFS plus the noise, below the −3 dBFS knee.
            #expect(expected.allSatisfy { abs($0) < 23_000 })
            #expect(output.map(Int.init) == expected)
        }
    }

    @Test("soft clip never leaves 16 bits, never wraps, and keeps the sign")
    func softClip() {
        var mixer = AudioMixer<Int>()
        var random = SplitMix64(seed: 99)
        for id in 0..<8 { mixer.setGain(2, for: id) }
        for _ in 0..<50 {
            var frames: [Int: [Int16]] = [:]
            for id in 0..<8 {
                frames[id] = (0..<480).map { _ in random.below(2) == 0 ? Int16.max : Int16.min + Int16(random.below(3)) }
            }
            let output = mixer.mix(frames)
            let sums = (0..<480).map { index in (0..<8).reduce(0) { $0 + 2 * Int(frames[$1]?[index] ?? 0) } }
            for (sample, sum) in zip(output, sums) {
                #expect(sample > Int16.min)
                #expect(sum == 0 || (sum > 0) == (sample > 0) || sample == 0)
            }
        }
        // Full scale twice over, every source in phase: pinned just below full scale.
        var loud = AudioMixer<Int>()
        let square = (0..<480).map { $0 % 96 < 48 ? Int16.max : Int16.min }
        let output = loud.mix([1: square, 2: square, 3: square])
        #expect(output.allSatisfy { abs(Int($0)) >= 32_000 })
    }

    /// The curve is continuous and monotonic through the knee: louder in, louder (or equal) out.
    @Test("soft clip curve is monotonic and continuous")
    func clipCurve() {
        let clipper = SoftClipper(kneeDBFS: -3)
        let outputs = (0...200_000).map { clipper.clip(Float($0) * 0.5) }
        let steps = zip(outputs, outputs.dropFirst()).map { Int($1) - Int($0) }
        #expect(steps.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(outputs.last ?? 0 >= 32_700)
        #expect(clipper.clip(.infinity) == .max)
        #expect(clipper.clip(-.infinity) == -.max)
        #expect(clipper.clip(.nan) == 0)
        #expect(clipper.clip(-clipper.knee) == -clipper.clip(clipper.knee))
    }

    @Test("200 % gain of a −12 dBFS tone measures −6 dBFS")
    func gain() throws {
        var mixer = AudioMixer<String>()
        mixer.setGain(2, for: "peer")
        let frames = Self.tone(1_000, level: -12, frames: 50)
        var output: [Int16] = []
        for frame in frames { output += mixer.mix(["peer": frame]) }
        let expected = 20 * log10(2 * AudioLevel.amplitude(dBFS: -12))
        #expect(abs(WAVTestSupport.rmsDBFS(output) - -6) < 0.2)
        #expect(abs(WAVTestSupport.rmsDBFS(output) - expected) < 0.05)
        let meter = try #require(mixer["peer"])
        #expect(abs(meter.level.rms - -6) < 0.2)
        #expect(abs(meter.level.peak - -6) < 0.2)
        #expect(meter.isSpeaking)
        #expect(abs(mixer.outputLevel.rms - -6) < 0.2)
    }

    @Test("gain is clamped to 0–200 %")
    func gainClamped() throws {
        var mixer = AudioMixer<String>()
        mixer.setGain(5, for: "a")
        mixer.setGain(-1, for: "b")
        mixer.addSource("c", gain: .nan)
        #expect(mixer["a"]?.gain == 2)
        #expect(mixer["b"]?.gain == 0)
        #expect(mixer["c"]?.gain == 1)
        var source = MixerSource(gain: 0.5)
        source.gain = 3
        #expect(source.gain == 2)
    }

    @Test("a gain change ramps over one frame instead of stepping")
    func gainRamp() {
        var mixer = AudioMixer<String>()
        let dc = [Int16](repeating: 10_000, count: 480)
        let before = mixer.mix(["a": dc])
        mixer.setGain(0.5, for: "a")
        let ramp = mixer.mix(["a": dc])
        let after = mixer.mix(["a": dc])
        #expect(before.allSatisfy { $0 == 10_000 })
        #expect(after.allSatisfy { $0 == 5_000 })
        let steps = zip(ramp, ramp.dropFirst()).map { abs(Int($0) - Int($1)) }
        #expect(steps.allSatisfy { $0 <= 11 })
        #expect(ramp.first ?? 0 < 10_000 && ramp.last == 5_000)
    }

    @Test("deafen: silent output, meters still running")
    func deafen() throws {
        var mixer = AudioMixer<String>()
        mixer.isDeafened = true
        let frames = Self.tone(500, level: -20, frames: 5)
        for frame in frames {
            #expect(mixer.mix(["a": frame, "b": frame]).allSatisfy { $0 == 0 })
        }
        #expect(mixer.outputLevel == .silence)
        #expect(abs(try #require(mixer["a"]).level.rms - -20) < 0.1)
        #expect(mixer["a"]?.isSpeaking == true)
        // Undeafened: one frame of fade-in, then the audio itself.
        mixer.isDeafened = false
        let fadeIn = mixer.mix(["a": frames[0]])
        #expect(zip(fadeIn, frames[0]).allSatisfy { abs(Int($0)) <= abs(Int($1)) })
        #expect(fadeIn.last == frames[0].last)
        #expect(mixer.mix(["a": frames[1]]) == frames[1])
    }

    @Test("deafen mid-call fades out over one frame, without a step")
    func deafenFade() {
        var mixer = AudioMixer<String>()
        let dc = [Int16](repeating: 16_000, count: 480)
        #expect(mixer.mix(["a": dc]) == dc)
        mixer.isDeafened = true
        let fade = mixer.mix(["a": dc])
        let steps = zip(fade, fade.dropFirst()).map { abs(Int($0) - Int($1)) }
        #expect(steps.allSatisfy { $0 <= 34 })
        #expect(fade.first ?? 0 < 16_000 && fade.last == 0)
        #expect(mixer.mix(["a": dc]).allSatisfy { $0 == 0 })
    }

    @Test("local mute leaves a source out of the mix but on the meter")
    func mute() throws {
        var mixer = AudioMixer<String>()
        let a = Self.tone(300, level: -20, frames: 4)
        let b = Self.tone(700, level: -20, frames: 4)
        mixer.setMuted(true, for: "b")
        for index in 0..<4 {
            #expect(mixer.mix(["a": a[index], "b": b[index]]) == a[index])
        }
        #expect(abs(try #require(mixer["b"]).level.rms - -20) < 0.1)
        #expect(mixer["b"]?.isSpeaking == true)
    }

    @Test("missing and short frames count as silence")
    func missingFrames() throws {
        var mixer = AudioMixer<String>()
        let a = Self.tone(300, level: -20, frames: 40)
        mixer.addSource("quiet")
        #expect(mixer.mix(["a": a[0]]) == a[0])
        #expect(mixer["quiet"]?.level == .silence)
        let short = Array(a[1][0..<100])
        let output = mixer.mix(["a": short, "long": a[2] + a[3]])
        #expect(output.count == 480)
        #expect(Array(output[0..<100]) == (0..<100).map { a[1][$0] &+ a[2][$0] })
        #expect(Array(output[100...]) == Array(a[2][100...]))
        // The speaker who stops sending falls silent on the meter after the hold time.
        for index in 4..<40 { _ = mixer.mix(["long": a[index]]) }
        #expect(mixer["a"]?.isSpeaking == false)
        #expect(mixer["long"]?.isSpeaking == true)
        #expect(mixer.sourceIDs == ["quiet", "a", "long"])
        mixer.removeSource("a")
        #expect(mixer.sourceIDs == ["quiet", "long"])
        #expect(mixer["a"] == nil)
    }

    @Test("adding frames one source at a time mixes as the whole dictionary does, ramps and meters included")
    func periodByPeriod() {
        var whole = AudioMixer<String>()
        var incremental = AudioMixer<String>()
        let a = Self.tone(440, level: -6, frames: 30)
        let b = Self.tone(700, level: -4, frames: 30)
        var output = [Int16]()
        for index in 0..<30 {
            if index == 10 { whole.setGain(1.7, for: "b"); incremental.setGain(1.7, for: "b") }
            if index == 20 { whole.isDeafened = true; incremental.isDeafened = true }
            // "b" sends nothing every third period: it must count as silence in both.
            var frames = ["a": a[index]]
            if index % 3 != 0 { frames["b"] = b[index] }
            let expected = whole.mix(frames)
            if let frame = frames["b"] { incremental.add(frame, from: "b") }
            incremental.add(a[index], from: "a")
            incremental.add(a[index], from: "a")  // a second frame in one period is ignored
            incremental.finishPeriod(into: &output)
            #expect(output == expected, "period \(index)")
            #expect(incremental.outputLevel == whole.outputLevel)
            #expect(incremental["b"] == whole["b"])
        }
    }
}
