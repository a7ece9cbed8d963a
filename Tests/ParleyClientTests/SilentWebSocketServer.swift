import Hummingbird
import HummingbirdWebSocket
import Logging

/// A WebSocket server on loopback that accepts every upgrade and then never sends a frame,
/// not even a pong: to the client it looks like a connection whose network path died.
final class SilentWebSocketServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    static func start() async throws -> SilentWebSocketServer {
        var logger = Logger(label: "parley.silent-server")
        logger.logLevel = .critical
        let router = Router()
        let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
        webSocketRouter.ws("/webrtc/**") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, _, _ in
            for try await _ in inbound {}
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: .init(ws: .init(autoPing: .disabled))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            defer { portSink.finish() }
            try await application.runService()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw ClientTestFailure("the silent server did not start")
        }
        return SilentWebSocketServer(port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
