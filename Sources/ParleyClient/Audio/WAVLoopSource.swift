import ParleyAudio

/// A WAV file's audio, played in a loop at the pace it is asked for.
public final class WAVLoopSource: AudioSource {
    private let samples: [Int16]
    private var position = 0

    /// - Throws: `WAVError` naming the file and what is wrong with it.
    public init(path: String) throws(WAVError) {
        samples = try WAVFile(contentsOfFile: path).samples
    }

    public init(samples: [Int16]) {
        self.samples = samples
    }

    public func nextFrame(sampleCount: Int) -> [Int16] {
        guard !samples.isEmpty else { return [Int16](repeating: 0, count: sampleCount) }
        var frame: [Int16] = []
        frame.reserveCapacity(sampleCount)
        while frame.count < sampleCount {
            let take = min(sampleCount - frame.count, samples.count - position)
            frame.append(contentsOf: samples[position..<(position + take)])
            position = (position + take) % samples.count
        }
        return frame
    }
}
