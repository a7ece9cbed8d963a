import HummingbirdWSClient
import Logging
import NIOWebSocket
import ParleySignaling

/// One WebSocket connection to a signaling server: messages in as `events`, messages out with
/// `send`. It never reconnects; the Orchestrator decides that.
///
/// A connection whose network path died (a laptop changing networks) sends no FIN or RST, and
/// TCP would take a quarter of an hour to give up on it; a ping left unanswered ends it instead.
public final class SignalingConnection: Sendable {
    /// How often to ping, and how long an answer (`pong`, or any frame) may take.
    public struct Liveness: Sendable {
        /// Membrane closes a connection after 15 minutes without a client frame (PROTOCOL.md,
        /// "Keepalive"); Parley's server may be configured shorter. A raw `ping` every 30 s
        /// keeps either open at no cost.
        public var pingInterval: Duration
        public var answerTimeout: Duration

        public init(pingInterval: Duration = .seconds(30), answerTimeout: Duration = .seconds(15)) {
            self.pingInterval = pingInterval
            self.answerTimeout = answerTimeout
        }

        /// How often the keepalive looks at the clock: a few times per answer timeout.
        var tick: Duration { min(.seconds(1), answerTimeout / 4) }
    }
    /// Bigger than any SDP a browser sends, far below what would hurt.
    static let maximumFrameSize = 1 << 20

    public let events: AsyncStream<SignalingConnectionEvent>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let task: Task<Void, Never>
    private let flags = ConnectionFlags()

    private enum Outgoing: Sendable {
        case text(String)
        case close
        /// The server stopped answering: close without waiting for it, and say why.
        case abandon(reason: String)
    }

    public init(url: SignalingURL, liveness: Liveness = Liveness(), logger: Logger) {
        let (events, eventSink) = AsyncStream.makeStream(of: SignalingConnectionEvent.self)
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: Outgoing.self)
        self.events = events
        self.outgoing = outgoing
        let keepalive = outgoing
        let state = flags
        task = Task {
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
                            try await Self.keepAlive(liveness: liveness, state: state, outgoing: keepalive)
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
                                    case let .abandon(reason):
                                        await state.markDead(reason)
                                        try await outbound.close(.goingAway, reason: nil)
                                        return
                                    }
                                }
                            } catch {
                                // The inbound side sees the end too and reports it.
                            }
                        }
                        for try await message in inbound.messages(maxSize: Self.maximumFrameSize) {
                            await state.noteInbound()
                            guard case let .text(text) = message else { continue }
                            if text == Keepalive.pong { continue }
                            eventSink.yield(Self.event(for: text))
                        }
                        group.cancelAll()
                    }
                }
                let flags = await state.snapshot
                eventSink.yield(.closed(SignalingConnectionEnd(
                    closeCode: flags.deadReason == nil ? close.map { Self.code($0.closeCode) } : nil,
                    closeReason: flags.deadReason == nil ? close?.reason : nil, failure: flags.deadReason,
                    wasOpen: flags.open, closedLocally: flags.closedLocally)))
            } catch {
                let flags = await state.snapshot
                eventSink.yield(.closed(SignalingConnectionEnd(
                    failure: flags.deadReason ?? Self.describe(error, url: url), wasOpen: flags.open,
                    closedLocally: flags.closedLocally)))
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

    /// Pings now rather than at the next interval: something else (media going silent) hints
    /// that the network may have changed under the connection.
    public func checkLiveness() {
        let flags = flags
        Task { await flags.requestProbe() }
    }

    /// Pings every `pingInterval` (or when asked) and abandons the connection when nothing at
    /// all arrives within `answerTimeout` of a ping.
    private static func keepAlive(liveness: Liveness, state: ConnectionFlags,
                                  outgoing: AsyncStream<Outgoing>.Continuation) async throws {
        var nextPing = ContinuousClock.now + liveness.pingInterval
        var unanswered: ContinuousClock.Instant?
        while !Task.isCancelled {
            try await Task.sleep(for: liveness.tick)
            let now = ContinuousClock.now
            let (lastInbound, probe) = await state.takeProbe()
            if let sent = unanswered {
                if let lastInbound, lastInbound >= sent {
                    unanswered = nil
                } else if now - sent >= liveness.answerTimeout {
                    outgoing.yield(.abandon(reason: "the server stopped answering (no reply to a ping in \(liveness.answerTimeout))"))
                    return
                }
            }
            if unanswered == nil, probe || now >= nextPing {
                outgoing.yield(.text(Keepalive.ping))
                unanswered = now
                nextPing = now + liveness.pingInterval
            }
        }
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
    private(set) var deadReason: String?
    private var lastInbound: ContinuousClock.Instant?
    private var probeRequested = false

    func markOpen() { open = true }
    func markClosedLocally() { closedLocally = true }
    func markDead(_ reason: String) { deadReason = reason }
    func noteInbound() { lastInbound = .now }
    func requestProbe() { probeRequested = true }

    func takeProbe() -> (lastInbound: ContinuousClock.Instant?, probe: Bool) {
        defer { probeRequested = false }
        return (lastInbound, probeRequested)
    }

    var snapshot: (open: Bool, closedLocally: Bool, deadReason: String?) { (open, closedLocally, deadReason) }
}
