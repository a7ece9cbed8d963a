import Logging
import NIOCore
import ParleyConfiguration
import Synchronization

/// What every peer connection shares: the rooms, the limits, the metrics and the log.
struct SignalingHub: Sendable {
    let settings: ServerSettings
    let directory: RoomDirectory
    let metrics: ServerMetrics
    let logger: Logger
    let connections: OpenWebSockets
}

/// Every upgraded connection until it closes. No task waits on a WebSocket, so this is how
/// the server, when it stops, closes them and waits for their close frames to go out.
final class OpenWebSockets: Sendable {
    private let links = Mutex<[ObjectIdentifier: PeerLink]>([:])

    func insert(_ link: PeerLink) {
        links.withLock { $0[ObjectIdentifier(link.channel)] = link }
        link.channel.closeFuture.whenComplete { [self] _ in
            _ = links.withLock { $0.removeValue(forKey: ObjectIdentifier(link.channel)) }
        }
    }

    var count: Int { links.withLock { $0.count } }

    /// Starts the closing handshake on every open WebSocket (a no-op for those already closing)
    /// and returns once all are closed, at most `PeerWebSocketHandler.closeTimeout` later.
    func closeAll() async {
        let open = links.withLock { Array($0.values) }
        guard let first = open.first else { return }
        for link in open {
            link.close(code: .goingAway, reason: "Server shutting down", ended: "server shutting down")
        }
        try? await EventLoopFuture.andAllComplete(open.map(\.channel.closeFuture), on: first.channel.eventLoop).get()
    }
}
