import Glibc
import Synchronization

/// Plays to an ALSA device from its own audio thread, which takes each period from a
/// lock-free ring the application fills at its own pace.
///
/// When the ring holds less than a period as the device needs one, the rest of that period
/// is silence (an underrun, counted once audio has begun to arrive). When a write finds the
/// ring full, the samples that do not fit are dropped (an overrun): the writer may not
/// overwrite samples the audio thread could be copying, and a full ring means the producer
/// runs ahead of the device clock, which a jitter buffer upstream must correct anyway.
public final class ALSAPlayback: Sendable {
    public let device: String
    /// Frames per period the device granted (480 for 10 ms, unless ALSA rounded it).
    public let periodFrames: Int
    /// Device buffer in frames: the device's share of playback latency.
    public let bufferFrames: Int
    private let core: ALSAStreamCore
    private let loop: PlaybackLoop
    private let priority: Int32?
    /// Serialises writers: the ring has a single producer.
    private let writer = Mutex<Void>(())

    /// Opens and configures `device` (48 kHz mono S16_LE). Nothing is played before `start()`.
    public init(device: String, configuration: ALSAStreamConfiguration = ALSAStreamConfiguration()) throws(ALSAError) {
        let pcm = try ALSAPCM(device: device, direction: .playback, configuration: configuration)
        self.device = device
        periodFrames = pcm.periodFrames
        bufferFrames = pcm.bufferFrames
        core = ALSAStreamCore(pcm: pcm)
        let ring = SampleRingBuffer(minimumCapacity: max(configuration.ringFrames, 2 * pcm.periodFrames))
        loop = PlaybackLoop(core: core, ring: ring, periodFrames: pcm.periodFrames)
        priority = configuration.realtimePriority
    }

    deinit { core.stop() }

    /// Starts playing on a new audio thread (silence until samples arrive). Does nothing if
    /// already running. Samples written before `start()` are played first.
    public func start() throws(ALSAError) {
        let loop = loop
        try core.start(priority: priority) { isRealtime in loop.run(isRealtime: isRealtime) }
    }

    /// Stops the audio thread and closes the device, dropping what was queued; returns when
    /// both are done. Safe from any thread, any number of times.
    public func stop() { core.stop() }

    /// Queues samples for playback; returns how many fit (the rest are dropped and counted).
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
        let ring = loop.ring
        let counters = core.counters
        return writer.withLock { _ in
            let accepted = ring.write(samples)
            if accepted < samples.count {
                counters.overruns.increment()
                counters.framesDropped.increment(by: samples.count - accepted)
            }
            return accepted
        }
    }

    /// Queues samples for playback; returns how many fit (the rest are dropped and counted).
    @discardableResult
    public func write(_ samples: [Int16]) -> Int {
        samples.withUnsafeBufferPointer { write($0) }
    }

    /// Room in the ring, in samples.
    public var freeFrames: Int {
        let ring = loop.ring
        return writer.withLock { _ in ring.freeCount }
    }

    /// Samples written but not yet taken by the audio thread: the ring's share of latency
    /// (the device buffer, at most `bufferFrames`, adds to it).
    public var queuedFrames: Int {
        let ring = loop.ring
        return writer.withLock { _ in ring.capacity - ring.freeCount }
    }

    public var statistics: ALSAPlaybackStatistics {
        let c = core.counters
        return ALSAPlaybackStatistics(
            framesPlayed: c.frames.value,
            silentFrames: c.silentFrames.value,
            xruns: c.xruns.value,
            underruns: c.underruns.value,
            overruns: c.overruns.value,
            framesDropped: c.framesDropped.value
        )
    }

    /// Whether the audio thread got SCHED_FIFO.
    public var isRealtime: Bool { core.counters.isRealtime.load(ordering: .relaxed) }

    /// The device error that ended playback, if one did (device unplugged, server gone).
    public var failure: ALSAError? { core.failure }
}

/// The playback audio thread's loop: ring → period buffer → device. No allocation, no locks.
final class PlaybackLoop: @unchecked Sendable {
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
        var audioArrived = false
        var pending = 0  // frames of `period` not yet accepted by the device
        var ready = true
        while ready, core.running.load(ordering: .acquiring) {
            if pending == 0 {
                // Take from the ring only when the device has room, so the ring is read as
                // late as possible and an underrun means the audio really was late.
                let room = pcm.available()
                if room < 0 {
                    ready = core.recover(from: Int32(truncatingIfNeeded: room))
                    continue
                }
                if room < periodFrames {
                    let waited = pcm.wait(milliseconds: ALSAStreamCore.waitMilliseconds)
                    if waited < 0 { ready = core.recover(from: waited) }
                    continue
                }
                let got = ring.read(into: UnsafeMutableBufferPointer(start: period, count: periodFrames))
                if got > 0 { audioArrived = true }
                if got < periodFrames {
                    (period + got).update(repeating: 0, count: periodFrames - got)
                    counters.silentFrames.increment(by: periodFrames - got)
                    if audioArrived { counters.underruns.increment() }
                }
                pending = periodFrames
            }
            let written = pcm.write(period + (periodFrames - pending), frames: pending)
            if written == -Int(EAGAIN) {
                let waited = pcm.wait(milliseconds: ALSAStreamCore.waitMilliseconds)
                if waited < 0 { ready = core.recover(from: waited) }
                continue
            }
            if written < 0 {
                ready = core.recover(from: Int32(truncatingIfNeeded: written))
                continue
            }
            pending -= written
            counters.frames.increment(by: written)
        }
    }
}
