import CALSA

/// Which way audio flows through a PCM device, in ALSA's terms.
public enum ALSAStreamDirection: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case capture
    case playback

    var stream: snd_pcm_stream_t {
        switch self {
        case .capture: SND_PCM_STREAM_CAPTURE
        case .playback: SND_PCM_STREAM_PLAYBACK
        }
    }

    public var description: String { rawValue }
}
