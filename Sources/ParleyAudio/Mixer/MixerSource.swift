/// One input of an `AudioMixer` as the UI sees it: settings and meter.
public struct MixerSource: Hashable, Sendable {
    /// Gain applied before mixing, 0...2 (0–200 %); values outside are clamped, NaN means 1.
    public var gain: Double {
        didSet { gain = Self.clampedGain(gain) }
    }
    /// Muted locally: left out of the mix, still metered (the UI can show a muted peer talking).
    public var isMuted: Bool
    /// Level of the last frame after gain (before mute, deafen and clipping).
    public internal(set) var level: AudioLevel
    /// Speaking flag from that level.
    public internal(set) var isSpeaking: Bool

    public init(gain: Double = 1, isMuted: Bool = false) {
        self.gain = Self.clampedGain(gain)
        self.isMuted = isMuted
        level = .silence
        isSpeaking = false
    }

    public static let gainRange: ClosedRange<Double> = 0...2

    static func clampedGain(_ gain: Double) -> Double {
        gain.isNaN ? 1 : min(max(gain, gainRange.lowerBound), gainRange.upperBound)
    }
}
