import Synchronization

/// A single-producer, single-consumer ring of samples between an audio thread and the
/// application, preallocated and lock-free: neither side ever waits for the other.
///
/// Each side owns one monotonically increasing counter (`written` for the producer, `read`
/// for the consumer) and only loads the other's. The release store of its own counter
/// publishes the samples it copied; the acquire load of the other's makes them visible.
/// A full ring refuses the excess rather than overwriting: the producer may never touch
/// samples the consumer could be copying at that moment.
///
/// Exactly one thread may produce and one consume at a time; the streams that own a ring
/// guarantee it (their audio thread is one side, a mutex serialises the other).
final class SampleRingBuffer: @unchecked Sendable {
    let capacity: Int
    private let mask: Int
    private let storage: UnsafeMutablePointer<Int16>
    private let written = Atomic<Int>(0)
    private let read = Atomic<Int>(0)

    /// Holds at least `minimumCapacity` samples (rounded up to a power of two).
    init(minimumCapacity: Int) {
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        self.capacity = capacity
        mask = capacity - 1
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: 0, count: capacity)
    }

    deinit { storage.deallocate() }

    // MARK: Producer side

    /// Copies as many samples as fit; returns how many that was.
    func write(_ source: UnsafeBufferPointer<Int16>) -> Int {
        guard let base = source.baseAddress else { return 0 }
        let head = written.load(ordering: .relaxed)
        let tail = read.load(ordering: .acquiring)
        let count = min(capacity - (head &- tail), source.count)
        guard count > 0 else { return 0 }
        let start = head & mask
        let first = min(count, capacity - start)
        (storage + start).update(from: base, count: first)
        if first < count { storage.update(from: base + first, count: count - first) }
        written.store(head &+ count, ordering: .releasing)
        return count
    }

    /// Room left for the producer.
    var freeCount: Int {
        capacity - (written.load(ordering: .relaxed) &- read.load(ordering: .acquiring))
    }

    // MARK: Consumer side

    /// Copies up to `destination.count` of the oldest samples; returns how many.
    func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        guard let base = destination.baseAddress else { return 0 }
        let tail = read.load(ordering: .relaxed)
        let head = written.load(ordering: .acquiring)
        let count = min(head &- tail, destination.count)
        guard count > 0 else { return 0 }
        let start = tail & mask
        let first = min(count, capacity - start)
        base.update(from: storage + start, count: first)
        if first < count { (base + first).update(from: storage, count: count - first) }
        read.store(tail &+ count, ordering: .releasing)
        return count
    }

    /// Drops the oldest samples so that at most `keep` remain; returns how many it dropped.
    func discard(keepingNewest keep: Int) -> Int {
        let tail = read.load(ordering: .relaxed)
        let head = written.load(ordering: .acquiring)
        let excess = (head &- tail) - max(keep, 0)
        guard excess > 0 else { return 0 }
        read.store(tail &+ excess, ordering: .releasing)
        return excess
    }

    /// Samples waiting for the consumer.
    var count: Int {
        written.load(ordering: .acquiring) &- read.load(ordering: .relaxed)
    }
}
