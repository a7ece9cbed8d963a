/// How Parley opens a PCM device. The sample format is fixed: 48 kHz, mono, signed 16-bit
/// little-endian, Parley's internal format; ALSA's plug layer (`default`, `pulse`,
/// `plughw:…`) converts to what the hardware does.
public struct ALSAStreamConfiguration: Sendable, Hashable {
    public static let sampleRate = 48_000
    public static let channels = 1

    /// The period: how much audio the device hands over (capture) or takes (playback) at once.
    public enum Period: Int, Sendable, Hashable, CaseIterable {
        case milliseconds10 = 10
        case milliseconds20 = 20

        /// 480 or 960 frames at 48 kHz.
        public var frames: Int { rawValue * ALSAStreamConfiguration.sampleRate / 1000 }

        /// `nil` unless `milliseconds` is 10 or 20 (the values `audio.period_ms` allows).
        public init?(milliseconds: Int) { self.init(rawValue: milliseconds) }
    }

    public var period: Period
    /// Device buffer length in periods (at least 2). Playback latency grows with it; 4 leaves
    /// room for three late wake-ups of the audio thread before the device runs dry.
    public var bufferPeriods: Int
    /// Capacity of the ring between the audio thread and the application, in milliseconds
    /// (rounded up to a power of two samples).
    public var ringMilliseconds: Int
    /// SCHED_FIFO priority asked for the audio thread; `nil` leaves it a normal thread. When
    /// the system refuses (no CAP_SYS_NICE, no rtprio limit) the thread runs normally.
    public var realtimePriority: Int32?

    public init(
        period: Period = .milliseconds10,
        bufferPeriods: Int = 4,
        ringMilliseconds: Int = 500,
        realtimePriority: Int32? = 10
    ) {
        self.period = period
        self.bufferPeriods = bufferPeriods
        self.ringMilliseconds = ringMilliseconds
        self.realtimePriority = realtimePriority
    }

    var ringFrames: Int { max(ringMilliseconds, 1) * Self.sampleRate / 1000 }
}
