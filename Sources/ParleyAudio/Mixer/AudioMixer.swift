/// Mixes one frame (10 ms = 480 samples at 48 kHz) from each of N sources into one output frame.
///
/// Per source: gain 0–200 %, local mute, and a level and speaking flag measured after gain for
/// the meters. A source with no frame this time counts as silence; a short frame is padded with
/// silence and a long one cut. Gain, mute and deafen changes ramp across one frame, so a slider
/// or a key does not click. Deafen silences the output but keeps the meters running. The sum is
/// soft-clipped above the knee (−3 dBFS by default) and never wraps around.
///
/// Value type, owned by the audio path. `mix(_:)` allocates its result (and the caller its
/// dictionary of frames); the audio clock instead adds each source's frame as it is pulled
/// (`add(_:from:)`) and finishes into a buffer it keeps (`finishPeriod(into:)`), allocating
/// nothing per period. The arithmetic lives in the non-generic `MixBus`.
public struct AudioMixer<SourceID: Hashable> {
    private var bus: MixBus
    /// Parallel to `bus.sources`.
    private var ids: [SourceID] = []
    private var indices: [SourceID: Int] = [:]

    public init(frameSize: Int = 480, softClipKnee: Double = -3,
                speakingConfiguration: SpeakingDetector.Configuration = SpeakingDetector.Configuration()) {
        bus = MixBus(frameSize: frameSize, softClipKnee: softClipKnee, speakingConfiguration: speakingConfiguration)
    }

    public var frameSize: Int { bus.frameSize }

    public var isDeafened: Bool {
        get { bus.isDeafened }
        set { bus.isDeafened = newValue }
    }

    /// Level of the last output frame (after clipping; silence while deafened).
    public var outputLevel: AudioLevel { bus.outputLevel }

    /// The sources, in the order they were added.
    public var sourceIDs: [SourceID] { ids }

    public subscript(id: SourceID) -> MixerSource? {
        guard let index = indices[id] else { return nil }
        return bus.sources[index].settings
    }

    /// Adds a source, or replaces the settings of an existing one (meters are kept).
    public mutating func addSource(_ id: SourceID, gain: Double = 1, isMuted: Bool = false) {
        if let index = indices[id] {
            bus.setGain(gain, at: index)
            bus.setMuted(isMuted, at: index)
            return
        }
        indices[id] = bus.appendSource(gain: gain, isMuted: isMuted)
        ids.append(id)
    }

    public mutating func removeSource(_ id: SourceID) {
        guard let index = indices.removeValue(forKey: id) else { return }
        bus.removeSource(at: index)
        let last = ids.count - 1
        if index != last {
            ids.swapAt(index, last)
            indices[ids[index]] = index
        }
        ids.removeLast()
    }

    /// Sets a source's gain (0...2, clamped); unknown sources are added.
    public mutating func setGain(_ gain: Double, for id: SourceID) {
        if let index = indices[id] {
            bus.setGain(gain, at: index)
        } else {
            addSource(id, gain: gain)
        }
    }

    /// Mutes or unmutes a source locally; unknown sources are added.
    public mutating func setMuted(_ isMuted: Bool, for id: SourceID) {
        if let index = indices[id] {
            bus.setMuted(isMuted, at: index)
        } else {
            addSource(id, isMuted: isMuted)
        }
    }

    /// Mixes this period's frames. Frames from sources not yet added are added with unity gain.
    public mutating func mix(_ frames: [SourceID: [Int16]]) -> [Int16] {
        for id in frames.keys where indices[id] == nil {
            addSource(id)
        }
        for (index, id) in ids.enumerated() {
            if let frame = frames[id] { bus.add(frame, at: index) }
        }
        var output = [Int16](repeating: 0, count: frameSize)
        bus.finishPeriod(into: &output)
        return output
    }

    /// Adds one source's frame to the period being mixed; an unknown source is added with unity
    /// gain. A second frame from the same source in one period is ignored.
    public mutating func add(_ frame: [Int16], from id: SourceID) {
        if indices[id] == nil { addSource(id) }
        guard let index = indices[id] else { return }
        bus.add(frame, at: index)
    }

    /// Ends the period: sources that gave no frame count as silence, and the mix is written to
    /// `output`, which is made `frameSize` long.
    public mutating func finishPeriod(into output: inout [Int16]) {
        bus.finishPeriod(into: &output)
    }
}

extension AudioMixer: Sendable where SourceID: Sendable {}
