/// The arithmetic of `AudioMixer`, with sources known by position rather than by ID.
///
/// `AudioMixer` is generic over its source IDs and is used from another module, where its
/// methods run unspecialised: every access to an array of generic elements looked up type
/// metadata and witness tables at run time, on each of 480 samples. Nothing here is generic,
/// so the per-sample loops compile to plain arithmetic once, in this module.
struct MixBus: Sendable {
    let frameSize: Int
    var isDeafened = false
    private(set) var outputLevel = AudioLevel.silence
    private(set) var sources: [Source] = []

    private var accumulator: [Float]
    /// The accumulator still holds the last period's sum: cleared when the next period starts.
    private var accumulatorIsStale = true
    private let clipper: SoftClipper
    private let speakingConfiguration: SpeakingDetector.Configuration
    /// The output factor (1, or 0 when deafened) reached at the end of the last frame; nil before
    /// the first, so a mixer created deafened starts silent rather than fading out.
    private var appliedOutput: Float?

    struct Source: Sendable {
        var settings: MixerSource
        var detector: SpeakingDetector
        /// The gain and mute factor reached at the end of the last frame: where the next ramp starts.
        var appliedGain: Float
        var appliedMute: Float
        /// Already added in the period being mixed.
        var isMixed = false
    }

    init(frameSize: Int, softClipKnee: Double, speakingConfiguration: SpeakingDetector.Configuration) {
        self.frameSize = max(1, frameSize)
        clipper = SoftClipper(kneeDBFS: softClipKnee)
        self.speakingConfiguration = speakingConfiguration
        accumulator = [Float](repeating: 0, count: self.frameSize)
    }

    /// Appends a source; returns its position.
    mutating func appendSource(gain: Double, isMuted: Bool) -> Int {
        let settings = MixerSource(gain: gain, isMuted: isMuted)
        sources.append(Source(settings: settings, detector: SpeakingDetector(configuration: speakingConfiguration),
                              appliedGain: Float(settings.gain), appliedMute: isMuted ? 0 : 1))
        return sources.count - 1
    }

    /// Removes the source at `index` by moving the last one into its place.
    mutating func removeSource(at index: Int) {
        let last = sources.count - 1
        if index != last { sources.swapAt(index, last) }
        sources.removeLast()
    }

    mutating func setGain(_ gain: Double, at index: Int) { sources[index].settings.gain = gain }
    mutating func setMuted(_ isMuted: Bool, at index: Int) { sources[index].settings.isMuted = isMuted }

    /// Adds the frame of the source at `index` to this period's mix, once per period.
    mutating func add(_ frame: [Int16], at index: Int) {
        clearIfStale()
        guard !sources[index].isMixed else { return }
        mixSource(at: index, frame: frame)
        sources[index].isMixed = true
    }

    /// Ends the period: sources that gave no frame count as silence; the mix goes to `output`,
    /// which is made `frameSize` long.
    mutating func finishPeriod(into output: inout [Int16]) {
        clearIfStale()
        for index in sources.indices {
            if !sources[index].isMixed { mixSource(at: index, frame: []) }
            sources[index].isMixed = false
        }
        accumulatorIsStale = true
        if output.count != frameSize {
            output = [Int16](repeating: 0, count: frameSize)
        }
        let target: Float = isDeafened ? 0 : 1
        let start = appliedOutput ?? target
        appliedOutput = target
        if start == target {
            for index in 0..<frameSize {
                output[index] = target > 0 ? clipper.clip(accumulator[index]) : 0
            }
        } else {
            let step = (target - start) / Float(frameSize)
            for index in 0..<frameSize {
                output[index] = clipper.clip(accumulator[index] * (start + step * Float(index + 1)))
            }
        }
        outputLevel = AudioLevel(output)
    }

    private mutating func clearIfStale() {
        guard accumulatorIsStale else { return }
        for index in accumulator.indices { accumulator[index] = 0 }
        accumulatorIsStale = false
    }

    private mutating func mixSource(at index: Int, frame: [Int16]) {
        let state = sources[index]
        let targetGain = Float(state.settings.gain)
        let targetMute: Float = state.settings.isMuted ? 0 : 1
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
        sources[index].appliedGain = targetGain
        sources[index].appliedMute = targetMute
        sources[index].settings.level = level
        sources[index].settings.isSpeaking = sources[index].detector.update(level: level, sampleCount: frameSize)
    }
}
