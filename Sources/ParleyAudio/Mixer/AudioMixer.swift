/// Mixes one frame (10 ms = 480 samples at 48 kHz) from each of N sources into one output frame.
///
/// Per source: gain 0–200 %, local mute, and a level and speaking flag measured after gain for
/// the meters. A source with no frame this time counts as silence; a short frame is padded with
/// silence and a long one cut. Gain, mute and deafen changes ramp across one frame, so a slider
/// or a key does not click. Deafen silences the output but keeps the meters running. The sum is
/// soft-clipped above the knee (−3 dBFS by default) and never wraps around.
///
/// Value type, owned by the audio path; the only allocation per frame is the returned array
/// (and the caller's dictionary of frames).
public struct AudioMixer<SourceID: Hashable> {
    public let frameSize: Int
    public var isDeafened = false
    /// Level of the last output frame (after clipping; silence while deafened).
    public private(set) var outputLevel = AudioLevel.silence

    private var states: [SourceState] = []
    private var indices: [SourceID: Int] = [:]
    private var accumulator: [Float]
    private let clipper: SoftClipper
    private let speakingConfiguration: SpeakingDetector.Configuration
    /// The output factor (1, or 0 when deafened) reached at the end of the last frame; nil before
    /// the first, so a mixer created deafened starts silent rather than fading out.
    private var appliedOutput: Float?

    fileprivate struct SourceState {
        var id: SourceID
        var source: MixerSource
        var detector: SpeakingDetector
        /// The gain and mute factor reached at the end of the last frame: where the next ramp starts.
        var appliedGain: Float
        var appliedMute: Float
    }

    public init(frameSize: Int = 480, softClipKnee: Double = -3,
                speakingConfiguration: SpeakingDetector.Configuration = SpeakingDetector.Configuration()) {
        self.frameSize = max(1, frameSize)
        clipper = SoftClipper(kneeDBFS: softClipKnee)
        self.speakingConfiguration = speakingConfiguration
        accumulator = [Float](repeating: 0, count: self.frameSize)
    }

    /// The sources, in the order they were added.
    public var sourceIDs: [SourceID] { states.map(\.id) }

    public subscript(id: SourceID) -> MixerSource? {
        guard let index = indices[id] else { return nil }
        return states[index].source
    }

    /// Adds a source, or replaces the settings of an existing one (meters are kept).
    public mutating func addSource(_ id: SourceID, gain: Double = 1, isMuted: Bool = false) {
        if let index = indices[id] {
            states[index].source.gain = gain
            states[index].source.isMuted = isMuted
            return
        }
        let source = MixerSource(gain: gain, isMuted: isMuted)
        indices[id] = states.count
        states.append(SourceState(id: id, source: source,
                                  detector: SpeakingDetector(configuration: speakingConfiguration),
                                  appliedGain: Float(source.gain), appliedMute: isMuted ? 0 : 1))
    }

    public mutating func removeSource(_ id: SourceID) {
        guard let index = indices.removeValue(forKey: id) else { return }
        let last = states.count - 1
        if index != last {
            states.swapAt(index, last)
            indices[states[index].id] = index
        }
        states.removeLast()
    }

    /// Sets a source's gain (0...2, clamped); unknown sources are added.
    public mutating func setGain(_ gain: Double, for id: SourceID) {
        if let index = indices[id] {
            states[index].source.gain = gain
        } else {
            addSource(id, gain: gain)
        }
    }

    /// Mutes or unmutes a source locally; unknown sources are added.
    public mutating func setMuted(_ isMuted: Bool, for id: SourceID) {
        if let index = indices[id] {
            states[index].source.isMuted = isMuted
        } else {
            addSource(id, isMuted: isMuted)
        }
    }

    /// Mixes this period's frames. Frames from sources not yet added are added with unity gain.
    public mutating func mix(_ frames: [SourceID: [Int16]]) -> [Int16] {
        for id in frames.keys where indices[id] == nil {
            addSource(id)
        }
        for index in accumulator.indices {
            accumulator[index] = 0
        }
        for index in states.indices {
            let frame = frames[states[index].id]
            mixSource(at: index, frame: frame ?? [])
        }

        var output = [Int16](repeating: 0, count: frameSize)
        let target: Float = isDeafened ? 0 : 1
        let start = appliedOutput ?? target
        appliedOutput = target
        if start == target {
            if target > 0 {
                for index in 0..<frameSize {
                    output[index] = clipper.clip(accumulator[index])
                }
            }
        } else {
            let step = (target - start) / Float(frameSize)
            for index in 0..<frameSize {
                output[index] = clipper.clip(accumulator[index] * (start + step * Float(index + 1)))
            }
        }
        outputLevel = AudioLevel(output)
        return output
    }

    private mutating func mixSource(at index: Int, frame: [Int16]) {
        let state = states[index]
        let targetGain = Float(state.source.gain)
        let targetMute: Float = state.source.isMuted ? 0 : 1
        let gainStep = (targetGain - state.appliedGain) / Float(frameSize)
        let muteStep = (targetMute - state.appliedMute) / Float(frameSize)
        let fullScale = Double(PCM16Conversion.fullScale)
        let length = min(frame.count, frameSize)

        var sumOfSquares = 0.0
        var largest: Float = 0
        for position in 0..<length {
            let progress = Float(position + 1)
            let gained = Float(frame[position]) * (state.appliedGain + gainStep * progress)
            sumOfSquares += Double(gained) * Double(gained)
            largest = max(largest, abs(gained))
            accumulator[position] += gained * (state.appliedMute + muteStep * progress)
        }

        let level = AudioLevel(meanSquare: sumOfSquares / Double(frameSize) / (fullScale * fullScale),
                               peakAmplitude: Double(largest) / fullScale)
        states[index].appliedGain = targetGain
        states[index].appliedMute = targetMute
        states[index].source.level = level
        states[index].source.isSpeaking = states[index].detector.update(level: level, sampleCount: frameSize)
    }
}

extension AudioMixer: Sendable where SourceID: Sendable {}
extension AudioMixer.SourceState: Sendable where SourceID: Sendable {}
