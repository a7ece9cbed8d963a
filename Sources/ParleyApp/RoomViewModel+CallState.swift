import ParleyClient
import ParleyRTC
import ParleyTUI

/// How the terminal shows a call: a plain mapping from the Orchestrator's state to the screen's
/// view model, so the screen holds no protocol logic (and this is tested without a terminal).
public struct CallPresentation: Sendable, Equatable {
    public var browserLink: String?
    public var remoteHostNotice: String?
    /// Set when push-to-talk is on: whether the key holds the microphone open now.
    public var pushToTalkOpen: Bool?
    /// Shown under the header (e.g. a device that could not be opened).
    public var status: String?

    public init(browserLink: String? = nil, remoteHostNotice: String? = nil, pushToTalkOpen: Bool? = nil,
                status: String? = nil) {
        self.browserLink = browserLink
        self.remoteHostNotice = remoteHostNotice
        self.pushToTalkOpen = pushToTalkOpen
        self.status = status
    }
}

extension RoomViewModel {
    public init(call: CallState, presentation: CallPresentation) {
        let mic: MicState
        if call.deafened {
            mic = .deafened
        } else if !call.sending {
            mic = .listenOnly
        } else if let open = presentation.pushToTalkOpen {
            mic = open ? .pushToTalkOpen : .pushToTalkIdle
        } else {
            mic = call.muted ? .muted : .live
        }
        self.init(
            room: call.room, server: call.server, selfName: call.selfName ?? "you", micState: mic,
            selfLevelDBFS: call.sending ? call.selfLevelDBFS : nil, selfSpeaking: call.selfSpeaking && mic.isSending,
            browserLink: presentation.browserLink, remoteHostNotice: presentation.remoteHostNotice,
            peers: call.peers.map(PeerRow.init(peer:)),
            events: call.log.suffix(50).map { EventLogLine(entry: $0, now: .now) },
            status: Self.status(of: call, extra: presentation.status))
    }

    static func status(of call: CallState, extra: String?) -> String? {
        let phase: String? = switch call.phase {
        case .connecting: "Connecting to \(call.server)…"
        case .joined: call.peers.isEmpty ? "Nobody else is here yet." : nil
        case let .reconnecting(attempt, retryIn, reason):
            "Disconnected (\(reason)); reconnecting, attempt \(attempt), in \(Self.seconds(retryIn))…"
        case let .ended(reason): reason
        }
        let parts = [phase, extra].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return "\((value * 10).rounded() / 10) s"
    }
}

extension PeerRow {
    public init(peer: CallPeer) {
        let progress = peer.progress
        let kind: ConnectionKind = switch progress {
        case .connected: .ok
        case .failed, .closed, .disconnected: .failed
        default: .progress
        }
        let media = peer.media
        let connected = progress == .connected
        self.init(
            id: peer.id, name: peer.name ?? peer.shortID, shortID: peer.shortID,
            stateText: progress.label, stateKind: kind,
            pairType: connected ? Self.pairType(local: media.localCandidateType, remote: media.remoteCandidateType) : nil,
            rttMs: connected ? media.roundTripTimeMilliseconds : nil,
            jitterMs: connected ? media.jitterMilliseconds : nil,
            lossPercent: connected ? media.lossPercent : nil,
            jitterBufferMs: connected ? media.jitterBufferDelayMilliseconds : nil,
            levelDBFS: connected ? media.levelDBFS : nil,
            speaking: connected && media.speaking,
            volumePercent: media.gainPercent, locallyMuted: media.locallyMuted)
    }

    /// The pair's type as a user cares about it: the less direct of its two ends.
    static func pairType(local: String?, remote: String?) -> CandidateType? {
        let types = [local, remote].compactMap { $0.flatMap(CandidateType.init(rawValue:)) }
        guard let first = types.first else { return nil }
        return types.dropFirst().reduce(first, CandidateType.lessDirect)
    }
}

extension EventLogLine {
    init(entry: CallLogEntry, now: ContinuousClock.Instant) {
        let kind: Kind = switch entry.kind {
        case .info: .info
        case .join: .join
        case .leave: .leave
        case .error: .error
        }
        self.init(time: Self.clockTime(of: entry.time, now: now), text: entry.text, kind: kind)
    }

    /// Wall-clock HH:MM:SS of a monotonic instant.
    static func clockTime(of instant: ContinuousClock.Instant, now: ContinuousClock.Instant) -> String {
        let age = instant.duration(to: now)
        let ageSeconds = Double(age.components.seconds) + Double(age.components.attoseconds) * 1e-18
        var seconds = Int(WallClock.secondsSinceMidnight() - ageSeconds)
        seconds = ((seconds % 86_400) + 86_400) % 86_400
        let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60))"
    }
}
