import Foundation
import Hummingbird
import HummingbirdWebSocket
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
    let refusals = UpgradeRefusals()

    public init(configuration: ParleyConfiguration, logger: Logger = Logger(label: "parley.server")) {
        self.configuration = configuration
        self.logger = logger
        self.directory = RoomDirectory(settings: configuration.server, metrics: metrics)
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
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                while true {
                    try await Task.sleep(for: min(timeout / 4, .seconds(30)))
                    await directory.closeIdlePeers(now: .now, timeout: timeout)
                }
            }
            // The server ending (signal, error or cancellation) ends the sweeper too.
            try await tasks.next()
            tasks.cancelAll()
        }
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

        let webSocketRouter = Router(context: SignalingRequestContext.self)
        let directory = self.directory
        let metrics = self.metrics
        let refusals = self.refusals
        let logger = self.logger
        webSocketRouter.ws("/webrtc/**") { request, context in
            let decision = RoomAdmission.decide(
                path: request.uri.path,
                query: (request.uri.query ?? "").queryParameters(),
                cookieHeader: request.headers[.cookie],
                settings: settings
            )
            switch decision {
            case .success:
                return .upgrade([:])
            case .failure(let refusal):
                logger.notice("refused upgrade", metadata: [
                    "path": "\(request.uri.path)", "status": "\(refusal.status.code)", "reason": "\(refusal.reason)",
                ])
                metrics.error("upgrade_refused")
                refusals.record(refusal.status, for: context.channel)
                return .dontUpgrade
            }
        } onUpgrade: { inbound, outbound, context in
            let request = context.request
            guard case .success(let admission) = RoomAdmission.decide(
                path: request.uri.path,
                query: (request.uri.query ?? "").queryParameters(),
                cookieHeader: request.headers[.cookie],
                settings: settings
            ) else { return }
            let session = PeerSession(
                admission: admission, directory: directory, settings: settings, metrics: metrics, logger: logger
            )
            try await session.run(inbound: inbound, outbound: outbound)
        }

        let hardLimit = PeerSession.hardFrameLimit(settings)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(
                    http1: .init(additionalChannelHandlers: [refusals.handler()]),
                    ws: .init(maxFrameSize: hardLimit, autoPing: .disabled)
                )
            ),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "parley"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger
        )
    }
}
