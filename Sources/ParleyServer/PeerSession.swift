import Foundation
import HummingbirdWebSocket
import Logging
import ParleyConfiguration
import ParleySignaling
import Synchronization

/// One peer's WebSocket from `authenticated` to `left`: the inbound loop, its send queue and its limits.
struct PeerSession {
    let admission: RoomAdmission
    let directory: RoomDirectory
    let settings: ServerSettings
    let metrics: ServerMetrics
    let logger: Logger

    /// Frames larger than this end the connection (1009) without being read to the end; frames
    /// between `maxMessageBytes` and this get a `Message too large` error and the peer stays.
    var hardFrameLimit: Int { Self.hardFrameLimit(settings) }

    static func hardFrameLimit(_ settings: ServerSettings) -> Int {
        max(settings.maxMessageBytes * 16, 1 << 20)
    }

    static let outboxCapacity = 4096

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let peerID = UUID().uuidString.lowercased()
        let name = DisplayName.sanitize(admission.credentials.name, peerID: peerID)
        let metadata: JSONValue = ["name": .string(name)]
        let outbox = Outbox(capacity: Self.outboxCapacity)
        let member = RoomDirectory.Member(id: peerID, metadata: metadata, outbox: outbox, activity: LastActivity())
        let room = admission.room
        let peerLogger: Logger = {
            var l = logger
            l[metadataKey: "peer"] = "\(peerID)"
            l[metadataKey: "room"] = "\(room)"
            return l
        }()

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.drain(outbox, to: outbound) }

            switch await directory.join(room: room, member: member) {
            case .failure(let refusal):
                peerLogger.notice("refused join", metadata: ["reason": "\(refusal.details)", "name": "\(name)"])
                metrics.error("join_refused")
                outbox.send(errorMessage("Could not join room", details: .string(refusal.details)))
                outbox.close(code: 1000, reason: "")
                try await group.waitForAll()
                return
            case .success:
                metrics.joins.increment()
                peerLogger.info("joined", metadata: ["name": "\(name)"])
            }

            var ended = "closed by peer"
            do {
                try await readLoop(inbound: inbound, member: member)
                if outbox.didOverflow { ended = "too slow to read its messages" }
            } catch let error as PeerSessionEnd {
                ended = error.reason
            } catch {
                ended = "connection error: \(error)"
            }
            await directory.leave(room: room, peerID: peerID)
            peerLogger.info("left", metadata: ["name": "\(name)", "reason": "\(ended)"])
            outbox.finish()
            group.cancelAll()
        }
    }

    private func readLoop(inbound: WebSocketInboundStream, member: RoomDirectory.Member) async throws {
        var bucket = TokenBucket(rate: settings.messagesPerSecond, capacity: settings.messageBurst, now: .now)
        var abuse = AbuseWindow(limitSeconds: settings.abuseSeconds)
        let outbox = member.outbox

        for try await message in inbound.messages(maxSize: hardFrameLimit) {
            let now = ContinuousClock.now
            member.activity.touch(now)
            if outbox.didOverflow { return }
            // Binary frames are not part of the protocol; membrane ignores them too.
            guard case .text(let text) = message else { continue }
            if text == Keepalive.ping {
                outbox.send(Keepalive.pong)
                continue
            }
            guard bucket.take(now: now) else {
                metrics.error("rate_limited")
                switch abuse.refused(now: now) {
                case .report:
                    outbox.send(errorMessage("Rate limited", details: .string(
                        "more than \(Int(settings.messagesPerSecond)) messages a second (burst \(settings.messageBurst)): messages are dropped"
                    )))
                case .quiet:
                    break
                case .disconnect:
                    outbox.close(code: 1008, reason: "Rate limited for too long")
                    throw PeerSessionEnd(reason: "rate limited for \(settings.abuseSeconds) s")
                }
                continue
            }
            let size = text.utf8.count
            guard size <= settings.maxMessageBytes else {
                metrics.error("message_too_large")
                outbox.send(errorMessage("Message too large", details: .string(
                    "\(size) bytes; the limit is \(settings.maxMessageBytes)"
                )))
                continue
            }
            let parsed: ClientMessage
            do {
                parsed = try ClientMessage.parse(text)
            } catch {
                metrics.error(error == .invalidJSON(raw: text) ? "invalid_json" : "invalid_message")
                let details: JSONValue = {
                    if case .invalidJSON(let raw) = error { return .string(String(raw.prefix(1024))) }
                    return error.details
                }()
                outbox.send(errorMessage(error.description, details: details))
                continue
            }
            let relayed = Envelope(
                event: parsed.event,
                data: parsed.data,
                from: member.id,
                to: parsed.to,
                fromMetadata: settings.membraneBaseline ? .none : member.metadata
            ).jsonText()
            let unknown = await directory.relay(relayed, to: parsed.to, from: member, room: admission.room)
            if !unknown.isEmpty {
                metrics.error("unknown_peer")
                outbox.send(errorMessage("Unknown peer", details: .array(unknown.map(JSONValue.string))))
            }
        }
    }

    private static func drain(_ outbox: Outbox, to outbound: WebSocketOutboundWriter) async throws {
        for await item in outbox.stream {
            switch item {
            case .text(let text):
                try await outbound.write(.text(text))
            case .close(let code, let reason):
                try await outbound.close(.init(codeNumber: Int(code)), reason: reason.isEmpty ? nil : reason)
                return
            }
        }
        if outbox.didOverflow {
            try await outbound.close(.policyViolation, reason: "Too slow: messages piled up")
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

/// When the peer last sent a frame, shared between the read loop and the idle watchdog.
final class LastActivity: Sendable {
    private let value = Mutex(ContinuousClock.now)

    func touch(_ now: ContinuousClock.Instant) { value.withLock { $0 = now } }
    var instant: ContinuousClock.Instant { value.withLock { $0 } }
}

struct PeerSessionEnd: Error {
    let reason: String
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
