import Synchronization

/// What the server queues for one peer's socket.
enum OutboundItem: Sendable {
    case text(String)
    case close(code: UInt16, reason: String)
}

/// A peer's send queue. Relays only enqueue, so a slow reader never stalls a sender; a peer
/// whose queue overflows is cut off instead of growing the server's memory without bound.
final class Outbox: Sendable {
    let stream: AsyncStream<OutboundItem>
    private let continuation: AsyncStream<OutboundItem>.Continuation
    private let overflowed = Atomic<Bool>(false)

    init(capacity: Int) {
        (stream, continuation) = AsyncStream.makeStream(of: OutboundItem.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    func send(_ text: String) {
        if case .dropped = continuation.yield(.text(text)) {
            overflowed.store(true, ordering: .relaxed)
            continuation.finish()
        }
    }

    func close(code: UInt16, reason: String) {
        continuation.yield(.close(code: code, reason: reason))
        continuation.finish()
    }

    func finish() {
        continuation.finish()
    }

    var didOverflow: Bool { overflowed.load(ordering: .relaxed) }
}
