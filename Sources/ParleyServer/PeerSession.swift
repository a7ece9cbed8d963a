import Foundation
import Logging
import NIOWebSocket
import ParleyConfiguration
import ParleySignaling
import Synchronization

/// One peer from `authenticated` to `left`: its limits, its messages and what it relays.
/// Lives on its channel's event loop and is driven by `PeerWebSocketHandler`; nothing in it
/// waits, so a connection costs no task.
final class PeerSession {
    let admission: RoomAdmission
    let hub: SignalingHub
    let member: RoomDirectory.Member
    private let logger: Logger
    private let name: String
    private var bucket: TokenBucket
    private var abuse: AbuseWindow
    private var inRoom = false
    private var ended = false

    private var settings: ServerSettings { hub.settings }

    /// Frames larger than this end the connection (1009) without being read to the end; frames
    /// between `maxMessageBytes` and this get a `Message too large` error and the peer stays.
    static func hardFrameLimit(_ settings: ServerSettings) -> Int {
        max(settings.maxMessageBytes * 16, 1 << 20)
    }

    init(admission: RoomAdmission, hub: SignalingHub, link: PeerLink, now: ContinuousClock.Instant) {
        let peerID = UUID().uuidString.lowercased()
        let name = DisplayName.sanitize(admission.credentials.name, peerID: peerID)
        self.admission = admission
        self.hub = hub
        self.name = name
        self.member = RoomDirectory.Member(
            id: peerID, metadata: ["name": .string(name)], link: link, activity: LastActivity(now)
        )
        var logger = hub.logger
        logger[metadataKey: "peer"] = "\(peerID)"
        logger[metadataKey: "room"] = "\(admission.room)"
        self.logger = logger
        bucket = TokenBucket(rate: hub.settings.messagesPerSecond, capacity: hub.settings.messageBurst, now: now)
        abuse = AbuseWindow(limitSeconds: hub.settings.abuseSeconds)
    }

    /// Joins the room, or tells the peer why not and closes.
    func start() {
        switch hub.directory.join(room: admission.room, member: member) {
        case .failure(let refusal):
            logger.notice("refused join", metadata: ["reason": "\(refusal.details)", "name": "\(name)"])
            hub.metrics.error("join_refused")
            ended = true
            member.link.send(errorMessage("Could not join room", details: .string(refusal.details)))
            member.link.close(code: .normalClosure, reason: "", ended: "refused")
        case .success:
            inRoom = true
            hub.metrics.joins.increment()
            logger.info("joined", metadata: ["name": "\(name)"])
        }
    }

    /// Leaves the room once, whatever ended the connection first.
    func end(reason: String) {
        guard !ended else { return }
        ended = true
        guard inRoom else { return }
        hub.directory.leave(room: admission.room, peerID: member.id)
        logger.info("left", metadata: ["name": "\(name)", "reason": "\(reason)"])
    }

    /// One complete text message from the peer.
    func received(_ text: String, now: ContinuousClock.Instant) {
        guard inRoom, !ended else { return }
        let link = member.link
        if text == Keepalive.ping {
            link.send(Keepalive.pong)
            return
        }
        guard bucket.take(now: now) else {
            hub.metrics.error("rate_limited")
            switch abuse.refused(now: now) {
            case .report:
                link.send(errorMessage("Rate limited", details: .string(
                    "more than \(Int(settings.messagesPerSecond)) messages a second (burst \(settings.messageBurst)): messages are dropped"
                )))
            case .quiet:
                break
            case .disconnect:
                link.close(code: .policyViolation, reason: "Rate limited for too long", ended: "rate limited for \(settings.abuseSeconds) s")
            }
            return
        }
        let size = text.utf8.count
        guard size <= settings.maxMessageBytes else {
            hub.metrics.error("message_too_large")
            link.send(errorMessage("Message too large", details: .string(
                "\(size) bytes; the limit is \(settings.maxMessageBytes)"
            )))
            return
        }
        let parsed: ClientMessage
        do {
            parsed = try ClientMessage.parse(text)
        } catch {
            hub.metrics.error(error == .invalidJSON(raw: text) ? "invalid_json" : "invalid_message")
            let details: JSONValue = {
                if case .invalidJSON(let raw) = error { return .string(String(raw.prefix(1024))) }
                return error.details
            }()
            link.send(errorMessage(error.description, details: details))
            return
        }
        let relayed = Envelope(
            event: parsed.event,
            data: parsed.data,
            from: member.id,
            to: parsed.to,
            fromMetadata: settings.membraneBaseline ? .none : member.metadata
        ).jsonText()
        let unknown = hub.directory.relay(relayed, to: parsed.to, from: member.id, room: admission.room)
        if !unknown.isEmpty {
            hub.metrics.error("unknown_peer")
            link.send(errorMessage("Unknown peer", details: .array(unknown.map(JSONValue.string))))
        }
    }

    func errorMessage(_ description: String, details: JSONValue?) -> String {
        var data: [String: JSONValue] = ["description": .string(description)]
        if let details { data["details"] = details }
        return Envelope(
            event: SignalingEvent.error, data: .object(data), fromMetadata: settings.membraneBaseline ? .none : .null
        ).jsonText()
    }
}

/// When the peer last sent a frame, shared between its event loop and the idle sweep.
final class LastActivity: Sendable {
    private let value: Mutex<ContinuousClock.Instant>

    init(_ now: ContinuousClock.Instant) {
        value = Mutex(now)
    }

    func touch(_ now: ContinuousClock.Instant) { value.withLock { $0 = now } }
    var instant: ContinuousClock.Instant { value.withLock { $0 } }
}

/// Counts seconds of rate-limited traffic: one error a second is enough for the sender to know,
/// and only a flood that lasts `limitSeconds` ends the connection.
struct AbuseWindow {
    let limitSeconds: Int
    private var windowStart: ContinuousClock.Instant?
    private var consecutiveBadSeconds = 0

    init(limitSeconds: Int) {
        self.limitSeconds = limitSeconds
    }

    enum Verdict { case report, quiet, disconnect }

    mutating func refused(now: ContinuousClock.Instant) -> Verdict {
        if let start = windowStart, now - start < .seconds(1) { return .quiet }
        if let start = windowStart, now - start < .seconds(2) {
            consecutiveBadSeconds += 1
        } else {
            consecutiveBadSeconds = 1
        }
        windowStart = now
        return consecutiveBadSeconds > limitSeconds ? .disconnect : .report
    }
}
