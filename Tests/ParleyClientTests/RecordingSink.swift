import ParleyClient
import Synchronization

/// Keeps what a call played, for assertions.
final class RecordingSink: AudioSink, Sendable {
    private let samples = Mutex<[Int16]>([])

    func write(_ frame: [Int16]) { samples.withLock { $0.append(contentsOf: frame) } }
    func finish() {}

    var recorded: [Int16] { samples.withLock { $0 } }
}
