import ParleyRTC

/// Everything a screen or a stats file shows about a call: the Orchestrator publishes a new
/// value whenever something changes. Plain data; no protocol logic reads it.
public struct CallState: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        /// Opening the WebSocket, or open and waiting for `authenticated`.
        case connecting
        case joined
        /// The connection dropped; the next attempt starts after `retryIn`.
        case reconnecting(attempt: Int, retryIn: Duration, reason: String)
        /// We left (or were never let in); `reason` says why in plain words.
        case ended(reason: String)
    }

    public var phase: Phase = .connecting
    public var server: String
    public var room: String
    public var selfID: String?
    public var selfName: String?
    /// True once the server let us in (`authenticated`), even if we have left since.
    public var hasJoined = false
    public var muted = false
    public var deafened = false
    /// The level of what we send, dBFS, and whether we are speaking.
    public var selfLevelDBFS = -100.0
    public var selfSpeaking = false
    public var sending: Bool
    /// Peers in the order they appeared.
    public var peers: [CallPeer] = []
    /// Joins, leaves and errors, oldest first, at most `CallState.logCapacity`.
    public var log: [CallLogEntry] = []

    public static let logCapacity = 200

    public init(server: String, room: String, selfName: String?, sending: Bool) {
        self.server = server
        self.room = room
        self.selfName = selfName
        self.sending = sending
    }

    public func peer(_ id: String) -> CallPeer? { peers.first { $0.id == id } }
}

/// One remote peer of the call.
public struct CallPeer: Sendable, Hashable, Identifiable {
    /// Who sends the offer: peers already in the room offer to a newcomer (PROTOCOL.md).
    public enum Role: Sendable, Hashable {
        case offerer
        case answerer
    }

    /// Where signalling stands, before the connection's own state takes over.
    public enum Signaling: Sendable, Hashable {
        /// Known from `authenticated.peers`; its offer has not come yet.
        case awaitingOffer
        case offerSent
        case answered
        case stable
    }

    public let id: String
    public var name: String?
    public var role: Role
    public var signaling: Signaling
    public var media = MediaPeerStatistics()
    /// Why the connection failed, if it did, in words.
    public var failure: String?
    /// When its first audio packet arrived.
    public var firstAudioAt: ContinuousClock.Instant?
    /// Connected at least once: a connection that is connecting again is reconnecting.
    public var hasConnected = false

    public init(id: String, name: String?, role: Role, signaling: Signaling) {
        self.id = id
        self.name = name
        self.role = role
        self.signaling = signaling
    }

    /// The first 8 characters of the id, for a table.
    public var shortID: String { String(id.prefix(8)) }
}

public struct CallLogEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case info
        case join
        case leave
        case error
    }

    public var kind: Kind
    public var text: String
    public var time: ContinuousClock.Instant

    public init(kind: Kind, text: String, time: ContinuousClock.Instant = .now) {
        self.kind = kind
        self.text = text
        self.time = time
    }
}
