/// The one PCM format Parley codes: 48 kHz mono, the RTP clock of Opus (RFC 7587 §4.1). Browsers
/// negotiate `opus/48000/2` but accept mono.
public enum OpusAudioFormat {
    public static let sampleRate = 48_000
    public static let channels = 1

    /// Samples in one 20 ms frame, what browsers send.
    public static let samplesPer20Milliseconds = 960
    /// Samples in one 10 ms frame (Chromium offers `minptime=10`).
    public static let samplesPer10Milliseconds = 480

    /// The frame lengths the encoder accepts: 2.5, 5, 10, 20, 40 and 60 ms.
    public static let encoderFrameSizes: Set<Int> = [120, 240, 480, 960, 1920, 2880]

    /// The most one packet can decode to: 120 ms.
    public static let maximumSamplesPerPacket = 5760

    /// Lost audio is recovered or concealed in steps of 2.5 ms, up to 120 ms.
    static func isValidRecoveryLength(_ samples: Int) -> Bool {
        samples > 0 && samples <= maximumSamplesPerPacket && samples % 120 == 0
    }
}
