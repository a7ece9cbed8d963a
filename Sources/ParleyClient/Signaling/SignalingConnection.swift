import HummingbirdWSClient
import Logging
import NIOWebSocket
import ParleySignaling

/// One WebSocket connection to a signaling server: messages in as `events`, messages out with
/// `send`. It never reconnects; the Orchestrator decides that.
public final class SignalingConnection: Sendable {
    /// Membrane closes a connection after 15 minutes without a client frame (PROTOCOL.md,
    /// "Keepalive"); Parley's server may be configured shorter. A raw `ping` every 30 s keeps
    /// either open at no cost.
    public static let keepaliveInterval: Duration = .seconds(30)
    /// Bigger than any SDP a browser sends, far below what would hurt.
    static let maximumFrameSize = 1 << 20

    public let events: AsyncStream<SignalingConnectionEvent>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let task: Task<Void, Never>

    private enum Outgoing: Sendable {
        case text(String)
        case close
    }

    public init(url: SignalingURL, logger: Logger) {
        let (events, eventSink) = AsyncStream.makeStream(of: SignalingConnectionEvent.self)
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: Outgoing.self)
        self.events = events
        self.outgoing = outgoing
        let keepalive = outgoing
        task = Task {
            let state = ConnectionFlags()
            var configuration = WebSocketClientConfiguration(maxFrameSize: Self.maximumFrameSize, autoPing: .disabled)
            configuration.closeTimeout = .seconds(2)
            do {
                let close = try await WebSocketClient.connect(
                    url: url.urlString, configuration: configuration, logger: logger
                ) { inbound, outbound, _ in
                    await state.markOpen()
                    eventSink.yield(.opened)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            while !Task.isCancelled {
                                try await Task.sleep(for: Self.keepaliveInterval)
                                keepalive.yield(.text(Keepalive.ping))
                            }
                        }
                        group.addTask {
                            do {
                                for await item in outgoingStream {
                                    switch item {
                                    case let .text(text):
                                        try await outbound.write(.text(text))
                                    case .close:
                                        await state.markClosedLocally()
                                        try await outbound.close(.normalClosure, reason: nil)
                                        return
                                    }
                                }
                            } catch {
                                // The inbound side sees the end too and reports it.
                            }
                        }
                        for try await message in inbound.messages(maxSize: Self.maximumFrameSize) {
                            guard case let .text(text) = message else { continue }
                            if text == Keepalive.pong { continue }
                            eventSink.yield(Self.event(for: text))
                        }
                        group.cancelAll()
                    }
                }
                let flags = await state.snapshot
                eventSink.yield(.closed(SignalingConnectionEnd(
                    closeCode: close.map { Self.code($0.closeCode) }, closeReason: close?.reason,
                    wasOpen: flags.open, closedLocally: flags.closedLocally)))
            } catch {
                let flags = await state.snapshot
                eventSink.yield(.closed(SignalingConnectionEnd(
                    failure: Self.describe(error, url: url), wasOpen: flags.open, closedLocally: flags.closedLocally)))
            }
            eventSink.finish()
        }
    }

    public func send(_ message: ClientMessage) {
        outgoing.yield(.text(message.jsonText()))
    }

    /// Sends a text frame as is; for tests of what a server does with odd input.
    public func sendRaw(_ text: String) {
        outgoing.yield(.text(text))
    }

    /// A normal close; `.closed` follows on `events`.
    public func close() {
        outgoing.yield(.close)
    }

    deinit {
        outgoing.finish()
    }

    static func event(for text: String) -> SignalingConnectionEvent {
        do throws(EnvelopeParseError) {
            return .message(try Envelope.parse(text))
        } catch {
            return .undecodable(text: text, reason: error)
        }
    }

    static func describe(_ error: any Error, url: SignalingURL) -> String {
        if let clientError = error as? WebSocketClientError {
            if clientError == .webSocketUpgradeFailed {
                return "the server at \(url.serverLabel) refused to let us into room \"\(url.room)\" "
                    + "(the room may be full, need a token, or the path may be wrong)"
            }
            return "signaling to \(url.serverLabel) failed: \(clientError)"
        }
        let text = String(describing: error)
        if text.contains("connection refused") || text.contains("Connection refused") {
            return "cannot reach a server at \(url.serverLabel): connection refused"
        }
        return "signaling to \(url.serverLabel) failed: \(text)"
    }

    static func code(_ code: WebSocketErrorCode) -> Int {
        switch code {
        case .normalClosure: 1000
        case .goingAway: 1001
        case .protocolError: 1002
        case .unacceptableData: 1003
        case .dataInconsistentWithMessage: 1007
        case .policyViolation: 1008
        case .messageTooLarge: 1009
        case .missingExtension: 1010
        case .unexpectedServerError: 1011
        case let .unknown(value): Int(value)
        }
    }
}

/// What the connection task learned, read when it reports the end.
private actor ConnectionFlags {
    private(set) var open = false
    private(set) var closedLocally = false

    func markOpen() { open = true }
    func markClosedLocally() { closedLocally = true }
    var snapshot: (open: Bool, closedLocally: Bool) { (open, closedLocally) }
}
