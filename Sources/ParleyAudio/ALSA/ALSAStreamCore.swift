import Glibc
import Synchronization

/// What capture and playback share: the device, the counters, the audio thread's life.
final class ALSAStreamCore: Sendable {
    let pcm: ALSAPCM
    let counters = StreamCounters()
    /// Cleared by `stop()`; the audio loop checks it at least every `waitMilliseconds`.
    let running = Atomic<Bool>(false)
    private let lifecycle = Mutex<Lifecycle>(.opened)

    /// Longest the audio thread blocks in `snd_pcm_wait`, which bounds how long `stop()` takes
    /// even when a device stops delivering.
    static let waitMilliseconds: Int32 = 100

    private enum Lifecycle: ~Copyable {
        case opened
        case running(AudioThread)
        case stopped

        enum Phase { case opened, running, stopped }

        var phase: Phase {
            switch self {
            case .opened: .opened
            case .running: .running
            case .stopped: .stopped
            }
        }
    }

    init(pcm: ALSAPCM) { self.pcm = pcm }

    deinit { stop() }

    /// Runs `loop` on a new audio thread. `loop` must return soon after `running` turns false.
    func start(priority: Int32?, loop: @escaping @Sendable (_ isRealtime: Bool) -> Void) throws(ALSAError) {
        let outcome: Result<Void, ALSAError> = lifecycle.withLock { state in
            switch state.phase {
            case .running:
                return .success(())
            case .stopped:
                return .failure(.stopped(device: pcm.device, direction: pcm.direction))
            case .opened:
                running.store(true, ordering: .releasing)
                let name = pcm.direction == .capture ? "parley-capture" : "parley-playback"
                switch AudioThread.start(name: name, realtimePriority: priority, body: loop) {
                case let .success(thread):
                    state = .running(thread)
                    return .success(())
                case let .failure(error):
                    running.store(false, ordering: .releasing)
                    return .failure(.cannotStartThread(device: pcm.device, direction: pcm.direction, code: error.code))
                }
            }
        }
        try outcome.get()
    }

    /// Ends the audio thread, waits for it, closes the device. Safe from any thread, any
    /// number of times; returns once the device is closed.
    func stop() {
        lifecycle.withLock { state in
            // Under the lock, or a start() in between could set it again before the join.
            running.store(false, ordering: .releasing)
            var previous = Lifecycle.stopped
            swap(&state, &previous)
            switch consume previous {
            case let .running(thread):
                thread.join()
                pcm.close()
            case .opened:
                pcm.close()
            case .stopped:
                break
            }
        }
    }

    /// The error that ended the audio loop, if one did.
    var failure: ALSAError? {
        let code = counters.failure.load(ordering: .acquiring)
        return code == 0 ? nil : .failed(device: pcm.device, direction: pcm.direction, code: code)
    }

    /// Handles an error from the device: counts xruns, re-prepares with `snd_pcm_recover`.
    /// False when the device cannot go on; the loop must then end. Audio thread only.
    func recover(from code: Int32) -> Bool {
        if code == -EPIPE || code == -ESTRPIPE { counters.xruns.increment() }
        let result = pcm.recover(from: code)
        guard result >= 0 else { return fail(result) }
        return true
    }

    /// Records why the audio loop ends; returns false for the loop's convenience.
    func fail(_ code: Int32) -> Bool {
        counters.failure.store(code, ordering: .releasing)
        running.store(false, ordering: .releasing)
        return false
    }
}
