/// The jitter buffer's decoded audio not yet played: appended at the back, played from the
/// front 10 ms at a time.
///
/// Playing from the front moves a read index instead of shifting the rest of the audio down,
/// and the storage is kept across pulls, so steady-state play-out allocates nothing. The played
/// prefix is dropped once it is large or the queue runs empty.
struct DecodedSamples {
    /// Dropping the played prefix costs one move of what remains; doing it only past this size
    /// keeps that cost a small fraction of the audio played.
    private static let compactionThreshold = 4096

    private var storage: [Int16] = []
    private var head = 0

    init() {
        storage.reserveCapacity(2 * Self.compactionThreshold)
    }

    var count: Int { storage.count - head }

    mutating func append(contentsOf samples: ArraySlice<Int16>) {
        storage.append(contentsOf: samples)
    }

    mutating func appendSilence(count: Int) {
        guard count > 0 else { return }
        storage.append(contentsOf: repeatElement(0, count: count))
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Copies the first `count` samples (at most `self.count`) to the start of `frame` and
    /// removes them.
    mutating func moveFront(_ count: Int, to frame: inout [Int16]) {
        let moved = min(count, self.count)
        frame.withUnsafeMutableBufferPointer { output in
            storage.withUnsafeBufferPointer { input in
                for index in 0..<min(moved, output.count) { output[index] = input[head + index] }
            }
        }
        head += moved
        if head == storage.count {
            removeAll()
        } else if head >= Self.compactionThreshold {
            storage.removeSubrange(0..<head)
            head = 0
        }
    }

    /// All the samples, in one array (for time-stretching, which looks at and rewrites them).
    mutating func contiguous() -> [Int16] {
        if head > 0 {
            storage.removeSubrange(0..<head)
            head = 0
        }
        return storage
    }

    /// Replaces all the samples.
    mutating func replace(with samples: [Int16]) {
        storage = samples
        head = 0
    }
}
