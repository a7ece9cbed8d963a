import ParleyAudio

/// A microphone through ALSA. The device keeps its own time and the call's audio clock keeps
/// the system's; between them the ring buffer absorbs a little drift, and anything beyond is
/// dropped (old audio) or padded (silence) so the delay never builds up.
public final class ALSACaptureSource: AudioSource {
    private let capture: ALSACapture
    /// More than this waiting means we fell behind the device: keep only the newest frame.
    private static let maximumBacklog = 3 * OpusAudioFormat.samplesPer20Milliseconds
    private var started = false
    public private(set) var paddedSamples = 0

    /// Opens and starts `device`; throws `ALSAError` naming it when it is missing or busy.
    public init(device: String, periodMilliseconds: Int) throws(ALSAError) {
        let period = ALSAStreamConfiguration.Period(milliseconds: periodMilliseconds) ?? .milliseconds10
        capture = try ALSACapture(device: device, configuration: ALSAStreamConfiguration(period: period))
        try capture.start()
    }

    public func nextFrame(sampleCount: Int) -> [Int16] {
        if !started || capture.availableFrames > Self.maximumBacklog {
            // DESIGN.md: send only what is current, or the peer's jitter buffer swells.
            _ = capture.discardBacklog(keepingNewest: started ? sampleCount : 0)
            started = true
        }
        var frame = [Int16](repeating: 0, count: sampleCount)
        let read = capture.read(into: &frame)
        if read < sampleCount {
            paddedSamples += sampleCount - read
            // What was read belongs at the end, nearest to now.
            if read > 0 {
                let captured = Array(frame[0..<read])
                frame = [Int16](repeating: 0, count: sampleCount - read) + captured
            }
        }
        return frame
    }

    deinit {
        capture.stop()
    }
}

/// A speaker through ALSA.
public final class ALSAPlaybackSink: AudioSink {
    private let playback: ALSAPlayback

    /// Opens and starts `device`; throws `ALSAError` naming it when it is missing or busy.
    public init(device: String, periodMilliseconds: Int) throws(ALSAError) {
        let period = ALSAStreamConfiguration.Period(milliseconds: periodMilliseconds) ?? .milliseconds10
        playback = try ALSAPlayback(device: device, configuration: ALSAStreamConfiguration(period: period))
        try playback.start()
    }

    public func write(_ frame: [Int16]) {
        _ = playback.write(frame)
    }

    public func finish() {
        playback.stop()
    }
}
