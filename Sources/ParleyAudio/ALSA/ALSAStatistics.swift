/// Counters of a capture stream since it was opened.
public struct ALSACaptureStatistics: Sendable, Hashable {
    /// Frames read from the device.
    public var framesCaptured: Int
    /// Device overruns (the audio thread was late and ALSA lost audio), recovered with
    /// `snd_pcm_recover`.
    public var xruns: Int
    /// Periods that found the ring full because the application did not read: the part that
    /// did not fit (the newest audio) was dropped, counted in `framesDropped`.
    public var overruns: Int
    public var framesDropped: Int
    /// Frames thrown away unread: by `discardBacklog`, and after an overrun (see `ALSACapture`).
    public var framesDiscarded: Int
}

/// Counters of a playback stream since it was opened.
public struct ALSAPlaybackStatistics: Sendable, Hashable {
    /// Frames written to the device, silence included.
    public var framesPlayed: Int
    /// Frames of silence played in place of audio the application had not supplied.
    public var silentFrames: Int
    /// Device underruns (the audio thread was late and the device ran dry), recovered with
    /// `snd_pcm_recover`.
    public var xruns: Int
    /// Periods the device needed while the ring held less than a period, after the first
    /// audio arrived; the missing part was played as silence.
    public var underruns: Int
    /// Writes that found the ring full: the samples that did not fit (the newest) were
    /// dropped, counted in `framesDropped`.
    public var overruns: Int
    public var framesDropped: Int
}
