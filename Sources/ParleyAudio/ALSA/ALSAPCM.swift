import CALSA
import Glibc

/// An open, configured `snd_pcm_t`: the thin layer between Swift and alsa-lib.
///
/// One thread at a time uses it: the opener while configuring, then the stream's audio
/// thread until it has been joined, then whoever closes it. The owning stream enforces that
/// order, which is why this class may cross threads.
final class ALSAPCM: @unchecked Sendable {
    let device: String
    let direction: ALSAStreamDirection
    /// What the device granted (ALSA may round the requested sizes).
    let periodFrames: Int
    let bufferFrames: Int
    private var handle: OpaquePointer?

    init(device: String, direction: ALSAStreamDirection, configuration: ALSAStreamConfiguration) throws(ALSAError) {
        ALSALibrary.prepare()
        var opened: OpaquePointer?
        // Non-blocking: a busy device fails at once instead of waiting for its owner, and
        // the audio thread waits with a timeout so that stop() never hangs on a stuck device.
        let result = snd_pcm_open(&opened, device, direction.stream, SND_PCM_NONBLOCK)
        guard result >= 0, let pcm = opened else {
            throw .cannotOpen(
                device: device, direction: direction, code: result < 0 ? result : -ENODEV, detail: ALSALibrary.lastMessage()
            )
        }
        do {
            (periodFrames, bufferFrames) = try Self.configure(pcm, device: device, direction: direction, configuration)
        } catch {
            snd_pcm_close(pcm)
            throw error
        }
        self.device = device
        self.direction = direction
        handle = pcm
    }

    deinit { close() }

    private static func configure(
        _ pcm: OpaquePointer, device: String, direction: ALSAStreamDirection, _ configuration: ALSAStreamConfiguration
    ) throws(ALSAError) -> (period: Int, buffer: Int) {
        func check(_ result: Int32, _ setting: String) throws(ALSAError) {
            guard result >= 0 else { throw failure(setting, result) }
        }
        func failure(_ setting: String, _ code: Int32) -> ALSAError {
            .cannotConfigure(device: device, direction: direction, setting: setting, code: code, detail: ALSALibrary.lastMessage())
        }
        guard let hw = parley_snd_pcm_hw_params_new() else {
            throw failure("hardware parameters", -ENOMEM)
        }
        defer { snd_pcm_hw_params_free(hw) }
        try check(snd_pcm_hw_params_any(pcm, hw), "hardware parameters")
        try check(snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access")
        try check(snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE), "sample format S16_LE")
        try check(snd_pcm_hw_params_set_channels(pcm, hw, UInt32(ALSAStreamConfiguration.channels)), "1 channel (mono)")
        try check(snd_pcm_hw_params_set_rate_resample(pcm, hw, 1), "resampling")
        try check(snd_pcm_hw_params_set_rate(pcm, hw, UInt32(ALSAStreamConfiguration.sampleRate), 0), "rate 48000 Hz")
        var period = snd_pcm_uframes_t(configuration.period.frames)
        var direction0: Int32 = 0
        try check(snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, &direction0),
                  "period \(configuration.period.rawValue) ms")
        var buffer = period * snd_pcm_uframes_t(max(configuration.bufferPeriods, 2))
        try check(snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer), "buffer of \(configuration.bufferPeriods) periods")
        try check(snd_pcm_hw_params(pcm, hw), "hardware parameters")
        try check(snd_pcm_hw_params_get_period_size(hw, &period, &direction0), "period")
        try check(snd_pcm_hw_params_get_buffer_size(hw, &buffer), "buffer")
        guard period > 0, buffer >= period else {
            throw failure("period and buffer size", -EINVAL)
        }

        guard let sw = parley_snd_pcm_sw_params_new() else {
            throw failure("software parameters", -ENOMEM)
        }
        defer { snd_pcm_sw_params_free(sw) }
        try check(snd_pcm_sw_params_current(pcm, sw), "software parameters")
        // Wake the audio thread once per period, not per frame.
        try check(snd_pcm_sw_params_set_avail_min(pcm, sw, period), "wake-up threshold")
        // Playback starts once two periods are queued: one period of slack for the first
        // wake-up. Capture is started explicitly by the audio thread.
        let start = direction == .playback ? min(2 * period, buffer) : buffer
        try check(snd_pcm_sw_params_set_start_threshold(pcm, sw, start), "start threshold")
        try check(snd_pcm_sw_params(pcm, sw), "software parameters")
        return (Int(period), Int(buffer))
    }

    /// Frames read, or a negative ALSA error code (`-EAGAIN`: nothing yet).
    func read(_ buffer: UnsafeMutablePointer<Int16>, frames: Int) -> Int {
        guard let handle else { return Int(-EBADFD) }
        return snd_pcm_readi(handle, buffer, snd_pcm_uframes_t(frames))
    }

    /// Frames written, or a negative ALSA error code (`-EAGAIN`: no room yet).
    func write(_ buffer: UnsafePointer<Int16>, frames: Int) -> Int {
        guard let handle else { return Int(-EBADFD) }
        return snd_pcm_writei(handle, buffer, snd_pcm_uframes_t(frames))
    }

    /// Frames the device can take (playback) or has ready (capture), or a negative error.
    func available() -> Int {
        guard let handle else { return Int(-EBADFD) }
        return snd_pcm_avail_update(handle)
    }

    /// Waits up to `milliseconds` for the device to be ready: 1 ready, 0 timeout, < 0 error.
    func wait(milliseconds: Int32) -> Int32 {
        guard let handle else { return -EBADFD }
        return snd_pcm_wait(handle, milliseconds)
    }

    var isPrepared: Bool {
        guard let handle else { return false }
        return snd_pcm_state(handle) == SND_PCM_STATE_PREPARED
    }

    func start() -> Int32 {
        guard let handle else { return -EBADFD }
        return snd_pcm_start(handle)
    }

    /// `snd_pcm_recover`: re-prepares after an xrun or a suspend; 0 or the unrecoverable error.
    func recover(from error: Int32) -> Int32 {
        guard let handle else { return -EBADFD }
        return snd_pcm_recover(handle, error, 1)
    }

    /// Drops what is queued and closes the device. Idempotent.
    func close() {
        guard let pcm = handle else { return }
        handle = nil
        snd_pcm_drop(pcm)
        snd_pcm_close(pcm)
    }
}
