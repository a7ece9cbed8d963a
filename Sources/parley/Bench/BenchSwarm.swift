import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// The load generator's peers: real WebSocket clients, each in a room of `roomSize`, each
/// sending to a room-mate and timing what arrives.
final class BenchSwarm: Sendable {
    let base: String
    let roomSize: Int
    private let peers = Mutex<[BenchPeer]>([])
    private let latencies = Mutex<[Duration]>([])
    private let received = Atomic<Int>(0)
    let epoch = ContinuousClock.now

    init(base: String, roomSize: Int) {
        self.base = base
        self.roomSize = roomSize
    }

    /// Connects `count` peers, `concurrency` at a time; returns each one's connect→authenticated time.
    func connect(count: Int, concurrency: Int) async throws -> [Duration] {
        var times: [Duration] = []
        times.reserveCapacity(count)
        try await withThrowingTaskGroup(of: (Int, BenchPeer, Duration).self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { try await self.open(index: index) }
            }
            for _ in 0..<min(concurrency, count) { launch() }
            var opened: [(Int, BenchPeer)] = []
            while let (index, peer, time) = try await group.next() {
                opened.append((index, peer))
                times.append(time)
                if next < count { launch() }
            }
            let ordered = opened.sorted { $0.0 < $1.0 }.map(\.1)
            peers.withLock { $0 = ordered }
        }
        return times
    }

    private func open(index: Int) async throws -> (Int, BenchPeer, Duration) {
        let room = "bench-\(index / roomSize)"
        let peer = BenchPeer(swarm: self)
        let start = ContinuousClock.now
        try await peer.open(url: "\(base)/webrtc/\(room)?name=p\(index)")
        return (index, peer, ContinuousClock.now - start)
    }

    func record(sentAt nanoseconds: Int64) {
        let latency = (ContinuousClock.now - epoch) - .nanoseconds(nanoseconds)
        received.add(1, ordering: .relaxed)
        latencies.withLock { $0.append(latency) }
    }

    struct RelayResult {
        let sent: Int
        let received: Int
        let lost: Int
        let elapsed: Duration
        let latencies: [Duration]
    }

    /// Sends `rate` messages a second for `seconds`, round-robin over the peers, each to the
    /// next peer in its room, paced every millisecond.
    func relay(rate: Int, seconds: Int) async throws -> RelayResult {
        let all = peers.withLock { $0 }
        latencies.withLock { $0.removeAll(keepingCapacity: true); $0.reserveCapacity(rate * seconds) }
        received.store(0, ordering: .relaxed)
        let total = rate * seconds
        let start = ContinuousClock.now
        var sent = 0
        var cursor = 0
        while sent < total {
            let due = min(total, Int((ContinuousClock.now - start).seconds * Double(rate)) + 1)
            while sent < due {
                let index = cursor % all.count
                let roomStart = (index / roomSize) * roomSize
                let members = min(roomSize, all.count - roomStart)
                let sender = all[index]
                let mate = all[roomStart + (index - roomStart + 1) % members]
                let sentAt = (ContinuousClock.now - epoch).nanosecondsValue
                sender.send(candidateTo: mate.id, sentAt: sentAt)
                sent += 1
                cursor += 1
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        let drainDeadline = ContinuousClock.now + .seconds(5)
        while received.load(ordering: .relaxed) < sent, ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let elapsed = ContinuousClock.now - start
        let got = received.load(ordering: .relaxed)
        return RelayResult(sent: sent, received: got, lost: sent - got, elapsed: elapsed, latencies: latencies.withLock { $0 })
    }

    func closeAll() async {
        for peer in peers.withLock({ $0 }) { peer.close() }
        try? await Task.sleep(for: .milliseconds(500))
    }
}

extension Duration {
    var nanosecondsValue: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

/// One benchmark peer: a WebSocket client whose outbound messages go through a stream.
final class BenchPeer: Sendable {
    private let swarm: BenchSwarm
    private let outgoing: AsyncStream<String>.Continuation
    private let stream: AsyncStream<String>
    private let identity = Mutex<String>("")

    init(swarm: BenchSwarm) {
        self.swarm = swarm
        (stream, outgoing) = AsyncStream.makeStream(of: String.self)
    }

    var id: String { identity.withLock { $0 } }

    /// Returns once `authenticated` has arrived; the connection then lives in its own task.
    func open(url: String) async throws {
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Bool.self)
        let stream = self.stream
        var logger = Logger(label: "bench-peer")
        logger.logLevel = .critical
        Task {
            do {
                try await WebSocketClient.connect(
                    url: url,
                    configuration: .init(maxFrameSize: 1 << 20, autoPing: .disabled),
                    logger: logger
                ) { inbound, outbound, _ in
                    async let writer: Void = {
                        for await text in stream { try await outbound.write(.text(text)) }
                    }()
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        if let sentAt = Self.sentAt(in: text) {
                            self.swarm.record(sentAt: sentAt)
                        } else if let id = Self.authenticatedID(in: text) {
                            self.identity.withLock { $0 = id }
                            readyContinuation.yield(true)
                        }
                    }
                    try await writer
                }
            } catch {}
            readyContinuation.yield(false)
        }
        var iterator = ready.makeAsyncIterator()
        guard await iterator.next() == true else { throw BenchFailure("could not join \(url)") }
    }

    /// A message the size and shape of a trickled browser candidate, stamped with its send time.
    func send(candidateTo peerID: String, sentAt: Int64) {
        outgoing.yield(
            #"{"event":"candidate","to":["\#(peerID)"],"data":{"candidate":"candidate:3163612345 1 udp 2122260223 192.168.1.23 54321 typ host generation 0 ufrag Xy9z network-id 1","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"Xy9z","sent":\#(sentAt)}}"#
        )
    }

    func close() { outgoing.finish() }

    static func sentAt(in text: String) -> Int64? {
        guard let range = text.range(of: #""sent":"#) else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber })
    }

    static func authenticatedID(in text: String) -> String? {
        guard text.contains(#""event":"authenticated""#), let range = text.range(of: #""peer_id":""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
