import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// The load generator's peers: real WebSocket clients (RFC 6455 handshake, masked frames), each
/// in a room of `roomSize`, each sending to a room-mate and timing what arrives. Each client is
/// a NIO channel whose handler runs on its event loop, with no task or stream per client, so
/// that 10,000 of them cost the generator little of the two cores it shares with the server.
final class BenchSwarm: Sendable {
    let host: String
    let port: Int
    let roomSize: Int
    private let group: any EventLoopGroup
    private let peers = Mutex<[BenchPeer]>([])
    private let latencies = Mutex<[Duration]>([])
    private let received = Atomic<Int>(0)
    let epoch = ContinuousClock.now

    init(host: String, port: Int, roomSize: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.host = host
        self.port = port
        self.roomSize = roomSize
        self.group = group
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
        let path = "/webrtc/bench-\(index / roomSize)?name=p\(index)"
        let start = ContinuousClock.now
        let peer = try await BenchPeer.connect(swarm: self, group: group, host: host, port: port, path: path)
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
            // One hop onto each event loop per tick rather than one per message: the
            // generator's wake-ups would otherwise compete with the server for the cores.
            var batches: [(loop: any EventLoop, writes: [(BenchPeer, WebSocketFrame)])] = []
            while sent < due {
                let index = cursor % all.count
                let roomStart = (index / roomSize) * roomSize
                let members = min(roomSize, all.count - roomStart)
                let sender = all[index]
                let mate = all[roomStart + (index - roomStart + 1) % members]
                let sentAt = (ContinuousClock.now - epoch).nanosecondsValue
                let write = (sender, BenchPeer.candidate(to: mate.id, sentAt: sentAt))
                if let batch = batches.firstIndex(where: { $0.loop === sender.channel.eventLoop }) {
                    batches[batch].writes.append(write)
                } else {
                    batches.append((sender.channel.eventLoop, [write]))
                }
                sent += 1
                cursor += 1
            }
            for (loop, writes) in batches {
                loop.execute {
                    for (peer, frame) in writes { peer.channel.write(frame, promise: nil) }
                    for (peer, _) in writes { peer.channel.flush() }
                }
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
        let all = peers.withLock { $0 }
        for peer in all { peer.close() }
        try? await EventLoopFuture.andAllComplete(all.map(\.channel.closeFuture), on: group.next()).get()
    }
}

extension Duration {
    var nanosecondsValue: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

/// One benchmark peer: a WebSocket client channel and the id the server gave it.
final class BenchPeer: Sendable {
    let channel: any Channel
    let id: String

    private init(channel: any Channel, id: String) {
        self.channel = channel
        self.id = id
    }

    /// Returns once `authenticated` has arrived.
    static func connect(swarm: BenchSwarm, group: any EventLoopGroup, host: String, port: Int, path: String) async throws -> BenchPeer {
        let upgraded = try await ClientBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let authenticated = channel.eventLoop.makePromise(of: String.self)
                    let upgrader = NIOTypedWebSocketClientUpgrader<EventLoopFuture<String>>(
                        maxFrameSize: 1 << 20,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(
                                    BenchPeerHandler(swarm: swarm, authenticated: authenticated)
                                )
                                return authenticated.futureResult
                            }
                        }
                    )
                    var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
                    head.headers.add(name: "Host", value: "\(host):\(port)")
                    var configuration = NIOUpgradableHTTPClientPipelineConfiguration(
                        upgradeConfiguration: NIOTypedHTTPClientUpgradeConfiguration(
                            upgradeRequestHead: head,
                            upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in
                                channel.eventLoop.makeFailedFuture(BenchFailure("no WebSocket upgrade for \(path)"))
                            }
                        )
                    )
                    configuration.leftOverBytesStrategy = .forwardBytes
                    let result = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: configuration)
                    return (channel, result)
                }
            }
        let (channel, result) = upgraded
        do {
            let id = try await result.flatMap { $0 }.get()
            return BenchPeer(channel: channel, id: id)
        } catch {
            channel.close(promise: nil)
            throw BenchFailure("could not join \(path): \(error)")
        }
    }

    /// A message the size and shape of a trickled browser candidate, stamped with its send time.
    static func candidate(to peerID: String, sentAt: Int64) -> WebSocketFrame {
        let text = #"{"event":"candidate","to":["\#(peerID)"],"data":{"candidate":"candidate:3163612345 1 udp 2122260223 192.168.1.23 54321 typ host generation 0 ufrag Xy9z network-id 1","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"Xy9z","sent":\#(sentAt)}}"#
        return WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
    }

    func close() {
        var code = ByteBuffer()
        code.write(webSocketErrorCode: .normalClosure)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: code)
        channel.writeAndFlush(frame).whenComplete { [channel] _ in channel.close(promise: nil) }
    }
}

/// Reads what the server sends one benchmark peer: its id, then relayed candidates to time.
final class BenchPeerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame

    private let swarm: BenchSwarm
    private var authenticated: EventLoopPromise<String>?

    init(swarm: BenchSwarm, authenticated: EventLoopPromise<String>) {
        self.swarm = swarm
        self.authenticated = authenticated
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard frame.opcode == .text, frame.fin else { return }
        if let sentAt = Self.sentAt(in: frame.data) {
            swarm.record(sentAt: sentAt)
        } else if let promise = authenticated, let id = Self.authenticatedID(in: String(buffer: frame.data)) {
            authenticated = nil
            promise.succeed(id)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        authenticated?.fail(BenchFailure("closed before authenticated"))
        authenticated = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        authenticated?.fail(BenchFailure("closed before authenticated"))
        authenticated = nil
    }

    private static let sentKey = Array(#""sent":"#.utf8)

    /// The send time stamped into a relayed candidate, read from the bytes without decoding
    /// the frame as a String, to keep the generator's share of the CPU small.
    static func sentAt(in buffer: ByteBuffer) -> Int64? {
        buffer.withUnsafeReadableBytes { bytes -> Int64? in
            let key = sentKey
            guard bytes.count > key.count else { return nil }
            var start = 0
            while start + key.count <= bytes.count {
                var matches = true
                for offset in 0..<key.count where bytes[start + offset] != key[offset] {
                    matches = false
                    break
                }
                if matches { break }
                start += 1
            }
            guard start + key.count <= bytes.count else { return nil }
            var value: Int64 = 0
            var digits = 0
            var index = start + key.count
            while index < bytes.count, digits < 18, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
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
