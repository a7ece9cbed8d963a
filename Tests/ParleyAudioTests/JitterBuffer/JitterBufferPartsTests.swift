import ParleyTestSupport
import Testing
@testable import ParleyAudio

@Suite("Jitter buffer parts")
struct JitterBufferPartsTests {
    @Test("sequence numbers and timestamps extend across their wrap, reordered or not")
    func counterExtension() {
        var sequence = ExtendedSequenceNumber()
        let sequences: [UInt16] = [65_534, 65_535, 1, 0, 2, 65_533]
        #expect(sequences.map { sequence.extend($0) } == [65_534, 65_535, 65_537, 65_536, 65_538, 65_533])
        var timestamp = ExtendedTimestamp()
        let timestamps: [UInt32] = [.max - 959, 0, 960, .max - 1919]
        #expect(timestamps.map { timestamp.extend($0) }
            == [4_294_966_336, 4_294_967_296, 4_294_968_256, 4_294_965_376])
    }

    @Test("the TOC gives the duration libopus decodes, for every frame length the encoder makes",
          arguments: [120, 240, 480, 960, 1920, 2880])
    func duration(frameSamples: Int) throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        let packet = try encoder.encode(AudioTestSignals.tone(frequency: 440, samples: frameSamples))
        let decoded = try decoder.decode(packet)
        #expect(OpusPacketDuration.samples(in: packet) == decoded.count)
        #expect(OpusPacketDuration.samples(in: []) == nil)
        #expect(OpusPacketDuration.samples(in: [0x03]) == nil)  // code 3 without its frame count
    }

    @Test("time-stretching a tone removes or adds one pitch-aligned segment of 5–10 ms")
    func timeStretch() throws {
        let pcm = AudioTestSignals.tone(frequency: 440, samples: 4800)
        let candidate = try #require(TimeStretch.bestLag(in: pcm))
        #expect((TimeStretch.minimumLag...TimeStretch.maximumLag).contains(candidate.lag))
        // 440 Hz has a period of 109.1 samples: the lag is a whole number of periods.
        let periods = Double(candidate.lag) / (48_000 / 440)
        #expect(abs(periods - periods.rounded()) < 0.05, "lag \(candidate.lag)")
        #expect(candidate.similarity > 0.99)
        let shorter = TimeStretch.removing(lag: candidate.lag, from: pcm)
        let longer = TimeStretch.inserting(lag: candidate.lag, into: pcm)
        #expect(shorter.count == pcm.count - candidate.lag && longer.count == pcm.count + candidate.lag)
        for stretched in [shorter, longer] {
            // No click: neighbouring samples of a 0.5 full-scale 440 Hz sine differ by at most ~950.
            let steps = zip(stretched, stretched.dropFirst()).map { abs(Int($0) - Int($1)) }
            #expect((steps.max() ?? .max) < 1100)
        }
    }

    @Test("the arrival jitter estimate kept in order matches sorting the window afresh on every query")
    func jitterEstimatorMatchesSorting() {
        var estimator = ArrivalJitterEstimator(windowLength: 50, percentile: 0.95)
        var random = SplitMix64(seed: 7)
        var window: [Double] = []
        for packet in 0..<400 {
            if packet == 250 {
                estimator.reset()
                window.removeAll()
            }
            // 20 ms packets, jitter up to 30 ms, repeated values and a late burst now and then.
            let media = Double(packet) * 20
            let jitter = Double(random.below(7)) * 5 + (packet % 97 == 0 ? 120 : 0)
            estimator.record(arrivalMilliseconds: media + 40 + jitter, mediaMilliseconds: media)
            window.append(40 + jitter)
            if window.count > 50 { window.removeFirst() }
            let sorted = window.sorted()
            let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * 0.95).rounded(.up)))
            let reference = sorted.count > 1 ? sorted[index] - sorted[0] : 0
            #expect(estimator.spreadMilliseconds == reference, "packet \(packet)")
            #expect(estimator.isFull == (window.count == 50))
        }
    }
}
