/// Whether someone is speaking, from the RMS level of successive frames (typically every 10 ms).
///
/// Hysteresis twice over: the flag rises when a frame reaches `onThreshold`, and falls only after
/// the level has stayed below the lower `offThreshold` for `hold`, so the gaps between words
/// and the decay of a syllable do not make a meter flicker.
public struct SpeakingDetector: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// RMS dBFS at which speech starts. −45 dBFS is well above a quiet room through a
        /// headset microphone and well below conversational speech (around −25 to −15).
        public var onThreshold: Double
        /// RMS dBFS below which the hold time runs.
        public var offThreshold: Double
        /// How long the flag stays up once the level is below `offThreshold`: a frame that
        /// brings the quiet time past `hold` is the first one not speaking.
        public var hold: Duration
        public var sampleRate: Int

        public init(onThreshold: Double = -45, offThreshold: Double = -50,
                    hold: Duration = .milliseconds(300), sampleRate: Int = 48_000) {
            self.onThreshold = onThreshold
            self.offThreshold = min(offThreshold, onThreshold)
            self.hold = hold
            self.sampleRate = sampleRate
        }

        var holdSamples: Int {
            let parts = hold.components
            let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
            let samples = (seconds * Double(sampleRate)).rounded()
            return samples.isFinite ? Int(min(max(samples, 0), Double(Int32.max))) : 0
        }
    }

    public let configuration: Configuration
    public private(set) var isSpeaking = false
    private let holdSamples: Int
    private var quietSamples = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        holdSamples = configuration.holdSamples
    }

    /// Feeds one frame's level; `sampleCount` is the frame's length (480 for 10 ms).
    @discardableResult
    public mutating func update(level: AudioLevel, sampleCount: Int = 480) -> Bool {
        update(rms: level.rms, sampleCount: sampleCount)
    }

    /// Feeds one frame's RMS level in dBFS.
    @discardableResult
    public mutating func update(rms: Double, sampleCount: Int = 480) -> Bool {
        if rms >= configuration.onThreshold {
            isSpeaking = true
            quietSamples = 0
        } else if rms >= configuration.offThreshold {
            quietSamples = 0
        } else if isSpeaking {
            // Bounded, so no frame length can overflow the count.
            quietSamples += min(max(0, sampleCount), holdSamples + 1)
            if quietSamples > holdSamples {
                isSpeaking = false
                quietSamples = 0
            }
        }
        return isSpeaking
    }

    public mutating func reset() {
        isSpeaking = false
        quietSamples = 0
    }
}
