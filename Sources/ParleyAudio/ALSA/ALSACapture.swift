import Synchronization
import Glibc

/// Records from an ALSA device on its own audio thread into a lock-free ring that the
/// application reads at its own pace.
///
/// When the application falls behind and the ring fills, the audio thread drops what does
/// not fit (it may not overwrite samples the reader could be copying). What the ring then
/// holds is older than the gap that follows it, so the next read discards it and resumes
/// with current audio: a conference wants a short gap, never a second of stale speech.
/// Open the device before the call and call `discardBacklog()` when the call starts, so the
/// first packet sent is current audio (a browser's jitter buffer otherwise swells to the
/// backlog and stays there).
public final class ALSACapture: Sendable {
    public let device: String
    /// Frames per period the device granted (480 for 10 ms, unless ALSA rounded it).
    public let periodFrames: Int
    /// Device buffer in frames.
    public let bufferFrames: Int
    private let core: ALSAStreamCore
    private let loop: CaptureLoop
    private let priority: Int32?
    /// Serialises readers: the ring has a single consumer.
    private let reader = Mutex<ReaderState>(ReaderState())

    private struct ReaderState {
        var overrunsSeen = 0
    }

    /// Opens and configures `device` (48 kHz mono S16_LE). Nothing is recorded before `start()`.
    public init(device: String, configuration: ALSAStreamConfiguration = ALSAStreamConfiguration()) throws(ALSAError) {
        let pcm = try ALSAPCM(device: device, direction: .capture, configuration: configuration)
        self.device = device
        periodFrames = pcm.periodFrames
        bufferFrames = pcm.bufferFrames
        core = ALSAStreamCore(pcm: pcm)
        let ring = SampleRingBuffer(minimumCapacity: max(configuration.ringFrames, 2 * pcm.periodFrames))
        loop = CaptureLoop(core: core, ring: ring, periodFrames: pcm.periodFrames)
        priority = configuration.realtimePriority
    }

    deinit { core.stop() }

    /// Starts recording on a new audio thread. Does nothing if already running.
    public func start() throws(ALSAError) {
        let loop = loop
        try core.start(priority: priority) { isRealtime in loop.run(isRealtime: isRealtime) }
    }

    /// Stops the audio thread and closes the device; returns when both are done. Safe from
    /// any thread, any number of times. Samples already in the ring can still be read.
    public func stop() { core.stop() }

    /// Copies up to `buffer.count` of the oldest unread samples; returns how many.
    public func read(into buffer: UnsafeMutableBufferPointer<Int16>) -> Int {
        let ring = loop.ring
        let counters = core.counters
        return reader.withLock { state in
            // The producer bumps `overruns` after publishing the samples before its gap.
            let overruns = counters.overruns.load(ordering: .acquiring)
            if overruns != state.overrunsSeen {
                state.overrunsSeen = overruns
                counters.framesDiscarded.increment(by: ring.discard(keepingNewest: 0))
            }
            return ring.read(into: buffer)
        }
    }

    /// Fills `samples` from its start with up to `samples.count` samples; returns how many.
    public func read(into samples: inout [Int16]) -> Int {
        samples.withUnsafeMutableBufferPointer { read(into: $0) }
    }

    /// Throws away unread samples but the newest `keep`; returns how many it threw away.
    /// `discardBacklog()` when a call starts; `discardBacklog(keepingNewest:)` to cap latency.
    @discardableResult
    public func discardBacklog(keepingNewest keep: Int = 0) -> Int {
        let ring = loop.ring
        let counters = core.counters
        return reader.withLock { state in
            state.overrunsSeen = counters.overruns.load(ordering: .acquiring)
            let dropped = ring.discard(keepingNewest: keep)
            counters.framesDiscarded.increment(by: dropped)
            return dropped
        }
    }

    /// Samples waiting to be read.
    public var availableFrames: Int {
        let ring = loop.ring
        return reader.withLock { _ in ring.count }
    }

    public var statistics: ALSACaptureStatistics {
        let c = core.counters
        return ALSACaptureStatistics(
            framesCaptured: c.frames.value,
            xruns: c.xruns.value,
            overruns: c.overruns.value,
            framesDropped: c.framesDropped.value,
            framesDiscarded: c.framesDiscarded.value
        )
    }

    /// Whether the audio thread got SCHED_FIFO.
    public var isRealtime: Bool { core.counters.isRealtime.load(ordering: .relaxed) }

    /// The device error that ended recording, if one did (device unplugged, server gone).
    public var failure: ALSAError? { core.failure }
}

/// The capture audio thread's loop: device → period buffer → ring. No allocation, no locks.
final class CaptureLoop: @unchecked Sendable {
    let core: ALSAStreamCore
    let ring: SampleRingBuffer
    private let periodFrames: Int
    /// Only the audio thread touches it.
    private let period: UnsafeMutablePointer<Int16>

    init(core: ALSAStreamCore, ring: SampleRingBuffer, periodFrames: Int) {
        self.core = core
        self.ring = ring
        self.periodFrames = periodFrames
        period = .allocate(capacity: periodFrames)
        period.initialize(repeating: 0, count: periodFrames)
    }

    deinit { period.deallocate() }

    func run(isRealtime: Bool) {
        let pcm = core.pcm
        let counters = core.counters
        counters.isRealtime.store(isRealtime, ordering: .relaxed)
        var ready = startDevice()
        while ready, core.running.load(ordering: .acquiring) {
            let waited = pcm.wait(milliseconds: ALSAStreamCore.waitMilliseconds)
            if waited == 0 { continue }
            if waited < 0 {
                ready = core.recover(from: waited) && startDevice()
                continue
            }
            let got = pcm.read(period, frames: periodFrames)
            if got == -Int(EAGAIN) { continue }
            if got < 0 {
                ready = core.recover(from: Int32(truncatingIfNeeded: got)) && startDevice()
                continue
            }
            counters.frames.increment(by: got)
            let stored = ring.write(UnsafeBufferPointer(start: period, count: got))
            if stored < got {
                counters.framesDropped.increment(by: got - stored)
                // After the samples: the reader's acquire of this pairs with the ring's release.
                _ = counters.overruns.wrappingAdd(1, ordering: .releasing)
            }
        }
    }

    /// Capture does not start by itself (its start threshold is the whole buffer): start it
    /// now and after every recovery, which leaves it prepared.
    private func startDevice() -> Bool {
        guard core.pcm.isPrepared else { return true }
        let result = core.pcm.start()
        guard result >= 0 else { return core.fail(result) }
        return true
    }
}
