import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// Each accepted connection: HTTP/1.1 for the API and the browser client, or a WebSocket on
/// `/webrtc/<room>`. An upgraded connection is served by handlers in its channel pipeline
/// (`PeerWebSocketHandler`, `PeerSession`) on its event loop: no task and no async stream per
/// peer, which is what lets 10,000 peers fit in a few hundred bytes of bookkeeping each.
struct SignalingChildChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        case webSocket
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, HTTPResponse.Status)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let hub: SignalingHub

    init(responder: @escaping HTTPChannelHandler.Responder, hub: SignalingHub) {
        self.responder = Self.sendingHandshakesToFreshConnections(responder)
        self.hub = hub
    }

    /// Peers may leave this much unread before they are cut off (`PeerWebSocketHandler`).
    static let writeBufferWaterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 2 << 20, high: 4 << 20)

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let hub = self.hub
            // What the handshake decided, for the pipeline it then builds.
            let decision = NIOLoopBoundBox<Result<RoomAdmission, RoomAdmission.Refusal>?>(nil, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: PeerSession.hardFrameLimit(hub.settings),
                enableAutomaticErrorHandling: true,
                shouldUpgrade: { channel, head in
                    let uri = URI(head.uri)
                    let cookies = head.headers["cookie"]
                    let result = RoomAdmission.decide(
                        path: uri.path,
                        query: (uri.query ?? "").queryParameters(),
                        cookieHeader: cookies.isEmpty ? nil : cookies.joined(separator: "; "),
                        settings: hub.settings
                    )
                    decision.value = result
                    if case .failure(let refusal) = result {
                        hub.logger.notice("refused upgrade", metadata: [
                            "path": "\(uri.path)", "status": "\(refusal.status.code)", "reason": "\(refusal.reason)",
                        ])
                        hub.metrics.error("upgrade_refused")
                        return channel.eventLoop.makeSucceededFuture(nil)
                    }
                    return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .success(let admission)? = decision.value else {
                            throw NIOWebSocketUpgradeError.unsupportedWebSocketTarget
                        }
                        try Self.servePeer(on: channel, admission: admission, hub: hub)
                        return UpgradeResult.webSocket
                    }
                }
            )
            let serverUpgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        switch decision.value {
                        case .failure(let refusal)?: return UpgradeResult.refused(http, refusal.status)
                        // Admitted, yet the upgrade did not happen: refuse like any bad handshake.
                        case .success?: return UpgradeResult.refused(http, .badRequest)
                        case nil: return UpgradeResult.notUpgraded(http)
                        }
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: serverUpgradeConfiguration)
            // Pipelining is NIOAsyncChannel's job; errors and header validation Hummingbird's.
            configuration.enablePipelining = false
            configuration.enableErrorHandling = false
            configuration.enableResponseHeaderValidation = false
            let upgradeResult = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(upgradeResult: upgradeResult, channel: channel)
        }
    }

    /// After the 101: the peer's handlers go in and it joins its room, all on its event loop.
    private static func servePeer(on channel: any Channel, admission: RoomAdmission, hub: SignalingHub) throws {
        try channel.syncOptions?.setOption(ChannelOptions.writeBufferWaterMark, value: writeBufferWaterMark)
        let link = PeerLink(channel: channel)
        let session = PeerSession(admission: admission, hub: hub, link: link, now: .now)
        try channel.pipeline.syncOperations.addHandler(
            PeerWebSocketHandler(session: session, maxMessageSize: PeerSession.hardFrameLimit(hub.settings))
        )
        hub.connections.insert(link)
        session.start()
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .webSocket:
                // The pipeline serves it from here; returning keeps no task alive for it.
                return
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let status):
                await Self.refuse(http, status: status, logger: logger)
            }
        } catch let error as ChannelError where error == .inputClosed {
            logger.trace("connection closed before its first request")
        } catch {
            logger.debug("connection setup failed", metadata: ["error": "\(error)"])
        }
    }

    /// A refused handshake gets its status with an empty body, as membrane answers.
    private static func refuse(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, status: HTTPResponse.Status, logger: Logger) async {
        do {
            try await http.executeThenClose { _, outbound in
                try await outbound.write(contentsOf: [
                    .head(HTTPResponse(status: status, headerFields: [.connection: "close", .contentLength: "0"])),
                    .end(nil),
                ])
            }
        } catch {
            logger.trace("could not answer a refused handshake", metadata: ["error": "\(error)"])
        }
    }

    /// NIO only upgrades a connection's first request. A handshake arriving later on a
    /// keep-alive connection is redirected to the same URL with the connection closed, so the
    /// client retries it on a fresh one.
    private static func sendingHandshakesToFreshConnections(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        { request, responseWriter, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return try await responder(request, responseWriter, channel)
            }
            let location = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
            try await responseWriter.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: location]))
            throw RetryOnFreshConnection()
        }
    }

    private struct RetryOnFreshConnection: Error {}
}
