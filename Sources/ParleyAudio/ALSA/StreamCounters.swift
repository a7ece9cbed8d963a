import Synchronization

/// Counters shared by an audio thread (which bumps them without locking) and readers of
/// statistics.
final class StreamCounters: Sendable {
    let frames = Atomic<Int>(0)
    let silentFrames = Atomic<Int>(0)
    let xruns = Atomic<Int>(0)
    let underruns = Atomic<Int>(0)
    let overruns = Atomic<Int>(0)
    let framesDropped = Atomic<Int>(0)
    let framesDiscarded = Atomic<Int>(0)
    let isRealtime = Atomic<Bool>(false)
    /// 0, or the ALSA error that ended the audio loop.
    let failure = Atomic<Int32>(0)
}

extension Atomic where Value == Int {
    func increment(by amount: Int = 1) {
        _ = wrappingAdd(amount, ordering: .relaxed)
    }

    var value: Int { load(ordering: .relaxed) }
}
