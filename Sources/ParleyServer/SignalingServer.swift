import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ParleyConfiguration
import ServiceLifecycle

/// `parley serve`: the membrane-compatible signaling server, its REST API and the browser client.
public struct SignalingServer: Sendable {
    public let configuration: ParleyConfiguration
    public let logger: Logger
    let metrics = ServerMetrics()
    let directory: RoomDirectory
    let connections = OpenWebSockets()

    public init(configuration: ParleyConfiguration, logger: Logger = Logger(label: "parley.server")) {
        self.configuration = configuration
        self.logger = logger
        self.directory = RoomDirectory(settings: configuration.server, metrics: metrics)
    }

    var hub: SignalingHub {
        SignalingHub(settings: configuration.server, directory: directory, metrics: metrics, logger: logger, connections: connections)
    }

    /// Serves until cancelled or, when `handleSignals`, until SIGINT/SIGTERM, which close every
    /// peer's WebSocket with a close frame before returning.
    /// `onRunning` gets the bound port (useful with port 0).
    public func run(handleSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = makeApplication(onRunning: onRunning)
        let group = ServiceGroup(
            configuration: .init(
                services: [application],
                gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        let directory = self.directory
        let timeout = Duration.seconds(configuration.server.idleTimeoutSeconds)
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                tasks.addTask {
                    while true {
                        try await Task.sleep(for: min(timeout / 4, .seconds(30)))
                        directory.closeIdlePeers(now: .now, timeout: timeout)
                    }
                }
                // The server ending (signal, error or cancellation) ends the sweeper too.
                try await tasks.next()
                tasks.cancelAll()
            }
        } catch {
            await connections.closeAll()
            throw error
        }
        // No task waits on a WebSocket: close those still open (a graceful shutdown has
        // already started their handshakes) and wait until their close frames are out.
        await connections.closeAll()
    }

    func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let settings = configuration.server
        let router = Router()
        APIRoutes(directory: directory, configuration: configuration, metrics: metrics).register(on: router)
        if let webRoot = settings.webRoot ?? WebRoot.locate() {
            router.addMiddleware { FileMiddleware(webRoot, searchForIndexHtml: true) }
        } else {
            logger.warning("browser client files not found; only the API and WebSocket are served")
        }
        let hub = self.hub
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in SignalingChildChannel(responder: responder, hub: hub) },
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "parley"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger
        )
    }
}
